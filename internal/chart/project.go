package chart

import "math"

// equalEarth projects longitude/latitude in degrees with the Equal Earth
// projection (Šavrič, Patterson & Jenny 2018) into unit-sphere coordinates
// with y pointing north. gen/gen.go uses the same formulas.
func equalEarth(lon, lat float64) (x, y float64) {
	const a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
	m := math.Sqrt(3) / 2
	l := lon * math.Pi / 180
	th := math.Asin(m * math.Sin(lat*math.Pi/180))
	t2 := th * th
	t6 := t2 * t2 * t2
	x = l * math.Cos(th) / (m * (a1 + 3*a2*t2 + t6*(7*a3+9*a4*t2)))
	y = th * (a1 + a2*t2 + t6*(a3+a4*t2))
	return x, y
}

// Project returns the position of a longitude/latitude (degrees) in the
// embedded world map's viewBox (before any scaling by MapChart.Width), for
// placing markers over a choropleth.
func Project(lon, lat float64) (x, y float64) {
	w := loadWorld()
	xMax, _ := equalEarth(180, 0)
	_, yMax := equalEarth(0, 90)
	s := w.W / (2 * xMax)
	px, py := equalEarth(lon, lat)
	return (px + xMax) * s, (yMax - py) * s
}

package lawweb

import (
	"fmt"
	"strings"

	"corridor/internal/law/lawdb"
)

// chart is an SVG line chart of a restrictiveness index, drawn with
// presentation attributes only (the CSP forbids inline styles).
type chart struct {
	Width, Height    int
	Left, Right      int
	Top, Bottom      int
	Points           string
	Dots             []dot
	ZeroY            float64
	XTicks, YTicks   []tick
	MinYear, MaxYear int
}

type dot struct {
	X, Y  float64
	Label string
}

type tick struct {
	Pos   float64
	Label string
}

func makeChart(idx []lawdb.IndexPoint) *chart {
	if len(idx) == 0 {
		return nil
	}
	c := &chart{Width: 640, Height: 260, Left: 48, Right: 624, Top: 16, Bottom: 224}
	minV, maxV := 0, 0
	for _, p := range idx {
		minV, maxV = min(minV, p.Value), max(maxV, p.Value)
	}
	if minV == maxV {
		maxV = minV + 1
	}
	c.MinYear, c.MaxYear = idx[0].Year, idx[len(idx)-1].Year
	span := c.MaxYear - c.MinYear
	x := func(y int) float64 {
		if span == 0 {
			return float64(c.Left+c.Right) / 2
		}
		return float64(c.Left) + float64(y-c.MinYear)*float64(c.Right-c.Left)/float64(span)
	}
	y := func(v int) float64 {
		return float64(c.Bottom) - float64(v-minV)*float64(c.Bottom-c.Top)/float64(maxV-minV)
	}
	var pts []string
	for _, p := range idx {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.Year), y(p.Value)))
		c.Dots = append(c.Dots, dot{x(p.Year), y(p.Value), fmt.Sprintf("%d: %+d", p.Year, p.Value)})
	}
	c.Points = strings.Join(pts, " ")
	c.ZeroY = y(0)
	step := max(1, span/8)
	for yr := c.MinYear; yr <= c.MaxYear; yr += step {
		c.XTicks = append(c.XTicks, tick{x(yr), fmt.Sprint(yr)})
	}
	vstep := max(1, (maxV-minV)/5)
	for v := minV; v <= maxV; v += vstep {
		c.YTicks = append(c.YTicks, tick{y(v), fmt.Sprintf("%+d", v)})
	}
	return c
}

package chart

import (
	"fmt"
	"math"
	"strings"
)

// Series is one line of a LineChart: Y[i] is the value at LineChart.X[i]
// (or at the series' own X[i] when given); NaN marks a missing value and
// breaks the line.
type Series struct {
	Name string
	Y    []float64
	// X, when set, are this series' own x values: series observed in
	// different years (one every five years, another yearly) are then
	// joined across the years they do not cover instead of broken there.
	X     []float64
	Color string // optional; defaults to the Okabe–Ito palette
}

// xs returns the x values of series s.
func (o *LineChart) xs(s *Series) []float64 {
	if len(s.X) > 0 {
		return s.X
	}
	return o.X
}

// LineChart describes several series over a numeric x axis (usually years).
type LineChart struct {
	Common
	X      []float64
	Series []Series
	// XLabel and YLabel are axis titles (optional).
	XLabel, YLabel string
	// Height of the viewBox; default 360 (Width defaults to 640).
	Height float64
	// Markers draws a point marker at every value, with a different shape
	// per series (circle, square, triangle, diamond, inverted triangle) so
	// that series can be told apart without colour.
	Markers bool
	// Dashes gives each series its own dash pattern (the first solid), in
	// the lines and the legend, so that lines differ by more than colour
	// even without markers and in a grey-scale print.
	Dashes bool
	// TightY lets the y axis start near the smallest value instead of 0.
	TightY bool
	// XGrouping formats x tick labels with thousands separators (off by
	// default, because x is usually a year).
	XGrouping bool
	// SignedY writes a plus sign before positive y values (tick labels,
	// marker tooltips, the summary), for an index whose direction is its
	// meaning.
	SignedY bool
}

// signed prefixes a plus sign to the label of a positive y value when
// SignedY is set.
func (o *LineChart) signed(v float64, label string) string {
	if o.SignedY && v > 0 {
		return "+" + label
	}
	return label
}

// Line renders a line chart as a standalone SVG element.
func Line(o LineChart) []byte {
	W := o.Width
	if W <= 0 {
		W = 640
	}
	H := o.Height
	if H <= 0 {
		H = 360
	}
	// Data ranges.
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for _, x := range o.X {
		xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
	}
	for i := range o.Series {
		for _, x := range o.Series[i].X {
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		}
	}
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for k := range o.Series {
		s := &o.Series[k]
		for i, y := range s.Y {
			if i < len(o.xs(s)) && !math.IsNaN(y) && !math.IsInf(y, 0) {
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
	}
	if math.IsInf(xmin, 0) {
		xmin, xmax = 0, 1
	}
	if math.IsInf(ymin, 0) {
		ymin, ymax = 0, 1
	}
	if !o.TightY {
		ymin, ymax = math.Min(ymin, 0), math.Max(ymax, 0)
	}
	yticks, ystep := niceTicks(ymin, ymax, 5)
	ydec := stepDecimals(ystep)
	xstep := niceStep(xmin, xmax, int(math.Max(2, (W-100)/70)))
	if !o.XGrouping && xstep < 1 {
		xstep = 1
	}
	var xticks []float64
	for v := math.Ceil(xmin/xstep-1e-9) * xstep; v <= xmax+1e-9*xstep; v += xstep {
		xticks = append(xticks, math.Round(v/xstep)*xstep)
	}
	xdec := stepDecimals(xstep)
	fmtX := func(v float64) string {
		if o.XGrouping {
			return FormatNumber(v, xdec, o.Lang)
		}
		return plainNumber(v, xdec, o.Lang)
	}

	// Layout: legend on top, y labels on the left.
	top := o.titleTop() + 12
	// The legend starts at the left margin, not the plot's left edge, and
	// wraps within the width with room for the browser's wider fonts, so no
	// item runs off the right edge.
	legendW := W - legendLeft - 20
	legendRows := layoutLegend(o.Series, legendW)
	top += legendHeight(o.Series, legendRows, legendW) + 8
	// The axis title wraps on a narrow chart rather than run off its edge.
	var ylabel []string
	if o.YLabel != "" {
		ylabel = wrapText(o.YLabel, smallFont, W-legendLeft-10)
		top += 16 + 14*float64(len(ylabel)-1)
	}
	yw := 0.0
	for _, t := range yticks {
		yw = math.Max(yw, textWidth(o.signed(t, FormatNumber(t, ydec, o.Lang)), smallFont))
	}
	left := 14 + yw + 8
	right := W - 20
	bottom := H - 30
	if o.XLabel != "" {
		bottom -= 18
	}
	xs := linear{xmin, xmax, left, right}
	if xmin == xmax {
		xs = linear{xmin - 1, xmax + 1, left, right}
	}
	ys := linear{yticks[0], yticks[len(yticks)-1], bottom, top}

	var w svgWriter
	desc := lineSummary(&o, xmin, xmax, fmtX)
	w.open(&o.Common, "line", W, H, desc)

	// Legend.
	ly := o.titleTop() + 16
	for _, row := range legendRows {
		x := legendLeft
		for _, i := range row {
			s := o.Series[i]
			col := s.Color
			if col == "" {
				col = categorical(nil, i)
			}
			fmt.Fprintf(&w.Buffer, `<g class="legend-item">`)
			if dash := o.dash(i); dash != "" {
				fmt.Fprintf(&w.Buffer, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3" stroke-dasharray="%s"/>`+"\n",
					num(x), num(ly), num(x+22), num(ly), col, dash)
			} else {
				w.line(x, ly, x+22, ly, col, 3)
			}
			if o.Markers {
				marker(&w, i, x+11, ly, col)
			}
			for k, l := range legendLines(s.Name, legendW) {
				w.text(x+28, ly+4+legendLine*float64(k), l, "")
			}
			w.WriteString("</g>\n")
			x += legendItemWidth(s.Name)
		}
		ly += legendRowHeight(o.Series, row, legendW)
	}
	for k, l := range ylabel {
		w.text(left-yw-8, top-12-14*float64(len(ylabel)-1-k), l, `font-size="`+num(smallFont)+`" fill="`+axisColour+`"`)
	}
	// Grid and y axis.
	w.WriteString(`<g class="axis axis-y" font-size="` + num(smallFont) + `" fill="` + axisColour + `" text-anchor="end">` + "\n")
	for _, t := range yticks {
		y := ys.at(t)
		col := gridColour
		if t == 0 {
			col = "#999999"
		}
		w.line(left, y, right, y, col, 1)
		w.text(left-8, y+4, o.signed(t, FormatNumber(t, ydec, o.Lang)), "")
	}
	w.WriteString("</g>\n")
	// X axis.
	w.WriteString(`<g class="axis axis-x" font-size="` + num(smallFont) + `" fill="` + axisColour + `" text-anchor="middle">` + "\n")
	w.line(left, bottom, right, bottom, axisColour, 1)
	for _, t := range xticks {
		x := xs.at(t)
		w.line(x, bottom, x, bottom+5, axisColour, 1)
		w.text(x, bottom+18, fmtX(t), "")
	}
	if o.XLabel != "" {
		w.text((left+right)/2, bottom+36, o.XLabel, "")
	}
	w.WriteString("</g>\n")

	// Series.
	for i, s := range o.Series {
		col := s.Color
		if col == "" {
			col = categorical(nil, i)
		}
		var d strings.Builder
		var isolated [][2]float64
		run := 0
		var last [2]float64
		sx := o.xs(&s)
		n := min(len(s.Y), len(sx))
		for j := 0; j <= n; j++ {
			ok := j < n && !math.IsNaN(s.Y[j]) && !math.IsInf(s.Y[j], 0)
			if !ok {
				if run == 1 {
					isolated = append(isolated, last)
				}
				run = 0
				continue
			}
			p := [2]float64{xs.at(sx[j]), ys.at(s.Y[j])}
			if run == 0 {
				d.WriteString("M" + num(p[0]) + " " + num(p[1]))
			} else {
				d.WriteString("L" + num(p[0]) + " " + num(p[1]))
			}
			run++
			last = p
		}
		fmt.Fprintf(&w.Buffer, `<g class="series" data-series="%s">`+"\n", esc(s.Name))
		if d.Len() > 0 {
			dash := ""
			if p := o.dash(i); p != "" {
				dash = ` stroke-dasharray="` + p + `"`
			}
			fmt.Fprintf(&w.Buffer, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"%s><title>%s</title></path>`+"\n", d.String(), col, dash, esc(s.Name))
		}
		for _, p := range isolated {
			if !o.Markers {
				fmt.Fprintf(&w.Buffer, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", num(p[0]), num(p[1]), col)
			}
		}
		if o.Markers {
			for j := 0; j < n; j++ {
				if y := s.Y[j]; !math.IsNaN(y) && !math.IsInf(y, 0) {
					fmt.Fprintf(&w.Buffer, `<g><title>%s, %s: %s</title>`, esc(s.Name), esc(fmtX(sx[j])), esc(o.signed(y, o.fmtValue(y))))
					marker(&w, i, xs.at(sx[j]), ys.at(y), col)
					w.WriteString("</g>\n")
				}
			}
		}
		w.WriteString("</g>\n")
	}
	w.close()
	return w.Bytes()
}

// dashPatterns are the stroke-dasharray values of LineChart.Dashes, in
// order; the first series is solid.
var dashPatterns = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"}

// dash returns the dash pattern of series i ("" for a solid line).
func (o *LineChart) dash(i int) string {
	if !o.Dashes {
		return ""
	}
	return dashPatterns[i%len(dashPatterns)]
}

// marker draws the point marker of series i.
func marker(w *svgWriter, i int, x, y float64, col string) {
	const r = 4.0
	switch i % 5 {
	case 0:
		fmt.Fprintf(&w.Buffer, `<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y), num(r), col)
	case 1:
		fmt.Fprintf(&w.Buffer, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x-r*0.9), num(y-r*0.9), num(r*1.8), num(r*1.8), col)
	case 2:
		fmt.Fprintf(&w.Buffer, `<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y-r*1.2), num(x+r*1.1), num(y+r*0.8), num(x-r*1.1), num(y+r*0.8), col)
	case 3:
		fmt.Fprintf(&w.Buffer, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y-r*1.3), num(x+r*1.1), num(y), num(x), num(y+r*1.3), num(x-r*1.1), num(y), col)
	default:
		fmt.Fprintf(&w.Buffer, `<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="#fff" stroke-width="1"/>`, num(x), num(y+r*1.2), num(x+r*1.1), num(y-r*0.8), num(x-r*1.1), num(y-r*0.8), col)
	}
}

// legendLeft is where legend rows start; legendSlack is how much wider
// than textWidth's estimate a name may be drawn.
const (
	legendLeft  = 14.0
	legendSlack = 1.15
)

// legendItemWidth is a legend item's key, name and the gap after it.
func legendItemWidth(name string) float64 {
	return 28 + textWidth(name, fontSize)*legendSlack + 18
}

// legendLine is the height of a wrapped legend name's further lines.
const legendLine = 15.0

// legendLines is a legend name as drawn: one line, or, when the name alone
// is wider than the legend, wrapped at spaces.
func legendLines(name string, width float64) []string {
	if legendItemWidth(name)-18 <= width {
		return []string{name}
	}
	return wrapText(name, fontSize, width-28)
}

// legendRowHeight is the height of a legend row: 20, more when a name in
// it wraps.
func legendRowHeight(series []Series, row []int, width float64) float64 {
	n := 1
	for _, i := range row {
		n = max(n, len(legendLines(series[i].Name, width)))
	}
	return 20 + legendLine*float64(n-1)
}

// legendHeight is the height of a laid-out legend.
func legendHeight(series []Series, rows [][]int, width float64) float64 {
	h := 0.0
	for _, row := range rows {
		h += legendRowHeight(series, row, width)
	}
	return h
}

// layoutLegend breaks the series names into rows that fit in width.
func layoutLegend(series []Series, width float64) [][]int {
	var rows [][]int
	var row []int
	x := 0.0
	for i, s := range series {
		wd := legendItemWidth(s.Name)
		if len(row) > 0 && x+wd-18 > width {
			rows = append(rows, row)
			row, x = nil, 0
		}
		row = append(row, i)
		x += wd
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func lineSummary(o *LineChart, xmin, xmax float64, fmtX func(float64) string) string {
	hasX := len(o.X) > 0
	for i := range o.Series {
		hasX = hasX || len(o.Series[i].X) > 0
	}
	if len(o.Series) == 0 || !hasX {
		return "No data."
	}
	var parts []string
	for _, s := range o.Series {
		// latest non-missing value and the maximum
		li, mi := -1, -1
		sx := o.xs(&s)
		for j := 0; j < min(len(s.Y), len(sx)); j++ {
			if math.IsNaN(s.Y[j]) {
				continue
			}
			li = j
			if mi < 0 || s.Y[j] > s.Y[mi] {
				mi = j
			}
		}
		if li < 0 {
			parts = append(parts, s.Name+": no data")
			continue
		}
		yr := func(j int) string { return fmtX(sx[j]) }
		parts = append(parts, fmt.Sprintf("%s: highest %s (%s), latest %s (%s)", s.Name, o.signed(s.Y[mi], o.fmtValue(s.Y[mi])), yr(mi), o.signed(s.Y[li], o.fmtValue(s.Y[li])), yr(li)))
	}
	return fmt.Sprintf("Line chart of %d series from %s to %s. %s.", len(o.Series),
		fmtX(xmin), fmtX(xmax), strings.Join(parts, "; "))
}

package chart

import (
	"fmt"
	"math"
	"strings"
)

// BarSeries is one set of values of a BarChart, aligned with its Labels.
type BarSeries struct {
	Name   string
	Values []float64 // NaN = missing (no bar, label "–")
	Color  string    // optional; defaults to the Okabe–Ito palette
}

// BarChart describes horizontal bars, one row per label (e.g. the top 10
// origins). With several series the bars are grouped per label (e.g. male
// and female) and a legend is drawn.
type BarChart struct {
	Common
	Labels []string
	Series []BarSeries
	// XLabel is the title of the value axis (optional).
	XLabel string
	// BarHeight is the thickness of one bar; default 18.
	BarHeight float64
	// SortDesc orders the rows by the first series, largest first.
	SortDesc bool
}

// Bar renders a horizontal bar chart as a standalone SVG element.
func Bar(o BarChart) []byte {
	W := o.Width
	if W <= 0 {
		W = 640
	}
	bh := o.BarHeight
	if bh <= 0 {
		bh = 18
	}
	ns := max(len(o.Series), 1)
	val := func(s, i int) float64 {
		if s < len(o.Series) && i < len(o.Series[s].Values) {
			return o.Series[s].Values[i]
		}
		return math.NaN()
	}
	rows := make([]int, len(o.Labels))
	for i := range rows {
		rows[i] = i
	}
	if o.SortDesc {
		sortIdx(rows, func(a, b int) bool {
			va, vb := val(0, a), val(0, b)
			if math.IsNaN(va) {
				va = math.Inf(-1)
			}
			if math.IsNaN(vb) {
				vb = math.Inf(-1)
			}
			return va > vb
		})
	}
	lo, hi := 0.0, 0.0
	labelW, valueW := 0.0, 0.0
	for _, i := range rows {
		// With room for fonts wider than textWidth's estimate, so that a
		// long label ("KNOMAD 2021 (December 2022)") is not cut at the left.
		labelW = math.Max(labelW, textWidth(o.Labels[i], fontSize)*legendSlack)
		for s := range o.Series {
			v := val(s, i)
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			valueW = math.Max(valueW, textWidth(o.fmtValue(v), smallFont))
		}
	}
	// As many ticks as the widest tick label allows.
	tw := textWidth(o.fmtValue(math.Max(math.Abs(lo), math.Abs(hi))), smallFont) + 24
	nt := int(math.Max(2, math.Min(6, (W-labelW-valueW-50)/tw)))
	ticks, step := niceTicks(lo, hi, nt)
	dec := stepDecimals(step)

	top := o.titleTop() + 10
	var legendRows [][]int
	if len(o.Series) > 1 {
		ser := make([]Series, len(o.Series))
		for i, s := range o.Series {
			ser[i].Name = s.Name
		}
		legendRows = layoutLegend(ser, W-40)
		top += float64(len(legendRows))*20 + 4
	}
	top += 22 // tick labels above the bars
	// On a narrow chart (a phone's) long labels ("United Kingdom of Great
	// Britain and Northern Ireland") go on lines of their own above their
	// bars rather than take the width the bars need; a wide chart keeps
	// its names beside the bars, where a long list reads best.
	stacked := W < 480 && labelW > W*0.45
	left := 10 + labelW + 10
	if stacked {
		left = 10
	}
	right := W - 14 - valueW
	xs := linear{ticks[0], ticks[len(ticks)-1], left, right}
	groupH := float64(ns)*bh + 8
	if ns > 1 {
		groupH += 4
	}
	// Each group's top, below its label lines when they are stacked.
	labelLines := make([][]string, len(rows))
	groupTop := make([]float64, len(rows))
	y := top
	for r, i := range rows {
		if stacked {
			labelLines[r] = wrapText(o.Labels[i], fontSize, W-20)
			y += stackedLine * float64(len(labelLines[r]))
		}
		groupTop[r] = y + 4
		y += groupH
	}
	bottom := y
	H := bottom + 10
	var xlabel []string
	if o.XLabel != "" {
		// centred under the bars, wrapped to stay inside the chart
		cx := (left + right) / 2
		xlabel = wrapText(o.XLabel, fontSize, 2*min(cx, W-cx)-10)
		H += 20 + 15*float64(len(xlabel)-1)
	}

	var w svgWriter
	w.open(&o.Common, "bar", W, H, barSummary(&o))
	// Legend.
	ly := o.titleTop() + 16
	for _, row := range legendRows {
		x := left
		for _, s := range row {
			fmt.Fprintf(&w.Buffer, `<rect x="%s" y="%s" width="14" height="14" fill="%s"/>`, num(x), num(ly-10), barColour(&o, s))
			w.text(x+20, ly+2, o.Series[s].Name, "")
			x += 20 + textWidth(o.Series[s].Name, fontSize)*legendSlack + 18
		}
		ly += 20
	}
	// Value axis (grid lines and ticks above the bars).
	w.WriteString(`<g class="axis axis-x" font-size="` + num(smallFont) + `" fill="` + axisColour + `" text-anchor="middle">` + "\n")
	for _, t := range ticks {
		x := xs.at(t)
		col := gridColour
		if t == 0 {
			col = "#999999"
		}
		w.line(x, top-4, x, bottom, col, 1)
		w.text(x, top-9, FormatNumber(t, dec, o.Lang), "")
	}
	for k, l := range xlabel {
		w.text((left+right)/2, bottom+22+15*float64(k), l, `font-size="`+num(fontSize)+`" fill="`+textColour+`"`)
	}
	w.WriteString("</g>\n")
	x0 := xs.at(0)
	for r, i := range rows {
		gy := groupTop[r]
		fmt.Fprintf(&w.Buffer, `<g class="bar-group" data-label="%s">`+"\n", esc(o.Labels[i]))
		if stacked {
			for k, l := range labelLines[r] {
				w.text(left, gy-stackedLine*float64(len(labelLines[r])-k)+9, l, "")
			}
		} else {
			w.text(left-10, gy+float64(ns)*bh/2+4, o.Labels[i], `text-anchor="end"`)
		}
		for s := range o.Series {
			v := val(s, i)
			y := gy + float64(s)*bh
			label := o.fmtValue(v)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				w.text(x0+4, y+bh/2+4, "–", `font-size="`+num(smallFont)+`"`)
				continue
			}
			x1 := xs.at(v)
			bx, bw := math.Min(x0, x1), math.Abs(x1-x0)
			name := o.Labels[i]
			if ns > 1 {
				name += ", " + o.Series[s].Name
			}
			fmt.Fprintf(&w.Buffer, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" data-value="%s"><title>%s: %s</title></rect>`+"\n",
				num(bx), num(y), num(bw), num(bh-1), barColour(&o, s), num(v), esc(name), esc(label))
			if v >= 0 {
				w.text(x1+4, y+bh/2+4, label, `font-size="`+num(smallFont)+`"`)
			} else {
				w.text(x1-4, y+bh/2+4, label, `font-size="`+num(smallFont)+`" text-anchor="end"`)
			}
		}
		w.WriteString("</g>\n")
	}
	w.close()
	return w.Bytes()
}

// stackedLine is the height of a label line set above its bars.
const stackedLine = 15.0

func barColour(o *BarChart, s int) string {
	if s < len(o.Series) && o.Series[s].Color != "" {
		return o.Series[s].Color
	}
	if len(o.Series) == 1 {
		return "#0072B2" // Okabe–Ito blue
	}
	return categorical(nil, s)
}

func barSummary(o *BarChart) string {
	if len(o.Labels) == 0 || len(o.Series) == 0 {
		return "No data."
	}
	var parts []string
	for _, s := range o.Series {
		vals := make([]float64, len(o.Labels))
		for i := range vals {
			vals[i] = math.NaN()
			if i < len(s.Values) {
				vals[i] = s.Values[i]
			}
		}
		top := listTop(&o.Common, o.Labels, vals, 3)
		if len(o.Series) > 1 {
			top = s.Name + ": " + top
		}
		parts = append(parts, top)
	}
	return fmt.Sprintf("Bar chart of %d categories. Largest: %s.", len(o.Labels), strings.Join(parts, "; "))
}

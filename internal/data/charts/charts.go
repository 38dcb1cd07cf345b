// Package charts draws accessible, server-rendered SVG charts: line
// charts over years and horizontal bar charts. Every chart has a <title>
// and <desc> for screen readers, role="img" and aria-labelledby, a
// colour-blind-safe palette (Okabe–Ito) with dash patterns so lines differ
// by more than colour, and only presentation attributes (no style
// attributes), so it renders under a strict Content-Security-Policy.
package charts

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Palette is the Okabe–Ito colour-blind-safe palette (black left out).
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}

var dashes = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"}

// Point is one value of a series.
type Point struct {
	X float64
	Y float64
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point
}

// Line is a line chart over years.
type Line struct {
	ID     string // unique in the page, used for aria ids
	Title  string
	Desc   string
	YLabel string
	Series []Series
	Width  int
	Height int
}

// Bar is one bar.
type Bar struct {
	Label string
	Value float64
}

// Bars is a horizontal bar chart.
type Bars struct {
	ID    string
	Title string
	Desc  string
	Unit  string
	Bars  []Bar
	Width int
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func header(b *strings.Builder, id, title, desc string, w, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-title %s-desc" class="chart" font-family="system-ui, sans-serif" font-size="13">`, w, h, esc(id), esc(id))
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#ffffff"/>`, w, h)
}

// Format writes a number for labels: 1 234 567 → "1.2M", 12 345 → "12.3k".
func Format(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return trim(v/1e9) + "B"
	case a >= 1e6:
		return trim(v/1e6) + "M"
	case a >= 1e4:
		return trim(v/1e3) + "k"
	case a >= 100 || v == math.Trunc(v):
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func trim(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Floor(lo/step) * step; v <= hi+step*1e-9; v += step {
		out = append(out, v)
	}
	if out[len(out)-1] < hi {
		out = append(out, out[len(out)-1]+step)
	}
	return out
}

// SVG renders the line chart.
func (c Line) SVG() template.HTML {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 720
	}
	if h == 0 {
		h = 360
	}
	legendH := 22 * ((len(c.Series) + 1) / 2)
	left, right, top, bottom := 70.0, 20.0, 20.0, 40.0+float64(legendH)
	var b strings.Builder
	header(&b, c.ID, c.Title, c.Desc, w, h)
	minX, maxX, maxY := math.Inf(1), math.Inf(-1), 0.0
	for _, s := range c.Series {
		for _, p := range s.Points {
			minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
			maxY = math.Max(maxY, p.Y)
		}
	}
	if math.IsInf(minX, 0) {
		b.WriteString(`<text x="20" y="40" fill="#333">–</text></svg>`)
		return template.HTML(b.String())
	}
	if maxX == minX {
		minX, maxX = minX-1, maxX+1
	}
	yt := niceTicks(0, maxY, 5)
	top0 := yt[len(yt)-1]
	pw, ph := float64(w)-left-right, float64(h)-top-bottom
	x := func(v float64) float64 { return left + (v-minX)/(maxX-minX)*pw }
	y := func(v float64) float64 { return top + ph - v/top0*ph }
	for _, t := range yt {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#d9dee0" stroke-width="1"/>`, left, left+pw, y(t), y(t))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#333">%s</text>`, left-8, y(t)+4, esc(Format(t)))
	}
	xt := niceTicks(minX, maxX, 6)
	for _, t := range xt {
		if t < minX-1e-9 || t > maxX+1e-9 || t != math.Trunc(t) {
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#555" stroke-width="1"/>`, x(t), x(t), top+ph, top+ph+5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%d</text>`, x(t), top+ph+19, int(t))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#555" stroke-width="1"/>`, left, left+pw, top+ph, top+ph)
	if c.YLabel != "" {
		fmt.Fprintf(&b, `<text x="14" y="%.1f" transform="rotate(-90 14 %.1f)" text-anchor="middle" fill="#333">%s</text>`, top+ph/2, top+ph/2, esc(c.YLabel))
	}
	for i, s := range c.Series {
		col, dash := Palette[i%len(Palette)], dashes[i%len(dashes)]
		var pts []string
		for _, p := range s.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.X), y(p.Y)))
		}
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(s.Name))
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"`, strings.Join(pts, " "), col)
			if dash != "" {
				fmt.Fprintf(&b, ` stroke-dasharray="%s"`, dash)
			}
			b.WriteString(`/>`)
		}
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s, %s: %s</title></circle>`, x(p.X), y(p.Y), col, esc(s.Name), Format(p.X), esc(Format(p.Y)))
		}
		b.WriteString(`</g>`)
		lx := left + float64(i%2)*pw/2
		ly := top + ph + 34 + float64(i/2)*22
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="3"`, lx, lx+28, ly-4, ly-4, col)
		if dash != "" {
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, dash)
		}
		fmt.Fprintf(&b, `/><text x="%.1f" y="%.1f" fill="#222">%s</text>`, lx+34, ly, esc(clip(s.Name, 40)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// SVG renders the bar chart.
func (c Bars) SVG() template.HTML {
	w := c.Width
	if w == 0 {
		w = 720
	}
	rowH := 26.0
	left, right, top := 240.0, 80.0, 10.0
	h := int(top*2 + rowH*float64(len(c.Bars)))
	if h < 60 {
		h = 60
	}
	var b strings.Builder
	header(&b, c.ID, c.Title, c.Desc, w, h)
	maxV := 0.0
	for _, bar := range c.Bars {
		maxV = math.Max(maxV, bar.Value)
	}
	if maxV == 0 {
		maxV = 1
	}
	pw := float64(w) - left - right
	for i, bar := range c.Bars {
		y := top + float64(i)*rowH
		bw := math.Max(bar.Value, 0) / maxV * pw
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#222">%s</text>`, left-8, y+rowH/2+4, esc(clip(bar.Label, 30)))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`, left, y+4, bw, rowH-8, Palette[0], esc(bar.Label), esc(Format(bar.Value)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#222">%s</text>`, left+bw+6, y+rowH/2+4, esc(Format(bar.Value)+c.Unit))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

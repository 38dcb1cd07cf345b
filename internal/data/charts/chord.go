package charts

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Chord is a circular migration plot (Abel & Sander 2014): groups on a
// circle, each sized by what leaves and enters it, and one ribbon per
// origin → destination pair, as wide as the value at both ends and
// coloured by the origin. Ribbons under MinShare of the total are left out
// (the table under the chart has them all).
type Chord struct {
	ID       string
	Title    string
	Desc     string
	Names    []string
	Matrix   [][]float64 // [origin][destination]
	MinShare float64     // default 0.002
	Size     int
}

type arcPos struct{ a0, a1 float64 }

// SVG renders the chord diagram.
func (c Chord) SVG() template.HTML {
	size := c.Size
	if size == 0 {
		size = 640
	}
	n := len(c.Names)
	var b strings.Builder
	header(&b, c.ID, c.Title, c.Desc, size, size)
	total := 0.0
	out, in := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := math.Max(c.Matrix[i][j], 0)
			out[i] += v
			in[j] += v
			total += 2 * v
		}
	}
	if total == 0 || n == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	minShare := c.MinShare
	if minShare == 0 {
		minShare = 0.002
	}
	cx, cy := float64(size)/2, float64(size)/2
	r := float64(size)/2 - 110
	gap := 0.03
	unit := (2*math.Pi - gap*float64(n)) / total
	pt := func(a, rad float64) (float64, float64) {
		return cx + rad*math.Sin(a), cy - rad*math.Cos(a)
	}
	outSlot := make([][]arcPos, n)
	inSlot := make([][]arcPos, n)
	a := 0.0
	for i := 0; i < n; i++ {
		start := a
		outSlot[i] = make([]arcPos, n)
		inSlot[i] = make([]arcPos, n)
		for j := 0; j < n; j++ {
			w := math.Max(c.Matrix[i][j], 0) * unit
			outSlot[i][j] = arcPos{a, a + w}
			a += w
		}
		for j := 0; j < n; j++ {
			w := math.Max(c.Matrix[j][i], 0) * unit
			inSlot[i][j] = arcPos{a, a + w}
			a += w
		}
		end := a
		col := Palette[i%len(Palette)]
		x0, y0 := pt(start, r+4)
		x1, y1 := pt(end, r+4)
		x2, y2 := pt(end, r+18)
		x3, y3 := pt(start, r+18)
		large := 0
		if end-start > math.Pi {
			large = 1
		}
		fmt.Fprintf(&b, `<path d="M%.1f %.1f A%.1f %.1f 0 %d 1 %.1f %.1f L%.1f %.1f A%.1f %.1f 0 %d 0 %.1f %.1f Z" fill="%s"><title>%s: %s out, %s in</title></path>`,
			x0, y0, r+4, r+4, large, x1, y1, x2, y2, r+18, r+18, large, x3, y3, col, esc(c.Names[i]), esc(Format(out[i])), esc(Format(in[i])))
		mid := (start + end) / 2
		lx, ly := pt(mid, r+26)
		anchor := "start"
		if math.Sin(mid) < -0.01 {
			anchor = "end"
		} else if math.Abs(math.Sin(mid)) <= 0.01 {
			anchor = "middle"
		}
		if math.Cos(mid) < 0 {
			ly += 10
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" fill="#222">%s</text>`, lx, ly, anchor, esc(clip(c.Names[i], 26)))
		a += gap
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := c.Matrix[i][j]
			if v <= 0 || 2*v/total < minShare {
				continue
			}
			s, t := outSlot[i][j], inSlot[j][i]
			sx0, sy0 := pt(s.a0, r)
			sx1, sy1 := pt(s.a1, r)
			tx0, ty0 := pt(t.a0, r)
			tx1, ty1 := pt(t.a1, r)
			fmt.Fprintf(&b, `<path d="M%.1f %.1f A%.1f %.1f 0 0 1 %.1f %.1f Q%.1f %.1f %.1f %.1f A%.1f %.1f 0 0 1 %.1f %.1f Q%.1f %.1f %.1f %.1f Z" fill="%s" fill-opacity="0.72" stroke="#ffffff" stroke-width="0.5"><title>%s → %s: %s</title></path>`,
				sx0, sy0, r, r, sx1, sy1, cx, cy, tx0, ty0, r, r, tx1, ty1, cx, cy, sx0, sy0,
				Palette[i%len(Palette)], esc(c.Names[i]), esc(c.Names[j]), esc(Format(v)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

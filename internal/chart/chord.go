package chart

import (
	"fmt"
	"math"
	"strings"
)

// ChordChart describes a circular migration plot (Abel & Sander, Science
// 2014): regions on a circle with arcs proportional to their total flows
// (out + in) and ribbons from origin to destination, coloured by origin.
type ChordChart struct {
	Common
	// Names of the regions, in plot order (clockwise from the top).
	Names []string
	// Flows[i][j] is the flow from origin i to destination j; the diagonal
	// is ignored unless Within is set; NaN and negative cells are ignored.
	Flows [][]float64
	// Within keeps the diagonal: when the names are aggregates (regions of
	// countries), Flows[i][i] is the movement between the countries of one
	// region, often its largest. It then counts in the region's arc and is
	// drawn as a ribbon that leaves the arc (last of its outflows) and comes
	// back to it (first of its inflows).
	Within bool
	// Colors per region; default Okabe–Ito.
	Colors []string
	// GapDegrees between neighbouring region arcs; default 2.
	GapDegrees float64
	// MinShare omits ribbons whose flow is below this share of the total
	// flow (e.g. 0.005). Region arcs and ticks still count every flow.
	MinShare float64
	// Opacity of the ribbons (fill-opacity); default 0.8. Ribbons are drawn
	// smallest first, so the largest lie on top.
	Opacity float64
	// TickUnit divides the tick values (e.g. 1e6 to label in millions) and
	// TickCaption explains it. By default the unit is chosen from the
	// largest region total (millions or thousands) with a caption in Lang.
	TickUnit    float64
	TickCaption string
}

// chordLayout is the geometry of a chord diagram, in radians clockwise
// from 12 o'clock.
type chordLayout struct {
	n            int
	out, in, tot []float64
	grand        float64 // sum of tot (each flow counted twice)
	gap, k       float64 // gap angle, radians per unit of flow
	a0, a1       []float64
	// Ribbon end angles: src[i][j] is the slot of flow i→j on i's arc,
	// dst[i][j] its slot on j's arc.
	src, dst [][][2]float64
}

func (o *ChordChart) flow(i, j int) float64 {
	if (i == j && !o.Within) || i >= len(o.Flows) || j >= len(o.Flows[i]) {
		return 0
	}
	v := o.Flows[i][j]
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}

func (o *ChordChart) layout() chordLayout {
	n := len(o.Names)
	L := chordLayout{n: n, out: make([]float64, n), in: make([]float64, n), tot: make([]float64, n),
		a0: make([]float64, n), a1: make([]float64, n)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			f := o.flow(i, j)
			L.out[i] += f
			L.in[j] += f
		}
	}
	for i := range L.tot {
		L.tot[i] = L.out[i] + L.in[i]
		L.grand += L.tot[i]
	}
	gapDeg := o.GapDegrees
	if gapDeg <= 0 {
		gapDeg = 2
	}
	L.gap = gapDeg * math.Pi / 180
	avail := 2*math.Pi - float64(n)*L.gap
	if L.grand > 0 {
		L.k = avail / L.grand
	}
	a := L.gap / 2
	for i := 0; i < n; i++ {
		L.a0[i] = a
		a += L.tot[i] * L.k
		L.a1[i] = a
		a += L.gap
	}
	// Slots: on each arc, outflows first then inflows, both ordered by the
	// partner counter-clockwise from the region (i-1, i-2, …), which keeps
	// the ribbons of one region from crossing each other. The flow within
	// the region (zero unless Within) sits between the two, last of the
	// outflows and first of the inflows, so its ribbon is a short loop.
	src := make([][][2]float64, n)
	dst := make([][][2]float64, n)
	for i := range src {
		src[i] = make([][2]float64, n)
		dst[i] = make([][2]float64, n)
	}
	for i := 0; i < n; i++ {
		p := L.a0[i]
		for s := 1; s <= n; s++ {
			j := ((i-s)%n + n) % n
			w := o.flow(i, j) * L.k
			src[i][j] = [2]float64{p, p + w}
			p += w
		}
		for s := 0; s < n; s++ {
			j := ((i-s)%n + n) % n
			w := o.flow(j, i) * L.k
			dst[j][i] = [2]float64{p, p + w}
			p += w
		}
	}
	L.src, L.dst = src, dst
	return L
}

var chordWords = map[string][3]string{
	"en": {"out", "in", "Tick marks in %s"},
	"fr": {"sortants", "entrants", "Graduations en %s"},
	"es": {"salidas", "entradas", "Marcas en %s"},
}

var unitWords = map[string][2]string{
	"en": {"millions", "thousands"},
	"fr": {"millions", "milliers"},
	"es": {"millones", "miles"},
}

func langBase(lang string) string {
	b := strings.ToLower(lang)
	if i := strings.IndexAny(b, "-_"); i >= 0 {
		b = b[:i]
	}
	if _, ok := chordWords[b]; !ok {
		return "en"
	}
	return b
}

// polar returns the point at angle a (clockwise from 12 o'clock) and radius r.
func polar(cx, cy, r, a float64) (float64, float64) {
	return cx + r*math.Sin(a), cy - r*math.Cos(a)
}

func pt(x, y float64) string { return num(x) + " " + num(y) }

// arcTo returns an SVG elliptical-arc command from the current point to the
// point at angle b on radius r; sweep 1 is clockwise.
func arcTo(cx, cy, r, a, b float64, sweep int) string {
	large := 0
	if math.Abs(b-a) > math.Pi {
		large = 1
	}
	x, y := polar(cx, cy, r, b)
	return fmt.Sprintf("A%s %s 0 %d %d %s", num(r), num(r), large, sweep, pt(x, y))
}

// Chord renders a circular migration plot as a standalone SVG element.
func Chord(o ChordChart) []byte {
	W := o.Width
	if W <= 0 {
		W = 640
	}
	n := len(o.Names)
	L := o.layout()
	lang := langBase(o.Lang)
	words := chordWords[lang]
	opacity := o.Opacity
	if opacity <= 0 || opacity > 1 {
		opacity = 0.8
	}
	// Tick unit.
	maxTot := 0.0
	for _, t := range L.tot {
		maxTot = math.Max(maxTot, t)
	}
	unit, caption := o.TickUnit, o.TickCaption
	if unit <= 0 {
		unit = 1
		switch {
		case maxTot >= 2e6:
			unit = 1e6
			if caption == "" {
				caption = fmt.Sprintf(words[2], unitWords[lang][0])
			}
		case maxTot >= 2e3:
			unit = 1e3
			if caption == "" {
				caption = fmt.Sprintf(words[2], unitWords[lang][1])
			}
		}
	}
	top := o.titleTop()
	capH := 0.0
	if caption != "" {
		capH = 18
	}
	H := W + top + capH
	cx, cy := W/2, top+W/2

	// Radii: labels outside the ticks; long labels that do not fit along
	// their arc are set radially, which needs more room.
	const labelGap, tickBand = 8.0, 24.0
	rLabel := func(rOut float64) float64 { return rOut + tickBand + labelGap }
	radial := make([]bool, n)
	var labelMid []float64
	rOut := W/2 - tickBand - labelGap - 22
	for iter := 0; iter < 5; iter++ {
		// A label is set along the circle when it does not run into the
		// neighbouring labels (which may use the neighbours' spare room),
		// else radially.
		r := rLabel(rOut)
		half := make([]float64, n)
		mid := make([]float64, n)
		for i := 0; i < n; i++ {
			mid[i] = (L.a0[i] + L.a1[i]) / 2
			half[i] = (textWidth(o.Names[i], fontSize)/2 + 5) / r
		}
		for i := range radial {
			radial[i] = false
		}
		// Smallest arcs give way first.
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		sortIdx(order, func(a, b int) bool { return L.tot[a] < L.tot[b] })
		dist := func(i, j int) float64 {
			d := math.Abs(mid[j] - mid[i])
			return math.Min(d, 2*math.Pi-d)
		}
		for _, i := range order {
			for _, j := range []int{(i + 1) % n, (i + n - 1) % n} {
				if j != i && !radial[j] && dist(i, j) < half[i]+half[j] {
					radial[i] = true
				}
			}
		}
		// A radial label needs about one line height of angle; a tangential
		// neighbour that reaches into it is set radially too.
		lineAngle := (fontSize*0.7 + 4) / r
		// room reports whether label j centred at m clears its neighbours.
		room := func(j int, m float64) bool {
			for _, k := range []int{(j + 1) % n, (j + n - 1) % n} {
				if k == j {
					continue
				}
				d := math.Abs(mid[k] - m)
				d = math.Min(d, 2*math.Pi-d)
				need := half[j] + half[k]
				if radial[k] {
					need = half[j] + lineAngle
				}
				if d < need-1e-9 {
					return false
				}
			}
			return true
		}
		for changed, pass := true, 0; changed && pass < 4*n; pass++ {
			changed = false
			for i := 0; i < n; i++ {
				if !radial[i] {
					continue
				}
				for _, j := range []int{(i + 1) % n, (i + n - 1) % n} {
					if j == i || radial[j] || dist(i, j) >= half[j]+lineAngle {
						continue
					}
					// Slide j's label away from i, within j's arc.
					m := mid[i] + half[j] + lineAngle
					if j == (i+n-1)%n {
						m = mid[i] - half[j] - lineAngle
					}
					m = math.Mod(m+2*math.Pi, 2*math.Pi)
					if lo, hi := L.a0[j]-L.gap/2, L.a1[j]+L.gap/2; m-half[j]*0.5 >= lo && m+half[j]*0.5 <= hi && room(j, m) {
						mid[j] = m
					} else {
						radial[j] = true
					}
					changed = true
				}
			}
		}
		labelMid = mid
		need := 22.0
		for i := 0; i < n; i++ {
			if radial[i] {
				need = math.Max(need, textWidth(o.Names[i], fontSize)+8)
			}
		}
		next := math.Max(W/2-tickBand-labelGap-need, W/4)
		if next == rOut {
			break
		}
		rOut = next
	}
	rIn := rOut - math.Max(8, rOut*0.055)
	rRib := rIn - 1          // origin end of a ribbon
	rDst := rIn - rOut*0.045 // destination end stops short of the arc

	var w svgWriter
	w.open(&o.Common, "chord", W, H, chordSummary(&o, &L))

	// Ribbons, smallest first.
	type rib struct {
		i, j int
		f    float64
	}
	var ribs []rib
	minFlow := o.MinShare * L.grand / 2
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if f := o.flow(i, j); f > 0 && f >= minFlow {
				ribs = append(ribs, rib{i, j, f})
			}
		}
	}
	idx := make([]int, len(ribs))
	for i := range idx {
		idx[i] = i
	}
	sortIdx(idx, func(a, b int) bool { return ribs[a].f < ribs[b].f })
	w.WriteString(`<g class="ribbons" fill-opacity="` + num(opacity) + `" stroke="#ffffff" stroke-width="0.4" stroke-opacity="0.7">` + "\n")
	for _, k := range idx {
		r := ribs[k]
		s, t := L.src[r.i][r.j], L.dst[r.i][r.j]
		x0, y0 := polar(cx, cy, rRib, s[0])
		sx1, sy1 := polar(cx, cy, rRib, s[1])
		tx0, ty0 := polar(cx, cy, rDst, t[0])
		tx1, ty1 := polar(cx, cy, rDst, t[1])
		const pull = 0.15 // control points close to the centre
		d := "M" + pt(x0, y0) + arcTo(cx, cy, rRib, s[0], s[1], 1) +
			"C" + pt(cx+(sx1-cx)*pull, cy+(sy1-cy)*pull) + " " + pt(cx+(tx0-cx)*pull, cy+(ty0-cy)*pull) + " " + pt(tx0, ty0) +
			arcTo(cx, cy, rDst, t[0], t[1], 1) +
			"C" + pt(cx+(tx1-cx)*pull, cy+(ty1-cy)*pull) + " " + pt(cx+(x0-cx)*pull, cy+(y0-cy)*pull) + " " + pt(x0, y0) + "Z"
		fmt.Fprintf(&w.Buffer, `<path class="ribbon" d="%s" fill="%s" data-origin="%d" data-dest="%d" data-flow="%s" data-src="%.6f %.6f" data-dst="%.6f %.6f"><title>%s → %s: %s</title></path>`+"\n",
			d, categorical(o.Colors, r.i), r.i, r.j, num(r.f), s[0], s[1], t[0], t[1], esc(o.Names[r.i]), esc(o.Names[r.j]), esc(o.fmtValue(r.f)))
	}
	w.WriteString("</g>\n")

	// Region arcs.
	w.WriteString(`<g class="regions">` + "\n")
	for i := 0; i < n; i++ {
		a0, a1 := L.a0[i], L.a1[i]
		if a1 <= a0 {
			continue
		}
		x, y := polar(cx, cy, rOut, a0)
		xi, yi := polar(cx, cy, rIn, a1)
		d := "M" + pt(x, y) + arcTo(cx, cy, rOut, a0, a1, 1) + "L" + pt(xi, yi) + arcTo(cx, cy, rIn, a1, a0, 0) + "Z"
		fmt.Fprintf(&w.Buffer, `<path class="region" d="%s" fill="%s" data-region="%d" data-total="%s" data-a0="%.6f" data-a1="%.6f"><title>%s: %s %s, %s %s</title></path>`+"\n",
			d, categorical(o.Colors, i), i, num(L.tot[i]), a0, a1, esc(o.Names[i]), words[0], esc(o.fmtValue(L.out[i])), words[1], esc(o.fmtValue(L.in[i])))
	}
	w.WriteString("</g>\n")

	// Ticks: a labelled tick at least every ~30 px of arc.
	if L.k > 0 {
		major := niceStep(0, 30/(L.k*rOut), 1)
		mant := major / math.Pow(10, math.Floor(math.Log10(major)+1e-9))
		minor := major / 2
		if math.Abs(mant-5) < 1e-6 {
			minor = major / 5
		}
		if minor*L.k*rOut < 4 {
			minor = major
		}
		dec := stepDecimals(major / unit)
		w.WriteString(`<g class="ticks" stroke="` + axisColour + `" stroke-width="0.8">` + "\n")
		var labels svgWriter
		for i := 0; i < n; i++ {
			// A lone "0" says nothing: label only arcs that reach a second
			// labelled tick.
			labelled := (L.tot[i]-major)*L.k*rOut > 14
			for v, m := 0.0, 0; v <= L.tot[i]+minor*1e-6; m++ {
				a := L.a0[i] + v*L.k
				isMajor := math.Abs(math.Mod(v+major*1e-9, major)) < major*1e-6
				ln := 3.0
				if isMajor {
					ln = 6
				}
				x1, y1 := polar(cx, cy, rOut+1, a)
				x2, y2 := polar(cx, cy, rOut+1+ln, a)
				fmt.Fprintf(&w.Buffer, `<line x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(x1), num(y1), num(x2), num(y2))
				// Label majors unless the label would crowd the next region's 0.
				if isMajor && labelled && (v == 0 || (L.tot[i]-v)*L.k*rOut > 14) {
					tangentText(&labels, cx, cy, rOut+9, a, FormatNumber(v/unit, dec, o.Lang), smallFont, "middle")
				}
				v = float64(m+1) * minor
			}
			w.WriteString("\n")
		}
		w.WriteString("</g>\n")
		w.WriteString(`<g class="tick-labels" font-size="` + num(smallFont) + `" fill="` + axisColour + `">` + "\n")
		w.Write(labels.Bytes())
		w.WriteString("</g>\n")
	}

	// Region labels.
	w.WriteString(`<g class="labels" font-size="` + num(fontSize) + `" font-weight="bold">` + "\n")
	for i := 0; i < n; i++ {
		a := (L.a0[i] + L.a1[i]) / 2
		if !radial[i] && labelMid != nil {
			a = labelMid[i]
		}
		r := rLabel(rOut)
		if radial[i] {
			x, y := polar(cx, cy, r, a)
			deg := a*180/math.Pi - 90
			anchor := "start"
			if a > math.Pi {
				deg += 180
				anchor = "end"
			}
			fmt.Fprintf(&w.Buffer, `<text transform="translate(%s) rotate(%s)" y="4" text-anchor="%s">%s</text>`+"\n", pt(x, y), num(deg), anchor, esc(o.Names[i]))
		} else {
			tangentText(&w, cx, cy, r, a, o.Names[i], fontSize, "middle")
		}
	}
	w.WriteString("</g>\n")
	if caption != "" {
		w.text(8, H-6, caption, `font-size="`+num(smallFont)+`" fill="`+axisColour+`"`)
	}
	w.close()
	return w.Bytes()
}

// tangentText writes text centred on angle a along the circle of radius r,
// outside it, turned so that it never reads upside down.
func tangentText(w *svgWriter, cx, cy, r, a float64, s string, size float64, anchor string) {
	deg := a * 180 / math.Pi
	rr := r
	if a > math.Pi/2 && a < 3*math.Pi/2 {
		deg -= 180
		rr = r + size*0.75 // baseline further out: the glyphs face the centre
	}
	x, y := polar(cx, cy, rr, a)
	fmt.Fprintf(&w.Buffer, `<text transform="translate(%s) rotate(%s)" text-anchor="%s">%s</text>`+"\n", pt(x, y), num(deg), anchor, esc(s))
}

func chordSummary(o *ChordChart, L *chordLayout) string {
	n := len(o.Names)
	if n == 0 || L.grand == 0 {
		return "No flows."
	}
	var names []string
	var vals []float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if f := o.flow(i, j); f > 0 {
				names = append(names, o.Names[i]+" → "+o.Names[j])
				vals = append(vals, f)
			}
		}
	}
	return fmt.Sprintf("Circular plot of flows between %d regions, %s in total. Largest flows: %s. Largest regions by flows out and in: %s.",
		n, o.fmtValue(L.grand/2), listTop(&o.Common, names, vals, 3), listTop(&o.Common, o.Names, L.tot, 3))
}

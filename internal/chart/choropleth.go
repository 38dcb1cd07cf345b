package chart

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

//go:embed world.json
var worldJSON []byte

// Country is one geometry of the embedded world map (Natural Earth 1:110m
// admin-0 countries, Equal Earth projection).
type Country struct {
	ID   string `json:"id"` // ISO 3166-1 numeric, "" for e.g. Kosovo, N. Cyprus, Somaliland
	Name string `json:"name"`
	D    string `json:"d"` // SVG path data in the map's viewBox
}

type world struct {
	W         float64   `json:"w"`
	H         float64   `json:"h"`
	Sphere    string    `json:"sphere"`
	Countries []Country `json:"countries"`
}

var (
	worldOnce sync.Once
	worldData world
)

func loadWorld() *world {
	worldOnce.Do(func() {
		if err := json.Unmarshal(worldJSON, &worldData); err != nil {
			panic("chart: embedded world.json: " + err.Error())
		}
	})
	return &worldData
}

// Countries returns the geometries of the embedded world map in drawing
// order, and the size of the map's viewBox.
func Countries() (cs []Country, width, height float64) {
	w := loadWorld()
	return append([]Country(nil), w.Countries...), w.W, w.H
}

// MapChart describes a world choropleth.
type MapChart struct {
	Common
	// Values by ISO 3166-1 numeric code ("250" or "76" for Brazil; leading
	// zeros are optional). NaN counts as no data.
	Values map[string]float64
	// Names overrides the English Natural Earth names in tooltips and the
	// description (e.g. localised names), by the same codes.
	Names map[string]string
	// Breaks are the class thresholds t1 < t2 < … (k-1 of them for k
	// classes): class 0 is v < t1, class i is t(i) ≤ v < t(i+1). When nil,
	// Classes quantile classes are computed from the values.
	Breaks []float64
	// Classes is the number of quantile classes (3–9, default 5).
	Classes int
	// Palette is "YlGnBu" (default) or "Blues"; Colors overrides it with
	// one colour per class, light to dark.
	Palette string
	Colors  []string
	// OmitAntarctica leaves Antarctica (010) out.
	OmitAntarctica bool
	// LegendTitle is drawn above the legend (optional).
	LegendTitle string
	// ClassLabels, one per class (len(Breaks)+1), name categorical classes
	// in the legend and the tooltips instead of their value ranges (a
	// status map: "Party", "Signatory"…). Ignored when the count differs.
	ClassLabels []string
}

// normISO pads a numeric code to three digits.
func normISO(code string) string {
	code = strings.TrimSpace(code)
	for len(code) < 3 {
		code = "0" + code
	}
	return code
}

// quantileBreaks returns up to k-1 distinct thresholds splitting sorted
// values into k groups of similar size.
func quantileBreaks(sorted []float64, k int) []float64 {
	var br []float64
	n := len(sorted)
	for i := 1; i < k; i++ {
		q := float64(i) / float64(k) * float64(n)
		j := int(math.Ceil(q - 1e-9))
		if j <= 0 || j >= n {
			continue
		}
		v := sorted[j]
		if len(br) > 0 && v <= br[len(br)-1] || v <= sorted[0] {
			continue
		}
		br = append(br, v)
	}
	return br
}

// classOf returns the class of v for thresholds br.
func classOf(v float64, br []float64) int {
	return sort.Search(len(br), func(i int) bool { return br[i] > v })
}

// MapClasses returns the thresholds and colours the chart uses: a value v
// gets colors[classOf(v)], where the class is the number of thresholds ≤ v.
func (o *MapChart) MapClasses() (breaks []float64, colors []string) {
	var vals []float64
	for _, v := range o.Values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vals = append(vals, v)
		}
	}
	sort.Float64s(vals)
	breaks = o.Breaks
	if breaks == nil {
		k := o.Classes
		if k <= 0 {
			k = 5
		}
		k = max(3, min(k, 9))
		breaks = quantileBreaks(vals, k)
	}
	k := len(breaks) + 1
	if len(o.Colors) >= k {
		return breaks, o.Colors[:k]
	}
	pal := YlGnBu
	if strings.EqualFold(o.Palette, "Blues") {
		pal = Blues
	}
	switch {
	case k >= 3 && k <= 9:
		colors = pal[k]
	case k < 3:
		colors = pal[3][3-k:] // the darker end
	default:
		colors = pal[9]
		for len(colors) < k {
			colors = append(colors, pal[9][8])
		}
	}
	return breaks, colors
}

// Choropleth renders a world map with countries filled by value class.
func Choropleth(o MapChart) []byte {
	wd := loadWorld()
	W := o.Width
	if W <= 0 {
		W = wd.W
	}
	const pad = 3.0
	s := (W - 2*pad) / wd.W
	values := make(map[string]float64, len(o.Values))
	for k, v := range o.Values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			values[normISO(k)] = v
		}
	}
	names := make(map[string]string, len(o.Names))
	for k, v := range o.Names {
		names[normISO(k)] = v
	}
	breaks, colors := o.MapClasses()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}

	top := o.titleTop() + pad
	mapH := wd.H
	if o.OmitAntarctica {
		_, mapH = Project(0, -58) // crop below Tierra del Fuego
	}
	mapH *= s
	// Legend: one swatch per class with its range, then "no data".
	dec := 0
	for _, b := range breaks {
		if o.Decimals > 0 {
			dec = o.Decimals
		} else {
			dec = max(dec, autoDecimals(b))
		}
	}
	f := func(v float64) string { return FormatNumber(v, dec, o.Lang) + o.Unit }
	// Quantile classes are labelled with the smallest and largest value
	// each holds ("283 – 2,764", "2,765 – 12,942"), so that no two ranges
	// share an end; given breaks keep their own round bounds.
	inClass := make([][2]float64, len(colors))
	for i := range inClass {
		inClass[i] = [2]float64{math.Inf(1), math.Inf(-1)}
	}
	for _, v := range values {
		c := min(classOf(v, breaks), len(colors)-1)
		inClass[c][0], inClass[c][1] = math.Min(inClass[c][0], v), math.Max(inClass[c][1], v)
	}
	var labels []string
	for i := range colors {
		if o.Breaks == nil && inClass[i][0] <= inClass[i][1] {
			if a, b := f(inClass[i][0]), f(inClass[i][1]); a == b {
				labels = append(labels, a)
			} else {
				labels = append(labels, a+" – "+b)
			}
			continue
		}
		hasLo := i > 0 || len(values) > 0 && (len(breaks) == 0 || lo < breaks[0])
		hasHi := i < len(breaks) || len(values) > 0 && (len(breaks) == 0 || hi >= breaks[len(breaks)-1])
		lower, upper := lo, hi
		if i > 0 {
			lower = breaks[i-1]
		}
		if i < len(breaks) {
			upper = breaks[i]
		}
		switch {
		case hasLo && hasHi:
			labels = append(labels, f(lower)+" – "+f(upper))
		case hasHi:
			labels = append(labels, "< "+f(upper))
		default:
			labels = append(labels, "≥ "+f(lower))
		}
	}
	if len(o.ClassLabels) == len(colors) {
		labels = append([]string(nil), o.ClassLabels...)
	}
	noData := map[string]string{"en": "No data", "fr": "Pas de données", "es": "Sin datos"}[langBase(o.Lang)]
	labels = append(labels, noData)
	fills := append(append([]string(nil), colors...), NoDataFill)
	sw := 0.0
	for _, l := range labels {
		sw = math.Max(sw, textWidth(l, smallFont))
	}
	sw = math.Max(sw+12, 56)
	perRow := max(1, min(len(labels), int((W-20)/sw)))
	legendRows := (len(labels) + perRow - 1) / perRow
	legendTop := top + mapH + pad + 12
	H := legendTop + 36*float64(legendRows) + 12
	if o.LegendTitle != "" {
		H += 16
	}
	id := o.id("map")

	// Description: the largest values.
	var dn []string
	var dv []float64
	for _, c := range wd.Countries {
		if v, ok := values[c.ID]; ok && c.ID != "" {
			name := c.Name
			if nn, ok := names[c.ID]; ok {
				name = nn
			}
			dn = append(dn, name)
			dv = append(dv, v)
		}
	}
	desc := "World map without data."
	if len(dv) > 0 {
		desc = fmt.Sprintf("World map of %d countries with data. Highest: %s.", len(dv), listTop(&o.Common, dn, dv, 5))
	}

	var w svgWriter
	w.open(&o.Common, "map", W, H, desc)
	if o.OmitAntarctica {
		fmt.Fprintf(&w.Buffer, `<clipPath id="%s-clip"><rect x="-1" y="-1" width="%s" height="%s"/></clipPath>`+"\n", id, num(wd.W+2), num(mapH/s+1))
	}
	// Countries sit inside a small margin so that the outline is not cut.
	fmt.Fprintf(&w.Buffer, `<g transform="translate(%s %s) scale(%.6g)"`, num(pad), num(top), s)
	if o.OmitAntarctica {
		fmt.Fprintf(&w.Buffer, ` clip-path="url(#%s-clip)"`, id)
	}
	w.WriteString(">\n")
	fmt.Fprintf(&w.Buffer, `<path class="sphere" d="%s" fill="#f2f5f8" stroke="#c8d0d8" stroke-width="0.6"/>`+"\n", wd.Sphere)
	fmt.Fprintf(&w.Buffer, `<g class="countries" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">`+"\n")
	for _, c := range wd.Countries {
		if o.OmitAntarctica && c.ID == "010" {
			continue
		}
		name := c.Name
		if nn, ok := names[c.ID]; ok && c.ID != "" {
			name = nn
		}
		fill, label := NoDataFill, "–"
		v, ok := values[c.ID]
		if ok && c.ID != "" {
			class := min(classOf(v, breaks), len(colors)-1)
			fill = colors[class]
			label = o.fmtValue(v)
			if len(o.ClassLabels) == len(colors) {
				label = o.ClassLabels[class]
			}
		}
		w.WriteString(`<path`)
		if c.ID != "" {
			fmt.Fprintf(&w.Buffer, ` id="%s-%s" data-iso="%s"`, id, c.ID, c.ID)
		} else {
			w.WriteString(` data-iso=""`)
		}
		if ok {
			fmt.Fprintf(&w.Buffer, ` data-value="%s"`, num(v))
		}
		fmt.Fprintf(&w.Buffer, ` fill="%s" d="%s"><title>%s: %s</title></path>`+"\n", fill, c.D, esc(name), esc(label))
	}
	w.WriteString("</g>\n</g>\n")

	x := math.Max(10, (W-sw*float64(perRow))/2)
	y := legendTop
	w.WriteString(`<g class="legend" font-size="` + num(smallFont) + `" text-anchor="middle">` + "\n")
	if o.LegendTitle != "" {
		w.text(x, y+10, o.LegendTitle, `text-anchor="start" font-size="`+num(fontSize)+`" font-weight="bold"`)
		y += 16
	}
	for i, l := range labels {
		lx, ly := x+float64(i%perRow)*sw, y+36*float64(i/perRow)
		fmt.Fprintf(&w.Buffer, `<rect x="%s" y="%s" width="%s" height="12" fill="%s" stroke="#999999" stroke-width="0.5" data-class="%d"/>`, num(lx+1), num(ly), num(sw-2), fills[i], i)
		w.text(lx+sw/2, ly+28, l, "")
	}
	w.WriteString("</g>\n")
	w.close()
	return w.Bytes()
}

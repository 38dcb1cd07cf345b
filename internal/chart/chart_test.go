package chart

import (
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     string
	parent   *node
}

func (n *node) walk(f func(*node)) {
	f(n)
	for _, c := range n.children {
		c.walk(f)
	}
}

func (n *node) find(pred func(*node) bool) []*node {
	var out []*node
	n.walk(func(m *node) {
		if pred(m) {
			out = append(out, m)
		}
	})
	return out
}

// inherited returns an attribute from n or its nearest ancestor.
func (n *node) inherited(a string) string {
	for m := n; m != nil; m = m.parent {
		if v, ok := m.attr[a]; ok {
			return v
		}
	}
	return ""
}

// parseSVG checks that b is well-formed XML and satisfies the CSP and
// accessibility rules, and returns its tree.
func parseSVG(t *testing.T, b []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(b))
	var root, cur *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}, parent: cur}
			for _, a := range tk.Attr {
				key := a.Name.Local
				if a.Name.Space != "" && a.Name.Space != "xmlns" {
					key = a.Name.Space + ":" + key
				}
				if a.Name.Space == "" && a.Name.Local == "xmlns" {
					key = "xmlns"
				}
				n.attr[key] = a.Value
				if strings.EqualFold(a.Name.Local, "style") {
					t.Errorf("style attribute on <%s>", n.name)
				}
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("event handler %s on <%s>", a.Name.Local, n.name)
				}
			}
			if n.name == "script" || n.name == "style" || n.name == "foreignObject" {
				t.Errorf("forbidden element <%s>", n.name)
			}
			if cur == nil {
				root = n
			} else {
				cur.children = append(cur.children, n)
			}
			cur = n
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if cur != nil {
				cur.text += string(tk)
			}
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatal("root is not <svg>")
	}
	if root.attr["xmlns"] != "http://www.w3.org/2000/svg" {
		t.Errorf("xmlns = %q", root.attr["xmlns"])
	}
	if root.attr["role"] != "img" {
		t.Errorf("role = %q", root.attr["role"])
	}
	ids := strings.Fields(root.attr["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q", root.attr["aria-labelledby"])
	}
	for i, want := range []string{"title", "desc"} {
		els := root.find(func(n *node) bool { return n.attr["id"] == ids[i] })
		if len(els) != 1 || els[0].name != want || els[0].parent != root {
			t.Errorf("aria-labelledby %q does not name the <%s> child", ids[i], want)
		} else if strings.TrimSpace(els[0].text) == "" {
			t.Errorf("<%s> is empty", want)
		}
	}
	// Readable labels: every text at least 11 px.
	for _, tx := range root.find(func(n *node) bool { return n.name == "text" }) {
		fs, err := strconv.ParseFloat(tx.inherited("font-size"), 64)
		if err != nil || fs < 11 {
			t.Errorf("text %q has font-size %q", tx.text, tx.inherited("font-size"))
		}
	}
	return root
}

var numRE = regexp.MustCompile(`-?[0-9]*\.?[0-9]+(?:e-?[0-9]+)?`)

func nums(s string) []float64 {
	var out []float64
	for _, m := range numRE.FindAllString(s, -1) {
		v, _ := strconv.ParseFloat(m, 64)
		out = append(out, v)
	}
	return out
}

// parseLabel reads a number formatted by FormatNumber in any language.
func parseLabel(s, lang string) float64 {
	st := styleFor(lang)
	s = strings.ReplaceAll(s, st.group, "")
	s = strings.ReplaceAll(s, st.decimal, ".")
	s = strings.ReplaceAll(s, "−", "-")
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// axisScale recovers the linear mapping value → coordinate from the tick
// labels of an axis group (coordinate attribute x or y of the <text>).
func axisScale(t *testing.T, root *node, class, coord, lang string, offset float64) func(float64) float64 {
	t.Helper()
	gs := root.find(func(n *node) bool { return n.name == "g" && strings.Contains(n.attr["class"], class) })
	if len(gs) != 1 {
		t.Fatalf("axis %s not found", class)
	}
	var vs, ps []float64
	for _, tx := range gs[0].find(func(n *node) bool { return n.name == "text" }) {
		v := parseLabel(tx.text, lang)
		if math.IsNaN(v) {
			continue
		}
		p, _ := strconv.ParseFloat(tx.attr[coord], 64)
		vs = append(vs, v)
		ps = append(ps, p-offset)
	}
	if len(vs) < 2 {
		t.Fatalf("axis %s has %d numeric labels", class, len(vs))
	}
	a, b := 0, len(vs)-1
	return func(v float64) float64 { return ps[a] + (v-vs[a])/(vs[b]-vs[a])*(ps[b]-ps[a]) }
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		dec  int
		lang string
		want string
	}{
		{1234567, 0, "en", "1,234,567"},
		{1234567, 0, "fr", "1\u202f234\u202f567"},
		{1234567, 0, "es", "1.234.567"},
		{1234567.891, 2, "en-GB", "1,234,567.89"},
		{1234567.891, 2, "fr-CA", "1\u202f234\u202f567,89"},
		{1234567.891, 1, "es", "1.234.567,9"},
		{1234, 0, "en", "1,234"},
		{1234, 0, "es", "1234"}, // CLDR minimum grouping digits
		{12345, 0, "es", "12.345"},
		{999, 0, "fr", "999"},
		{-4500, 0, "en", "−4,500"},
		{-0.001, 1, "en", "0.0"},
		{0.5, 1, "de", "0,5"},
		{100, 0, "xx", "100"},
		{math.NaN(), 0, "en", "–"},
	}
	for _, c := range cases {
		if got := FormatNumber(c.v, c.dec, c.lang); got != c.want {
			t.Errorf("FormatNumber(%v, %d, %q) = %q, want %q", c.v, c.dec, c.lang, got, c.want)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		n      int
		step   float64
	}{{0, 86.7, 5, 20}, {0, 9.5e6, 5, 2e6}, {0, 1, 5, 0.2}, {1990, 2020, 6, 5}, {-3, 7, 5, 2}} {
		ticks, step := niceTicks(c.lo, c.hi, c.n)
		if math.Abs(step-c.step) > 1e-9 {
			t.Errorf("niceTicks(%v, %v, %d) step %v, want %v", c.lo, c.hi, c.n, step, c.step)
		}
		if ticks[0] > c.lo || ticks[len(ticks)-1] < c.hi {
			t.Errorf("ticks %v do not cover [%v, %v]", ticks, c.lo, c.hi)
		}
	}
}

func TestDeterministic(t *testing.T) {
	names, flows := abelSander(t)
	cs, _, _ := Countries()
	vals := map[string]float64{}
	for i, c := range cs {
		vals[c.ID] = float64(i)
	}
	for name, f := range map[string]func() []byte{
		"line":  func() []byte { return Line(sampleLine()) },
		"bar":   func() []byte { return Bar(sampleBar()) },
		"chord": func() []byte { return Chord(ChordChart{Names: names, Flows: flows}) },
		"map":   func() []byte { return Choropleth(MapChart{Values: vals}) },
	} {
		if !bytes.Equal(f(), f()) {
			t.Errorf("%s: output differs between runs", name)
		}
	}
}

func TestLine(t *testing.T) {
	o := sampleLine()
	root := parseSVG(t, Line(o))
	ys := axisScale(t, root, "axis-y", "y", o.Lang, 4)
	xs := axisScale(t, root, "axis-x", "x", o.Lang, 0)
	paths := map[string]string{}
	for _, g := range root.find(func(n *node) bool { return n.attr["class"] == "series" }) {
		for _, p := range g.children {
			if p.name == "path" && p.attr["fill"] == "none" {
				paths[g.attr["data-series"]] = p.attr["d"]
			}
		}
	}
	if len(paths) != len(o.Series) {
		t.Fatalf("%d series paths, want %d", len(paths), len(o.Series))
	}
	// Europe: every vertex maps back to its input through the axis scales.
	eu := nums(paths["Europe"])
	if len(eu) != 2*len(o.X) {
		t.Fatalf("Europe has %d coordinates", len(eu))
	}
	for _, j := range []int{0, 3, 6} {
		if x := eu[2*j]; math.Abs(x-xs(o.X[j])) > 0.02 {
			t.Errorf("x of %v: %v, want %v", o.X[j], x, xs(o.X[j]))
		}
		if y := eu[2*j+1]; math.Abs(y-ys(o.Series[0].Y[j])) > 0.02 {
			t.Errorf("y of %v: %v, want %v", o.Series[0].Y[j], y, ys(o.Series[0].Y[j]))
		}
	}
	// Africa has a gap in 2000: two subpaths, no vertex at 2000, no zero.
	af := paths["Africa"]
	if strings.Count(af, "M") != 2 {
		t.Errorf("Africa path %q should have 2 subpaths", af)
	}
	v := nums(af)
	if len(v) != 2*6 {
		t.Errorf("Africa has %d points, want 6", len(v)/2)
	}
	for k := 0; k < len(v); k += 2 {
		if math.Abs(v[k]-xs(2000)) < 0.5 {
			t.Errorf("Africa has a vertex at 2000")
		}
		if math.Abs(v[k+1]-ys(0)) < 0.5 {
			t.Errorf("Africa drops to zero")
		}
	}
	// Year labels are not grouped.
	if !strings.Contains(string(Line(o)), ">2020</text>") {
		t.Error("x labels should read 2020")
	}
	// An isolated point between gaps is still drawn.
	o2 := LineChart{X: []float64{1, 2, 3}, Series: []Series{{Name: "a", Y: []float64{nan, 5, nan}}}}
	r2 := parseSVG(t, Line(o2))
	if len(r2.find(func(n *node) bool { return n.name == "circle" })) != 1 {
		t.Error("isolated value not drawn")
	}
}

func TestBar(t *testing.T) {
	o := sampleBar()
	root := parseSVG(t, Bar(o))
	xs := axisScale(t, root, "axis-x", "x", o.Lang, 0)
	rects := root.find(func(n *node) bool { return n.name == "rect" && n.attr["data-value"] != "" })
	if len(rects) != 20 {
		t.Fatalf("%d bars, want 20", len(rects))
	}
	k := 0.0
	for _, r := range rects {
		v, _ := strconv.ParseFloat(r.attr["data-value"], 64)
		x, _ := strconv.ParseFloat(r.attr["x"], 64)
		w, _ := strconv.ParseFloat(r.attr["width"], 64)
		if math.Abs(x-xs(0)) > 0.02 {
			t.Errorf("bar %v starts at %v, want %v", v, x, xs(0))
		}
		if math.Abs(x+w-xs(v)) > 0.02 {
			t.Errorf("bar %v ends at %v, want %v", v, x+w, xs(v))
		}
		if k == 0 {
			k = w / v
		} else if math.Abs(w/v-k)/k > 1e-3 {
			t.Errorf("bar %v: length/value %v, want %v", v, w/v, k)
		}
	}
	// Value labels use the language's grouping (fr: narrow no-break space).
	if !strings.Contains(string(Bar(o)), "9\u202f500\u202f000") {
		t.Error("French value label missing")
	}
	// Sorting.
	o.Series = o.Series[1:]
	o.SortDesc = true
	root = parseSVG(t, Bar(o))
	prev := math.Inf(1)
	for _, r := range root.find(func(n *node) bool { return n.name == "rect" && n.attr["data-value"] != "" }) {
		v, _ := strconv.ParseFloat(r.attr["data-value"], 64)
		if v > prev {
			t.Errorf("not sorted: %v after %v", v, prev)
		}
		prev = v
	}
}

func TestChord(t *testing.T) {
	names, flows := abelSander(t)
	const share = 0.002
	o := ChordChart{Common: Common{Title: "Flows", Lang: "es"}, Names: names, Flows: flows, MinShare: share, GapDegrees: 3}
	b := Chord(o)
	root := parseSVG(t, b)
	W, _ := strconv.ParseFloat(root.attr["width"], 64)
	cx, cy := W/2, W/2

	arcs := root.find(func(n *node) bool { return n.attr["class"] == "region" })
	if len(arcs) != len(names) {
		t.Fatalf("%d region arcs, want %d", len(arcs), len(names))
	}
	n := len(names)
	a0, a1, tot := make([]float64, n), make([]float64, n), make([]float64, n)
	grand := 0.0
	for i := range names {
		for j := range names {
			if i != j {
				tot[i] += flows[i][j] + flows[j][i]
			}
		}
		grand += tot[i]
	}
	sum := 0.0
	for _, a := range arcs {
		i, _ := strconv.Atoi(a.attr["data-region"])
		a0[i], _ = strconv.ParseFloat(a.attr["data-a0"], 64)
		a1[i], _ = strconv.ParseFloat(a.attr["data-a1"], 64)
		sum += a1[i] - a0[i]
		// The drawn outer arc starts at a0 and ends at a1.
		p := nums(a.attr["d"])
		start := math.Atan2(p[0]-cx, cy-p[1])
		if start < 0 {
			start += 2 * math.Pi
		}
		if math.Abs(start-a0[i]) > 0.005 {
			t.Errorf("%s: path starts at %.4f rad, data-a0 %.4f", names[i], start, a0[i])
		}
		end := math.Atan2(p[7]-cx, cy-p[8]) // after "A rx ry rot large sweep"
		if end < 0 {
			end += 2 * math.Pi
		}
		if math.Abs(end-a1[i]) > 0.005 {
			t.Errorf("%s: path ends at %.4f rad, data-a1 %.4f", names[i], end, a1[i])
		}
	}
	gap := 3 * math.Pi / 180
	if math.Abs(sum+float64(n)*gap-2*math.Pi) > 1e-5 {
		t.Errorf("arcs %.6f + gaps %.6f != 2π", sum, float64(n)*gap)
	}
	k := (2*math.Pi - float64(n)*gap) / grand
	for i := range names {
		if math.Abs((a1[i]-a0[i])-tot[i]*k) > 1e-5 {
			t.Errorf("%s: arc %.6f rad, want %.6f (∝ total %v)", names[i], a1[i]-a0[i], tot[i]*k, tot[i])
		}
		next := (i + 1) % n
		g := a0[next] - a1[i]
		if next == 0 {
			g += 2 * math.Pi
		}
		if math.Abs(g-gap) > 1e-5 {
			t.Errorf("gap after %s: %v", names[i], g)
		}
	}
	// Ribbons: end widths ∝ flow, within their arcs, only above the threshold.
	ribs := root.find(func(n *node) bool { return n.attr["class"] == "ribbon" })
	want := 0
	for i := range flows {
		for j := range flows[i] {
			if i != j && flows[i][j] >= share*grand/2 {
				want++
			}
		}
	}
	if len(ribs) != want {
		t.Errorf("%d ribbons, want %d above the threshold", len(ribs), want)
	}
	prev := 0.0
	for _, r := range ribs {
		i, _ := strconv.Atoi(r.attr["data-origin"])
		j, _ := strconv.Atoi(r.attr["data-dest"])
		f, _ := strconv.ParseFloat(r.attr["data-flow"], 64)
		if f != flows[i][j] {
			t.Errorf("ribbon %d→%d flow %v, want %v", i, j, f, flows[i][j])
		}
		if f < prev {
			t.Errorf("ribbons not drawn smallest first")
		}
		prev = f
		s, d := nums(r.attr["data-src"]), nums(r.attr["data-dst"])
		if math.Abs((s[1]-s[0])-f*k) > 1e-5 || math.Abs((d[1]-d[0])-f*k) > 1e-5 {
			t.Errorf("ribbon %d→%d widths %v %v, want %v", i, j, s[1]-s[0], d[1]-d[0], f*k)
		}
		if s[0] < a0[i]-1e-6 || s[1] > a1[i]+1e-6 || d[0] < a0[j]-1e-6 || d[1] > a1[j]+1e-6 {
			t.Errorf("ribbon %d→%d outside its arcs", i, j)
		}
		p := nums(r.attr["d"])
		if start := math.Mod(math.Atan2(p[0]-cx, cy-p[1])+2*math.Pi, 2*math.Pi); math.Abs(start-s[0]) > 0.01 {
			t.Errorf("ribbon %d→%d starts at %.4f, want %.4f", i, j, start, s[0])
		}
		if r.attr["fill"] != categorical(nil, i) {
			t.Errorf("ribbon %d→%d not coloured by origin", i, j)
		}
	}
	if !strings.Contains(string(b), "Marcas en millones") {
		t.Error("Spanish tick caption missing")
	}
}

// subpathBoxes parses the generated path data (M absolute, l relative, z)
// and returns the bounding box of every subpath.
func subpathBoxes(d string) [][4]float64 {
	var boxes [][4]float64
	for _, sp := range strings.Split(d, "M")[1:] {
		sp = strings.TrimSuffix(strings.TrimSpace(sp), "z")
		parts := strings.SplitN(sp, "l", 2)
		p := nums(parts[0])
		x, y := p[0], p[1]
		b := [4]float64{x, y, x, y}
		if len(parts) == 2 {
			r := nums(parts[1])
			for k := 0; k+1 < len(r); k += 2 {
				x += r[k]
				y += r[k+1]
				b = [4]float64{math.Min(b[0], x), math.Min(b[1], y), math.Max(b[2], x), math.Max(b[3], y)}
			}
		}
		boxes = append(boxes, b)
	}
	return boxes
}

func TestChoropleth(t *testing.T) {
	cs, mw, mh := Countries()
	if len(cs) < 170 {
		t.Fatalf("only %d countries", len(cs))
	}
	vals := map[string]float64{"250": 8.5e6, "840": 50.6e6, "76": 1.1e6, "276": 16e6, "356": 4.9e6, "036": 7.7e6, "710": 2.9e6, "392": 2.8e6}
	o := MapChart{Common: Common{Title: "Immigrants", Lang: "en"}, Values: vals, Classes: 4}
	root := parseSVG(t, Choropleth(o))
	paths := root.find(func(n *node) bool { _, ok := n.attr["data-iso"]; return ok && n.name == "path" })
	if len(paths) != len(cs) {
		t.Errorf("%d country paths, want %d geometries", len(paths), len(cs))
	}
	breaks, colors := o.MapClasses()
	if len(colors) != len(breaks)+1 {
		t.Fatalf("%d colours for %d breaks", len(colors), len(breaks))
	}
	byISO := map[string]*node{}
	noID := 0
	for _, p := range paths {
		iso := p.attr["data-iso"]
		if iso == "" {
			noID++
			if p.attr["fill"] != NoDataFill {
				t.Errorf("feature without code is not no-data")
			}
			continue
		}
		byISO[iso] = p
		v, ok := vals[strings.TrimLeft(iso, "0")]
		if !ok {
			v, ok = vals[iso]
		}
		want := NoDataFill
		if ok {
			want = colors[classOf(v, breaks)]
		}
		if p.attr["fill"] != want {
			t.Errorf("%s fill %s, want %s", iso, p.attr["fill"], want)
		}
		if len(p.children) != 1 || p.children[0].name != "title" {
			t.Errorf("%s has no <title>", iso)
		}
	}
	if noID != 3 {
		t.Errorf("%d features without code, want 3 (Kosovo, N. Cyprus, Somaliland)", noID)
	}
	if got := byISO["250"].children[0].text; got != "France: 8,500,000" {
		t.Errorf("France tooltip %q", got)
	}
	if got := byISO["004"].children[0].text; got != "Afghanistan: –" {
		t.Errorf("Afghanistan tooltip %q", got)
	}
	// The highest value is in the darkest class, the lowest in the lightest.
	if byISO["840"].attr["fill"] != colors[len(colors)-1] || byISO["076"].attr["fill"] != colors[0] {
		t.Error("extreme values not in the extreme classes")
	}
	// Given breaks.
	o.Breaks = []float64{1e6, 5e6, 2e7}
	root = parseSVG(t, Choropleth(o))
	_, colors = o.MapClasses()
	for _, p := range root.find(func(n *node) bool { return n.attr["data-iso"] == "276" }) {
		if p.attr["fill"] != colors[2] {
			t.Errorf("Germany (16 million) fill %s, want class 2 %s", p.attr["fill"], colors[2])
		}
	}
	if !strings.Contains(string(Choropleth(o)), "5,000,000 – 20,000,000") {
		t.Error("legend range missing")
	}

	// Geography sanity: mainland France (its largest part) lies right of the
	// USA and above Brazil; everything lies inside the viewBox.
	box := func(iso string) [4]float64 {
		var best [4]float64
		for _, c := range cs {
			if c.ID != iso {
				continue
			}
			for _, b := range subpathBoxes(c.D) {
				if (b[2]-b[0])*(b[3]-b[1]) > (best[2]-best[0])*(best[3]-best[1]) {
					best = b
				}
				if b[0] < -0.5 || b[1] < -0.5 || b[2] > mw+0.5 || b[3] > mh+0.5 {
					t.Errorf("%s outside the viewBox: %v", iso, b)
				}
			}
		}
		return best
	}
	fr, us, br := box("250"), box("840"), box("076")
	if !(fr[0] > us[2]) {
		t.Errorf("France %v is not right of the USA %v", fr, us)
	}
	if !(fr[3] < br[1]) {
		t.Errorf("France %v is not above Brazil %v", fr, br)
	}
	// Project agrees with the geometry: Paris lies inside mainland France.
	px, py := Project(2.35, 48.86)
	if px < fr[0] || px > fr[2] || py < fr[1] || py > fr[3] {
		t.Errorf("Paris (%v, %v) outside France %v", px, py, fr)
	}
	// No geometry crosses the map: the antimeridian was cut (no part wider
	// than half the map except Russia/Antarctica-sized ones).
	for _, c := range cs {
		for _, b := range subpathBoxes(c.D) {
			if b[2]-b[0] > mw*0.45 && c.ID != "643" && c.ID != "010" {
				t.Errorf("%s (%s) spans %v px", c.Name, c.ID, b[2]-b[0])
			}
		}
	}
}

func TestEscaping(t *testing.T) {
	o := BarChart{Common: Common{Title: `A <b>&"quoted"</b>`, Desc: "x < y & z"}, Labels: []string{"<script>alert(1)</script>"}, Series: []BarSeries{{Values: []float64{1}}}}
	root := parseSVG(t, Bar(o))
	if root.find(func(n *node) bool { return n.name == "title" })[0].text != o.Title {
		t.Error("title not preserved")
	}
}

func TestIDs(t *testing.T) {
	a := Line(LineChart{Common: Common{Title: "A"}})
	b := Line(LineChart{Common: Common{Title: "B"}})
	c := Line(LineChart{Common: Common{Title: "B", ID: "mine"}})
	ida := parseSVG(t, a).attr["aria-labelledby"]
	idb := parseSVG(t, b).attr["aria-labelledby"]
	if ida == idb {
		t.Error("charts with different titles share ids")
	}
	if got := parseSVG(t, c).attr["aria-labelledby"]; got != "mine-title mine-desc" {
		t.Errorf("custom id: %q", got)
	}
}

// With Within, flows inside a region count in its arc and are drawn as a
// loop on that arc: the outflow slot ends where the inflow slot starts.
// Without it the diagonal is ignored.
func TestChordWithin(t *testing.T) {
	names := []string{"Africa", "Europe", "Asia"}
	flows := [][]float64{{10, 50, 5}, {20, 80, 10}, {30, 60, 90}}
	arcTotals := func(root *node) []float64 {
		out := make([]float64, len(names))
		for _, a := range root.find(func(n *node) bool { return n.attr["class"] == "region" }) {
			i, _ := strconv.Atoi(a.attr["data-region"])
			out[i], _ = strconv.ParseFloat(a.attr["data-total"], 64)
		}
		return out
	}
	selfRibbons := func(root *node) []*node {
		return root.find(func(n *node) bool {
			return n.attr["class"] == "ribbon" && n.attr["data-origin"] == n.attr["data-dest"]
		})
	}
	o := ChordChart{Common: Common{Title: "Between regions"}, Names: names, Flows: flows}
	plain := parseSVG(t, Chord(o))
	if got := selfRibbons(plain); len(got) != 0 {
		t.Errorf("%d within-region ribbons without Within", len(got))
	}
	// Africa without its diagonal: out 50+5, in 20+30.
	if got := arcTotals(plain)[0]; got != 105 {
		t.Errorf("Africa's arc total %v without Within, want 105", got)
	}
	o.Within = true
	root := parseSVG(t, Chord(o))
	tot := arcTotals(root)
	for i := range names {
		want := 0.0
		for j := range names {
			want += flows[i][j] + flows[j][i]
		}
		if tot[i] != want {
			t.Errorf("%s: arc total %v with Within, want %v", names[i], tot[i], want)
		}
	}
	self := selfRibbons(root)
	if len(self) != len(names) {
		t.Fatalf("%d within-region ribbons, want %d", len(self), len(names))
	}
	grand := 0.0
	for _, v := range tot {
		grand += v
	}
	k := (2*math.Pi - 3*2*math.Pi/180) / grand
	for _, r := range self {
		i, _ := strconv.Atoi(r.attr["data-origin"])
		f, _ := strconv.ParseFloat(r.attr["data-flow"], 64)
		if f != flows[i][i] {
			t.Errorf("%s: loop flow %v, want %v", names[i], f, flows[i][i])
		}
		s, d := nums(r.attr["data-src"]), nums(r.attr["data-dst"])
		if math.Abs(s[1]-d[0]) > 1e-6 {
			t.Errorf("%s: loop leaves at %v..%v and comes back at %v..%v: not adjacent", names[i], s[0], s[1], d[0], d[1])
		}
		if math.Abs((s[1]-s[0])-f*k) > 1e-5 || math.Abs((d[1]-d[0])-f*k) > 1e-5 {
			t.Errorf("%s: loop widths %v %v, want %v", names[i], s[1]-s[0], d[1]-d[0], f*k)
		}
	}
}

// Dashes gives every series after the first its own dash pattern, on the
// line and in the legend.
func TestLineDashes(t *testing.T) {
	o := sampleLine()
	o.Markers = false
	if strings.Contains(string(Line(o)), "stroke-dasharray") {
		t.Fatal("dash patterns without Dashes")
	}
	o.Dashes = true
	root := parseSVG(t, Line(o))
	seen := map[string]bool{}
	for i, g := range root.find(func(n *node) bool { return n.attr["class"] == "series" }) {
		var line *node
		for _, p := range g.children {
			if p.name == "path" && p.attr["fill"] == "none" {
				line = p
			}
		}
		if line == nil {
			t.Fatalf("series %d has no line", i)
		}
		dash := line.attr["stroke-dasharray"]
		if (i == 0) != (dash == "") {
			t.Errorf("series %d dash %q: only the first is solid", i, dash)
		}
		if seen[dash] {
			t.Errorf("series %d repeats dash %q", i, dash)
		}
		seen[dash] = true
	}
	legend := root.find(func(n *node) bool {
		return n.name == "line" && n.parent != nil && n.parent.attr["class"] == "legend-item" && n.attr["stroke-dasharray"] != ""
	})
	if len(legend) != len(o.Series)-1 {
		t.Errorf("%d dashed legend keys, want %d", len(legend), len(o.Series)-1)
	}
}

// A series with its own X is joined across the years it does not cover,
// and drawn at its own x values on the shared axis.
func TestLineSeriesX(t *testing.T) {
	o := LineChart{Common: Common{Title: "Stocks"}, X: []float64{1990, 1995, 2000, 2005, 2010, 2015, 2019, 2020},
		Series: []Series{
			{Name: "2019 release", Y: []float64{1, 2, 3, 4, 5, 6, 7, nan}},
			{Name: "2020 release", X: []float64{1990, 2000, 2010, 2020}, Y: []float64{2, 4, 6, 8}},
		}}
	root := parseSVG(t, Line(o))
	xs := axisScale(t, root, "axis-x", "x", o.Lang, 0)
	var d string
	for _, g := range root.find(func(n *node) bool { return n.attr["data-series"] == "2020 release" }) {
		for _, p := range g.children {
			if p.name == "path" {
				d = p.attr["d"]
			}
		}
	}
	if strings.Count(d, "M") != 1 {
		t.Fatalf("2020 release path %q: want one unbroken line", d)
	}
	v := nums(d)
	if len(v) != 8 {
		t.Fatalf("2020 release has %d points, want 4", len(v)/2)
	}
	for k, x := range []float64{1990, 2000, 2010, 2020} {
		if math.Abs(v[2*k]-xs(x)) > 0.02 {
			t.Errorf("point %d at x %v, want %v (year %v)", k, v[2*k], xs(x), x)
		}
	}
	if !strings.Contains(string(Line(o)), "2020 release: highest 8 (2020)") {
		t.Error("the description does not read the series' own years")
	}
}

// Categorical classes are named in the legend and tooltips.
func TestChoroplethClassLabels(t *testing.T) {
	o := MapChart{Common: Common{Title: "Status", Lang: "es"}, Values: map[string]float64{"250": 3, "380": 2, "076": 1},
		Breaks: []float64{1.5, 2.5}, Colors: []string{"#E69F00", "#56B4E9", "#0072B2"}, ClassLabels: []string{"Retirado", "Signatario", "Parte"}}
	svg := string(Choropleth(o))
	for _, want := range []string{">Retirado<", ">Signatario<", ">Parte<", ">Sin datos<", ": Parte</title>", ": Signatario</title>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	legend := svg[strings.Index(svg, `<g class="legend"`):]
	if legend = legend[:strings.Index(legend, "</g>")]; strings.Contains(legend, "1,5") || strings.Contains(legend, "2,5") {
		t.Errorf("the legend still shows the class thresholds: %s", legend)
	}
	// a wrong number of labels falls back to the ranges
	o.ClassLabels = []string{"only one"}
	if svg := string(Choropleth(o)); strings.Contains(svg, "only one") {
		t.Error("a label list of the wrong length was used")
	}
}

// SignedY marks positive y values with a plus sign in the tick labels and
// marker tooltips; zero and negative values are unchanged.
func TestLineSignedY(t *testing.T) {
	o := LineChart{Common: Common{Title: "Index", Lang: "en"}, X: []float64{2000, 2001, 2002},
		Series: []Series{{Name: "Index", Y: []float64{-2, 0, 3}}}, Markers: true}
	if strings.Contains(string(Line(o)), ">+") {
		t.Fatal("plus signs without SignedY")
	}
	o.SignedY = true
	svg := string(Line(o))
	for _, want := range []string{">+2</text>", ">0</text>", ">−2</text>", "<title>Index, 2002: +3</title>", "<title>Index, 2001: 0</title>", "<title>Index, 2000: −2</title>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %q in\n%s", want, svg)
		}
	}
}

// Quantile classes are labelled by the smallest and largest value each
// holds, so that the ranges read in order and never share an end (a
// reader cannot tell which class "2,764" is in when two ranges end there).
func TestChoroplethQuantileLabels(t *testing.T) {
	cs, _, _ := Countries()
	vals := map[string]float64{}
	var all []float64
	for i, c := range cs {
		if c.ID == "" || len(vals) == 60 {
			continue
		}
		v := float64((i*7919)%100000 + 1) // 60 distinct whole values
		vals[c.ID] = v
		all = append(all, v)
	}
	slices.Sort(all)
	o := MapChart{Common: Common{Title: "Immigrants", Lang: "en"}, Values: vals, Classes: 5}
	root := parseSVG(t, Choropleth(o))
	legend := root.find(func(n *node) bool { return n.name == "g" && n.attr["class"] == "legend" })
	if len(legend) != 1 {
		t.Fatal("no legend")
	}
	var ranges [][2]float64
	for _, n := range legend[0].find(func(n *node) bool { return n.name == "text" }) {
		lo, hi, ok := strings.Cut(n.text, " – ")
		if !ok {
			continue // the "No data" swatch
		}
		a, err1 := strconv.ParseFloat(strings.ReplaceAll(lo, ",", ""), 64)
		b, err2 := strconv.ParseFloat(strings.ReplaceAll(hi, ",", ""), 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("legend label %q is not a range of numbers", n.text)
		}
		ranges = append(ranges, [2]float64{a, b})
	}
	if len(ranges) != 5 {
		t.Fatalf("%d ranges in the legend, want 5: %v", len(ranges), ranges)
	}
	if ranges[0][0] != all[0] || ranges[4][1] != all[len(all)-1] {
		t.Errorf("the legend runs %v – %v, the data %v – %v", ranges[0][0], ranges[4][1], all[0], all[len(all)-1])
	}
	for i, r := range ranges {
		if r[0] > r[1] || i > 0 && r[0] <= ranges[i-1][1] {
			t.Errorf("class %d's range %v overlaps or runs backwards after %v", i, r, ranges[max(i-1, 0)])
		}
	}
	// Every value's colour is the class whose range holds it.
	breaks, colors := o.MapClasses()
	for _, v := range all {
		c := classOf(v, breaks)
		if r := ranges[c]; v < r[0] || v > r[1] {
			t.Errorf("%v is coloured %s, class %d, labelled %v", v, colors[c], c, r)
		}
	}
}

// On a narrow chart a long category name goes on lines of its own above
// its bar, so the bars keep most of the width and no name starts left of
// the chart (a right-aligned 60-character name would).
func TestBarStacksLongLabelsWhenNarrow(t *testing.T) {
	long := "United Kingdom of Great Britain and Northern Ireland"
	o := BarChart{Common: Common{Title: "Top destinations", Lang: "en", Width: 340},
		Labels: []string{"Austria", long, "Italy"}, Series: []BarSeries{{Name: "People", Values: []float64{264081, 347634, 218158}}}}
	root := parseSVG(t, Bar(o))
	var lines []*node
	for _, g := range root.find(func(n *node) bool { return n.name == "g" && n.attr["class"] == "bar-group" }) {
		texts := g.find(func(n *node) bool { return n.name == "text" && n.attr["font-size"] == "" })
		bar := g.find(func(n *node) bool { return n.name == "rect" })
		if len(texts) == 0 || len(bar) != 1 {
			t.Fatalf("group %q: %d labels, %d bars", g.attr["data-label"], len(texts), len(bar))
		}
		ty, _ := strconv.ParseFloat(texts[len(texts)-1].attr["y"], 64)
		by, _ := strconv.ParseFloat(bar[0].attr["y"], 64)
		if ty > by {
			t.Errorf("%q: label at y %v is not above its bar at %v", g.attr["data-label"], ty, by)
		}
		if g.attr["data-label"] == long {
			lines = texts
		}
		w, _ := strconv.ParseFloat(bar[0].attr["width"], 64)
		if v := bar[0].attr["data-value"]; v == "347634" && w < 340*0.6 {
			t.Errorf("the longest bar is %v wide of 340", w)
		}
	}
	var joined []string
	for _, l := range lines {
		if x, _ := strconv.ParseFloat(l.attr["x"], 64); x < 0 || l.attr["text-anchor"] == "end" {
			t.Errorf("label line %q at x %v, anchor %q", l.text, x, l.attr["text-anchor"])
		}
		joined = append(joined, l.text)
	}
	if len(lines) < 2 || strings.Join(joined, " ") != long {
		t.Errorf("the long name is set as %q", joined)
	}
	// On a page-wide chart the names stay beside their bars.
	o.Width = 720
	if svg := string(Bar(o)); !strings.Contains(svg, `text-anchor="end">`+long+`<`) {
		t.Error("at 720 wide the long name is not beside its bar")
	}
}

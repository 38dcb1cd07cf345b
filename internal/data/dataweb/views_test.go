package dataweb

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// svgElement is one element of a chart, with its attributes and text.
type svgElement struct {
	name   string
	attr   map[string]string
	text   string
	parent *svgElement
}

// readChart parses a section's chart and checks what every chart on the
// explore pages must have: well-formed SVG, role="img", aria-labelledby
// naming a <title> equal to the section's title and a <desc> equal to its
// description (what screen readers announce), no style attribute or
// script (the CSP blocks them) and, for fills and strokes of marks, only
// colours of the colour-blind-safe palettes.
func readChart(t *testing.T, sec Section) []*svgElement {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader([]byte(sec.Chart)))
	var all []*svgElement
	var cur *svgElement
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed: %v", sec.ID, err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &svgElement{name: tk.Name.Local, attr: map[string]string{}, parent: cur}
			for _, a := range tk.Attr {
				e.attr[a.Name.Local] = a.Value
			}
			if _, ok := e.attr["style"]; ok || e.name == "script" || e.name == "style" {
				t.Errorf("%s: style or script in <%s>", sec.ID, e.name)
			}
			all = append(all, e)
			cur = e
		case xml.EndElement:
			cur = cur.parent
		case xml.CharData:
			if cur != nil {
				cur.text += string(tk)
			}
		}
	}
	root := all[0]
	if root.name != "svg" || root.attr["role"] != "img" {
		t.Fatalf("%s: root <%s role=%q>", sec.ID, root.name, root.attr["role"])
	}
	ids := strings.Fields(root.attr["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("%s: aria-labelledby %q", sec.ID, root.attr["aria-labelledby"])
	}
	for i, want := range map[int]struct{ name, text string }{0: {"title", sec.Title}, 1: {"desc", sec.Desc}} {
		found := false
		for _, e := range all {
			if e.attr["id"] == ids[i] {
				found = e.name == want.name && e.parent == root && e.text == want.text
			}
		}
		if !found {
			t.Errorf("%s: aria-labelledby %q is not the <%s> %q", sec.ID, ids[i], want.name, want.text)
		}
	}
	safe := append(slices.Clone(chart.OkabeIto), chart.NoDataFill, "#ffffff", "#fff", "none")
	for _, cs := range chart.YlGnBu {
		safe = append(safe, cs...)
	}
	for _, e := range all {
		if c := e.attr["class"]; c != "ribbon" && c != "region" && c != "series" && e.name != "rect" {
			continue
		}
		if f := e.attr["fill"]; f != "" && !slices.Contains(safe, f) {
			t.Errorf("%s: <%s class=%q> fill %s is not in the palettes", sec.ID, e.name, e.attr["class"], f)
		}
	}
	return all
}

// checkNarrow checks a chart's phone variant: a chart of its own, as
// accessible as the wide one, drawn 340 units wide so that its text keeps
// its size on a phone, with ids no element of the wide one has (both are
// in the page).
func checkNarrow(t *testing.T, sec Section, wide []*svgElement) {
	t.Helper()
	phone := sec
	phone.Chart = sec.Narrow
	all := readChart(t, phone)
	if vb := strings.Fields(all[0].attr["viewBox"]); len(vb) != 4 || vb[2] != "340" {
		t.Errorf("%s: the phone chart's viewBox %q is not 340 wide", sec.ID, all[0].attr["viewBox"])
	}
	ids := map[string]bool{}
	for _, e := range wide {
		if id := e.attr["id"]; id != "" {
			ids[id] = true
		}
	}
	for _, e := range all {
		if id := e.attr["id"]; id != "" && ids[id] {
			t.Errorf("%s: id %q is in both the wide and the phone chart", sec.ID, id)
		}
	}
}

func findAll(all []*svgElement, pred func(*svgElement) bool) []*svgElement {
	var out []*svgElement
	for _, e := range all {
		if pred(e) {
			out = append(out, e)
		}
	}
	return out
}

// The country, corridor and region pages draw their charts with the shared
// chart package: accessible, CSP-safe, colour-blind-safe, lines told apart
// by dash pattern as well as colour, a one-year series as bars, and on the
// world view a chord diagram that keeps the movements within a region.
func TestViewCharts(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "views.csv", "origin,destination,year,sex,measure,value\n"+
			"MEX,USA,2000,total,migrant_stock,9400000\nMEX,USA,2010,total,migrant_stock,12000000\n"+
			"MEX,USA,2010,female,migrant_stock,5600000\nMEX,USA,2010,male,migrant_stock,6400000\n"+
			"MEX,USA,2000,female,migrant_stock,4300000\nMEX,USA,2000,male,migrant_stock,5100000\n"+
			"DEU,USA,2010,total,migrant_stock,600000\nFRA,DEU,2010,total,migrant_stock,110000\n"+
			"USA,DEU,2010,total,migrant_stock,100000\nMEX,DEU,2010,total,migrant_stock,..\n"+
			"SYR,DEU,2020,total,refugees,560000\n")
		ctx := context.Background()
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		country, err := (&Handlers{S: s}).BuildCountry(ctx, "USA", nil, "fr", tr)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]Section{}
		for _, sec := range country.Sections {
			byID[sec.ID] = sec
			readChart(t, sec)
		}
		imm, ok := byID["immigrants"]
		if !ok {
			t.Fatalf("no immigrants chart; sections %v", country.Sections)
		}
		all := readChart(t, imm)
		lines := findAll(all, func(e *svgElement) bool {
			return e.name == "path" && e.attr["fill"] == "none" && e.parent != nil && e.parent.attr["class"] == "series"
		})
		if len(lines) != 3 {
			t.Fatalf("%d lines (total, women, men), want 3", len(lines))
		}
		dashes := map[string]bool{}
		for _, l := range lines {
			dashes[l.attr["stroke-dasharray"]] = true
		}
		if len(dashes) != 3 {
			t.Errorf("lines share dash patterns: %v", dashes)
		}
		if !strings.Contains(string(imm.Chart), `lang="fr"`) || !strings.Contains(string(imm.Chart), "9\u202f400\u202f000") {
			t.Error("the French page's chart does not format numbers in French")
		}
		// Refugees in Germany: one year, so bars.
		de, err := (&Handlers{S: s}).BuildCountry(ctx, "DEU", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		var refugees *Section
		narrow := 0
		for i, sec := range de.Sections {
			wide := readChart(t, sec)
			if sec.ID == "refugees-hosted" {
				refugees = &de.Sections[i]
			}
			if sec.Narrow != "" {
				narrow++
				checkNarrow(t, sec, wide)
			}
		}
		if narrow < 3 {
			t.Errorf("%d of Germany's charts are drawn for a phone as well, want the lines, bars and map", narrow)
		}
		if refugees == nil || !strings.Contains(string(refugees.Chart), "chart-bar") {
			t.Fatal("one year of refugees is not drawn as bars")
		}
		bars := findAll(readChart(t, *refugees), func(e *svgElement) bool { return e.name == "rect" && e.attr["data-value"] != "" })
		if len(bars) != 1 || bars[0].attr["data-value"] != "560000" {
			t.Errorf("refugee bars %v", bars)
		}
		// The top origins of Germany: Mexico has no number, a gap, not a zero bar.
		for _, sec := range de.Sections {
			if sec.ID == "top-origins" && strings.Contains(string(sec.Chart), `data-label="Mexico"`) {
				for _, e := range findAll(readChart(t, sec), func(e *svgElement) bool { return e.name == "rect" && e.attr["data-value"] == "0" }) {
					t.Errorf("a missing value drawn as a zero bar: %v", e.attr)
				}
			}
		}
		corr, err := (&Handlers{S: s}).BuildCorridor(ctx, "MEX", "USA", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(corr.Sections) == 0 {
			t.Fatal("no corridor chart")
		}
		for _, sec := range corr.Sections {
			readChart(t, sec)
		}
		world, err := (&Handlers{S: s}).BuildRegion(ctx, "001", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		var chord *Section
		for i, sec := range world.Sections {
			readChart(t, sec)
			if sec.ID == "chord" {
				chord = &world.Sections[i]
			}
		}
		if chord == nil {
			t.Fatal("no chord diagram on the world view")
		}
		// Americas → Americas (Mexico → USA, 12 000 000) is a loop on the
		// Americas' arc, and counts in its total with Europe → Americas.
		call := readChart(t, *chord)
		titleOf := func(e *svgElement) string {
			for _, c := range call {
				if c.parent == e && c.name == "title" {
					return c.text
				}
			}
			return ""
		}
		var names []string
		for _, e := range findAll(call, func(e *svgElement) bool { return e.attr["class"] == "region" }) {
			names = append(names, titleOf(e))
		}
		loops := findAll(call, func(e *svgElement) bool {
			return e.attr["class"] == "ribbon" && e.attr["data-origin"] == e.attr["data-dest"]
		})
		found := false
		for _, l := range loops {
			if l.attr["data-flow"] == "12000000" && strings.HasPrefix(titleOf(l), "Americas → Americas") {
				found = true
			}
		}
		if !found {
			t.Errorf("no Americas → Americas loop of 12 000 000 among %d loops (arcs %v)", len(loops), names)
		}
	})
}

// TestRegionViewIndices: a world view drawing flows adds the migration
// indices of the matrix between its regions. The flows below sum, by
// hand, to Americas in 50+40 = 90, out 10+20 = 30 (net 60, gross 120,
// effectiveness 50); Asia in 10+5 = 15, out 40; Europe in 20, out 50+5 =
// 55. Effectiveness 100·(60+25+35)/(120+55+75) = 48; five of the six
// flows between regions are not zero (Asia → Europe is): connectivity 5/6.
func TestRegionViewIndices(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "flows.csv", "origin,destination,year,sex,measure,value\n"+
			"MEX,USA,2015,total,flow,100\nDEU,USA,2015,total,flow,50\nUSA,DEU,2015,total,flow,20\nFRA,DEU,2015,total,flow,30\n"+
			"CHN,USA,2015,total,flow,40\nUSA,CHN,2015,total,flow,10\nDEU,CHN,2015,total,flow,5\n")
		tr := func(k string, args ...any) string { return k }
		world, err := (&Handlers{S: s}).BuildRegion(context.Background(), "001", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]Section{}
		for _, sec := range world.Sections {
			byID[sec.ID] = sec
		}
		regions, matrix := byID["indices-regions"], byID["indices-matrix"]
		if len(regions.Table) != 3 || len(matrix.Table) == 0 || regions.Chart != "" {
			t.Fatalf("indices sections: %+v %+v", regions, matrix)
		}
		want := map[string][]string{"Americas": {"90", "30", "60", "120", "50"}, "Asia": {"15", "40", "-25", "55", "-45.45"}, "Europe": {"20", "55", "-35", "75", "-46.67"}}
		for _, row := range regions.Table {
			if w := want[row[0]]; strings.Join(row[1:], " ") != strings.Join(w, " ") {
				t.Errorf("%s: %v, want %v", row[0], row[1:], w)
			}
		}
		got := map[string]string{}
		for _, row := range matrix.Table {
			got[row[0]] = row[1]
		}
		if got["data.indices.effectiveness.name"] != "48" || got["data.indices.connectivity.name"] != "0.8333" || got["data.indices.total.name"] != "125" {
			t.Errorf("matrix indices %v", got)
		}
	})
}

// TestFlowIndicesPopulation: with a dataset that has every place's
// population (in thousands, as UN DESA's Table 2) near the flows' year,
// the indices add crude rates per 1,000. By hand: Canada receives
// 30 + 20 = 50 and sends 10 + 5 = 15; with 38,000 thousand people its
// in-rate is 1000·50/38e6, its net rate 1000·35/38e6. M = 60 + 5 + 30 +
// 20 + 10 + 5 = 130 over 38e6 + 128e6 + 330e6 = 496e6 people: CMP =
// 100·130/496e6.
func TestFlowIndicesPopulation(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		flowsDS := importTidy(t, s, "flows.csv", "origin,destination,year,sex,measure,value\n"+
			"MEX,USA,2019,total,flow,60\nUSA,MEX,2019,total,flow,5\nMEX,CAN,2019,total,flow,30\nUSA,CAN,2019,total,flow,20\nCAN,USA,2019,total,flow,10\nCAN,MEX,2019,total,flow,5\n"+
			"MEX,USA,2015,total,flow,70\nUSA,MEX,2015,total,flow,5\nMEX,CAN,2015,total,flow,1\n"+
			"MEX,USA,2008,total,flow,3\nUSA,CAN,2008,total,flow,2\nCAN,MEX,2008,total,flow,1\n")
		ctx := context.Background()
		fi, err := s.FlowIndices(ctx, flowsDS, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Population != nil || fi.Report.K != 0 || fi.Report.Regions[0].InRate != nil {
			t.Fatalf("rates without any population: %+v", fi.Population)
		}
		// A population table lacking Mexico in 2020 is not used; the
		// complete one of 2017 is (within five years).
		importTidy(t, s, "pop.csv", "origin,destination,year,sex,measure,value\n"+
			"001,CAN,2017,total,population,38000\n001,MEX,2017,total,population,128000\n001,USA,2017,total,population,330000\n"+
			"001,CAN,2020,total,population,1\n001,USA,2020,total,population,1\n")
		fi, err = s.FlowIndices(ctx, flowsDS, 2019)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Population == nil || fi.Population.Year != 2017 || fi.Report.K != 1000 {
			t.Fatalf("population source %+v, k %v", fi.Population, fi.Report.K)
		}
		can := fi.Report.Regions[0]
		if can.Region != "CAN" || float64(*can.Population) != 38e6 || math.Abs(float64(*can.InRate)-1000*50/38e6) > 1e-15 || math.Abs(float64(*can.NetRate)-1000*35/38e6) > 1e-15 {
			t.Errorf("Canada: %+v population %v in-rate %v net rate %v", can, *can.Population, *can.InRate, *can.NetRate)
		}
		if got := float64(fi.Report.Indices["cmp"]); math.Abs(got-100*130/496e6) > 1e-15 {
			t.Errorf("CMP %v, want %v", got, 100*130/496e6)
		}
		// 2015 is two years from 2017, 2008 nine: too far.
		if fi, err := s.FlowIndices(ctx, flowsDS, 2015); err != nil || fi.Population == nil {
			t.Errorf("2015 flows: the 2017 populations not used (%v)", err)
		}
		if fi, err := s.FlowIndices(ctx, flowsDS, 2008); err != nil || fi.Population != nil {
			t.Errorf("2008 flows: populations of %+v used (%v)", fi.Population, err)
		}
	})
}

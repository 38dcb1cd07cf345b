package chart

import (
	"corridor/internal/testutil"

	"bufio"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// abelSander reads the regional Abel & Sander (2014) flows from the shared
// data folder, or skips the test when it is absent.
func abelSander(t testing.TB) (names []string, flows [][]float64) {
	return circosTable(t, "abel_sander2014_region_circos.tsv")
}

// circosTable reads a migest Circos table: header rows, then one row per
// origin with the plot order, colour, name and the flows.
func circosTable(t testing.TB, file string) (names []string, flows [][]float64) {
	t.Helper()
	f, err := os.Open(testutil.SharedData(t, "migest", file))
	if err != nil {
		t.Fatalf("Abel & Sander data: %v", err)
	}
	defer f.Close()
	type row struct {
		order int
		name  string
		vals  []float64
	}
	var rows []row
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) < 4 || fs[0] == "-" || strings.TrimSpace(fs[0]) == "" {
			continue
		}
		ord, _ := strconv.Atoi(fs[0])
		r := row{order: ord, name: strings.ReplaceAll(fs[2], "_", " ")}
		for _, c := range fs[3:] {
			v, _ := strconv.ParseFloat(c, 64)
			r.vals = append(r.vals, v)
		}
		rows = append(rows, r)
	}
	// Plot order from the first column.
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sortIdx(idx, func(a, b int) bool { return rows[a].order < rows[b].order })
	for _, i := range idx {
		names = append(names, rows[i].name)
		var fr []float64
		for _, j := range idx {
			fr = append(fr, rows[i].vals[j])
		}
		flows = append(flows, fr)
	}
	return names, flows
}

// With -render the examples go to testoutput/ (git-ignored) for looking at,
// e.g. with rsvg-convert; otherwise to a temporary directory.
var render = flag.Bool("render", false, "write example SVGs to testoutput/")

func writeOut(t *testing.T, name string, b []byte) {
	t.Helper()
	dir := t.TempDir()
	if *render {
		dir = "testoutput"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var nan = math.NaN()

func sampleLine() LineChart {
	return LineChart{
		Common: Common{Title: "International migrants", Lang: "en", ShowTitle: true},
		X:      []float64{1990, 1995, 2000, 2005, 2010, 2015, 2020},
		Series: []Series{
			{Name: "Europe", Y: []float64{49.6, 53.4, 56.3, 64.1, 70.7, 75.0, 86.7}},
			{Name: "Asia", Y: []float64{48.2, 46.6, 49.1, 53.4, 66.1, 77.2, 85.6}},
			{Name: "Northern America", Y: []float64{27.6, 33.3, 40.4, 45.4, 50.9, 55.6, 58.7}},
			{Name: "Africa", Y: []float64{15.7, 17.9, nan, 15.9, 18.8, 23.6, 25.4}},
			{Name: "Latin America", Y: []float64{7.1, 6.7, 6.5, 7.2, 8.3, 9.4, 14.8}},
		},
		YLabel:  "Millions",
		Markers: true,
	}
}

func sampleBar() BarChart {
	return BarChart{
		Common: Common{Title: "Top origins", Lang: "fr", ShowTitle: true},
		Labels: []string{"India", "Mexico", "Russian Federation", "China", "Syria", "Bangladesh", "Pakistan", "Ukraine", "Philippines", "Afghanistan"},
		Series: []BarSeries{
			{Name: "Men", Values: []float64{9500000, 5900000, 5100000, 4900000, 4200000, 4100000, 3500000, 2800000, 2700000, 3000000}},
			{Name: "Women", Values: []float64{8300000, 5300000, 5700000, 5600000, 3800000, 3300000, 2800000, 3300000, 3400000, 2800000}},
		},
		XLabel: "Emigrants",
	}
}

func TestRenderExamples(t *testing.T) {
	writeOut(t, "line.svg", Line(sampleLine()))
	writeOut(t, "bar.svg", Bar(sampleBar()))
	b := sampleBar()
	b.Series = b.Series[:1]
	b.SortDesc = true
	b.Lang = "en"
	writeOut(t, "bar1.svg", Bar(b))
	names, flows := abelSander(t)
	writeOut(t, "chord.svg", Chord(ChordChart{Common: Common{Title: "Global regions 2005–10", Lang: "en"}, Names: names, Flows: flows, MinShare: 0.001}))
	cs, _, _ := Countries()
	vals := map[string]float64{}
	for i, c := range cs {
		if c.ID != "" && i%7 != 0 {
			vals[c.ID] = math.Round(math.Exp(float64((i*37)%100)/10)) * 10
		}
	}
	cn, cf := circosTable(t, "abel_sander2014_country_circos.tsv")
	for i := range cf {
		for j := range cf[i] {
			if cf[i][j] <= 1 { // Circos placeholder for zero
				cf[i][j] = 0
			}
		}
	}
	writeOut(t, "chord-countries.svg", Chord(ChordChart{Common: Common{Title: "Selected nations 2005–10", Lang: "fr", Width: 720}, Names: cn, Flows: cf, MinShare: 0.002}))
	writeOut(t, "map-antarctica.svg", Choropleth(MapChart{Common: Common{Title: "Immigrants", Lang: "es", ShowTitle: true, Width: 800}, Values: vals, Palette: "Blues", Classes: 7}))
	writeOut(t, "map.svg", Choropleth(MapChart{Common: Common{Title: "Immigrants", Lang: "fr"}, Values: vals, LegendTitle: "Immigrés", OmitAntarctica: true}))
}

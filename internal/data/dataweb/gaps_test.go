package dataweb

import (
	"strings"
	"testing"

	"corridor/internal/data"
)

// A line is not drawn across a year missing from its own cadence: UNHCR's
// yearly figures for 2000–2002 and 2005–2006 are two pieces of line, UN
// DESA's 1990, 1995, …, 2015, 2019 is one; people are drawn whole.
func TestLinesBreakAtMissingYears(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	var rows []data.Row
	for _, y := range []int{2000, 2001, 2002, 2005, 2006} {
		rows = append(rows, data.Row{Dataset: 1, Measure: "refugees", Year: y, Sex: "total", Value: v(1000.4 + float64(y))})
	}
	for _, y := range []int{1990, 1995, 2000, 2005, 2010, 2015, 2019} {
		rows = append(rows, data.Row{Dataset: 2, Measure: "migrant_stock", Year: y, Sex: "total", Value: v(float64(y) * 10)})
	}
	label := func(r data.Row) string { return map[int64]string{1: "UNHCR", 2: "UN DESA"}[r.Dataset] }
	sec := lineSection("gaps", "Gaps", "Gaps", "people", rows, label, "en")
	pieces := map[string]int{}
	for _, e := range readChart(t, sec) {
		if e.name == "path" && e.attr["fill"] == "none" && e.parent != nil && e.parent.attr["class"] == "series" {
			pieces[e.parent.attr["data-series"]] += strings.Count(e.attr["d"], "M")
		}
		if v := e.attr["data-value"]; strings.Contains(v, ".") {
			t.Errorf("a fractional number of people drawn: %s", v)
		}
	}
	if pieces["UNHCR"] != 2 || pieces["UN DESA"] != 1 {
		t.Errorf("line pieces %v, want UNHCR 2 (a gap for 2003–2004) and UN DESA 1", pieces)
	}
}

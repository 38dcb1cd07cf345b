package data

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// demoCountries are the places of the bundled demo sample.
var demoCountries = []string{"MEX", "USA", "CAN", "GTM", "SLV", "HND", "DEU", "TUR", "SYR", "FRA", "DZA", "MAR", "ESP", "IND", "ARE", "PHL"}

// TestGenerateDemo rewrites internal/data/demo/*.csv from the full real
// files: run with CORRIDOR_GEN_DEMO=1. It imports each file with the
// importers, then keeps the demo countries' non-zero values.
func TestGenerateDemo(t *testing.T) {
	if os.Getenv("CORRIDOR_GEN_DEMO") == "" {
		t.Skip("set CORRIDOR_GEN_DEMO=1 to regenerate the demo sample")
	}
	d := dbtest.OpenTest(t, db.SQLite)
	s := NewService(d, nil, nil)
	in := map[string]bool{World: true}
	for _, c := range demoCountries {
		in[c] = true
	}
	for _, file := range demoFiles {
		res, err := importFile(t, s, file.format, testutil.SharedData(t, file.shared...))
		if err != nil {
			t.Fatal(err)
		}
		obs, err := s.Observations(context.Background(), Filter{Datasets: []int64{res.Dataset.ID}})
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join("demo", file.name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(out)
		w.Write([]string{"origin", "destination", "year", "sex", "measure", "value", "flag"})
		n := 0
		for _, o := range obs {
			if !in[o.Origin] || !in[o.Destination] || o.Year < file.fromYear || o.Value != nil && *o.Value == 0 || file.measure != "" && o.Measure != file.measure {
				continue
			}
			v := ""
			if o.Value != nil {
				v = strconv.FormatFloat(*o.Value, 'f', -1, 64)
			}
			w.Write([]string{o.Origin, o.Destination, strconv.Itoa(o.Year), o.Sex, o.Measure, v, o.Flag})
			n++
		}
		n += writeWorldTotals(w, obs, in, file.fromYear, file.measure)
		w.Flush()
		out.Close()
		t.Logf("%s: %d rows", file.name, n)
	}
}

// writeWorldTotals adds, for each demo country of a bilateral table, its
// totals over every partner in the full file (world as the other side), so
// the demo's country totals are the real ones. A table that gives world
// totals itself (the UN DESA destination workbooks) keeps its own.
func writeWorldTotals(w *csv.Writer, obs []Observation, in map[string]bool, fromYear int, measure string) int {
	type key struct {
		measure, origin, destination string
		year                         int
		sex                          string
	}
	direct := map[key]bool{}
	sums := map[key]float64{}
	var order []key
	for _, o := range obs {
		if o.Year < fromYear || measure != "" && o.Measure != measure || o.Value == nil {
			continue
		}
		if o.Origin == World || o.Destination == World {
			direct[key{o.Measure, o.Origin, o.Destination, o.Year, o.Sex}] = true
			continue
		}
		if o.Origin < "A" || o.Destination < "A" || o.Origin == o.Destination {
			continue // aggregates, and stayers
		}
		for _, k := range []key{{o.Measure, World, o.Destination, o.Year, o.Sex}, {o.Measure, o.Origin, World, o.Year, o.Sex}} {
			if !in[k.origin] || !in[k.destination] {
				continue
			}
			if _, seen := sums[k]; !seen {
				order = append(order, k)
			}
			sums[k] += *o.Value
		}
	}
	n := 0
	for _, k := range order {
		if direct[k] || sums[k] == 0 {
			continue
		}
		w.Write([]string{k.origin, k.destination, strconv.Itoa(k.year), k.sex, k.measure, strconv.FormatFloat(sums[k], 'f', -1, 64), ""})
		n++
	}
	return n
}

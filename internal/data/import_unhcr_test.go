package data

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data/importers"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// unhcrFlowsFile reads flows.csv.gz with encoding/csv, independently of the
// importer: the header's columns and the rows.
func unhcrFlowsFile(t *testing.T, path string) (map[string]int, [][]string) {
	recs := testutil.GzipCSV(t, path)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	return col, recs[1:]
}

// The file's value columns and the measures they are stored as.
var unhcrFlowColumns = map[string]string{"refugees": "refugee_arrivals", "asylum_seekers": "asylum_applications", "refugee_like": "refugee_like_arrivals", "oip": "oip_arrivals"}

// isoCode is how the data pillar stores UNHCR's codes for an unknown origin
// and for stateless people.
func isoCode(c string) string {
	switch c {
	case "UKN":
		return "UNK"
	case "STA":
		return "XXA"
	}
	return c
}

// TestImportUNHCRFlows imports the whole flows file and checks it against
// the file read with encoding/csv: chosen rows (by year, origin and asylum
// country) cell by cell — an empty cell is not stored, not a zero — and the
// sum of every column in every year; then the country page and the
// measure filter; and a truncated copy fails with nothing stored.
func TestImportUNHCRFlows(t *testing.T) {
	path := testutil.SharedData(t, "unhcr-refugees", "flows.csv.gz")
	col, recs := unhcrFlowsFile(t, path)
	type key struct{ year, origin, asylum string }
	picked := map[key][]string{
		{"1962", "AGO", "COD"}: nil, {"2010", "AFG", "PAK"}: nil, {"2015", "SYR", "DEU"}: nil, {"2022", "UKR", "POL"}: nil,
		{"2024", "SDN", "TCD"}: nil, {"2023", "VEN", "CRI"}: nil, {"2006", "AFG", "IRN"}: nil,
	}
	// UNHCR's origin code TIB ("Tibetan" in countries.csv) is a group of
	// people, not an ISO country: the import reports it as unmatched (a
	// curator maps it) and stores the rest.
	sums := map[string]map[int]float64{} // measure → year → sum of the column
	cells, tibetan := 0, 0
	for _, r := range recs {
		k := key{r[col["year"]], r[col["coo_iso"]], r[col["coa_iso"]]}
		if _, ok := picked[k]; ok {
			picked[k] = r
		}
		year, _ := strconv.Atoi(r[col["year"]])
		for c, m := range unhcrFlowColumns {
			if r[col[c]] == "" {
				continue
			}
			if r[col["coo_iso"]] == "TIB" {
				tibetan++
				continue
			}
			if sums[m] == nil {
				sums[m] = map[int]float64{}
			}
			sums[m][year] += num(t, r[col[c]])
			cells++
		}
	}
	for k, r := range picked {
		if r == nil {
			t.Fatalf("row %v is not in the file", k)
		}
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	trunc := filepath.Join(t.TempDir(), "flows-truncated.csv.gz")
	os.WriteFile(trunc, raw[:len(raw)*2/3], 0o600)
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		_, err := importFile(t, s, "unhcr-flows", trunc)
		if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "flows-truncated.csv.gz") {
			t.Errorf("truncated gzip: %v", err)
		}
		if n := count(t, d, "data_observations") + count(t, d, "data_datasets"); n != 0 {
			t.Errorf("the failed import stored %d rows", n)
		}
		if testing.Short() {
			return
		}
		res, err := importFile(t, s, "unhcr-flows", path)
		if err != nil {
			t.Fatal(err)
		}
		if res.Dataset.Observations != int64(cells) {
			t.Errorf("%d observations; the file has %d non-empty cells besides TIB's", res.Dataset.Observations, cells)
		}
		if len(res.Unmatched) != 1 || res.Unmatched[0].Name != "TIB" || res.Unmatched[0].Occurrences != int64(tibetan) {
			t.Errorf("unmatched %+v, want TIB with its %d values", res.Unmatched, tibetan)
		}
		for k, r := range picked {
			year, _ := strconv.Atoi(k.year)
			for c, m := range unhcrFlowColumns {
				var v *float64
				err := d.QueryRow(`SELECT value FROM data_observations WHERE dataset_id = $1 AND measure = $2 AND origin = $3 AND destination = $4 AND year = $5 AND sex = 'total'`,
					res.Dataset.ID, m, k.origin, k.asylum, year).Scan(&v)
				switch {
				case r[col[c]] == "" && !errors.Is(err, sql.ErrNoRows):
					t.Errorf("%v %s: the file leaves it empty (not reported), stored %v (err %v)", k, c, v, err)
				case r[col[c]] != "" && (err != nil || v == nil || *v != num(t, r[col[c]])):
					t.Errorf("%v %s: stored %v (err %v), the file says %s", k, c, v, err, r[col[c]])
				}
			}
		}
		rows, err := d.Query(`SELECT measure, year, SUM(value) FROM data_observations WHERE dataset_id = $1 GROUP BY measure, year`, res.Dataset.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]map[int]float64{}
		for rows.Next() {
			var m string
			var y int
			var v float64
			if err := rows.Scan(&m, &y, &v); err != nil {
				t.Fatal(err)
			}
			if stored[m] == nil {
				stored[m] = map[int]float64{}
			}
			stored[m][y] = v
		}
		rows.Close()
		for m, byYear := range sums {
			for y, want := range byYear {
				if got := stored[m][y]; got != want {
					t.Errorf("%s in %d: stored sum %v, the file's column sums to %v", m, y, got, want)
				}
			}
			if len(stored[m]) != len(byYear) {
				t.Errorf("%s: %d years stored, the file has %d", m, len(stored[m]), len(byYear))
			}
		}
		// The country page: new asylum applications in Germany in 2015 are
		// the sum of the file's rows with Germany as the asylum country.
		var deApps float64
		for _, r := range recs {
			if r[col["year"]] == "2015" && r[col["coa_iso"]] == "DEU" && r[col["asylum_seekers"]] != "" && isoCode(r[col["coo_iso"]]) != "DEU" {
				deApps += num(t, r[col["asylum_seekers"]])
			}
		}
		totals, err := s.Totals(context.Background(), importers.AsylumApplications, "destination", "DEU", nil)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range totals {
			if r.Year == 2015 && r.Sex == "total" {
				found = true
				if r.Value == nil || math.Abs(*r.Value-deApps) > 0.5 {
					t.Errorf("Germany 2015 new asylum applications %v, the file sums to %v", r.Value, deApps)
				}
			}
		}
		if !found {
			t.Errorf("no 2015 new asylum applications in Germany: %+v", totals)
		}
		// The measure filter of the observations API.
		for c, m := range unhcrFlowColumns {
			obs, err := s.Observations(context.Background(), Filter{Measure: m, Origin: "SYR", Destination: "DEU"})
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, r := range recs {
				if r[col["coo_iso"]] == "SYR" && r[col["coa_iso"]] == "DEU" && r[col[c]] != "" {
					want++
				}
			}
			if len(obs) != want {
				t.Errorf("measure=%s SYR→DEU: %d observations, the file has %d", m, len(obs), want)
			}
			for _, o := range obs {
				if o.Measure != m {
					t.Errorf("measure=%s returned %s", m, o.Measure)
				}
			}
		}
	})
}

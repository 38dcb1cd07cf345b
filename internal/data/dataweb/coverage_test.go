package dataweb

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// UNHCR's table has no total per country of asylum, so Germany's refugees
// hosted are a sum over the countries of origin; the page says so and how
// many origins the latest year's sum adds up — the number of origins with
// a refugee figure for Germany in the file itself.
func TestSumsSayTheirCoverage(t *testing.T) {
	path := testutil.SharedData(t, "unhcr-refugees", "population.csv.gz")
	year, origins := unhcrOrigins(t, path, "DEU")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		ctx := context.Background()
		if _, err := s.Import(ctx, data.ImportRequest{Format: "unhcr-population", FileName: "population.csv.gz", Content: f, Size: st.Size()}); err != nil {
			t.Fatal(err)
		}
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		v, err := (&Handlers{S: s}).BuildCountry(ctx, "DEU", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range v.Sections {
			if sec.ID != "refugees-hosted" {
				continue
			}
			want := fmt.Sprintf("%d %d", origins, year)
			if !strings.HasPrefix(sec.Coverage, "data.coverage ") || !strings.HasSuffix(sec.Coverage, want) {
				t.Errorf("coverage %q, want the sum over %d origins in %d", sec.Coverage, origins, year)
			}
			return
		}
		t.Error("no refugees-hosted section on Germany's page")
	})
}

// unhcrOrigins reads the latest year with refugees in the country of
// asylum iso and how many origins have a refugee figure there that year.
func unhcrOrigins(t *testing.T, path, iso string) (int, int) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(gz).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	byYear := map[int]map[string]bool{}
	latest := 0
	for _, r := range recs[1:] {
		if r[col["coa_iso"]] != iso || r[col["refugees"]] == "" || r[col["coo_iso"]] == iso {
			continue
		}
		y, _ := strconv.Atoi(r[col["year"]])
		if byYear[y] == nil {
			byYear[y] = map[string]bool{}
		}
		byYear[y][r[col["coo_name"]]] = true
		latest = max(latest, y)
	}
	return latest, len(byYear[latest])
}

// People are whole in tables: an estimated flow of 309.48 people reads
// "309", one of 2,257.5 reads "2,258" (half away from zero); a share keeps
// its decimals, and a tiny negative share is "0.00", never "-0.00".
func TestPeopleAreWhole(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	for _, c := range []struct {
		r    data.Row
		want string
	}{
		{data.Row{Measure: "flow", Value: v(309.48)}, "309"},
		{data.Row{Measure: "flow", Value: v(2257.5)}, "2,258"},
		{data.Row{Measure: "flow", Value: v(-0.001)}, "0"},
		{data.Row{Measure: "migrant_stock", Value: v(42927.613263142855)}, "42,928"},
		{data.Row{Measure: "migrant_share", Value: v(12.345)}, "12.35"},
		{data.Row{Measure: "migrant_share", Value: v(-0.001)}, "0.00"},
	} {
		if got := cellText(c.r, "en"); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.r.Measure, *c.r.Value, got, c.want)
		}
	}
}

// A flow Corridor estimated says so under the corridor's chart: not a
// published figure, with the estimate's method and inputs (its notes).
func TestEstimatesSayWhatTheyAre(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		src := importTidy(t, s, "stocks.csv", "origin,destination,year,sex,measure,value\n"+
			"MEX,USA,2010,total,migrant_stock,1000\nMEX,USA,2015,total,migrant_stock,1300.4\n"+
			"USA,MEX,2010,total,migrant_stock,500\nUSA,MEX,2015,total,migrant_stock,450\n")
		ctx := context.Background()
		if _, err := s.Estimate(ctx, data.EstimateRequest{Dataset: src, From: 2010, To: 2015, Method: "difference", Publish: true}); err != nil {
			t.Fatal(err)
		}
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		v, err := (&Handlers{S: s}).BuildCorridor(ctx, "MEX", "USA", nil, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		for _, sec := range v.Sections {
			if sec.ID != "corridor-flow" {
				continue
			}
			if !strings.Contains(sec.Coverage, "data.estimate_note") || !strings.Contains(sec.Coverage, "Stock differencing") || !strings.Contains(sec.Coverage, "stocks 2010 and 2015") {
				t.Errorf("the flow chart does not say what the estimate is: %q", sec.Coverage)
			}
			for _, row := range sec.Table {
				for _, c := range row[1:] {
					if strings.Contains(c, ".") {
						t.Errorf("fractional people in the flow table: %q", c)
					}
				}
			}
			return
		}
		t.Errorf("no flow section on the corridor page: %v", v.Sections)
	})
}

package data

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data/importers"
	"corridor/internal/data/xlsx"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// readTable reads a CSV or TSV with encoding/csv, independently of the
// importers' reader.
func readTable(t *testing.T, path string, comma rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func sumStored(t *testing.T, d *db.DB, ds int64) float64 {
	t.Helper()
	var v float64
	if err := d.QueryRow(`SELECT COALESCE(SUM(value), 0) FROM data_observations WHERE dataset_id = $1`, ds).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestImportAbel2018RegionFlows(t *testing.T) {
	path := testutil.SharedData(t, "migest", "abel2018_imr_region_flows.csv")
	recs := readTable(t, path, ',')
	if len(recs) != 892 {
		t.Fatalf("the file has %d data rows, SOURCE.md says 891", len(recs)-1)
	}
	// Every row of the file, by origin, destination and period.
	type key struct{ o, d, y string }
	want := map[key]float64{}
	for _, r := range recs[1:] {
		want[key{r[1], r[2], r[0]}] = num(t, r[3])
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "abel-2018-region-flows", path)
		if err != nil {
			t.Fatal(err)
		}
		ds := res.Dataset
		// Every row is stored unless it names a place reported as unmatched.
		un := map[string]bool{}
		for _, u := range res.Unmatched {
			un[u.Name] = true
		}
		var matched int64
		for k := range want {
			if !un[k.o] && !un[k.d] {
				matched++
			}
		}
		if ds.Observations != matched {
			t.Errorf("%d observations, want the file's %d rows whose places matched", ds.Observations, matched)
		}
		if ds.Observations == 0 {
			t.Fatal("nothing stored")
		}
		// Africa (M49 002) → Northern America (021) in each period, as the file says.
		checked := 0
		for _, y := range []int{1960, 1985, 2010} {
			w := want[key{"Africa", "Northern America", strconv.Itoa(y)}]
			got, ok := value(t, d, ds.ID, "flow", "002", "021", y, "total")
			if !ok || got != w {
				t.Errorf("Africa → Northern America %d: got %v, the file says %v", y, got, w)
			}
			checked++
		}
		// Within-region flows are kept (diagonal).
		if got, _ := value(t, d, ds.ID, "flow", "002", "002", 1960, "total"); got != want[key{"Africa", "Africa", "1960"}] {
			t.Errorf("Africa → Africa 1960: got %v, want %v", got, want[key{"Africa", "Africa", "1960"}])
		}
		for _, u := range res.Unmatched {
			t.Logf("unmatched: %s at %s (%d)", u.Name, u.Location, u.Occurrences)
		}
		again, err := importFile(t, s, "abel-2018-region-flows", path)
		if err != nil || !again.NoOp {
			t.Fatalf("re-import: %+v %v, want a no-op", again, err)
		}
	})
}

// circosCells reads a Circos table: origin name → destination name → value.
func circosCells(t *testing.T, path string) map[string]map[string]float64 {
	recs := readTable(t, path, '\t')
	names := recs[1]
	out := map[string]map[string]float64{}
	for _, r := range recs[2:] {
		if strings.TrimSpace(strings.Join(r, "")) == "" {
			continue
		}
		m := map[string]float64{}
		for i := 3; i < len(r); i++ {
			m[names[i]] = num(t, r[i])
		}
		out[r[2]] = m
	}
	return out
}

func TestImportAbelSanderCircos(t *testing.T) {
	regPath := testutil.SharedData(t, "migest", "abel_sander2014_region_circos.tsv")
	ctyPath := testutil.SharedData(t, "migest", "abel_sander2014_country_circos.tsv")
	reg := circosCells(t, regPath)
	cty := circosCells(t, ctyPath)
	var regTotal, ctyOff float64
	ctyOnes := 0
	for _, m := range reg {
		for _, v := range m {
			regTotal += v
		}
	}
	for o, m := range cty {
		for dn, v := range m {
			if o != dn {
				ctyOff += v
			}
			if v == 1 {
				ctyOnes++
			}
		}
	}
	if len(reg) != 10 || regTotal != 40700707 {
		t.Fatalf("region table: %d regions, total %v; SOURCE.md says 10 and 40,700,707", len(reg), regTotal)
	}
	if len(cty) != 25 || ctyOff != 17039588 {
		t.Fatalf("country table: %d countries, off-diagonal total %v; SOURCE.md says 25 and 17,039,588", len(cty), ctyOff)
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "abel-sander-2014-countries", ctyPath)
		if err != nil {
			t.Fatal(err)
		}
		ds := res.Dataset
		if len(res.Unmatched) != 0 {
			t.Errorf("unmatched country names: %+v", res.Unmatched)
		}
		// All cells but the placeholders of 1 are stored.
		if want := int64(25*25 - ctyOnes); ds.Observations != want {
			t.Errorf("%d observations, want %d (625 cells less %d placeholders)", ds.Observations, want, ctyOnes)
		}
		if got, want := sumStored(t, d, ds.ID), ctyOff-float64(ctyOnes-25); got != want {
			t.Errorf("stored total %v, want %v (the off-diagonal total less the off-diagonal placeholders)", got, want)
		}
		for _, c := range []struct{ o, d, oc, dc string }{
			{"Mexico", "United_States", "MEX", "USA"},
			{"India", "United_Arab_Emirates", "IND", "ARE"},
			{"Bangladesh", "India", "BGD", "IND"},
		} {
			got, ok := value(t, d, ds.ID, "flow", c.oc, c.dc, importers.CircosYear, "total")
			if w := cty[c.o][c.d]; !ok || got != w {
				t.Errorf("%s → %s: got %v, the file says %v", c.o, c.d, got, w)
			}
		}

		res, err = importFile(t, s, "abel-sander-2014-regions", regPath)
		if err != nil {
			t.Fatal(err)
		}
		un := map[string]bool{}
		for _, u := range res.Unmatched {
			un[u.Name] = true
		}
		var matched int64
		for o, m := range reg {
			for dn := range m {
				if !un[strings.ReplaceAll(o, "_", " ")] && !un[strings.ReplaceAll(dn, "_", " ")] {
					matched++
				}
			}
		}
		if res.Dataset.Observations != matched || res.Dataset.Observations+unmatchedValues(res) < 100 {
			t.Errorf("%d observations, want the %d cells whose regions matched (unmatched: %d values)", res.Dataset.Observations, matched, unmatchedValues(res))
		}
		for _, u := range res.Unmatched {
			t.Logf("unmatched: %s at %s (%d)", u.Name, u.Location, u.Occurrences)
		}
		// Africa → Europe (M49 002 → 150).
		if got, ok := value(t, d, res.Dataset.ID, "flow", "002", "150", importers.CircosYear, "total"); !ok || got != reg["Africa"]["Europe"] {
			t.Errorf("Africa → Europe: got %v, the file says %v", got, reg["Africa"]["Europe"])
		}
	})
}

func TestImportRemittanceInflows(t *testing.T) {
	path := testutil.SharedData(t, "worldbank-knomad", "inward_remittance_flows_december_2023.xlsx")
	cells := domSheet(t, path, "xl/worksheets/sheet1.xml")
	if !strings.HasPrefix(cells["A1"], "Remittance inflows") || cells["B1"] != "2000" || cells["X1"] != "2022" {
		t.Fatalf("unexpected layout: A1=%q B1=%q X1=%q", cells["A1"], cells["B1"], cells["X1"])
	}
	// Find the rows of a few countries in column A.
	rowOf := map[string]int{}
	for ref, v := range cells {
		if strings.HasPrefix(ref, "A") {
			if n, err := strconv.Atoi(ref[1:]); err == nil {
				rowOf[v] = n
			}
		}
	}
	// Cells in years 2000–2022 that hold a number.
	var numeric int
	for ref, v := range cells {
		col := strings.TrimRight(ref, "0123456789")
		ci, err := xlsx.ColumnIndex(col)
		n, _ := strconv.Atoi(ref[len(col):])
		if err != nil || ci < 1 || ci > 23 || n < 2 || n > 217 || strings.TrimSpace(v) == "" {
			continue
		}
		numeric++
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "worldbank-remittance-inflows-2023", path)
		if err != nil {
			t.Fatal(err)
		}
		ds := res.Dataset
		if got := ds.Observations + unmatchedValues(res); got != int64(numeric) { // origin is always the world: one name per value
			t.Errorf("observations %d + unmatched values %d, want the %d numeric cells of 2000–2022", ds.Observations, unmatchedValues(res), numeric)
		}
		for _, c := range []struct {
			name, code, col string
			year            int
		}{
			{"Mexico", "MEX", "X", 2022},
			{"India", "IND", "L", 2010},
			{"Philippines", "PHL", "B", 2000},
			{"World", "001", "X", 2022},
		} {
			r, ok := rowOf[c.name]
			if !ok {
				t.Fatalf("no row %q in the sheet", c.name)
			}
			want := num(t, cells[c.col+strconv.Itoa(r)])
			got, ok := value(t, d, ds.ID, "remittances", "001", c.code, c.year, "total")
			if !ok || math.Abs(got-want) > 1e-9*math.Abs(want) {
				t.Errorf("%s %d: got %v, the file says %v", c.name, c.year, got, want)
			}
		}
		// The country page's series of remittances received spans 2000–2022.
		rows, err := s.Totals(t.Context(), "remittances", "destination", "MEX", nil)
		if err != nil {
			t.Fatal(err)
		}
		years := map[int]bool{}
		for _, r := range rows {
			if r.Sex == "total" && r.Value != nil {
				years[r.Year] = true
			}
		}
		if len(years) < 23 {
			t.Errorf("Mexico has remittances received in %d years, want the 23 of 2000–2022", len(years))
		}
		for _, u := range res.Unmatched {
			t.Logf("unmatched: %s at %s (%d)", u.Name, u.Location, u.Occurrences)
		}
	})
}

func TestImportAbelAndRemittanceBadInput(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		dir := t.TempDir()
		cases := []struct{ name, format, content, want string }{
			{"flows.csv", "abel-2018-region-flows", "year0,orig_reg,dest_reg,flow\n1960,Africa,Europe,12\n1965,Africa,Europe,many\n", `row 3, column flow: "many" is not a number`},
			{"renamed.csv", "abel-2018-region-flows", "year,orig_reg,dest_reg,flow\n1960,Africa,Europe,12\n", "missing column(s) year0"},
			{"dup.csv", "abel-2018-region-flows", "year0,orig_reg,dest_reg,flow\n1960,Africa,Europe,12\n1960,Africa,Europe,13\n", "row 3, column flow: duplicated value"},
			{"year.csv", "abel-2018-region-flows", "year0,orig_reg,dest_reg,flow\n19x0,Africa,Europe,12\n", `row 2, column year0: "19x0" is not a year`},
			{"notcircos.tsv", "abel-sander-2014-regions", "a\tb\tc\td\n", "row 1, column 1: not a Circos table"},
			{"short.tsv", "abel-sander-2014-regions", "-\t-\t-\t1\t2\n-\t-\t-\tAfrica\tEurope\n1\t0,0,0\tAfrica\t5\n", "row 3: 4 fields, the header has 5"},
			{"text.tsv", "abel-sander-2014-countries", "-\t-\t-\t1\t2\n-\t-\t-\tMexico\tCanada\n1\t0,0,0\tMexico\t1\tx1\n", `row 3, column 5 (Canada): "x1" is not a number`},
			{"page.xlsx", "worldbank-remittance-inflows-2023", "<html><body>Sorry</body></html>", "HTML page"},
		}
		for _, c := range cases {
			p := filepath.Join(dir, c.name)
			os.WriteFile(p, []byte(c.content), 0o600)
			before := count(t, d, "data_observations") + count(t, d, "data_datasets")
			_, err := importFile(t, s, c.format, p)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.name) {
				t.Errorf("%s: got %v, want an error naming the file and %q", c.name, err, c.want)
			}
			if after := count(t, d, "data_observations") + count(t, d, "data_datasets"); after != before {
				t.Errorf("%s: a failed import stored %d rows", c.name, after-before)
			}
		}
		// The wrong workbook: the bilateral matrix is not the inflows sheet.
		wrong := testutil.SharedData(t, "worldbank-knomad", "bilateral_remittance_matrix_2021.xlsx")
		if _, err := importFile(t, s, "worldbank-remittance-inflows-2023", wrong); err == nil || !strings.Contains(err.Error(), "sheet") {
			t.Errorf("wrong workbook: %v, want an error naming the sheet", err)
		}
	})
}

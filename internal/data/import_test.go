package data

import (
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

func importFile(t testing.TB, s *Service, format, path string) (*ImportResult, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	return s.Import(context.Background(), ImportRequest{Format: format, FileName: st.Name(), Content: f, Size: st.Size()})
}

func count(t testing.TB, d *db.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := d.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func value(t testing.TB, d *db.DB, ds int64, measure, o, dest string, year int, sex string) (float64, bool) {
	t.Helper()
	var v *float64
	err := d.QueryRow(`SELECT value FROM data_observations WHERE dataset_id=$1 AND measure=$2 AND origin=$3 AND destination=$4 AND year=$5 AND sex=$6`, ds, measure, o, dest, year, sex).Scan(&v)
	if err != nil {
		t.Fatalf("%s %s→%s %d %s: %v", measure, o, dest, year, sex, err)
	}
	if v == nil {
		return 0, false
	}
	return *v, true
}

// csvCell reads one cell of the clean CSV independently of the importer.
func csvCell(t *testing.T, path, year, dest, origin string) float64 {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == origin {
			col = i
		}
	}
	for _, r := range recs[1:] {
		if r[0] == year && r[1] == dest {
			v, err := strconv.ParseFloat(r[col], 64)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no cell %s %s %s", year, dest, origin)
	return 0
}

func TestImportUNDESAClean(t *testing.T) {
	path := testutil.SharedData(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "undesa-ims-2019-csv", path)
		if err != nil {
			t.Fatal(err)
		}
		ds := res.Dataset
		// Every non-zero cell of the 1,659 × 232 table is stored or reported.
		rows, nonZero := csvNonZero(t, path)
		if rows != 1659 {
			t.Errorf("the file has %d data rows, SOURCE.md says 1,659", rows)
		}
		if ds.Observations+unmatchedValues(res) != nonZero {
			t.Errorf("observations %d + unmatched values %d, want the %d non-zero cells", ds.Observations, unmatchedValues(res), nonZero)
		}
		for _, c := range []struct{ year, dest, origin, d, o string }{
			{"2019", "United States of America", "Mexico", "USA", "MEX"},
			{"1990", "Burundi", "Rwanda", "BDI", "RWA"},
			{"2019", "Côte d'Ivoire", "Burkina Faso", "CIV", "BFA"},
		} {
			want := csvCell(t, path, c.year, c.dest, c.origin)
			y, _ := strconv.Atoi(c.year)
			got, ok := value(t, d, ds.ID, "migrant_stock", c.o, c.d, y, "total")
			if !ok || got != want {
				t.Errorf("%s→%s %s: got %v, the file says %v", c.origin, c.dest, c.year, got, want)
			}
		}
		before := count(t, d, "data_observations")
		again, err := importFile(t, s, "undesa-ims-2019-csv", path)
		if err != nil || !again.NoOp || again.Dataset.ID != ds.ID {
			t.Fatalf("re-import: %+v %v, want a no-op", again, err)
		}
		if count(t, d, "data_observations") != before {
			t.Error("re-import changed the observations")
		}
		var audits int64
		d.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'data.import'`).Scan(&audits)
		if audits != 1 {
			t.Errorf("%d audit entries for the import, want 1", audits)
		}
		for _, u := range res.Unmatched {
			t.Logf("unmatched: %s at %s (%d)", u.Name, u.Location, u.Occurrences)
		}
	})
}

func csvNonZero(t *testing.T, path string) (rows int, nonZero int64) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:] {
		for _, c := range r[2:] {
			if c != "0" {
				nonZero++
			}
		}
	}
	return len(recs) - 1, nonZero
}

func unmatchedValues(res *ImportResult) int64 {
	var n int64
	for _, u := range res.Unmatched {
		n += u.Occurrences
	}
	return n
}

func TestImportBadInputLeavesNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		dir := t.TempDir()
		cases := []struct{ name, format, content, want string }{
			{"text.csv", "tidy-csv", "origin,destination,year,sex,measure,value\nMexico,USA,2019,total,migrant_stock,12\nMexico,Canada,2019,total,migrant_stock,lots\n", `row 3, column value: "lots" is not a number`},
			{"renamed.csv", "tidy-csv", "from,destination,year,sex,measure,value\nMexico,USA,2019,total,migrant_stock,12\n", "missing column(s) origin"},
			{"dup.csv", "tidy-csv", "origin,destination,year,sex,measure,value\nMexico,USA,2019,total,migrant_stock,12\nMexico,United States of America,2019,total,migrant_stock,13\n", "row 3, column value: duplicated value"},
			{"page.xlsx", "worldbank-bilateral-2013", "<!DOCTYPE html><html><body>Not found</body></html>", "HTML page"},
			{"clean.csv", "undesa-ims-2019-csv", "Year,Dest,Mexico\n2019,Canada,1\n20x9,Canada,2\n", `row 3, column Year: "20x9" is not a year`},
		}
		for _, c := range cases {
			p := dir + "/" + c.name
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
	})
}

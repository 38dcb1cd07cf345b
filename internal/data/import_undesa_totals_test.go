package data

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// sheetPart finds the worksheet part of a named sheet from the workbook's
// own XML (workbook.xml and its relationships), independently of the
// importers' reader.
func sheetPart(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(part string) []byte { return zipPart(t, &zr.Reader, part) }
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(read("xl/workbook.xml"), &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(read("xl/_rels/workbook.xml.rels"), &rels); err != nil {
		t.Fatal(err)
	}
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				return "xl/" + strings.TrimPrefix(strings.TrimPrefix(r.Target, "/"), "xl/")
			}
		}
	}
	t.Fatalf("%s: no sheet %q", path, name)
	return ""
}

// rowOfCode finds the row whose location code (column D in both
// revisions) is code.
func rowOfCode(t *testing.T, cells map[string]string, code string) string {
	t.Helper()
	for ref, v := range cells {
		if strings.HasPrefix(ref, "D") && strings.TrimSpace(v) == code {
			return ref[1:]
		}
	}
	t.Fatalf("no row with code %s", code)
	return ""
}

// A totals cell to check: the measure, year and sex it is stored as, and
// the column it is in. The columns were found by opening the sheets: in
// the 2019 workbook the group labels are on row 15 and the years on row
// 16, in the 2020 one on rows 8 and 11; column E is "Type of data" except
// in the 2019 Table 2, whose years start in E. Rates of change are stored
// at the first year of their period (2015-2019 → 2015).
type totalsCell struct {
	sheet, col, measure string
	year                int
	sex                 string
}

// TestImportUNDESATotalsTables imports both totals workbooks and checks
// Tables 2–6 (population, migrants as % of the population, women as % of
// migrants, the annual rate of change, the refugee stock with its share
// and rate) for the world, the United States, Germany and Türkiye against
// the cells of the workbook read with encoding/xml. ".." cells must be
// stored as missing with their flag. The units are recorded per measure.
func TestImportUNDESATotalsTables(t *testing.T) {
	workbooks := []struct {
		format, file string
		cells        []totalsCell
	}{
		{"undesa-ims-2019-totals", "undesa_pd_2019_migrant_stock_total_dataset.xlsx", []totalsCell{
			{"Table 2", "K", "population", 2019, "total"}, {"Table 2", "E", "population", 1990, "total"},
			{"Table 2", "R", "population", 2019, "male"}, {"Table 2", "Y", "population", 2019, "female"},
			{"Table 3", "L", "migrant_share", 2019, "total"}, {"Table 3", "S", "migrant_share", 2019, "male"}, {"Table 3", "Z", "migrant_share", 2019, "female"},
			{"Table 4", "L", "female_migrant_share", 2019, "total"}, {"Table 4", "F", "female_migrant_share", 1990, "total"},
			{"Table 5", "K", "migrant_stock_growth_rate", 2015, "total"}, {"Table 5", "Q", "migrant_stock_growth_rate", 2015, "male"}, {"Table 5", "R", "migrant_stock_growth_rate", 1990, "female"},
			{"Table 6", "L", "refugee_stock", 2019, "total"}, {"Table 6", "S", "refugee_share", 2019, "total"}, {"Table 6", "Y", "refugee_stock_growth_rate", 2015, "total"},
		}},
		{"undesa-ims-2020-sex", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", []totalsCell{
			{"Table 2", "L", "population", 2020, "total"}, {"Table 2", "F", "population", 1990, "total"},
			{"Table 2", "S", "population", 2020, "male"}, {"Table 2", "Z", "population", 2020, "female"},
			{"Table 3", "L", "migrant_share", 2020, "total"}, {"Table 3", "S", "migrant_share", 2020, "male"}, {"Table 3", "Z", "migrant_share", 2020, "female"},
			{"Table 4", "L", "female_migrant_share", 2020, "total"},
			{"Table 5", "K", "migrant_stock_growth_rate", 2015, "total"}, {"Table 5", "Q", "migrant_stock_growth_rate", 2015, "male"}, {"Table 5", "W", "migrant_stock_growth_rate", 2015, "female"},
			{"Table 6", "L", "refugee_stock", 2020, "total"}, {"Table 6", "S", "refugee_share", 2020, "total"}, {"Table 6", "T", "refugee_stock_growth_rate", 1990, "total"},
		}},
	}
	// Location codes in the workbooks (M49) and the codes stored.
	places := map[string]string{"900": World, "840": "USA", "276": "DEU", "792": "TUR"}
	units := map[string]string{"migrant_stock": "people", "population": "thousands of people", "migrant_share": "percent", "female_migrant_share": "percent",
		"migrant_stock_growth_rate": "percent per year", "refugee_stock": "people", "refugee_share": "percent", "refugee_stock_growth_rate": "percent per year"}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		for _, wb := range workbooks {
			path := testutil.SharedData(t, "undesa-ims", wb.file)
			res, err := importFile(t, s, wb.format, path)
			if err != nil {
				t.Fatal(err)
			}
			sheets := map[string]map[string]string{}
			checked, missing := 0, 0
			for _, c := range wb.cells {
				if sheets[c.sheet] == nil {
					sheets[c.sheet] = domSheet(t, path, sheetPart(t, path, c.sheet))
				}
				cells := sheets[c.sheet]
				for m49, code := range places {
					ref := c.col + rowOfCode(t, cells, m49)
					raw := strings.TrimSpace(cells[ref])
					var v *float64
					var flag string
					err := d.QueryRow(`SELECT value, flag FROM data_observations WHERE dataset_id = $1 AND measure = $2 AND origin = $3 AND destination = $4 AND year = $5 AND sex = $6`,
						res.Dataset.ID, c.measure, World, code, c.year, c.sex).Scan(&v, &flag)
					switch {
					case err != nil:
						t.Errorf("%s %s %s (%s %s %d %s): %v", wb.file, c.sheet, ref, c.measure, code, c.year, c.sex, err)
					case raw == "..":
						missing++
						if v != nil || flag != ".." {
							t.Errorf("%s %s %s is \"..\": stored %v %q", wb.file, c.sheet, ref, v, flag)
						}
					case v == nil || *v != num(t, raw):
						t.Errorf("%s %s %s (%s %s %d %s): stored %v, the cell says %s", wb.file, c.sheet, ref, c.measure, code, c.year, c.sex, v, raw)
					default:
						checked++
					}
				}
			}
			if checked < len(wb.cells)*len(places)*3/4 {
				t.Errorf("%s: only %d cells had numbers (%d were \"..\")", wb.file, checked, missing)
			}
			// The country profile's series of the population, the migrants'
			// share of it and the refugee stock hold the cells' values.
			for _, measure := range []string{"population", "migrant_share", "refugee_stock"} {
				i := slices.IndexFunc(wb.cells, func(c totalsCell) bool { return c.measure == measure })
				c := wb.cells[i]
				raw := sheets[c.sheet][c.col+rowOfCode(t, sheets[c.sheet], "840")]
				want := num(t, raw)
				rows, err := s.Totals(t.Context(), measure, "destination", "USA", []int64{res.Dataset.ID})
				if err != nil {
					t.Fatal(err)
				}
				found := slices.ContainsFunc(rows, func(r Row) bool {
					return r.Year == c.year && r.Value != nil && math.Abs(*r.Value-want) <= 1e-9*math.Abs(want)
				})
				if !found {
					t.Errorf("%s: the United States have no %s of %v in %d (cell %s%s)", wb.file, measure, want, c.year, c.col, rowOfCode(t, sheets[c.sheet], "840"))
				}
			}
			// The 2020 Table 6 withholds small numbers as "~" (Notes sheet,
			// row 20): missing, with the flag.
			var tilde int64
			d.QueryRow(`SELECT COUNT(*) FROM data_observations WHERE dataset_id = $1 AND flag = '~' AND value IS NULL`, res.Dataset.ID).Scan(&tilde)
			if strings.Contains(wb.file, "2020") && tilde == 0 {
				t.Errorf("%s: no \"~\" cell kept as missing", wb.file)
			}
			ms, err := s.Measures(t.Context(), res.Dataset.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, m := range ms {
				got[m.Measure] = m.Unit
				if m.Observations == 0 {
					t.Errorf("%s: measure %s recorded with no values", wb.file, m.Measure)
				}
			}
			for m, u := range units {
				if got[m] != u {
					t.Errorf("%s: measure %s recorded with unit %q, want %q (all: %v)", wb.file, m, got[m], u, got)
				}
			}
		}
	})
}

// rewriteXLSX copies a workbook, applying edit to one part's text.
func rewriteXLSX(t *testing.T, src, dst, part string, edit func(string) string) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			b = []byte(edit(string(b)))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A renamed column group or a missing table fails the whole import with
// the file, sheet, row and column, and stores nothing.
func TestImportUNDESATotalsBadWorkbook(t *testing.T) {
	src := testutil.SharedData(t, "undesa-ims", "undesa_pd_2019_migrant_stock_total_dataset.xlsx")
	dir := t.TempDir()
	renamed := filepath.Join(dir, "totals-renamed.xlsx")
	// Table 6's middle group (row 15, column M) renamed.
	rewriteXLSX(t, src, renamed, "xl/sharedStrings.xml", func(s string) string {
		old := "Refugees and asylum seekers as a percentage of the international migrant stock"
		if !strings.Contains(s, old) {
			t.Fatalf("the workbook has no label %q", old)
		}
		return strings.Replace(s, old, "Share of refugees", 1)
	})
	noTable := filepath.Join(dir, "totals-no-table-4.xlsx")
	rewriteXLSX(t, src, noTable, "xl/workbook.xml", func(s string) string {
		return strings.Replace(s, `name="Table 4"`, `name="Tabla 4"`, 1)
	})
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		_, err := importFile(t, s, "undesa-ims-2019-totals", renamed)
		for _, want := range []string{"totals-renamed.xlsx", `sheet "Table 6"`, "row 15", "column M", "Share of refugees"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("renamed column: %v, want %q in it", err, want)
			}
		}
		_, err = importFile(t, s, "undesa-ims-2019-totals", noTable)
		if err == nil || !strings.Contains(err.Error(), "totals-no-table-4.xlsx") || !strings.Contains(err.Error(), `"Table 4"`) {
			t.Errorf("missing table: %v", err)
		}
		if n := count(t, d, "data_observations") + count(t, d, "data_datasets") + count(t, d, "data_dataset_measures"); n != 0 {
			t.Errorf("the failed imports stored %d rows", n)
		}
	})
}

package importers

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"corridor/internal/data/xlsx"
	"corridor/internal/testutil"
)

type stockKey struct {
	origin, dest string
	year         int
	sex          string
}

func stocksOf(t *testing.T, format string, name string, data []byte) map[stockKey]float64 {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("no format %s", format)
	}
	in := Input{Name: name, R: bytes.NewReader(data), Size: int64(len(data))}
	if err := f.Check(in); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	out := map[stockKey]float64{}
	err := f.Parse(in, func(r Record) error {
		// Stocks or remittances only: a table's growth rates and shares
		// would otherwise overwrite the stocks they share a key with.
		if !r.Missing && (r.Measure == MigrantStock || r.Measure == Remittances) {
			out[stockKey{r.Origin.String(), r.Destination.String(), r.Year, r.Sex}] = r.Value
		}
		return nil
	})
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return out
}

// wide2019 lays real rows out as UN DESA's published 2019 workbook does:
// title rows, a header row (Year, Sort order, destination, Notes, Code,
// Type of data, Total, origins…), then blocks by year.
func wide2019(title string, origins []string, rows [][]xlsx.Cell) []byte {
	header := []xlsx.Cell{xlsx.Text("Year"), xlsx.Text("Sort\norder"), xlsx.Text("Major area, region, country or area of destination"),
		xlsx.Text("Notes"), xlsx.Text("Code"), xlsx.Text("Type of data (a)"), xlsx.Text("Total")}
	for _, o := range origins {
		header = append(header, xlsx.Text(o))
	}
	all := [][]xlsx.Cell{
		{xlsx.Text("United Nations")},
		{xlsx.Text("Population Division")},
		{xlsx.Text(title)},
		header,
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, "Table 1", append(all, rows...)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TestUNDESAOriginWideMatchesCleanCSV: the real 2019 values, laid out as
// the published workbook, read the same as the clean CSV gives them.
func TestUNDESAOriginWideMatchesCleanCSV(t *testing.T) {
	csvData, err := os.ReadFile(testutil.SharedData(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv"))
	if err != nil {
		t.Fatal(err)
	}
	clean := stocksOf(t, "undesa-ims-2019-csv", "clean.csv", csvData)

	origins := []string{"Mexico", "India", "Syrian Arab Republic", "Germany", "Other South"}
	dests := map[string]string{"United States of America": "840", "Germany": "276", "Turkey": "792"}
	var rows [][]xlsx.Cell
	years := []int{1990, 2000, 2019}
	for _, y := range years {
		first := true
		for _, d := range []string{"United States of America", "Germany", "Turkey"} {
			row := []xlsx.Cell{xlsx.Blank()}
			if first {
				row[0] = xlsx.Num(float64(y))
				first = false
			}
			row = append(row, xlsx.Num(1), xlsx.Text(d), xlsx.Blank(), xlsx.Num(mustAtof(dests[d])), xlsx.Text("B"), xlsx.Num(1))
			for _, o := range origins {
				if v, ok := clean[stockKey{o, d, y, Total}]; ok {
					row = append(row, xlsx.Num(v))
				} else if o == "Other South" {
					row = append(row, xlsx.Text(".."))
				} else {
					row = append(row, xlsx.Blank())
				}
			}
			rows = append(rows, row)
		}
		rows = append(rows, []xlsx.Cell{xlsx.Blank(), xlsx.Blank(), xlsx.Text("Note: heading rows carry no code")})
	}
	for _, format := range []string{"undesa-ims-2019-xlsx", "undesa-ims-2019"} {
		got := stocksOf(t, format, "UN_MigrantStockByOriginAndDestination_2019.xlsx", wide2019("International migrant stock at mid-year by sex and by major area, region, country or area of destination and origin, 1990-2019", origins, rows))
		compared := 0
		for k, v := range clean {
			if k.year != 1990 && k.year != 2000 && k.year != 2019 {
				continue
			}
			if _, d := dests[k.dest]; !d || !contains(origins, k.origin) {
				continue
			}
			if g, ok := got[stockKey{k.origin, k.dest, k.year, Total}]; ok {
				if g != v {
					t.Errorf("%s: %v = %v, the CSV says %v", format, k, g, v)
				}
				compared++
			} else {
				t.Errorf("%s: %v missing (the CSV says %v)", format, k, v)
			}
		}
		if compared < 10 {
			t.Errorf("%s: only %d values compared", format, compared)
		}
		// The clean CSV's Mexico → USA 2019 stock is the published figure.
		if g := got[stockKey{"Mexico", "United States of America", 2019, Total}]; g != clean[stockKey{"Mexico", "United States of America", 2019, Total}] || g < 1e7 {
			t.Errorf("%s: Mexico → USA 2019 = %v", format, g)
		}
		if _, ok := got[stockKey{"Other South", "United States of America", 2019, Total}]; ok {
			t.Errorf("%s: '..' was read as a number", format)
		}
	}
}

func mustAtof(s string) float64 {
	var f float64
	fmt.Sscan(s, &f)
	return f
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestUNDESAOriginSexFromTitle: Tables 2 and 3 of the wide workbook hold
// males and females, said in their titles.
func TestUNDESAOriginSexFromTitle(t *testing.T) {
	rows := [][]xlsx.Cell{{xlsx.Num(2019), xlsx.Num(1), xlsx.Text("Canada"), xlsx.Blank(), xlsx.Num(124), xlsx.Text("B"), xlsx.Num(10), xlsx.Num(7)}}
	for title, sex := range map[string]string{
		"Table 2. Male migrant stock at mid-year by origin and by major area, region, country or area of destination, 1990-2019":   Male,
		"Table 3. Female migrant stock at mid-year by origin and by major area, region, country or area of destination, 1990-2019": Female,
	} {
		got := stocksOf(t, "undesa-ims-2019-xlsx", "t.xlsx", wide2019(title, []string{"India"}, rows))
		if got[stockKey{"India", "Canada", 2019, sex}] != 7 || got[stockKey{"World", "Canada", 2019, sex}] != 10 {
			t.Errorf("%s: got %v", sex, got)
		}
	}
}

// TestUNDESAOriginLongMatchesTotals: the 2020 long layout (one row per
// destination × origin, sexes side by side), filled with the real 2020
// world-origin totals, reads back as the destination workbook gives them.
func TestUNDESAOriginLongMatchesTotals(t *testing.T) {
	wb, err := os.ReadFile(testutil.SharedData(t, "undesa-ims", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	totals := stocksOf(t, "undesa-ims-2020-sex", "totals.xlsx", wb)
	years := []int{1990, 1995, 2000, 2005, 2010, 2015, 2020}
	group := []xlsx.Cell{xlsx.Blank(), xlsx.Blank(), xlsx.Blank(), xlsx.Blank(), xlsx.Blank(), xlsx.Blank(), xlsx.Blank()}
	header := []xlsx.Cell{xlsx.Text("Index"), xlsx.Text("Region, development group, country or area of destination"), xlsx.Text("Notes of destination"),
		xlsx.Text("Location code of destination"), xlsx.Text("Type of data of destination"), xlsx.Text("Region, development group, country or area of origin"), xlsx.Text("Location code of origin")}
	for _, sex := range []string{"Both sexes", "Males", "Females"} {
		for i, y := range years {
			if i == 0 {
				group = append(group, xlsx.Text(sex))
			} else {
				group = append(group, xlsx.Blank())
			}
			header = append(header, xlsx.Num(float64(y)))
		}
	}
	rows := [][]xlsx.Cell{{xlsx.Text("International Migrant Stock 2020: Destination and origin")}, group, header}
	codes := map[string]string{"Germany": "276", "Japan": "392", "Kenya": "404"}
	sexes := []string{Total, Male, Female}
	for i, name := range []string{"Germany", "Japan", "Kenya"} {
		row := []xlsx.Cell{xlsx.Num(float64(i + 1)), xlsx.Text(name), xlsx.Blank(), xlsx.Num(mustAtof(codes[name])), xlsx.Text("B"), xlsx.Text("WORLD"), xlsx.Num(900)}
		for _, sex := range sexes {
			for _, y := range years {
				v, ok := totals[stockKey{"World", name, y, sex}]
				if !ok {
					row = append(row, xlsx.Text(".."))
					continue
				}
				row = append(row, xlsx.Num(v))
			}
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, "Table 1", rows); err != nil {
		t.Fatal(err)
	}
	got := stocksOf(t, "undesa-ims-2020-od", "od.xlsx", buf.Bytes())
	n := 0
	for k, v := range totals {
		if _, ok := codes[k.dest]; !ok {
			continue
		}
		if g := got[stockKey{"WORLD", k.dest, k.year, k.sex}]; g != v {
			t.Errorf("%v = %v, the destination workbook says %v", k, g, v)
		}
		n++
	}
	if n != 3*3*len(years) {
		t.Errorf("compared %d values, want %d", n, 3*3*len(years))
	}
}

func TestUNDESAOriginBadWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, "Table 1", [][]xlsx.Cell{{xlsx.Text("Country"), xlsx.Text("Value")}, {xlsx.Text("Mexico"), xlsx.Num(3)}}); err != nil {
		t.Fatal(err)
	}
	f, _ := Lookup("undesa-ims-2019-xlsx")
	err := f.Parse(Input{Name: "wrong.xlsx", R: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len())}, func(Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `file "wrong.xlsx"`) || !strings.Contains(err.Error(), `"Table 1"`) {
		t.Errorf("err = %v", err)
	}
	bad := wide2019("Table 1", []string{"India"}, [][]xlsx.Cell{{xlsx.Num(2019), xlsx.Num(1), xlsx.Text("Canada"), xlsx.Blank(), xlsx.Num(124), xlsx.Text("B"), xlsx.Num(10), xlsx.Text("seven")}})
	err = f.Parse(Input{Name: "bad.xlsx", R: bytes.NewReader(bad), Size: int64(len(bad))}, func(Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), `sheet "Table 1", row 5, column H`) || !strings.Contains(err.Error(), "seven") {
		t.Errorf("err = %v", err)
	}
	html := []byte("<!DOCTYPE html><html><body>Not found</body></html>")
	if err := f.Check(Input{Name: "page.xlsx", R: bytes.NewReader(html), Size: int64(len(html))}); err == nil || !strings.Contains(err.Error(), "HTML") {
		t.Errorf("HTML as XLSX: %v", err)
	}
}

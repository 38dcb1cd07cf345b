package importers

import (
	"bytes"
	"strings"
	"testing"

	"corridor/internal/data/xlsx"
)

func TestDetectAndValidateMapping(t *testing.T) {
	m := DetectMapping([]string{"Country of origin", "Residence", "Period", "Stock", "Notes"})
	if m.Origin != 0 || m.Destination != 1 || m.Year != 2 || m.Value != 3 || m.Sex != -1 || m.SexConst != "total" || m.Measure != -1 {
		t.Fatalf("detected %+v", m)
	}
	// The measure is neither a column nor a constant yet.
	if errs := m.Validate(5); len(errs) != 1 || errs["const_measure"] != "data.error.map_measure" {
		t.Errorf("errors %v, want only const_measure", errs)
	}
	m.MeasureConst = "migrant_stock"
	if errs := m.Validate(5); len(errs) != 0 {
		t.Errorf("valid mapping refused: %v", errs)
	}
	cases := []struct {
		name  string
		edit  func(m *Mapping)
		field string
		key   string
	}{
		{"origin unmapped", func(m *Mapping) { m.Origin = -1 }, "map_origin", "data.error.map_required"},
		{"value unmapped", func(m *Mapping) { m.Value = -1 }, "map_value", "data.error.map_required"},
		{"one column twice", func(m *Mapping) { m.Destination = 0 }, "map_destination", "data.error.map_twice"},
		{"column out of range", func(m *Mapping) { m.Year = 9 }, "map_year", "data.error.map_column"},
		{"sex column and constant", func(m *Mapping) { m.Sex = 4 }, "const_sex", "data.error.map_both"},
		{"bad sex constant", func(m *Mapping) { m.SexConst = "both ways" }, "const_sex", "data.error.map_sex"},
		{"no sex at all", func(m *Mapping) { m.SexConst = "" }, "const_sex", "data.error.map_sex"},
		{"bad measure constant", func(m *Mapping) { m.MeasureConst = "Migrant Stock!" }, "const_measure", "data.error.map_measure"},
		{"measure column and constant", func(m *Mapping) { m.Measure = 4 }, "const_measure", "data.error.map_both"},
	}
	for _, c := range cases {
		mm := m
		c.edit(&mm)
		errs := mm.Validate(5)
		if errs[c.field] != c.key {
			t.Errorf("%s: errors %v, want %s on %s", c.name, errs, c.key, c.field)
		}
	}
	// Both targets of a repeated column are marked.
	mm := m
	mm.Flag = 0
	if errs := mm.Validate(5); errs["map_origin"] == "" || errs["map_flag"] == "" {
		t.Errorf("repeated column: %v", errs)
	}
}

func collect(t *testing.T, f Format, name string, data []byte) ([]Record, error) {
	t.Helper()
	in := Input{Name: name, R: bytes.NewReader(data), Size: int64(len(data))}
	if err := f.Check(in); err != nil {
		return nil, err
	}
	var out []Record
	err := f.Parse(in, func(r Record) error { out = append(out, r); return nil })
	return out, err
}

func TestParseWithMapping(t *testing.T) {
	csv := "Residence;Born in;When;People\n"
	csv = strings.ReplaceAll(csv, ";", ",") +
		"United States of America,Mexico,2019,11489684\nCanada,Mexico,2019,..\n\nCanada,MEX,2020,lots\n"
	f, _ := Lookup("tidy-csv")
	m := Mapping{Destination: 0, Origin: 1, Year: 2, Value: 3, Sex: -1, Measure: -1, Flag: -1, SexConst: "total", MeasureConst: "migrant_stock"}
	recs, err := collect(t, WithMapping(f, m), "people.csv", []byte(csv))
	if err == nil || !strings.Contains(err.Error(), `file "people.csv", row 5, column People: "lots" is not a number`) {
		t.Fatalf("error %v", err)
	}
	if len(recs) != 2 || recs[0].Origin.Name != "Mexico" || recs[0].Destination.Name != "United States of America" || recs[0].Value != 11489684 || recs[0].Measure != "migrant_stock" || !recs[1].Missing || recs[1].Flag != ".." {
		t.Errorf("records %+v", recs)
	}

	// The same through an XLSX with a sex column.
	var buf bytes.Buffer
	rows := [][]xlsx.Cell{
		{xlsx.Text("from"), xlsx.Text("to"), xlsx.Text("year"), xlsx.Text("gender"), xlsx.Text("n")},
		{xlsx.Text("MEX"), xlsx.Text("USA"), xlsx.Num(2019), xlsx.Text("F"), xlsx.Num(5500000)},
		{xlsx.Text("MEX"), xlsx.Text("USA"), xlsx.Num(2019), xlsx.Text("M"), xlsx.Num(5900000)},
		{xlsx.Text("MEX"), xlsx.Text("USA"), xlsx.Text("later"), xlsx.Text("M"), xlsx.Num(1)},
	}
	if err := xlsx.Write(&buf, "Stocks", rows); err != nil {
		t.Fatal(err)
	}
	fx, _ := Lookup("tidy-xlsx")
	m = DetectMapping([]string{"from", "to", "year", "gender", "n"})
	m.MeasureConst = "migrant_stock"
	if m.Value != -1 {
		t.Fatalf("n is not a known value header: %+v", m)
	}
	m.Value = 4
	recs, err = collect(t, WithMapping(fx, m), "stocks.xlsx", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), `file "stocks.xlsx", sheet "Stocks", row 4, column C: "later" is not a year`) {
		t.Fatalf("error %v", err)
	}
	if len(recs) != 2 || recs[0].Sex != Female || recs[1].Sex != Male || recs[1].Value != 5900000 || recs[0].Origin.Code != "MEX" {
		t.Errorf("records %+v", recs)
	}
	p, err := ReadPreview(Input{Name: "stocks.xlsx", R: bytes.NewReader(buf.Bytes()), Size: int64(buf.Len())}, "xlsx", "", 2)
	if err != nil || p.Sheet != "Stocks" || len(p.Rows) != 2 || p.Header[4] != "n" || p.Rows[0][2] != "2019" {
		t.Errorf("preview %+v %v", p, err)
	}
	// A wrong sheet is named.
	m.Sheet = "Nope"
	if _, err := collect(t, WithMapping(fx, m), "stocks.xlsx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "Nope") {
		t.Errorf("wrong sheet: %v", err)
	}
	// tidy-xlsx without a mapping needs the documented header.
	if _, err := collect(t, fx, "stocks.xlsx", buf.Bytes()); err == nil || !strings.Contains(err.Error(), "missing column(s) origin") {
		t.Errorf("undocumented header: %v", err)
	}
}

// FuzzMapped feeds arbitrary bytes to the mapped tidy reader.
func FuzzMapped(f *testing.F) {
	f.Add([]byte("a,b,c,d\nMEX,USA,2019,1\n,,,\nCAN,USA,2020,..\n"))
	f.Add([]byte("a,b\n1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, _ := Lookup("tidy-csv")
		m := Mapping{Origin: 0, Destination: 1, Year: 2, Value: 3, Sex: -1, Measure: -1, Flag: -1, SexConst: "total", MeasureConst: "flow"}
		_, err := collect(t, WithMapping(fm, m), "fuzz", data)
		if err != nil && !strings.Contains(err.Error(), `file "fuzz"`) {
			t.Errorf("error without the file name: %v", err)
		}
		ReadPreview(Input{Name: "fuzz", R: bytes.NewReader(data), Size: int64(len(data))}, "csv", "", 5)
	})
}

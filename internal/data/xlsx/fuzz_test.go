package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

func workbook(sheetXML string) []byte {
	var b bytes.Buffer
	Write(&b, "S", [][]Cell{{Text("a"), Num(1)}, {Text("b"), Num(2.5)}})
	zr, _ := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if f.Name == "xl/worksheets/sheet1.xml" && sheetXML != "" {
			w.Write([]byte(sheetXML))
			continue
		}
		rc, _ := f.Open()
		buf := new(bytes.Buffer)
		buf.ReadFrom(rc)
		w.Write(buf.Bytes())
	}
	w, _ := zw.Create("xl/sharedStrings.xml")
	w.Write([]byte(`<sst><si><t>x</t></si><si><r><t>y</t></r><r><t>z</t></r></si></sst>`))
	zw.Close()
	return out.Bytes()
}

func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "Data <1>", [][]Cell{{Text("name"), Text("value")}, {Text("Côte d'Ivoire & co"), Num(1234.5)}, {}, {Blank(), Num(-2)}}); err != nil {
		t.Fatal(err)
	}
	f, err := Open(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Sheets(); len(got) != 1 || got[0] != "Data <1>" {
		t.Fatalf("sheets %q", got)
	}
	var rows [][]string
	f.Rows("Data <1>", func(r int, c []string) error {
		rows = append(rows, append([]string{string(rune('0' + r))}, c...))
		return nil
	})
	want := [][]string{{"1", "name", "value"}, {"2", "Côte d'Ivoire & co", "1234.5"}, {"4", "", "-2"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %q", rows)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d: %q, want %q", i, rows[i], want[i])
			}
		}
	}
}

func TestNotXLSX(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body>Sorry</body></html>")
	if _, err := Open(bytes.NewReader(html), int64(len(html))); err == nil || !bytes.Contains([]byte(err.Error()), []byte("HTML")) {
		t.Errorf("HTML as XLSX: %v", err)
	}
}

// FuzzXLSX opens arbitrary bytes and worksheets: errors are fine, panics
// and runaway memory are not.
func FuzzXLSX(f *testing.F) {
	f.Add(workbook(""), false)
	f.Add(workbook(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1"><v>3</v></c></row></sheetData></worksheet>`), true)
	f.Add(workbook(`<worksheet><sheetData><row r="2"><c r="XFD2"><v>1</v></c></row><row><c t="s"><v>9</v></c></row></sheetData></worksheet>`), true)
	f.Add([]byte("PK\x03\x04garbage"), false)
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><worksheet><!-- <c> --><![CDATA[<row>]]><?pi ?><sheetData><row><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>`), true)
	f.Add([]byte(`<worksheet><sheetData><row r="1048576"><c r="A1"><v>1</v></c></row><row r="1048577"/><a><a><a><a></a></a></a></a></sheetData></worksheet>`), true)
	f.Fuzz(func(t *testing.T, data []byte, asSheet bool) {
		if asSheet {
			data = workbook(string(data))
		}
		x, err := Open(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		for _, s := range x.Sheets() {
			x.Rows(s, func(r int, c []string) error {
				if len(c) > MaxColumns {
					t.Fatalf("%d cells in a row", len(c))
				}
				return nil
			})
		}
	})
}

// TestWriteNeutralisesFormulas: text cells that a spreadsheet would run as
// formulas come back with a leading apostrophe; numbers stay numbers.
func TestWriteNeutralisesFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, "S", [][]Cell{{Text("=1+2"), Text("@SUM(A1)"), Text("-2"), Num(-2), Text("Mexico")}}); err != nil {
		t.Fatal(err)
	}
	f, err := Open(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	f.Rows("S", func(_ int, c []string) error { got = append(got, c...); return nil })
	want := []string{"'=1+2", "'@SUM(A1)", "-2", "-2", "Mexico"}
	if len(got) != len(want) {
		t.Fatalf("cells %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d: %q, want %q", i, got[i], want[i])
		}
	}
}

package importers

import (
	"archive/zip"
	"bytes"
	"io"
	"runtime"
	"strings"
	"testing"

	"corridor/internal/data/xlsx"
)

// parseBytes parses data as format without the kind check, returning the
// records' count, the error and the bytes allocated.
func parseBytes(t *testing.T, format, name string, data []byte) (n int, allocated uint64, err error) {
	t.Helper()
	f, ok := Lookup(format)
	if !ok {
		t.Fatalf("no format %s", format)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err = f.Parse(Input{Name: name, R: bytes.NewReader(data), Size: int64(len(data))}, func(Record) error { n++; return nil })
	runtime.ReadMemStats(&after)
	return n, after.TotalAlloc - before.TotalAlloc, err
}

const tidyHead = "origin,destination,year,sex,measure,value,flag\n"

// TestHostileCells: values and text that no published table holds are
// refused with the file, row and column, and a cell of 50 MB is refused
// having read a bounded part of it.
func TestHostileCells(t *testing.T) {
	padding := strings.Repeat("MEX,USA,2019,total,migrant_stock,1,\n", 20) // past the first 512 bytes Check sniffs
	cases := []struct {
		name, data, want string
	}{
		{"a negative migrant stock", tidyHead + "MEX,USA,2019,total,migrant_stock,-5,\n", `row 2, column value: migrant_stock is negative`},
		{"negative refugees", tidyHead + "SYR,TUR,2019,total,refugees,-1e3,\n", `row 2, column value: refugees is negative`},
		{"a hex float", tidyHead + "MEX,USA,2019,total,migrant_stock,0x1p-2,\n", `row 2, column value: "0x1p-2" is not a number`},
		{"infinity", tidyHead + "MEX,USA,2019,total,migrant_stock,1,\nMEX,CAN,2019,total,migrant_stock,Inf,\n", `row 3, column value: "Inf" is not a number`},
		{"NaN", tidyHead + "MEX,USA,2019,total,migrant_stock,NaN,\n", `row 2, column value: "NaN" is not a number`},
		{"a 100 KB cell", tidyHead + "MEX,USA,2019,total,migrant_stock,1," + strings.Repeat("x", 100<<10) + "\n", `row 2, column flag: a cell of 102400 bytes (the limit is 64 KB)`},
		{"a name that is not UTF-8", tidyHead + "M\xe9xico,USA,2019,total,migrant_stock,1,\n", `row 2, column origin: text that is not UTF-8`},
		{"a header that is not UTF-8", "origin,destination,year,sex,measure,value,fl\xe4g\n", `row 1, column 7: text that is not UTF-8`},
		{"a NUL byte", tidyHead + padding + "MEX,USA,2019,total,migrant_stock,1,a\x00b\n", `row 22, column flag: a NUL byte`},
		{"a 50 MB cell", tidyHead + "MEX,USA,2019,total,migrant_stock,1," + strings.Repeat("x", 50<<20) + "\n", `row 2: a record longer than 2 MB`},
		{"a 50 MB quoted cell of many lines", tidyHead + padding + "MEX,USA,2019,total,migrant_stock,1,\"" + strings.Repeat("x\n", 25<<20) + "\"\n", `row 22: a record longer than 2 MB`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, format := range []string{"tidy-csv"} {
				_, alloc, err := parseBytes(t, format, "bad.csv", []byte(c.data))
				if err == nil || !strings.Contains(err.Error(), `file "bad.csv", `+c.want) {
					t.Fatalf("%s: error %v, want one saying %q", format, err, c.want)
				}
				t.Logf("refused after %.1f MB allocated: %v", float64(alloc)/(1<<20), err)
				if alloc > 48<<20 {
					t.Errorf("%s: %d MB allocated to refuse it", format, alloc>>20)
				}
			}
			// The mapping form's preview reads the same cells.
			if c.want != "" && !strings.Contains(c.want, "negative") && !strings.Contains(c.want, "number") {
				data := []byte(c.data)
				_, err := ReadPreview(Input{Name: "bad.csv", R: bytes.NewReader(data), Size: int64(len(data))}, "csv", "", 100)
				if err == nil {
					t.Errorf("the preview takes it")
				}
			}
		})
	}
}

// TestSignedMeasuresKeepTheirSign: a tidy file's own measures, such as net
// migration, may be negative.
func TestSignedMeasuresKeepTheirSign(t *testing.T) {
	n, _, err := parseBytes(t, "tidy-csv", "net.csv", []byte(tidyHead+"MEX,USA,2019,total,net_migration,-5,\nMEX,USA,2019,total,migrant_stock,0,\n"))
	if err != nil || n != 2 {
		t.Fatalf("%d records: %v", n, err)
	}
}

// TestHostileXLSXCells: the same refusals in a workbook name the sheet,
// row and column letter.
func TestHostileXLSXCells(t *testing.T) {
	var buf bytes.Buffer
	xlsx.Write(&buf, "Data", [][]xlsx.Cell{
		{xlsx.Text("origin"), xlsx.Text("destination"), xlsx.Text("year"), xlsx.Text("sex"), xlsx.Text("measure"), xlsx.Text("value")},
		{xlsx.Text("MEX"), xlsx.Text("USA"), xlsx.Num(2019), xlsx.Text("total"), xlsx.Text("migrant_stock"), xlsx.Num(-12)},
	})
	_, _, err := parseBytes(t, "tidy-xlsx", "bad.xlsx", buf.Bytes())
	if want := `file "bad.xlsx", sheet "Data", row 2, column F: migrant_stock is negative`; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// TestHostileCircos: the tab-separated Circos tables refuse text that is
// not UTF-8 too.
func TestHostileCircos(t *testing.T) {
	data := "-\t-\t-\t2\t7\n-\t-\t-\tAfrica\tEast_Asia\n2\t210,150,12\tAfr\xefca\t3142471\t916\n"
	_, _, err := parseBytes(t, "abel-sander-2014-regions", "circos.txt", []byte(data))
	if want := `file "circos.txt", row 3, column 3: text that is not UTF-8`; err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// TestPreviewOfAZipBomb: the mapping form's preview of a small workbook
// whose shared strings inflate a thousandfold is refused, naming the part,
// without inflating it.
func TestPreviewOfAZipBomb(t *testing.T) {
	var base bytes.Buffer
	xlsx.Write(&base, "Data", [][]xlsx.Cell{{xlsx.Text("origin"), xlsx.Text("destination"), xlsx.Text("year"), xlsx.Text("value")}})
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	w, _ := zw.Create("xl/sharedStrings.xml")
	io.WriteString(w, "<sst>")
	si := strings.Repeat("<si><t>x</t></si>", 4096)
	for range 400 { // 27 MB
		io.WriteString(w, si)
	}
	io.WriteString(w, "</sst>")
	zw.Close()
	data := bomb.Bytes()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err = ReadPreview(Input{Name: "bomb.xlsx", R: bytes.NewReader(data), Size: int64(len(data))}, "xlsx", "", 10)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), `file "bomb.xlsx"`) || !strings.Contains(err.Error(), "xl/sharedStrings.xml inflates to more than") {
		t.Fatalf("%d-byte bomb: %v", len(data), err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("%d MB allocated to refuse it", alloc>>20)
	}
}

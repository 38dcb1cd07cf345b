package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// withParts returns a small valid workbook (sheet "S") in which the named
// parts are written by the given functions instead, or added.
func withParts(t *testing.T, parts map[string]func(w io.Writer)) []byte {
	t.Helper()
	var base bytes.Buffer
	if err := Write(&base, "S", [][]Cell{{Text("a"), Num(1)}}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	done := map[string]bool{}
	for _, f := range zr.File {
		w, _ := zw.Create(f.Name)
		if gen, ok := parts[f.Name]; ok {
			gen(w)
			done[f.Name] = true
			continue
		}
		rc, _ := f.Open()
		io.Copy(w, rc)
		rc.Close()
	}
	for name, gen := range parts {
		if !done[name] {
			w, _ := zw.Create(name)
			gen(w)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// repeat writes s n times.
func repeat(w io.Writer, s string, n int) {
	if s == "" {
		return
	}
	chunk := strings.Repeat(s, max(1, (64<<10)/len(s)))
	per := len(chunk) / len(s)
	for ; n >= per; n -= per {
		io.WriteString(w, chunk)
	}
	io.WriteString(w, strings.Repeat(s, n))
}

func sheetWith(prefix, filler string, n int, suffix string) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, prefix)
		repeat(w, filler, n)
		io.WriteString(w, suffix)
	}
}

// readAll opens a workbook and walks every sheet, returning the first error
// and the bytes allocated meanwhile.
func readAll(data []byte) (allocated uint64, err error) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	defer func() {
		runtime.ReadMemStats(&after)
		allocated = after.TotalAlloc - before.TotalAlloc
	}()
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	for _, s := range f.Sheets() {
		if err := f.Rows(s, func(int, []string) error { return nil }); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

const sheetHead = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// TestBombsRefused: parts that inflate far beyond what a real workbook
// holds, or XML built to make the decoder buffer or nest without end, are
// refused with an error naming the part and the limit, having allocated a
// bounded amount of memory (the old reader decoded up to 512 MB a part and
// silently cut cells and parts short).
func TestBombsRefused(t *testing.T) {
	const allocBound = 96 << 20
	cases := []struct {
		name  string
		parts map[string]func(io.Writer)
		want  string
	}{
		{"workbook.xml larger than its limit", map[string]func(io.Writer){
			"xl/workbook.xml": sheetWith(`<workbook><sheets><sheet name="S" sheetId="1"/>`, `<sheet name="x"/>`, 400_000, `</sheets></workbook>`),
		}, "xl/workbook.xml inflates to more than 4 MB"},
		{"sheet at a zip bomb's ratio", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead, `<row r="1"><c r="A1"><v>1</v></c></row>`, 1_000_000, sheetTail),
		}, "xl/worksheets/sheet1.xml inflates to more than"},
		{"shared strings at a zip bomb's ratio", map[string]func(io.Writer){
			"xl/sharedStrings.xml": sheetWith(`<sst>`, `<si><t>x</t></si>`, 1_000_000, `</sst>`),
		}, "xl/sharedStrings.xml inflates to more than"},
		{"one text node of 3 MB", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead, "x", 3<<20, sheetTail),
		}, "longer than 1 MB"},
		{"one comment of 3 MB", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<!--`, "<a>", 1<<20, `-->`+sheetTail),
		}, "longer than 1 MB"},
		{"a cell over 32 KB", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<row r="1"><c r="A1" t="inlineStr"><is><t>`, "abcd", 10_000, `</t></is></c></row>`+sheetTail),
		}, "cell A1 is longer than 32 KB"},
		{"a shared string over 32 KB", map[string]func(io.Writer){
			"xl/sharedStrings.xml": sheetWith(`<sst><si><t>`, "abcd", 10_000, `</t></si></sst>`),
		}, "shared string 0 is longer than 32 KB"},
		{"elements nested 100000 deep", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead, "<a>", 100_000, ""),
		}, "deeper than 64"},
		{"a DOCTYPE", map[string]func(io.Writer){
			"xl/workbook.xml": sheetWith(`<!DOCTYPE workbook [<!ENTITY a "aaaa">]><workbook><sheets><sheet name="S" sheetId="1"/>`, "", 0, `</sheets></workbook>`),
		}, "XML directive"},
		{"cells beyond the last column", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<row r="1">`, `<c><v>1</v></c>`, 20_000, `</row>`+sheetTail),
		}, "beyond the last column"},
		{"a row beyond the last row", map[string]func(io.Writer){
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<row r="1048577"><c><v>1</v></c></row>`, "", 0, sheetTail),
		}, "beyond the last row"},
		{"a row of 16384 references to one 32 KB string", map[string]func(io.Writer){
			"xl/sharedStrings.xml":     sheetWith(`<sst><si><t>`, "a", 32<<10, `</t></si></sst>`),
			"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<row r="1">`, `<c t="s"><v>0</v></c>`, 16_000, `</row>`+sheetTail),
		}, "holds more than 16 MB of text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := withParts(t, c.parts)
			alloc, err := readAll(data)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%d-byte file: error %v, want one saying %q", len(data), err, c.want)
			}
			if c.want != "XML directive" && !errors.Is(err, ErrLimit) {
				t.Errorf("error %v does not wrap ErrLimit", err)
			}
			if alloc > allocBound {
				t.Errorf("allocated %d MB before refusing, want under %d MB", alloc>>20, allocBound>>20)
			}
			t.Logf("%d-byte file refused after %.1f MB allocated: %v", len(data), float64(alloc)/(1<<20), err)
		})
	}
}

// TestLimitsLeaveRealShapesAlone: a part just under its limits, with long
// but legal cells, reads in full.
func TestLimitsLeaveRealShapesAlone(t *testing.T) {
	long := strings.Repeat("é", 16_000) // 32000 bytes
	data := withParts(t, map[string]func(io.Writer){
		"xl/sharedStrings.xml":     sheetWith(`<sst><si><t>`+long+`</t></si>`, `<si><t>x</t></si>`, 1000, `</sst>`),
		"xl/worksheets/sheet1.xml": sheetWith(sheetHead+`<!-- a comment --><row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1"><v>-2.5</v></c></row>`, `<row><c t="s"><v>1</v></c></row>`, 5000, `<row r="1048576"><c><v>7</v></c></row>`+sheetTail),
	})
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rows, last := 0, 0
	err = f.Rows("S", func(r int, cells []string) error {
		if r == 1 && (cells[0] != long || len(cells) != MaxColumns || cells[MaxColumns-1] != "-2.5") {
			t.Errorf("row 1: %d cells", len(cells))
		}
		rows, last = rows+1, r
		return nil
	})
	if err != nil || rows != 5002 || last != MaxRows {
		t.Fatalf("%d rows, last %d: %v", rows, last, err)
	}
}

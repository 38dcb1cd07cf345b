// Package xlsx reads and writes the small subset of Office Open XML
// spreadsheets that migration tables use: sheet names, shared strings,
// inline strings and numbers, streamed row by row so a large sheet is never
// held in memory. It also writes one-sheet workbooks for exports.
//
// It exists so the data pillar reads the real UN DESA and World Bank files
// without a third-party dependency; formulas are read as their cached
// values, styles and dates are ignored (the tables hold years as numbers).
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Limits that keep a hostile file from exhausting memory.
const (
	MaxColumns       = 16384 // Excel's own limit (XFD)
	maxSharedStrings = 4 << 20
	maxCellBytes     = 32 << 10
	maxPartBytes     = 512 << 20 // uncompressed size of one part
)

// ErrNotXLSX says the bytes are not a ZIP-based workbook at all.
var ErrNotXLSX = errors.New("not an XLSX workbook")

// File is an open workbook.
type File struct {
	zr      *zip.Reader
	sheets  []sheetRef
	strings []string
}

type sheetRef struct{ name, part string }

// Sniff tells what bytes look like, from their first few hundred bytes:
// "xlsx" (a ZIP), "gzip", "html", or "" when unknown.
func Sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "xlsx"
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return "gzip"
	}
	h := bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))))
	if bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) || bytes.Contains(h, []byte("<html")) {
		return "html"
	}
	return ""
}

// Open reads the workbook's directory, sheet list and shared strings.
func Open(r io.ReaderAt, size int64) (*File, error) {
	head := make([]byte, 512)
	n, _ := r.ReadAt(head, 0)
	switch Sniff(head[:n]) {
	case "xlsx":
	case "html":
		return nil, fmt.Errorf("%w: the file is an HTML page (a web page saved as .xlsx?)", ErrNotXLSX)
	default:
		return nil, fmt.Errorf("%w: the file does not start like a ZIP archive", ErrNotXLSX)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	f := &File{zr: zr}
	if err := f.readWorkbook(); err != nil {
		return nil, err
	}
	if err := f.readSharedStrings(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *File) open(name string) (io.ReadCloser, error) {
	for _, zf := range f.zr.File {
		if zf.Name == name {
			if zf.UncompressedSize64 > maxPartBytes {
				return nil, fmt.Errorf("xlsx: part %s is too large (%d bytes)", name, zf.UncompressedSize64)
			}
			rc, err := zf.Open()
			if err != nil {
				return nil, fmt.Errorf("xlsx: part %s: %w", name, err)
			}
			return struct {
				io.Reader
				io.Closer
			}{io.LimitReader(rc, maxPartBytes), rc}, nil
		}
	}
	return nil, fmt.Errorf("%w: part %s is missing", ErrNotXLSX, name)
}

func (f *File) readWorkbook() error {
	rels := map[string]string{}
	if rc, err := f.open("xl/_rels/workbook.xml.rels"); err == nil {
		var doc struct {
			Rels []struct {
				ID     string `xml:"Id,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		err := xml.NewDecoder(rc).Decode(&doc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%w: workbook relationships: %v", ErrNotXLSX, err)
		}
		for _, r := range doc.Rels {
			t := r.Target
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join("xl", t)
			}
			rels[r.ID] = t
		}
	}
	rc, err := f.open("xl/workbook.xml")
	if err != nil {
		return err
	}
	defer rc.Close()
	var wb struct {
		Sheets []struct {
			Name string     `xml:"name,attr"`
			Attr []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := xml.NewDecoder(rc).Decode(&wb); err != nil {
		return fmt.Errorf("%w: workbook: %v", ErrNotXLSX, err)
	}
	for i, s := range wb.Sheets {
		part := fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)
		for _, a := range s.Attr {
			if a.Name.Local == "id" {
				if t, ok := rels[a.Value]; ok {
					part = t
				}
			}
		}
		f.sheets = append(f.sheets, sheetRef{name: s.Name, part: part})
	}
	return nil
}

func (f *File) readSharedStrings() error {
	rc, err := f.open("xl/sharedStrings.xml")
	if err != nil {
		return nil // a workbook without text has none
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var cur strings.Builder
	inSI, inT, inRPh := false, false, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("xlsx: shared strings: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				inSI = true
				cur.Reset()
			case "t":
				inT = inSI
			case "rPh":
				inRPh = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "si":
				if len(f.strings) >= maxSharedStrings {
					return errors.New("xlsx: too many shared strings")
				}
				f.strings = append(f.strings, cur.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT && !inRPh && cur.Len() < maxCellBytes {
				cur.Write(t)
			}
		}
	}
}

// Sheets returns the sheet names in workbook order.
func (f *File) Sheets() []string {
	out := make([]string, len(f.sheets))
	for i, s := range f.sheets {
		out[i] = s.name
	}
	return out
}

// Rows streams the rows of a sheet: fn gets the 1-based row number and the
// cell texts from column A (missing cells are ""). Empty rows are skipped.
// Returning an error from fn stops the walk with that error.
func (f *File) Rows(sheet string, fn func(row int, cells []string) error) error {
	part := ""
	for _, s := range f.sheets {
		if s.name == sheet {
			part = s.part
		}
	}
	if part == "" {
		return fmt.Errorf("xlsx: no sheet %q (the workbook has %s)", sheet, quoteList(f.Sheets()))
	}
	rc, err := f.open(part)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var (
		cells          []string
		rowNum, col    int
		typ            string
		val            strings.Builder
		inV, inIS, inT bool
		nextRow        = 1
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", sheet, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowNum = nextRow
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 {
						return fmt.Errorf("xlsx: sheet %q: bad row number %q", sheet, r)
					}
					rowNum = n
				}
				nextRow = rowNum + 1
				cells = cells[:0]
				col = 0
			case "c":
				typ = attr(t, "t")
				val.Reset()
				if ref := attr(t, "r"); ref != "" {
					c, err := ColumnIndex(ref)
					if err != nil {
						return fmt.Errorf("xlsx: sheet %q row %d: %w", sheet, rowNum, err)
					}
					col = c
				}
			case "v":
				inV = true
			case "is":
				inIS = true
			case "t":
				inT = inIS
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "c":
				s := val.String()
				if typ == "s" {
					i, err := strconv.Atoi(strings.TrimSpace(s))
					if err != nil || i < 0 || i >= len(f.strings) {
						return fmt.Errorf("xlsx: sheet %q cell %s%d: bad shared string index %q", sheet, ColumnName(col), rowNum, s)
					}
					s = f.strings[i]
				}
				for len(cells) < col {
					cells = append(cells, "")
				}
				if col == len(cells) {
					cells = append(cells, s)
				}
				col++
			case "row":
				empty := true
				for _, c := range cells {
					if c != "" {
						empty = false
						break
					}
				}
				if !empty {
					if err := fn(rowNum, cells); err != nil {
						return err
					}
				}
			}
		case xml.CharData:
			if (inV || inT) && val.Len() < maxCellBytes {
				val.Write(t)
			}
		}
	}
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// ColumnIndex reads the 0-based column of a cell reference such as "AB12".
func ColumnIndex(ref string) (int, error) {
	n := 0
	i := 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > MaxColumns {
			return 0, fmt.Errorf("cell reference %q is beyond the last column", ref)
		}
	}
	if i == 0 {
		return 0, fmt.Errorf("bad cell reference %q", ref)
	}
	return n - 1, nil
}

// ColumnName is the letter name of a 0-based column ("A", "AB").
func ColumnName(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

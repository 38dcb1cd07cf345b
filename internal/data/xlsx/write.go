package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"corridor/internal/cellsafe"
)

// Cell is one value to write: a number when IsNumber, else text. Text that
// a spreadsheet would take for a formula is written with a leading
// apostrophe (see cellsafe).
type Cell struct {
	Text     string
	Number   float64
	IsNumber bool
}

// Text and Num build cells.
func Text(s string) Cell     { return Cell{Text: s} }
func Num(v float64) Cell     { return Cell{Number: v, IsNumber: true} }
func Blank() Cell            { return Cell{} }
func isBlank(c Cell) bool    { return !c.IsNumber && c.Text == "" }
func escape(s string) string { return xmlEscape(s) }

func xmlEscape(s string) string {
	var b []byte
	w := &byteWriter{&b}
	xml.EscapeText(w, []byte(s))
	return string(b)
}

type byteWriter struct{ b *[]byte }

func (w *byteWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }

// Write writes a workbook with one sheet holding rows.
func Write(w io.Writer, sheet string, rows [][]Cell) error {
	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + escape(sheet) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
	}
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	fw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	io.WriteString(fw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for i, row := range rows {
		fmt.Fprintf(fw, `<row r="%d">`, i+1)
		for j, c := range row {
			if isBlank(c) {
				continue
			}
			ref := ColumnName(j) + strconv.Itoa(i+1)
			if c.IsNumber {
				fmt.Fprintf(fw, `<c r="%s"><v>%s</v></c>`, ref, strconv.FormatFloat(c.Number, 'g', -1, 64))
			} else {
				fmt.Fprintf(fw, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, escape(cellsafe.Text(c.Text)))
			}
		}
		io.WriteString(fw, `</row>`)
	}
	if _, err := io.WriteString(fw, `</sheetData></worksheet>`); err != nil {
		return err
	}
	return zw.Close()
}

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

// Limits that keep a hostile file from exhausting memory or time. A part's
// size in the ZIP directory is the writer's claim, so every limit is
// checked on the bytes actually inflated.
const (
	MaxColumns = 16384   // Excel's own limit (XFD)
	MaxRows    = 1 << 20 // Excel's own limit (1048576)

	maxSheetBytes   = 256 << 20 // one worksheet, inflated
	maxStringsBytes = 64 << 20  // xl/sharedStrings.xml, inflated
	maxSmallBytes   = 4 << 20   // workbook.xml, its relationships
	// A part may inflate to ratioFloor bytes whatever its compressed size,
	// and beyond that to maxRatio times it: real workbooks compress about
	// 4:1 to 13:1, a zip bomb 1000:1.
	ratioFloor = 4 << 20
	maxRatio   = 200

	maxSharedStrings  = 1 << 20  // entries in the shared strings table
	maxSheets         = 1024     // sheets in one workbook
	maxCellBytes      = 32 << 10 // one cell's text (Excel: 32767 characters)
	maxRowBytes       = 16 << 20 // the text of all cells of one row
	maxTokenBytes     = 1 << 20  // one XML tag, text run, comment or CDATA
	maxDepth          = 64       // XML element nesting
	maxRelationships  = 4096     // entries in workbook.xml.rels
	maxSheetNameBytes = 255
)

// ErrNotXLSX says the bytes are not a ZIP-based workbook at all.
var ErrNotXLSX = errors.New("not an XLSX workbook")

// ErrLimit says the workbook is beyond one of the reader's limits; the
// error wrapping it names the part and the limit.
var ErrLimit = errors.New("workbook over a limit")

// File is an open workbook.
type File struct {
	zr      *zip.Reader
	size    int64
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
	f := &File{zr: zr, size: size}
	if err := f.readWorkbook(); err != nil {
		return nil, err
	}
	if err := f.readSharedStrings(); err != nil {
		return nil, err
	}
	return f, nil
}

// part is one open XML part, read token by token within its limits.
type part struct {
	name  string
	dec   *xml.Decoder
	rc    io.Closer
	depth int
}

func (f *File) open(name string, limit int64) (*part, error) {
	for _, zf := range f.zr.File {
		if zf.Name != name {
			continue
		}
		// The ratio is taken on the compressed size the directory claims,
		// but never more than the whole file.
		allowed := int64(ratioFloor)
		if c := min(int64(zf.CompressedSize64), f.size); c > 0 && c <= limit/maxRatio {
			allowed = max(allowed, c*maxRatio)
		} else if c > 0 {
			allowed = limit
		}
		allowed = min(allowed, limit)
		if zf.UncompressedSize64 > uint64(allowed) {
			return nil, limitErr(name, allowed)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("%w: part %s: %v", ErrNotXLSX, name, err)
		}
		lr := &limitReader{r: rc, name: name, left: allowed, limit: allowed}
		dec := xml.NewDecoder(&tokenGuard{r: lr, name: name})
		return &part{name: name, dec: dec, rc: rc}, nil
	}
	return nil, fmt.Errorf("%w: part %s is missing", ErrNotXLSX, name)
}

func (p *part) Close() error { return p.rc.Close() }

// token returns the next token, io.EOF at the end, or an error naming the
// part. It refuses nesting beyond maxDepth.
func (p *part) token() (xml.Token, error) {
	tok, err := p.dec.Token()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		if errors.Is(err, ErrLimit) || errors.Is(err, ErrNotXLSX) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: part %s: %v", ErrNotXLSX, p.name, err)
	}
	switch tok.(type) {
	case xml.StartElement:
		p.depth++
		if p.depth > maxDepth {
			return nil, fmt.Errorf("%w: part %s nests elements deeper than %d", ErrLimit, p.name, maxDepth)
		}
	case xml.EndElement:
		p.depth--
	}
	return tok, nil
}

func limitErr(name string, limit int64) error {
	return fmt.Errorf("%w: part %s inflates to more than %s (the limit for this part at its compressed size)", ErrLimit, name, byteSize(limit))
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limitReader fails, rather than ends, once a part inflates beyond its
// limit, so a truncated read is never taken for the whole part.
type limitReader struct {
	r     io.Reader
	name  string
	left  int64
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a part of exactly the limit from a larger one.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, limitErr(l.name, l.limit)
		}
		return l.r.Read(p[:0])
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// tokenGuard bounds what encoding/xml buffers for one token: the decoder
// reads a whole tag, text run, comment or CDATA section into memory before
// returning it, so a single 200 MB text node would cost 200 MB. Every
// token starts at a '<' except text, which ends at one; comments, CDATA and
// processing instructions run to their terminator. DOCTYPE and other
// directives have no place in a workbook and are refused.
type tokenGuard struct {
	r          io.Reader
	name       string
	run        int  // bytes since the current token began
	state      byte // 0 text or tag, '<' just after '<', '!' after "<!", '-' comment, '[' CDATA, '?' instruction
	prev, prv2 byte
}

func (g *tokenGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for _, b := range p[:n] {
		g.run++
		switch g.state {
		case 0:
			if b == '<' {
				g.run, g.state = 1, '<'
			}
		case '<':
			switch b {
			case '!', '?':
				g.state = b
			default:
				g.state = 0
			}
		case '!':
			switch b {
			case '-', '[':
				g.state = b
			default:
				return 0, fmt.Errorf("%w: part %s has an XML directive (<!%c…); a workbook has none", ErrNotXLSX, g.name, b)
			}
		case '-':
			if b == '>' && g.prev == '-' && g.prv2 == '-' && g.run > 6 {
				g.state = 0
			}
		case '[':
			if b == '>' && g.prev == ']' && g.prv2 == ']' {
				g.state = 0
			}
		case '?':
			if b == '>' && g.prev == '?' {
				g.state = 0
			}
		}
		if g.run > maxTokenBytes {
			return 0, fmt.Errorf("%w: part %s has an XML tag, text or comment longer than %s", ErrLimit, g.name, byteSize(maxTokenBytes))
		}
		g.prv2, g.prev = g.prev, b
	}
	return n, err
}

func (f *File) readWorkbook() error {
	rels := map[string]string{}
	if p, err := f.open("xl/_rels/workbook.xml.rels", maxSmallBytes); err == nil {
		err := p.each(func(t xml.StartElement) error {
			if t.Name.Local != "Relationship" {
				return nil
			}
			if len(rels) >= maxRelationships {
				return fmt.Errorf("%w: part %s has more than %d relationships", ErrLimit, p.name, maxRelationships)
			}
			target := attr(t, "Target")
			if strings.HasPrefix(target, "/") {
				target = strings.TrimPrefix(target, "/")
			} else {
				target = path.Join("xl", target)
			}
			rels[attr(t, "Id")] = target
			return nil
		})
		p.Close()
		if err != nil {
			return err
		}
	} else if errors.Is(err, ErrLimit) {
		return err
	}
	p, err := f.open("xl/workbook.xml", maxSmallBytes)
	if err != nil {
		return err
	}
	defer p.Close()
	inSheets := false
	return p.walk(func(tok xml.Token) error {
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "sheets" && p.depth == 2:
				inSheets = true
			case t.Name.Local == "sheet" && inSheets && p.depth == 3:
				if len(f.sheets) >= maxSheets {
					return fmt.Errorf("%w: part %s lists more than %d sheets", ErrLimit, p.name, maxSheets)
				}
				name := attr(t, "name")
				if len(name) > maxSheetNameBytes {
					return fmt.Errorf("%w: part %s names a sheet in more than %d bytes", ErrLimit, p.name, maxSheetNameBytes)
				}
				part := fmt.Sprintf("xl/worksheets/sheet%d.xml", len(f.sheets)+1)
				for _, a := range t.Attr {
					if a.Name.Local == "id" {
						if target, ok := rels[a.Value]; ok {
							part = target
						}
					}
				}
				f.sheets = append(f.sheets, sheetRef{name: name, part: part})
			}
		case xml.EndElement:
			if t.Name.Local == "sheets" && p.depth == 1 {
				inSheets = false
			}
		}
		return nil
	})
}

// walk calls fn for every token of the part until its end.
func (p *part) walk(fn func(xml.Token) error) error {
	for {
		tok, err := p.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// each calls fn for every start element of the part.
func (p *part) each(fn func(xml.StartElement) error) error {
	return p.walk(func(tok xml.Token) error {
		if t, ok := tok.(xml.StartElement); ok {
			return fn(t)
		}
		return nil
	})
}

func (f *File) readSharedStrings() error {
	p, err := f.open("xl/sharedStrings.xml", maxStringsBytes)
	if err != nil {
		if errors.Is(err, ErrLimit) {
			return err
		}
		return nil // a workbook without text has none
	}
	defer p.Close()
	var cur strings.Builder
	inSI, inT, inRPh := false, false, false
	return p.walk(func(tok xml.Token) error {
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
					return fmt.Errorf("%w: part %s has more than %d shared strings", ErrLimit, p.name, maxSharedStrings)
				}
				f.strings = append(f.strings, cur.String())
				inSI = false
			case "t":
				inT = false
			case "rPh":
				inRPh = false
			}
		case xml.CharData:
			if inT && !inRPh {
				if cur.Len()+len(t) > maxCellBytes {
					return fmt.Errorf("%w: part %s: shared string %d is longer than %s", ErrLimit, p.name, len(f.strings), byteSize(maxCellBytes))
				}
				cur.Write(t)
			}
		}
		return nil
	})
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
	p, err := f.open(part, maxSheetBytes)
	if err != nil {
		return err
	}
	defer p.Close()
	var (
		cells          []string
		rowNum, col    int
		rowBytes       int
		typ            string
		val            strings.Builder
		inV, inIS, inT bool
		nextRow        = 1
	)
	for {
		tok, err := p.token()
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
						return fmt.Errorf("xlsx: sheet %q: bad row number %q", sheet, clip(r))
					}
					rowNum = n
				}
				if rowNum > MaxRows {
					return fmt.Errorf("%w: sheet %q: row %d is beyond the last row (%d)", ErrLimit, sheet, rowNum, MaxRows)
				}
				nextRow = rowNum + 1
				cells = cells[:0]
				col, rowBytes = 0, 0
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
				if col >= MaxColumns {
					return fmt.Errorf("%w: sheet %q row %d: a cell beyond the last column (%s)", ErrLimit, sheet, rowNum, ColumnName(MaxColumns-1))
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
						return fmt.Errorf("xlsx: sheet %q cell %s%d: bad shared string index %q", sheet, ColumnName(col), rowNum, clip(s))
					}
					s = f.strings[i]
				}
				rowBytes += len(s)
				if rowBytes > maxRowBytes {
					return fmt.Errorf("%w: sheet %q row %d holds more than %s of text", ErrLimit, sheet, rowNum, byteSize(maxRowBytes))
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
			if inV || inT {
				if val.Len()+len(t) > maxCellBytes {
					return fmt.Errorf("%w: sheet %q cell %s%d is longer than %s", ErrLimit, sheet, ColumnName(col), rowNum, byteSize(maxCellBytes))
				}
				val.Write(t)
			}
		}
	}
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
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
	if col >= 0 && col < len(columnNames) {
		return columnNames[col]
	}
	return columnName(col)
}

// columnNames are the names of the first 1,024 columns, made once: the
// importers name a cell's column for every value they read.
var columnNames = func() []string {
	n := make([]string, 1024)
	for i := range n {
		n[i] = columnName(i)
	}
	return n
}()

func columnName(col int) string {
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

// Package importers reads the published migration tables — UN DESA,
// World Bank/KNOMAD, UNHCR and a generic tidy CSV — into tidy records. It
// knows file layouts only: matching names to area codes, de-duplication and
// storage are the data service's job. Every error names the file, sheet,
// row and column it is about.
package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"corridor/internal/data/xlsx"
)

// Measures stored in observations.
const (
	MigrantStock  = "migrant_stock"
	Refugees      = "refugees"
	AsylumSeekers = "asylum_seekers"
	Remittances   = "remittances"
	Flow          = "flow"
	// UNHCR flows: what happened during a year, not the end-year stock.
	RefugeeArrivals     = "refugee_arrivals"      // newly arrived or recognised refugees
	AsylumApplications  = "asylum_applications"   // new asylum applications
	RefugeeLikeArrivals = "refugee_like_arrivals" // new people in a refugee-like situation
	OIPArrivals         = "oip_arrivals"          // new other people in need of international protection
)

// Sexes.
const (
	Total  = "total"
	Male   = "male"
	Female = "female"
)

// Loc is where a value sits in its file.
type Loc struct {
	File   string
	Sheet  string
	Row    int    // 1-based; 0 when not about a row
	Column string // a letter for XLSX, a header name for CSV
}

func (l Loc) String() string {
	parts := []string{"file " + strconv.Quote(l.File)}
	if l.Sheet != "" {
		parts = append(parts, "sheet "+strconv.Quote(l.Sheet))
	}
	if l.Row > 0 {
		parts = append(parts, "row "+strconv.Itoa(l.Row))
	}
	if l.Column != "" {
		parts = append(parts, "column "+l.Column)
	}
	return strings.Join(parts, ", ")
}

// Error is bad input at a location.
type Error struct {
	Loc Loc
	Msg string
}

func (e *Error) Error() string { return e.Loc.String() + ": " + e.Msg }

func errAt(l Loc, format string, args ...any) error {
	return &Error{Loc: l, Msg: fmt.Sprintf(format, args...)}
}

// Place is a country or aggregate as the file gives it: a name, a code, or
// both. Codes are ISO alpha-3, ISO/M49 numeric or UN DESA location codes.
type Place struct {
	Name string
	Code string
}

func (p Place) String() string {
	if p.Name != "" {
		return p.Name
	}
	return p.Code
}

// Record is one tidy value read from a file.
type Record struct {
	Measure     string
	Origin      Place
	Destination Place
	Year        int
	Sex         string
	Value       float64
	Missing     bool   // the source gives no number (Flag says how)
	Flag        string // the source's marker, e.g. ".." or "-"
	Loc         Loc
}

// Meta describes a source: what the dataset row will say.
type Meta struct {
	Source, Release, Title, Licence, URL, Citation, Notes string
}

// Input is a file to read.
type Input struct {
	Name string
	R    io.ReaderAt
	Size int64
	// Progress, when set, is told how many bytes or rows are done of a total.
	Progress func(done, total int64)
}

func (in Input) progress(done, total int64) {
	if in.Progress != nil {
		in.Progress(done, total)
	}
}

// Format is one supported file layout.
type Format struct {
	Name    string
	Summary string
	// Kind is what the file must be: "csv" (plain or gzip), "xlsx", or
	// "csv-or-xlsx" when Parse tells them apart itself.
	Kind string
	// RepeatsOK: the layout lists some areas twice on purpose (UN DESA
	// shows a region under several groupings); a repeated value that is
	// equal is kept once instead of failing as a duplicate.
	RepeatsOK bool
	Meta      Meta
	Parse     func(in Input, emit func(Record) error) error
}

var formats = map[string]Format{}

func register(f Format) {
	f.Parse = checkedParse(f.Parse)
	formats[f.Name] = f
}

// checkedParse refuses records that no layout may give: a negative count
// of people or money.
func checkedParse(parse func(Input, func(Record) error) error) func(Input, func(Record) error) error {
	return func(in Input, emit func(Record) error) error {
		return parse(in, func(r Record) error {
			if !r.Missing && r.Value < 0 && Counted(r.Measure) {
				return errAt(r.Loc, "%s is negative (%g): a %s value counts %s", r.Measure, r.Value, r.Measure, Units[r.Measure])
			}
			return emit(r)
		})
	}
}

// Lookup returns the format of that name.
func Lookup(name string) (Format, bool) {
	f, ok := formats[name]
	return f, ok
}

// Formats lists the formats by name.
func Formats() []Format {
	out := make([]Format, 0, len(formats))
	for _, f := range formats {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Check verifies the file's first bytes fit the format's kind, so an HTML
// page saved as .xlsx or a binary uploaded as CSV fails before parsing.
func (f Format) Check(in Input) error {
	head := make([]byte, 512)
	n, _ := in.R.ReadAt(head, 0)
	head = head[:n]
	kind := xlsx.Sniff(head)
	l := Loc{File: in.Name}
	if n == 0 {
		return errAt(l, "the file is empty")
	}
	kindWanted := f.Kind
	if kindWanted == "csv-or-xlsx" {
		kindWanted = "csv"
		if kind == "xlsx" {
			kindWanted = "xlsx"
		}
	}
	switch kindWanted {
	case "xlsx":
		switch kind {
		case "xlsx":
			return nil
		case "html":
			return errAt(l, "the file is an HTML page, not an XLSX workbook (was a web page saved under this name?)")
		default:
			return errAt(l, "the file is not an XLSX workbook (it does not start like one)")
		}
	case "csv":
		switch kind {
		case "gzip", "":
			if kind == "" && bytes.IndexByte(head, 0) >= 0 {
				return errAt(l, "the file is binary, not CSV text")
			}
			return nil
		case "html":
			return errAt(l, "the file is an HTML page, not CSV")
		default:
			return errAt(l, "the file is a %s archive, not CSV", kind)
		}
	}
	return nil
}

// Flags that mean "no number" in the published tables. UN DESA's 2020
// tables write "~" for a value withheld for privacy (fewer than five
// people behind it).
var missingFlags = map[string]bool{"..": true, "-": true, "…": true, "...": true, "x": true, "NA": true, "n/a": true, "N/A": true, "~": true}

// parseValue reads a numeric cell. An empty cell is missing with no flag.
func parseValue(s string, l Loc) (v float64, missing bool, flag string, err error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, true, "", nil
	}
	if missingFlags[t] {
		return 0, true, t, nil
	}
	t = strings.ReplaceAll(t, "\u00a0", "")
	// ParseFloat also takes "Inf", "NaN" and hex floats ("0x1p-2"), which
	// no published table writes: only digits, a sign, a point and an
	// exponent pass.
	if strings.Trim(t, "0123456789+-.eE") != "" {
		return 0, false, "", errAt(l, "%q is not a number", clip(t))
	}
	v, perr := strconv.ParseFloat(t, 64)
	if perr != nil || v != v || v > 1e18 || v < -1e18 {
		return 0, false, "", errAt(l, "%q is not a number", clip(t))
	}
	return v, false, "", nil
}

// Limits on the text of one cell and one CSV record: the published tables
// hold names and numbers, far below them.
const (
	maxCellBytes   = 64 << 10
	maxRecordBytes = 2 << 20
)

// checkCells refuses cells that are too long, not UTF-8, or hold NUL
// bytes, naming the cell; column names the i-th column.
func checkCells(in Input, sheet string, row int, cells []string, column func(i int) string) error {
	for i, c := range cells {
		problem := ""
		switch {
		case len(c) > maxCellBytes:
			problem = fmt.Sprintf("a cell of %d bytes (the limit is %d KB)", len(c), maxCellBytes>>10)
		case strings.IndexByte(c, 0) >= 0:
			problem = "a NUL byte in the cell (is this a binary file?)"
		case !utf8.ValidString(c):
			problem = "text that is not UTF-8 (save the file as UTF-8)"
		}
		if problem != "" {
			return errAt(Loc{File: in.Name, Sheet: sheet, Row: row, Column: column(i)}, "%s", problem)
		}
	}
	return nil
}

// csvColumn names a CSV column by its header, or by its number when the
// header has no name for it.
func csvColumn(header []string) func(i int) string {
	return func(i int) string {
		if i < len(header) && strings.TrimSpace(header[i]) != "" {
			return clip(strings.TrimSpace(header[i]))
		}
		return strconv.Itoa(i + 1)
	}
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// csvReader opens a CSV input, transparently gunzipping it, and returns a
// reader with a BOM-free first field.
func csvReader(in Input) (*csv.Reader, func() int64, error) {
	sr := io.NewSectionReader(in.R, 0, in.Size)
	counter := &countingReader{r: sr}
	var r io.Reader = counter
	head := make([]byte, 2)
	n, _ := in.R.ReadAt(head, 0)
	if n == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(counter)
		if err != nil {
			return nil, nil, errAt(Loc{File: in.Name}, "bad gzip data: %v", err)
		}
		r = gz
	}
	br := bufio.NewReaderSize(&recordGuard{r: r, file: in.Name, line: 1, start: 1}, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return cr, func() int64 { return counter.n }, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// recordGuard refuses a CSV record longer than maxRecordBytes before
// encoding/csv, which holds a whole record in memory, has read it: a 50 MB
// cell costs at most maxRecordBytes. It tells records apart as encoding/csv
// does: a newline ends one unless it is inside double quotes.
type recordGuard struct {
	r           io.Reader
	file        string
	inQuotes    bool
	size        int // bytes of the current record
	line, start int // the current line, the line the record began on
}

func (g *recordGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for _, b := range p[:n] {
		g.size++
		switch b {
		case '"':
			g.inQuotes = !g.inQuotes
		case '\n':
			g.line++
			if !g.inQuotes {
				g.size, g.start = 0, g.line
			}
		}
		if g.size > maxRecordBytes {
			return 0, errAt(Loc{File: g.file, Row: g.start}, "a record longer than %d MB", maxRecordBytes>>20)
		}
	}
	return n, err
}

// readCSVErr turns a csv or gzip error into one that names the file and row.
func readCSVErr(in Input, row int, err error) error {
	var ie *Error
	if errors.As(err, &ie) {
		return ie
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errAt(Loc{File: in.Name, Row: pe.Line, Column: strconv.Itoa(pe.Column)}, "bad CSV: %v", pe.Err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) {
		return errAt(Loc{File: in.Name, Row: row}, "the file is truncated or corrupt (%v)", err)
	}
	return errAt(Loc{File: in.Name, Row: row}, "cannot read: %v", err)
}

// csvRows reads a CSV whose first row is a header: checkHeader sees the
// header, then fn each data row (numbered from 2), which must have as many
// fields as the header. Progress is reported every progressEvery rows.
func csvRows(in Input, progressEvery int, checkHeader func(header []string) error, fn func(row int, rec []string) error) error {
	cr, done, err := csvReader(in)
	if err != nil {
		return err
	}
	header, err := cr.Read()
	if err != nil {
		return readCSVErr(in, 1, err)
	}
	header = append([]string(nil), header...)
	if err := checkCells(in, "", 1, header, func(i int) string { return strconv.Itoa(i + 1) }); err != nil {
		return err
	}
	column := csvColumn(header)
	if err := checkHeader(header); err != nil {
		return err
	}
	row := 1
	for {
		rec, err := cr.Read()
		row++
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return readCSVErr(in, row, err)
		}
		if len(rec) != len(header) {
			return errAt(Loc{File: in.Name, Row: row}, "%d fields, the header has %d", len(rec), len(header))
		}
		if err := checkCells(in, "", row, rec, column); err != nil {
			return err
		}
		if err := fn(row, rec); err != nil {
			return err
		}
		if row%progressEvery == 0 {
			in.progress(done(), in.Size)
		}
	}
}

// headerIndex maps lower-case header names to their column.
func headerIndex(header []string) map[string]int {
	m := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := m[h]; !dup {
			m[h] = i
		}
	}
	return m
}

func requireColumns(in Input, idx map[string]int, names ...string) error {
	var missing []string
	for _, n := range names {
		if _, ok := idx[n]; !ok {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return errAt(Loc{File: in.Name, Row: 1}, "missing column(s) %s in the header", strings.Join(missing, ", "))
	}
	return nil
}

func openXLSX(in Input) (*xlsx.File, error) {
	f, err := xlsx.Open(in.R, in.Size)
	if err != nil {
		return nil, errAt(Loc{File: in.Name}, "%v", err)
	}
	return f, nil
}

func xlsxRows(in Input, f *xlsx.File, sheet string, fn func(row int, cells []string) error) error {
	err := f.Rows(sheet, func(row int, cells []string) error {
		if err := checkCells(in, sheet, row, cells, xlsx.ColumnName); err != nil {
			return err
		}
		return fn(row, cells)
	})
	var ie *Error
	if err != nil && !errors.As(err, &ie) {
		return errAt(Loc{File: in.Name, Sheet: sheet}, "%v", err)
	}
	return err
}

func cell(cells []string, i int) string {
	if i < len(cells) {
		return strings.TrimSpace(cells[i])
	}
	return ""
}

// parseYear reads a year cell (XLSX stores 1990 as "1990" or "1990.0").
func parseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == float64(int(f)) && f >= 1900 && f <= 2100 {
		return int(f), true
	}
	return 0, false
}

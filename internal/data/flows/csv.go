package flows

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"corridor/internal/cellsafe"
)

// parseNumber parses a finite decimal number (NaN and Inf are rejected).
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

func newCSVReader(r io.Reader) *csv.Reader {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	return cr
}

func stripBOM(s string) string { return strings.TrimPrefix(s, "\ufeff") }

// ReadStockCSV reads a stock table: a header row with an empty first cell
// followed by the places of residence, then one row per place of birth
// (name, then one value per place of residence). Rows and columns must name
// the same places (in any order; the result follows the row order). Values
// must be finite, non-negative numbers. name labels errors (usually the file
// name); errors give the line and column.
func ReadStockCSV(r io.Reader, name string) (*Matrix, error) {
	return readSquareCSV(r, name, stockWords)
}

// ReadFlowCSV reads an origin × destination flow matrix in the layout
// WriteMatrixCSV writes (and ReadStockCSV reads): a header row with an
// empty first cell and the destinations, then one row per origin. The
// same checks apply; errors speak of origins, destinations and flows.
func ReadFlowCSV(r io.Reader, name string) (*Matrix, error) {
	return readSquareCSV(r, name, flowWords)
}

// squareWords names the rows, columns and cells of a square table in
// error messages.
type squareWords struct {
	row, col  string // "place of birth", "place of residence"
	rowAt     string // "born in" (a cell's row)
	colAt     string // "living in" (a cell's column)
	value     string // "stock"
	tableKind string // "a stock table"
}

var (
	stockWords = squareWords{row: "place of birth", col: "place of residence", rowAt: "born in", colAt: "living in", value: "stock", tableKind: "a stock table"}
	flowWords  = squareWords{row: "origin", col: "destination", rowAt: "from", colAt: "to", value: "flow", tableKind: "a flow matrix"}
)

func readSquareCSV(r io.Reader, name string, w squareWords) (*Matrix, error) {
	cr := newCSVReader(r)
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty file", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("%s: line 1: header needs an empty first cell and at least one %s", name, w.col)
	}
	if first := strings.TrimSpace(stripBOM(header[0])); first != "" {
		return nil, fmt.Errorf("%s: line 1, column 1: header must start with an empty cell, found %q", name, first)
	}
	cols := make([]string, len(header)-1)
	colIdx := make(map[string]int, len(cols))
	for j, h := range header[1:] {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, fmt.Errorf("%s: line 1, column %d: empty %s name", name, j+2, w.col)
		}
		if _, dup := colIdx[h]; dup {
			return nil, fmt.Errorf("%s: line 1, column %d: duplicate %s %q", name, j+2, w.col, h)
		}
		colIdx[h] = j
		cols[j] = h
	}
	var rows []string
	rowIdx := map[string]int{}
	// A square table has as many rows as the header has columns: reserve
	// them all at once (up to a bound, so a hostile header cannot make us
	// reserve memory its rows never fill).
	vals := make([]float64, 0, min(len(cols)*len(cols), 1<<24))
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ReadError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			return nil, fmt.Errorf("%s: line %d: %d fields, the header has %d (ragged row)", name, line, len(rec), len(header))
		}
		pob := strings.Clone(strings.TrimSpace(rec[0])) // rec's text is reused
		if pob == "" {
			return nil, fmt.Errorf("%s: line %d, column 1: empty %s name", name, line, w.row)
		}
		if _, dup := rowIdx[pob]; dup {
			return nil, fmt.Errorf("%s: line %d, column 1: duplicate %s %q", name, line, w.row, pob)
		}
		rowIdx[pob] = len(rows)
		rows = append(rows, pob)
		for j, cell := range rec[1:] {
			v, ok := parseNumber(cell)
			if !ok {
				return nil, fmt.Errorf("%s: line %d, column %d (%s %q, %s %q): %q is not a number", name, line, j+2, w.rowAt, pob, w.colAt, cols[j], cell)
			}
			if v < 0 {
				return nil, fmt.Errorf("%s: line %d, column %d (%s %q, %s %q): negative %s %v", name, line, j+2, w.rowAt, pob, w.colAt, cols[j], w.value, v)
			}
			vals = append(vals, v)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	if len(rows) != len(cols) {
		return nil, fmt.Errorf("%s: %d rows (%s) but %d columns (%s); %s must be square", name, len(rows), w.row, len(cols), w.col, w.tableKind)
	}
	for j, c := range cols {
		if _, ok := rowIdx[c]; !ok {
			return nil, fmt.Errorf("%s: line 1, column %d: %s %q has no row (row and column names must match)", name, j+2, w.col, c)
		}
	}
	n := len(rows)
	inOrder := true
	for k, r := range rows {
		if colIdx[r] != k {
			inOrder = false
			break
		}
	}
	if inOrder { // the usual case: columns in the rows' order, no copy
		return &Matrix{Rows: rows, Cols: append([]string(nil), rows...), Values: vals}, nil
	}
	m := NewSquare(rows)
	for i := range rows {
		for k, r := range rows {
			m.Values[i*n+k] = vals[i*n+colIdx[r]]
		}
	}
	return m, nil
}

// WriteMatrixCSV writes a matrix with a header row (empty first cell, then
// the column names) and one row per row name. Numbers use the shortest
// representation that round-trips (strconv 'g', -1). Names go through the
// spreadsheet-safe CSV writer; numbers, which need neither quoting nor
// guarding, are appended to a reused line, so that writing 9 million cells
// does not leave 9 million strings behind for the collector.
func WriteMatrixCSV(w io.Writer, m *Matrix) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := cellsafe.NewCSVWriter(bw)
	if err := cw.Write(append([]string{""}, m.Cols...)); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	var name bytes.Buffer
	nameCSV := cellsafe.NewCSVWriter(&name)
	nc := len(m.Cols)
	var line []byte
	for i, r := range m.Rows {
		name.Reset()
		nameCSV.Write([]string{r})
		nameCSV.Flush()
		line = append(line[:0], bytes.TrimSuffix(name.Bytes(), []byte("\n"))...)
		for _, v := range m.Values[i*nc : (i+1)*nc] {
			line = appendNumber(append(line, ','), v)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendNumber appends formatNumber(v) as a CSV field: a finite number as
// it is; an infinity (which no table should hold) guarded as text.
func appendNumber(dst []byte, v float64) []byte {
	switch {
	case v == 0:
		return append(dst, '0') // also turns -0 into 0
	case math.IsInf(v, 0) || math.IsNaN(v):
		return append(dst, cellsafe.Text(formatNumber(v))...)
	}
	return strconv.AppendFloat(dst, v, 'g', -1, 64)
}

func formatNumber(v float64) string {
	if v == 0 {
		return "0" // also turns -0 into 0
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// ReadVectorCSV reads a region,value CSV (births or deaths). A header row is
// optional: the first row is taken as a header when its second field is
// not a number. Names must be unique; values finite and non-negative.
func ReadVectorCSV(r io.Reader, name string) (*Vector, error) {
	return readVectorCSV(r, name, false)
}

// ReadSignedVectorCSV reads a region,value CSV as ReadVectorCSV does but
// accepts negative values (net migration totals).
func ReadSignedVectorCSV(r io.Reader, name string) (*Vector, error) {
	return readVectorCSV(r, name, true)
}

func readVectorCSV(r io.Reader, name string, signed bool) (*Vector, error) {
	cr := newCSVReader(r)
	v := &Vector{}
	seen := map[string]bool{}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, ReadError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != 2 {
			return nil, fmt.Errorf("%s: line %d: %d fields, want 2 (region,value)", name, line, len(rec))
		}
		if first {
			first = false
			rec[0] = stripBOM(rec[0])
			if _, ok := parseNumber(rec[1]); !ok {
				continue // header
			}
		}
		reg := strings.TrimSpace(rec[0])
		if reg == "" {
			return nil, fmt.Errorf("%s: line %d, column 1: empty region name", name, line)
		}
		if seen[reg] {
			return nil, fmt.Errorf("%s: line %d, column 1: duplicate region %q", name, line, reg)
		}
		seen[reg] = true
		x, ok := parseNumber(rec[1])
		if !ok {
			return nil, fmt.Errorf("%s: line %d, column 2 (region %q): %q is not a number", name, line, reg, rec[1])
		}
		if x < 0 && !signed {
			return nil, fmt.Errorf("%s: line %d, column 2 (region %q): negative value %v", name, line, reg, x)
		}
		v.Names = append(v.Names, reg)
		v.Values = append(v.Values, x)
	}
	if len(v.Names) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return v, nil
}

// ReadError names the file, line and column of a CSV read error.
func ReadError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: line %d, column %d: %v", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

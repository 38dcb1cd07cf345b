package flows

import (
	"fmt"
	"math"
	"slices"
)

// Matrix is a dense, row-major matrix of float64 values with named rows and
// columns. Values has len(Rows)*len(Cols) elements; the cell (i, j) is
// Values[i*len(Cols)+j].
//
// A stock table is a square Matrix whose rows are places of birth and whose
// columns are places of residence, with the same places in the same order on
// both sides. A flow matrix is a square Matrix with origins as rows and
// destinations as columns.
type Matrix struct {
	Rows   []string
	Cols   []string
	Values []float64
}

// NewMatrix returns a zero matrix with copies of the given names.
func NewMatrix(rows, cols []string) *Matrix {
	return &Matrix{
		Rows:   append([]string(nil), rows...),
		Cols:   append([]string(nil), cols...),
		Values: make([]float64, len(rows)*len(cols)),
	}
}

// NewSquare returns a zero square matrix with the same names on both sides.
func NewSquare(names []string) *Matrix { return NewMatrix(names, names) }

// FromRows builds a square matrix from row slices. It panics if the rows are
// not n×n; it is meant for literals in code and tests.
func FromRows(names []string, rows [][]float64) *Matrix {
	m := NewSquare(names)
	n := len(names)
	if len(rows) != n {
		panic(fmt.Sprintf("flows.FromRows: %d rows for %d names", len(rows), n))
	}
	for i, r := range rows {
		if len(r) != n {
			panic(fmt.Sprintf("flows.FromRows: row %d has %d values, want %d", i, len(r), n))
		}
		copy(m.Values[i*n:], r)
	}
	return m
}

// At returns cell (i, j).
func (m *Matrix) At(i, j int) float64 { return m.Values[i*len(m.Cols)+j] }

// Set sets cell (i, j).
func (m *Matrix) Set(i, j int, v float64) { m.Values[i*len(m.Cols)+j] = v }

// Clone returns a deep copy.
func (m *Matrix) Clone() *Matrix {
	c := NewMatrix(m.Rows, m.Cols)
	copy(c.Values, m.Values)
	return c
}

// Sum returns the sum of all cells.
func (m *Matrix) Sum() float64 {
	s := 0.0
	for _, v := range m.Values {
		s += v
	}
	return s
}

// RowSums returns the row totals.
func (m *Matrix) RowSums() []float64 {
	nc := len(m.Cols)
	out := make([]float64, len(m.Rows))
	for i := range out {
		s := 0.0
		for _, v := range m.Values[i*nc : (i+1)*nc] {
			s += v
		}
		out[i] = s
	}
	return out
}

// ColSums returns the column totals.
func (m *Matrix) ColSums() []float64 {
	nc := len(m.Cols)
	out := make([]float64, nc)
	for i := range m.Rows {
		for j, v := range m.Values[i*nc : (i+1)*nc] {
			out[j] += v
		}
	}
	return out
}

// Square reports whether the matrix is square with identical row and column
// names in the same order.
func (m *Matrix) Square() bool {
	if len(m.Rows) != len(m.Cols) || len(m.Values) != len(m.Rows)*len(m.Cols) {
		return false
	}
	for i := range m.Rows {
		if m.Rows[i] != m.Cols[i] {
			return false
		}
	}
	return true
}

// Vector is a named vector, such as births or deaths by place of residence.
type Vector struct {
	Names  []string
	Values []float64
}

// Sum returns the sum of the values.
func (v *Vector) Sum() float64 {
	s := 0.0
	for _, x := range v.Values {
		s += x
	}
	return s
}

// index maps names to positions and rejects duplicates and empty names.
func index(names []string, what string) (map[string]int, error) {
	idx := make(map[string]int, len(names))
	for i, s := range names {
		if s == "" {
			return nil, fmt.Errorf("%s: empty name at position %d", what, i+1)
		}
		if _, dup := idx[s]; dup {
			return nil, fmt.Errorf("%s: duplicate name %q", what, s)
		}
		idx[s] = i
	}
	return idx, nil
}

// alignSquare returns m reordered so that rows and columns follow places.
// The row and column names of m must be exactly the places (in any order).
func alignSquare(m *Matrix, places []string, what string, reuse bool) (*Matrix, error) {
	if m == nil {
		return nil, fmt.Errorf("%s: missing", what)
	}
	n := len(places)
	if len(m.Rows) != n || len(m.Cols) != n || len(m.Values) != n*n {
		return nil, fmt.Errorf("%s: is %d×%d (%d values), want %d×%d", what, len(m.Rows), len(m.Cols), len(m.Values), n, n)
	}
	ri, err := index(m.Rows, what+" rows")
	if err != nil {
		return nil, err
	}
	ci, err := index(m.Cols, what+" columns")
	if err != nil {
		return nil, err
	}
	perm := make([]int, n)
	cperm := make([]int, n)
	for k, p := range places {
		i, ok := ri[p]
		if !ok {
			return nil, fmt.Errorf("%s: no row for place %q", what, p)
		}
		j, ok := ci[p]
		if !ok {
			return nil, fmt.Errorf("%s: no column for place %q", what, p)
		}
		perm[k], cperm[k] = i, j
	}
	if reuse && slices.Equal(m.Rows, places) && slices.Equal(m.Cols, places) {
		for idx, v := range m.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: cell (%q, %q) is %v", what, places[idx/n], places[idx%n], v)
			}
		}
		return m, nil
	}
	out := NewSquare(places)
	for a := 0; a < n; a++ {
		src := m.Values[perm[a]*n:]
		dst := out.Values[a*n : (a+1)*n]
		for b := 0; b < n; b++ {
			v := src[cperm[b]]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s: cell (%q, %q) is %v", what, places[a], places[b], v)
			}
			dst[b] = v
		}
	}
	return out, nil
}

// alignVector returns the values of v in the order of places; a nil v gives
// zeros.
func alignVector(v *Vector, places []string, what string) ([]float64, error) {
	out := make([]float64, len(places))
	if v == nil {
		return out, nil
	}
	if len(v.Names) != len(v.Values) {
		return nil, fmt.Errorf("%s: %d names for %d values", what, len(v.Names), len(v.Values))
	}
	if len(v.Names) != len(places) {
		return nil, fmt.Errorf("%s: has %d places, the stock tables have %d", what, len(v.Names), len(places))
	}
	idx, err := index(v.Names, what)
	if err != nil {
		return nil, err
	}
	for k, p := range places {
		i, ok := idx[p]
		if !ok {
			return nil, fmt.Errorf("%s: no value for place %q", what, p)
		}
		x := v.Values[i]
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return nil, fmt.Errorf("%s: value for %q is %v (must be finite and non-negative)", what, p, x)
		}
		out[k] = x
	}
	return out, nil
}

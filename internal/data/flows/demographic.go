package flows

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// Birthplace-total methods (Options.BirthplaceTotals).
const (
	// Rescale fits both stock tables, by two-way IPF, to the mean of their
	// birthplace (row) totals, keeping their residence (column) totals.
	Rescale = "rescale"
	// Open treats a fall in a birthplace total as emigration out of the
	// system (spread over that row of the end table and taken from the start
	// table) and a rise as immigration from outside (spread over the row of
	// the start table and taken from the end table).
	Open = "open"
	// OpenDR is Open as in Abel (2013, Demographic Research): the out-matrix
	// is spread over the start table and the in-matrix over the end table.
	OpenDR = "open-dr"
)

// Global-match timings (Options.GlobalMatch), used only with Rescale.
const (
	// Before balances the world (Σend − Σstart = Σbirths − Σdeaths) by
	// adjusting the native-born diagonals before births and deaths are
	// removed, rounding them to integers (migest "before-demo-adjust").
	Before = "before"
	// After balances the tables after births and deaths are removed, without
	// rounding (migest "after-demo-adjust").
	After = "after"
)

// Birth and death allocation methods.
const (
	Native     = "native"
	Proportion = "proportion"
	Accounting = "accounting"
)

// Defaults of migest::ffs_demo (which calls mipfp::Ipfp with these values).
const (
	DefaultTol       = 1e-3
	DefaultMaxIter   = 100000
	DefaultMarginTol = 1e-3
)

// Options configures Demographic. The zero value gives migest::ffs_demo's
// defaults: stayer assumption on, "rescale" birthplace totals, global match
// "before", native births (never more than the native-born stock), deaths in
// proportion to the start table, no offset, IPF tolerance 1e-3 and at most
// 1e5 iterations.
type Options struct {
	// NoStayerAssumption switches the stayer assumption off (migest
	// stayer_assumption = FALSE): each birthplace table is then fitted by
	// independence (with Offset as the seed) instead of quasi-independence
	// with the stayers fixed at min(start, end).
	NoStayerAssumption bool
	// BirthplaceTotals is Rescale (default), Open or OpenDR.
	BirthplaceTotals string
	// GlobalMatch is Before (default) or After; it has an effect only with
	// Rescale, as in migest.
	GlobalMatch string
	// BirthMethod is Native (default) or Proportion.
	BirthMethod string
	// AllowNegativeNatives turns off migest's birth_non_negative guard (by
	// default births larger than the native-born end stock are spread over
	// the whole column instead).
	AllowNegativeNatives bool
	// DeathMethod is Proportion (default) or Accounting.
	DeathMethod string
	// Offset is an optional n×n origin × destination seed (for example a
	// distance-based prior), copied to every birthplace. nil means ones.
	// Note: migest::ffs_demo ignores its seed under the stayer assumption;
	// Corridor uses it there too (on the movers' cells), like the legacy
	// migest::ffs. Leave it nil to reproduce ffs_demo.
	Offset *Matrix
	// Tol is the IPF stopping tolerance on the largest absolute cell change
	// between sweeps (default 1e-3, as in ffs_demo).
	Tol float64
	// MaxIter caps the IPF sweeps (default 1e5).
	MaxIter int
	// MarginTol is the largest allowed disagreement between the totals of
	// two target margins of one fit (default 1e-3, mipfp's tol.margins).
	// Per birthplace, the movers' totals may differ by MarginTol times the
	// birthplace total before they are rescaled to agree (ffs_demo rescales
	// these "tiny differences" silently); larger differences are an error.
	MarginTol float64
	// AllowNonConvergence returns a result, flagged in Diagnostics, when an
	// IPF hits MaxIter; by default that is a *ConvergenceError.
	AllowNonConvergence bool
	// StrictMargins refuses a birthplace whose out-movers and in-movers
	// disagree by more than MarginTol × its total with a *MarginError. By
	// default, as migest's ffs_demo does, the in-movers are rescaled to the
	// out-movers' total whatever the difference, and the birthplace is
	// listed in Diagnostics.UnmetMargins so the caller can warn.
	StrictMargins bool
	// ReuseInputs lets Demographic work in the start and end tables'
	// own storage (overwriting them) instead of copies, when they are
	// already in the same order: for callers that do not need them
	// afterwards, such as the command line on a large table.
	ReuseInputs bool
}

func (o Options) normalized() (Options, error) {
	switch o.BirthplaceTotals {
	case "":
		o.BirthplaceTotals = Rescale
	case Rescale, Open, OpenDR:
	default:
		return o, fmt.Errorf("flows: unknown birthplace-totals method %q (want rescale, open or open-dr)", o.BirthplaceTotals)
	}
	switch o.GlobalMatch {
	case "", "before-demo-adjust":
		o.GlobalMatch = Before
	case "after-demo-adjust":
		o.GlobalMatch = After
	case Before, After:
	default:
		return o, fmt.Errorf("flows: unknown global match %q (want before or after)", o.GlobalMatch)
	}
	switch o.BirthMethod {
	case "":
		o.BirthMethod = Native
	case Native, Proportion:
	default:
		return o, fmt.Errorf("flows: unknown birth method %q (want native or proportion)", o.BirthMethod)
	}
	switch o.DeathMethod {
	case "":
		o.DeathMethod = Proportion
	case Proportion, Accounting:
	default:
		return o, fmt.Errorf("flows: unknown death method %q (want proportion or accounting)", o.DeathMethod)
	}
	if o.Tol == 0 {
		o.Tol = DefaultTol
	}
	if o.MaxIter == 0 {
		o.MaxIter = DefaultMaxIter
	}
	if o.MarginTol == 0 {
		o.MarginTol = DefaultMarginTol
	}
	if !(o.Tol > 0) || o.MaxIter < 1 || !(o.MarginTol > 0) {
		return o, fmt.Errorf("flows: Tol, MaxIter and MarginTol must be positive")
	}
	return o, nil
}

// Diagnostics records what the estimator did besides the flows.
type Diagnostics struct {
	// Fits lists every iterative fit that needed more than a closed form.
	Fits []FitStats
	// Converged is false if any fit hit MaxIter (only with
	// AllowNonConvergence).
	Converged bool
	// GlobalImbalance is (Σbirths − Σdeaths) − (Σend − Σstart) before the
	// global match (0 for a closed, balanced world).
	GlobalImbalance float64
	// MaxMoverRescale is the largest |Σ in-movers − Σ out-movers| of a
	// birthplace before they were rescaled to agree.
	MaxMoverRescale float64
	// UnmetMargins lists the birthplaces whose movers' totals disagreed by
	// more than the margin tolerance and were rescaled anyway (never filled
	// with StrictMargins, which refuses instead).
	UnmetMargins []UnmetMargin
	// Notes are messages of the kind migest prints (negative native-born
	// cells repaired, too many births, negative cells after an adjustment).
	Notes []string
}

// UnmetMargin is a birthplace whose start-side and end-side movers'
// totals disagreed beyond the tolerance: the end side was rescaled to the
// start side's total, so the estimate does not meet the end stocks of
// this birthplace by End − Start people.
type UnmetMargin struct {
	Birthplace string
	// What names the two margins ("out-movers and in-movers", or "start
	// and end stocks" without the stayer assumption).
	What       string
	Start, End float64
	Tolerance  float64
}

// Difference is End − Start.
func (u UnmetMargin) Difference() float64 { return u.End - u.Start }

// String describes the shortfall for a warning.
func (u UnmetMargin) String() string {
	return fmt.Sprintf("%q: %s differ by %.6g (%.10g vs %.10g; tolerance %.6g)", u.Birthplace, u.What, u.Difference(), u.Start, u.End, u.Tolerance)
}

// Result is the output of Demographic.
type Result struct {
	Places []string
	// Flows is the bilateral flow matrix: origin rows, destination columns,
	// summed over birthplaces, diagonal 0 (migest sum_od).
	Flows *Matrix
	// Table is the full origin × destination × birthplace table, stayers
	// included.
	Table *Table
	// StartAdjusted and EndAdjusted are the stock tables whose birthplace
	// rows gave the margins of the final fit (after births, deaths and the
	// birthplace-total step).
	StartAdjusted, EndAdjusted *Matrix
	// BirthMatrix and DeathMatrix (birthplace × residence) were taken from
	// the end and start tables.
	BirthMatrix, DeathMatrix *Matrix
	// InMatrix and OutMatrix (birthplace × residence) are the movements from
	// and to outside the system (zero unless Open or OpenDR).
	//
	// BirthMatrix, DeathMatrix, InMatrix and OutMatrix are nil when they
	// would be all zero (no births, no deaths, no movement from or to
	// outside), so that a large table does not carry four empty copies.
	InMatrix, OutMatrix *Matrix
	Diagnostics         Diagnostics
}

// Table is an origin × destination × birthplace flow table held in the
// factor form the fit produces: for birthplace k the movers are
// a_k[i]·seed[i][j]·b_k[j] over the active origins and destinations, and
// the stayers sit on the diagonal. Use At, Each or Dense to read it.
type Table struct {
	N      int
	Places []string
	// start and end are the adjusted stock tables of the final fit; under
	// the stayer assumption the stayers are their cell-wise minimum,
	// computed when read rather than stored (a table's worth of memory).
	start, end []float64
	slices     []slice
	offset     []float64 // n×n seed, nil = ones
	noDiag     bool      // seed is 0 on the diagonal (stayer assumption)
}

type slice struct {
	rows []int32 // int32 halves the index memory of a large table
	a    []float64
	cols []int32
	b    []float64
}

func (t *Table) seed(i, j int) float64 {
	if t.noDiag && i == j {
		return 0
	}
	if t.offset == nil {
		return 1
	}
	return t.offset[i*t.N+j]
}

// stayer is the number of people born in k who stayed in i: min(start,
// end) under the stayer assumption, 0 without it.
func (t *Table) stayer(k, i int) float64 {
	if !t.noDiag {
		return 0
	}
	return math.Min(t.start[k*t.N+i], t.end[k*t.N+i])
}

// At returns the flow from origin i to destination j of people born in k.
// At(i, i, k) are the stayers.
func (t *Table) At(i, j, k int) float64 {
	v := 0.0
	if i == j {
		v = t.stayer(k, i)
	}
	s := &t.slices[k]
	for ri, r := range s.rows {
		if int(r) != i {
			continue
		}
		for ci, c := range s.cols {
			if int(c) == j {
				v += s.a[ri] * t.seed(i, j) * s.b[ci]
			}
		}
	}
	return v
}

// sliceInto writes birthplace k's origin × destination table into cell.
func (t *Table) sliceInto(k int, cell []float64) {
	n := t.N
	clear(cell)
	for i := 0; i < n; i++ {
		cell[i*n+i] = t.stayer(k, i)
	}
	s := &t.slices[k]
	for ri, i := range s.rows {
		ai := s.a[ri]
		for ci, j := range s.cols {
			cell[int(i)*n+int(j)] += ai * t.seed(int(i), int(j)) * s.b[ci]
		}
	}
}

// Dense returns the full table as a slice indexed [(orig*n+dest)*n+pob],
// the memory layout of R's array(dim = c(n, n, n)) transposed to row-major.
func (t *Table) Dense() []float64 {
	n := t.N
	out := make([]float64, n*n*n)
	cell := make([]float64, n*n)
	for k := 0; k < n; k++ {
		t.sliceInto(k, cell)
		for ij, v := range cell {
			out[ij*n+k] = v
		}
	}
	return out
}

// Bilateral sums the table over birthplaces and sets the diagonal to 0.
// The sum is a product of two n×n factor tables, O(n³) at worst: it is
// split by origin rows over the processors (each row is summed over the
// birthplaces in the same order, so the result does not depend on the
// split).
func (t *Table) Bilateral() *Matrix {
	n := t.N
	f := NewSquare(t.Places)
	workers := min(runtime.GOMAXPROCS(0), max(1, n/64))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.addRows(f.Values, lo, hi)
		}()
	}
	wg.Wait()
	for i := 0; i < n; i++ {
		f.Values[i*n+i] = 0
	}
	return f
}

// addRows adds every birthplace's movers from origins lo ≤ i < hi into
// the n×n flows.
func (t *Table) addRows(flows []float64, lo, hi int) {
	n := t.N
	for k := range t.slices {
		s := &t.slices[k]
		// s.rows is in increasing order: skip to the first row ≥ lo.
		start, _ := slices.BinarySearch(s.rows, int32(lo))
		for ri := start; ri < len(s.rows) && int(s.rows[ri]) < hi; ri++ {
			i := int(s.rows[ri])
			ai := s.a[ri]
			row := flows[i*n : (i+1)*n]
			if t.offset == nil {
				for ci, j := range s.cols {
					row[j] += ai * s.b[ci]
				}
			} else {
				off := t.offset[i*n : (i+1)*n]
				for ci, j := range s.cols {
					row[j] += ai * off[j] * s.b[ci]
				}
			}
		}
	}
}

// Demographic estimates bilateral migration flows from two stock tables
// (place of birth × place of residence) and births and deaths by place of
// residence (nil = zero), following migest::ffs_demo; see the package
// documentation for the steps. All inputs must name the same places; they
// are aligned to the row order of start.
func Demographic(start, end *Matrix, births, deaths *Vector, opt Options) (*Result, error) {
	opt, err := opt.normalized()
	if err != nil {
		return nil, err
	}
	if start == nil || end == nil {
		return nil, fmt.Errorf("flows: both stock tables are required")
	}
	places := append([]string(nil), start.Rows...)
	n := len(places)
	if n == 0 {
		return nil, fmt.Errorf("flows: empty stock table")
	}
	s0, err := alignSquare(start, places, "start stock table", opt.ReuseInputs)
	if err != nil {
		return nil, err
	}
	s1, err := alignSquare(end, places, "end stock table", opt.ReuseInputs)
	if err != nil {
		return nil, err
	}
	b, err := alignVector(births, places, "births")
	if err != nil {
		return nil, err
	}
	d, err := alignVector(deaths, places, "deaths")
	if err != nil {
		return nil, err
	}
	var offset []float64
	if opt.Offset != nil {
		om, err := alignSquare(opt.Offset, places, "offset", false)
		if err != nil {
			return nil, err
		}
		for _, v := range om.Values {
			if v < 0 {
				return nil, fmt.Errorf("flows: offset has a negative cell")
			}
		}
		offset = om.Values
	}
	for _, tb := range []struct {
		m    *Matrix
		what string
	}{{s0, "start stock table"}, {s1, "end stock table"}} {
		for k := 0; k < n; k++ {
			for j := 0; j < n; j++ {
				if k != j && tb.m.Values[k*n+j] < 0 {
					return nil, fmt.Errorf("flows: %s: negative stock %v born in %q living in %q", tb.what, tb.m.Values[k*n+j], places[k], places[j])
				}
			}
		}
	}

	e := &estimator{n: n, places: places, opt: opt}
	e.diag.Converged = true

	// 1. Negative native-born cells.
	if err := e.nbNonZero(s0, "start"); err != nil {
		return nil, err
	}
	if err := e.nbNonZero(s1, "end"); err != nil {
		return nil, err
	}
	e.diag.GlobalImbalance = (sum(b) - sum(d)) - (s1.Sum() - s0.Sum())

	// 2. Global balance before births and deaths.
	if opt.GlobalMatch == Before && opt.BirthplaceTotals == Rescale {
		if err := e.scaleGlobal(s0, s1, sum(b)-sum(d)); err != nil {
			return nil, err
		}
	}

	// 3. Births and deaths.
	bm, err := e.birthMatrix(b, s1)
	if err != nil {
		return nil, err
	}
	dm, err := e.deathMatrix(d, b, s0, s1)
	if err != nil {
		return nil, err
	}
	if dm != nil {
		for i := range s0.Values {
			s0.Values[i] -= dm.Values[i]
		}
	}
	if bm != nil {
		for i := range s1.Values {
			s1.Values[i] -= bm.Values[i]
		}
	}

	// 4. Global balance after births and deaths.
	if opt.GlobalMatch == After && opt.BirthplaceTotals == Rescale {
		dd := s1.Sum() - s0.Sum()
		t0, t1 := 0.0, 0.0
		for i := 0; i < n; i++ {
			t0 += s0.Values[i*n+i]
			t1 += s1.Values[i*n+i]
		}
		if dd != 0 && (t0 == 0 || t1 == 0) {
			return nil, fmt.Errorf("flows: global match needs native-born (diagonal) stocks, but a table's diagonal sums to 0")
		}
		for i := 0; i < n; i++ {
			s0.Values[i*n+i] += dd * s0.Values[i*n+i] / t0 * 0.5
			s1.Values[i*n+i] -= dd * s1.Values[i*n+i] / t1 * 0.5
		}
	}

	// 5. Birthplace totals.
	in, out, err := e.matchBirthplace(s0, s1)
	if err != nil {
		return nil, err
	}
	// Negative cells can appear here (deaths larger than a stock, or an
	// open-method in/out-matrix spread over a row of the other table).
	// migest carries on; so does Corridor, with a note. Under the stayer
	// assumption a negative cell ends up in the stayers; without it the
	// fit rejects negative margins.
	for _, tb := range []struct {
		m    *Matrix
		what string
	}{{s0, "adjusted start table"}, {s1, "adjusted end table"}} {
		count, worst, wk, wj := 0, 0.0, 0, 0
		for k := 0; k < n; k++ {
			for j := 0; j < n; j++ {
				if v := tb.m.Values[k*n+j]; v < 0 {
					count++
					if v < worst {
						worst, wk, wj = v, k, j
					}
				}
			}
		}
		if count > 0 {
			e.diag.Notes = append(e.diag.Notes, fmt.Sprintf("%s: %d negative cells after removing births, deaths and birthplace-total differences; most negative %.6g (born in %q, living in %q)", tb.what, count, worst, places[wk], places[wj]))
		}
	}

	// 6. Flows by birthplace.
	tab, err := e.fit(s0, s1, offset)
	if err != nil {
		return nil, err
	}
	return &Result{
		Places:        places,
		Flows:         tab.Bilateral(),
		Table:         tab,
		StartAdjusted: s0,
		EndAdjusted:   s1,
		BirthMatrix:   bm,
		DeathMatrix:   dm,
		InMatrix:      in,
		OutMatrix:     out,
		Diagnostics:   e.diag,
	}, nil
}

type estimator struct {
	n      int
	places []string
	opt    Options
	diag   Diagnostics
}

// ipf runs fitTable with the estimator's settings and records the outcome.
func (e *estimator) ipf(stage string, seed []float64, nr, nc int, rowT, colT []float64, record bool) ([]float64, error) {
	x, st, err := fitTable(stage, seed, nr, nc, rowT, colT, e.opt.Tol, e.opt.MaxIter, e.opt.MarginTol)
	return e.record(x, st, err, record)
}

// record handles the outcome of a fit: non-convergence is an error unless
// AllowNonConvergence is set, in which case it is flagged in Diagnostics.
func (e *estimator) record(x []float64, st FitStats, err error, always bool) ([]float64, error) {
	if x != nil && !st.MarginsMet {
		e.diag.Notes = append(e.diag.Notes, fmt.Sprintf("%s: the fit settled with a margin off by %.6g (structural zeros make the targets unreachable)", st.Stage, st.MaxMarginDeviation))
	}
	if err != nil {
		if _, ok := err.(*ConvergenceError); ok && e.opt.AllowNonConvergence {
			e.diag.Converged = false
			e.diag.Fits = append(e.diag.Fits, st)
			return x, nil
		}
		return nil, err
	}
	if always {
		e.diag.Fits = append(e.diag.Fits, st)
	}
	return x, nil
}

// nbNonZero repairs negative native-born cells (migest nb_non_zero): column
// j with m[j][j] < 0 becomes the negatives-clipped column rescaled to the
// original column total.
func (e *estimator) nbNonZero(m *Matrix, which string) error {
	n := e.n
	for j := 0; j < n; j++ {
		if m.Values[j*n+j] >= 0 {
			continue
		}
		total, pos := 0.0, 0.0
		for k := 0; k < n; k++ {
			v := m.Values[k*n+j]
			total += v
			pos += math.Max(v, 0)
		}
		if total < 0 {
			return fmt.Errorf("flows: %s stock table: the column for residence %q sums to %.6g (negative native-born larger than the foreign-born)", which, e.places[j], total)
		}
		f := ipfFactor(total, pos)
		for k := 0; k < n; k++ {
			m.Values[k*n+j] = math.Max(m.Values[k*n+j], 0) * f
		}
		e.diag.Notes = append(e.diag.Notes, fmt.Sprintf("%s table: more foreign-born than total population in %q; native-born set to 0 and foreign-born scaled to the column total", which, e.places[j]))
	}
	return nil
}

// scaleGlobal is migest nb_scale_global: it changes the native-born
// diagonals so that Σs1 − Σs0 = natural growth, rounding them to integers.
func (e *estimator) scaleGlobal(s0, s1 *Matrix, natGrow float64) error {
	n := e.n
	diag := func(m *Matrix) []float64 {
		x := make([]float64, n)
		for i := range x {
			x[i] = m.Values[i*n+i]
		}
		return x
	}
	setDiag := func(m *Matrix, x []float64) {
		for i, v := range x {
			m.Values[i*n+i] = v
		}
	}
	dd := natGrow - (s1.Sum() - s0.Sum())
	d1, d2 := diag(s0), diag(s1)
	tot1, tot2 := sum(d1), sum(d2)
	if m2 := rmod2(dd); math.RoundToEven(m2) == 0 && m2 != 0 {
		// migest's "odd difference" branch (it fires for 0 < dd mod 2 ≤ 0.5).
		x, err := rescaleIntegerSum(d2, tot2+1)
		if err != nil {
			return err
		}
		setDiag(s1, x)
		d2 = x
		dd = natGrow - (s1.Sum() - s0.Sum())
		tot2 = sum(d2)
	}
	if dd == 0 {
		return nil
	}
	x1, err := rescaleIntegerSum(d1, tot1-dd/2)
	if err != nil {
		return err
	}
	x2, err := rescaleIntegerSum(d2, tot2+dd/2)
	if err != nil {
		return err
	}
	setDiag(s0, x1)
	setDiag(s1, x2)
	return nil
}

// rmod2 is R's x %% 2 (the result has the sign of the divisor).
func rmod2(x float64) float64 {
	r := math.Mod(x, 2)
	if r < 0 {
		r += 2
	}
	return r
}

// rescaleIntegerSum scales x to total tot and rounds half to even; the
// rounding residual goes to the element with the largest |x| (ties: the
// first). migest picks that element with sample(), which can draw a
// different one; Corridor's rule is deterministic.
func rescaleIntegerSum(x []float64, tot float64) ([]float64, error) {
	s := sum(x)
	if s == 0 {
		return nil, fmt.Errorf("flows: global match: the native-born (diagonal) stocks sum to 0, so they cannot absorb the global imbalance; supply native-born stocks or use --birthplace-totals open")
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.RoundToEven(v * (tot / s))
	}
	if d := tot - sum(out); d != 0 {
		m := 0
		for i, v := range x {
			if math.Abs(v) > math.Abs(x[m]) {
				m = i
			}
		}
		out[m] += d
	}
	return out, nil
}

// birthMatrix is migest birth_mat.
func (e *estimator) birthMatrix(b []float64, s1 *Matrix) (*Matrix, error) {
	n := e.n
	if sum(b) == 0 {
		return nil, nil
	}
	bm := NewSquare(e.places)
	colsFit := func() ([]float64, error) {
		return e.ipf("births", s1.Values, n, n, nil, b, false)
	}
	switch e.opt.BirthMethod {
	case Native:
		for j := 0; j < n; j++ {
			bm.Values[j*n+j] = b[j]
		}
		if !e.opt.AllowNegativeNatives {
			var prop []float64
			for j := 0; j < n; j++ {
				if s1.Values[j*n+j]-b[j] >= 0 {
					continue
				}
				if prop == nil {
					var err error
					if prop, err = colsFit(); err != nil {
						return nil, err
					}
				}
				for k := 0; k < n; k++ {
					bm.Values[k*n+j] = prop[k*n+j]
				}
				e.diag.Notes = append(e.diag.Notes, fmt.Sprintf("too many births in %q: births taken from the whole column in proportion to the end stocks", e.places[j]))
			}
		}
	case Proportion:
		prop, err := colsFit()
		if err != nil {
			return nil, err
		}
		copy(bm.Values, prop)
	}
	return bm, nil
}

// deathMatrix is migest death_mat.
func (e *estimator) deathMatrix(d, b []float64, s0, s1 *Matrix) (*Matrix, error) {
	n := e.n
	if e.opt.DeathMethod == Proportion && sum(d) == 0 {
		return nil, nil
	}
	dm := NewSquare(e.places)
	switch e.opt.DeathMethod {
	case Proportion:
		x, err := e.ipf("deaths", s0.Values, n, n, nil, d, false)
		if err != nil {
			return nil, err
		}
		copy(dm.Values, x)
	case Accounting:
		r0, r1 := s0.RowSums(), s1.RowSums()
		dpob := make([]float64, n)
		for k := range dpob {
			dpob[k] = r0[k] + b[k] - r1[k]
		}
		x, err := e.ipf("deaths (accounting)", s0.Values, n, n, dpob, d, true)
		if err != nil {
			return nil, err
		}
		copy(dm.Values, x)
	}
	return dm, nil
}

// matchBirthplace is migest match_birthplace_tot; it modifies s0 and s1 and
// returns the in- and out-matrices.
func (e *estimator) matchBirthplace(s0, s1 *Matrix) (in, out *Matrix, err error) {
	n := e.n
	r0, r1 := s0.RowSums(), s1.RowSums()
	dd := make([]float64, n)
	for k := range dd {
		dd[k] = r0[k] - r1[k]
	}
	switch e.opt.BirthplaceTotals {
	case Rescale: // in and out stay nil: nothing moves from or to outside
		t0, t1 := make([]float64, n), make([]float64, n)
		for k := range dd {
			t0[k] = r0[k] - dd[k]/2
			t1[k] = r1[k] + dd[k]/2
		}
		// The two tables are independent fits: run them concurrently.
		type fitOut struct {
			x   []float64
			st  FitStats
			err error
		}
		var f0, f1 fitOut
		done := make(chan struct{})
		// Each table is fitted in place: the fit reads its seed only
		// before it writes the result.
		c0, c1 := s0.ColSums(), s1.ColSums()
		go func() {
			defer close(done)
			f1.x, f1.st, f1.err = fitTableInto(s1.Values, "rescale end table to mean birthplace totals", s1.Values, n, n, t1, c1, e.opt.Tol, e.opt.MaxIter, e.opt.MarginTol)
		}()
		f0.x, f0.st, f0.err = fitTableInto(s0.Values, "rescale start table to mean birthplace totals", s0.Values, n, n, t0, c0, e.opt.Tol, e.opt.MaxIter, e.opt.MarginTol)
		<-done
		if _, err := e.record(f0.x, f0.st, f0.err, true); err != nil {
			return nil, nil, err
		}
		if _, err := e.record(f1.x, f1.st, f1.err, true); err != nil {
			return nil, nil, err
		}
	case Open, OpenDR:
		gain, loss := make([]float64, n), make([]float64, n)
		for k, v := range dd {
			loss[k] = math.Max(v, 0)
			gain[k] = math.Max(-v, 0)
		}
		inSeed, outSeed := s0, s1
		if e.opt.BirthplaceTotals == OpenDR {
			inSeed, outSeed = s1, s0
		}
		xi, err := e.ipf("spread immigration from outside", inSeed.Values, n, n, gain, nil, false)
		if err != nil {
			return nil, nil, err
		}
		xo, err := e.ipf("spread emigration to outside", outSeed.Values, n, n, loss, nil, false)
		if err != nil {
			return nil, nil, err
		}
		in, out = NewSquare(e.places), NewSquare(e.places)
		copy(in.Values, xi)
		copy(out.Values, xo)
		for i := range s0.Values {
			s0.Values[i] -= xo[i]
			s1.Values[i] -= xi[i]
		}
	}
	return in, out, nil
}

// fit estimates the flows of every birthplace.
func (e *estimator) fit(s0, s1 *Matrix, offset []float64) (*Table, error) {
	n := e.n
	t := &Table{N: n, Places: e.places, start: s0.Values, end: s1.Values, slices: make([]slice, n), offset: offset, noDiag: !e.opt.NoStayerAssumption}
	r0 := make([]float64, n)
	r1 := make([]float64, n)
	for k := 0; k < n; k++ {
		row0 := s0.Values[k*n : (k+1)*n]
		row1 := s1.Values[k*n : (k+1)*n]
		if e.opt.NoStayerAssumption {
			copy(r0, row0)
			copy(r1, row1)
			for i := 0; i < n; i++ {
				if r0[i] < 0 || r1[i] < 0 {
					return nil, fmt.Errorf("flows: birthplace %q, residence %q: negative adjusted stock (start %.6g, end %.6g); the independence fit needs non-negative margins (see the notes; try the stayer assumption or another birthplace-totals method)", e.places[k], e.places[i], r0[i], r1[i])
				}
			}
		} else {
			for i := 0; i < n; i++ {
				st := math.Min(row0[i], row1[i])
				r0[i] = row0[i] - st
				r1[i] = row1[i] - st
			}
		}
		t0, t1 := sum(r0), sum(r1)
		diff := math.Abs(t1 - t0)
		if diff > e.diag.MaxMoverRescale {
			e.diag.MaxMoverRescale = diff
		}
		if limit := e.opt.MarginTol * math.Max(1, sum(row0)); diff > limit {
			what := "out-movers and in-movers"
			if e.opt.NoStayerAssumption {
				what = "start and end stocks"
			}
			if e.opt.StrictMargins {
				return nil, &MarginError{Stage: fmt.Sprintf("birthplace %q: %s", e.places[k], what), RowTotal: t0, ColTotal: t1, Difference: t0 - t1, Tolerance: limit}
			}
			e.diag.UnmetMargins = append(e.diag.UnmetMargins, UnmetMargin{Birthplace: e.places[k], What: what, Start: t0, End: t1, Tolerance: limit})
		}
		// ffs_demo rescales the end-side margin to the start-side total.
		f := ipfFactor(t0, t1)
		s := &t.slices[k]
		for i := 0; i < n; i++ {
			if r0[i] > 0 {
				s.rows = append(s.rows, int32(i))
				s.a = append(s.a, r0[i])
			}
			if v := r1[i] * f; v > 0 {
				s.cols = append(s.cols, int32(i))
				s.b = append(s.b, v)
			}
		}
		if len(s.rows) == 0 || len(s.cols) == 0 {
			s.rows, s.a, s.cols, s.b = nil, nil, nil, nil
			continue
		}
		if offset == nil {
			// With a uniform seed the fit has a closed form. Under the stayer
			// assumption the origins (start > end) and destinations (end >
			// start) of birthplace k are disjoint, so no structural zero
			// lies in the active block and the quasi-independence fit is
			// plain independence: a_i·b_j/Σb, exactly what mipfp reaches
			// after one sweep.
			inv := 1 / t0
			for ri := range s.a {
				s.a[ri] *= inv
			}
			continue
		}
		if err := e.fitSlice(k, s, t); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// fitSlice runs the two-way IPF of one birthplace on its active block in
// factor form: x_ij = a_i·seed_ij·b_j with row targets s.a and column
// targets s.b. The stopping test (largest cell change < Tol) is applied per
// birthplace; mipfp applies it to the whole three-way array.
func (e *estimator) fitSlice(k int, s *slice, t *Table) error {
	nr, nc := len(s.rows), len(s.cols)
	seed := make([]float64, nr*nc)
	for ri, i := range s.rows {
		for ci, j := range s.cols {
			seed[ri*nc+ci] = t.seed(int(i), int(j))
		}
	}
	rowT := append([]float64(nil), s.a...)
	colT := append([]float64(nil), s.b...)
	stage := fmt.Sprintf("flows of people born in %q", e.places[k])
	a, b, st, err := fitFactors(stage, seed, nr, nc, rowT, colT, e.opt.Tol, e.opt.MaxIter, e.opt.MarginTol)
	if err != nil {
		ce, ok := err.(*ConvergenceError)
		if !ok || !e.opt.AllowNonConvergence {
			return err
		}
		e.diag.Converged = false
		st = ce.Stats
	}
	e.diag.Fits = append(e.diag.Fits, st)
	if !st.MarginsMet {
		return fmt.Errorf("flows: %s: the offset's zero cells make the stock margins unreachable (largest margin deviation %.6g); without the stayer assumption the offset needs positive diagonal cells", stage, st.MaxMarginDeviation)
	}
	s.a, s.b = a, b
	return nil
}

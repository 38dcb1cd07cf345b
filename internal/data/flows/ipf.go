package flows

import (
	"fmt"
	"math"
)

// FitStats describes one iterative proportional fit.
type FitStats struct {
	// Stage names the step of the estimator that ran the fit.
	Stage string
	// Iterations is the number of full sweeps over all target margins.
	Iterations int
	// MaxChange is the largest absolute cell change in the last sweep (the
	// mipfp stopping statistic). For a converged fit it is exact; during
	// the sweeps the check stops at the first cell that moved by the
	// tolerance, but the statistic of the final sweep is always exact.
	MaxChange float64
	// MaxMarginDeviation is the largest |target − fitted margin| at the end.
	MaxMarginDeviation float64
	// Converged is true when MaxChange fell below the tolerance.
	Converged bool
	// MarginsMet is false when the fit settled (or stopped) with a margin
	// off by more than the margin tolerance times the largest target: the
	// mipfp stopping rule looks only at cell changes, so an infeasible
	// problem (targets the seed's zeros cannot reach) can "converge"
	// without meeting its margins.
	MarginsMet bool
}

// ConvergenceError reports an iterative fit that hit its iteration cap.
type ConvergenceError struct {
	Stats     FitStats
	Tolerance float64
	MaxIter   int
}

func (e *ConvergenceError) Error() string {
	return fmt.Sprintf("flows: %s: IPF did not converge in %d iterations (max cell change %.6g, tolerance %.6g, max margin deviation %.6g)",
		e.Stats.Stage, e.Stats.Iterations, e.Stats.MaxChange, e.Tolerance, e.Stats.MaxMarginDeviation)
}

// MarginError reports target margins whose grand totals disagree. mipfp
// would silently turn every table into proportions in this case; Corridor
// refuses instead.
type MarginError struct {
	Stage      string
	RowTotal   float64
	ColTotal   float64
	Difference float64
	Tolerance  float64
}

func (e *MarginError) Error() string {
	return fmt.Sprintf("flows: %s: target margins disagree: row targets sum to %.10g, column targets to %.10g (difference %.6g, tolerance %.6g)",
		e.Stage, e.RowTotal, e.ColTotal, e.Difference, e.Tolerance)
}

// ipfFactor is mipfp's update factor: 0 when the target or current sum is 0.
func ipfFactor(target, current float64) float64 {
	if target == 0 || current == 0 {
		return 0
	}
	return target / current
}

// fitTable fits a nonnegative nr×nc seed to row and/or column targets (nil =
// margin not fitted) with mipfp::Ipfp semantics: each sweep fits the rows,
// then the columns; factors are 0 when the target or the current sum is 0;
// it stops when the largest absolute cell change of a sweep is below tol.
// The fit is carried in factor form x_ij = a_i·seed_ij·b_j, so each sweep
// costs three passes over the seed. Negative seeds or targets, and targets
// whose totals differ by more than marginTol, are errors.
func fitTable(stage string, seed []float64, nr, nc int, rowT, colT []float64, tol float64, maxIter int, marginTol float64) ([]float64, FitStats, error) {
	return fitTableInto(nil, stage, seed, nr, nc, rowT, colT, tol, maxIter, marginTol)
}

// fitTableInto is fitTable writing the fitted table into x (which may be
// seed itself, to fit in place) or, when x is nil, into a new slice.
func fitTableInto(x []float64, stage string, seed []float64, nr, nc int, rowT, colT []float64, tol float64, maxIter int, marginTol float64) ([]float64, FitStats, error) {
	a, b, st, err := fitFactors(stage, seed, nr, nc, rowT, colT, tol, maxIter, marginTol)
	if a == nil {
		return nil, st, err
	}
	if x == nil {
		x = make([]float64, nr*nc)
	}
	for i := 0; i < nr; i++ {
		for j := 0; j < nc; j++ {
			x[i*nc+j] = a[i] * seed[i*nc+j] * b[j]
		}
	}
	return x, st, err
}

// fitFactors is fitTable returning the row and column factors (the fit is
// a_i·seed_ij·b_j). On non-convergence it returns the factors and a
// *ConvergenceError.
func fitFactors(stage string, seed []float64, nr, nc int, rowT, colT []float64, tol float64, maxIter int, marginTol float64) ([]float64, []float64, FitStats, error) {
	st := FitStats{Stage: stage}
	for idx, v := range seed {
		if v < 0 || math.IsNaN(v) {
			return nil, nil, st, fmt.Errorf("flows: %s: seed cell (%d, %d) is %v; IPF needs non-negative cells", stage, idx/nc+1, idx%nc+1, v)
		}
	}
	for _, t := range [][]float64{rowT, colT} {
		for idx, v := range t {
			if v < 0 || math.IsNaN(v) {
				return nil, nil, st, fmt.Errorf("flows: %s: target %d is %v; IPF needs non-negative targets", stage, idx+1, v)
			}
		}
	}
	if rowT != nil && colT != nil {
		rs, cs := sum(rowT), sum(colT)
		if d := math.Abs(rs - cs); d > marginTol {
			return nil, nil, st, &MarginError{Stage: stage, RowTotal: rs, ColTotal: cs, Difference: rs - cs, Tolerance: marginTol}
		}
	}
	// A sparse seed is held in compressed rows (zero cells stay zero in
	// IPF); a mostly non-zero one is read in place, which saves a copy of
	// the table. One pass per row and sweep does three things: it
	// measures the cell changes of the previous sweep, computes the new row
	// factor and adds the row's share to the column sums of the column
	// step (each column summed in row order, the same on both paths).
	nnz := 0
	for _, v := range seed {
		if v != 0 {
			nnz++
		}
	}
	dense := nnz*2 >= len(seed)
	var ptr []int
	var col []int32
	var val []float64
	if !dense {
		ptr = make([]int, nr+1)
		col = make([]int32, 0, nnz)
		val = make([]float64, 0, nnz)
		for i := 0; i < nr; i++ {
			for j, v := range seed[i*nc : (i+1)*nc] {
				if v != 0 {
					col = append(col, int32(j))
					val = append(val, v)
				}
			}
			ptr[i+1] = len(val)
		}
	}
	a := make([]float64, nr)  // factors after the last completed sweep
	b := make([]float64, nc)  //
	pa := make([]float64, nr) // factors before it
	pb := make([]float64, nc)
	na := make([]float64, nr) // row factors of the sweep in progress
	cs := make([]float64, nc)
	for i := range a {
		a[i], pa[i] = 1, 1
	}
	for j := range b {
		b[j], pb[j] = 1, 1
	}
	for it := 1; ; it++ {
		// Sweep it: row step (using b), column sums (using the new a), and
		// the change of sweep it-1 (a, b against pa, pb).
		maxc := 0.0
		// Once one cell has moved by tol the previous sweep has not
		// converged; the rest of its change check is skipped unless this is
		// the last sweep (whose statistic is reported).
		check := it > 1
		exact := it-1 == maxIter
		if colT != nil {
			clear(cs)
		}
		for i := 0; i < nr; i++ {
			var cols []int32 // nil: dense, vals is the whole row
			var vals []float64
			if dense {
				vals = seed[i*nc : (i+1)*nc]
			} else {
				cols, vals = col[ptr[i]:ptr[i+1]], val[ptr[i]:ptr[i+1]]
			}
			ai, pai := a[i], pa[i]
			rs := 0.0
			if check {
				for p, v := range vals {
					j := p
					if cols != nil {
						j = int(cols[p])
					}
					bj := b[j]
					rs += v * bj
					if d := math.Abs(v * (ai*bj - pai*pb[j])); d > maxc {
						maxc = d
					}
				}
				if maxc >= tol && !exact {
					check = false
				}
			} else if rowT != nil {
				if cols != nil {
					rs = dotIdx(vals, cols, b)
				} else {
					rs = dot(vals, b)
				}
			}
			nai := ai
			if rowT != nil {
				nai = ai * ipfFactor(rowT[i], ai*rs)
			}
			na[i] = nai
			if colT != nil && nai != 0 {
				// Column sums of the row-updated table.
				if cols != nil {
					for p, v := range vals {
						cs[cols[p]] += v * nai
					}
				} else {
					for j, v := range vals {
						cs[j] += v * nai
					}
				}
			}
		}
		if it > 1 {
			st.Iterations, st.MaxChange = it-1, maxc
			if maxc < tol {
				st.Converged = true
				break
			}
			if it-1 == maxIter {
				break
			}
		}
		copy(pa, a)
		copy(pb, b)
		copy(a, na)
		if colT != nil {
			for j := range b {
				b[j] *= ipfFactor(colT[j], b[j]*cs[j])
			}
		}
	}
	st.MaxMarginDeviation = marginDeviation(a, b, seed, nr, nc, rowT, colT)
	maxT := 1.0
	for _, t := range [][]float64{rowT, colT} {
		for _, v := range t {
			maxT = math.Max(maxT, v)
		}
	}
	st.MarginsMet = st.MaxMarginDeviation <= marginTol*maxT
	if !st.Converged {
		return a, b, st, &ConvergenceError{Stats: st, Tolerance: tol, MaxIter: maxIter}
	}
	return a, b, st, nil
}

func marginDeviation(a, b, seed []float64, nr, nc int, rowT, colT []float64) float64 {
	dev := 0.0
	cs := make([]float64, nc)
	for i := 0; i < nr; i++ {
		rs := 0.0
		for j := 0; j < nc; j++ {
			v := a[i] * seed[i*nc+j] * b[j]
			rs += v
			cs[j] += v
		}
		if rowT != nil {
			if d := math.Abs(rowT[i] - rs); d > dev {
				dev = d
			}
		}
	}
	if colT != nil {
		for j := range cs {
			if d := math.Abs(colT[j] - cs[j]); d > dev {
				dev = d
			}
		}
	}
	return dev
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// IPF2Result is the result of IPF2.
type IPF2Result struct {
	Mu         *Matrix
	Iterations int
	// Tol is the largest |target − margin| of the last iteration, with the
	// margins measured before each scaling step (as migest reports it).
	Tol       float64
	Converged bool
}

// IPF2 is the classic two-way iterative proportional fit of migest::ipf2:
// each iteration scales the columns to colTot, then the rows to rowTot
// (either may be nil for a one-way fit); ratios x/0 and 0/0 become 0. It
// stops when the largest |target − margin| (margins measured before each
// step) is at most tol, or after maxit iterations (Converged false). A nil
// seed means all ones. Unlike migest, totals that differ by more than tol
// in either direction are an error (*MarginError).
func IPF2(rowTot, colTot []float64, seed *Matrix, tol float64, maxit int) (*IPF2Result, error) {
	if rowTot == nil && colTot == nil {
		return nil, fmt.Errorf("flows: IPF2: need row or column totals")
	}
	if seed == nil {
		if rowTot == nil || colTot == nil {
			return nil, fmt.Errorf("flows: IPF2: a one-way fit needs a seed")
		}
		seed = NewMatrix(names("r", len(rowTot)), names("c", len(colTot)))
		for i := range seed.Values {
			seed.Values[i] = 1
		}
	}
	nr, nc := len(seed.Rows), len(seed.Cols)
	if rowTot != nil && len(rowTot) != nr || colTot != nil && len(colTot) != nc {
		return nil, fmt.Errorf("flows: IPF2: seed is %d×%d but got %d row and %d column totals", nr, nc, len(rowTot), len(colTot))
	}
	if rowTot != nil && colTot != nil {
		if d := sum(rowTot) - sum(colTot); math.Abs(d) > tol {
			return nil, &MarginError{Stage: "IPF2", RowTotal: sum(rowTot), ColTotal: sum(colTot), Difference: d, Tolerance: tol}
		}
	}
	mu := seed.Clone()
	it, dmax := 0, 2*tol
	for it == 0 || dmax > tol && it < maxit {
		dmax = 0
		if colTot != nil {
			cs := mu.ColSums()
			for j := range cs {
				if d := math.Abs(colTot[j] - cs[j]); d > dmax || math.IsNaN(d) {
					dmax = d
				}
				f := colTot[j] / cs[j]
				if math.IsNaN(f) || math.IsInf(f, 0) {
					f = 0
				}
				for i := 0; i < nr; i++ {
					mu.Values[i*nc+j] *= f
				}
			}
		}
		if rowTot != nil {
			rs := mu.RowSums()
			for i := range rs {
				if d := math.Abs(rowTot[i] - rs[i]); d > dmax {
					dmax = d
				}
				f := rowTot[i] / rs[i]
				if math.IsNaN(f) || math.IsInf(f, 0) {
					f = 0
				}
				for j := 0; j < nc; j++ {
					mu.Values[i*nc+j] *= f
				}
			}
		}
		it++
	}
	return &IPF2Result{Mu: mu, Iterations: it, Tol: dmax, Converged: dmax <= tol}, nil
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return out
}

// CMResult is the result of CM2 and CM3: fitted counts n = α_i β_j m_ij(k).
type CMResult struct {
	// N holds the fitted values; for CM3 it has one matrix per layer.
	N          []*Matrix
	Alpha      []float64
	Beta       []float64
	Iterations int
	Converged  bool
}

// CM2 fits n_ij = α_i β_j m_ij to row and column totals by conditional
// maximisation (migest::cm2): α is updated first, then β, until the largest
// parameter change is at most tol (at most maxit−1 updates, as in migest).
func CM2(rowTot, colTot []float64, m *Matrix, tol float64, maxit int) (*CMResult, error) {
	return CM3(rowTot, colTot, []*Matrix{m}, tol, maxit)
}

// CM3 is CM2 for a three-way offset (migest::cm3): n_ijk = α_i β_j m_ijk with
// the row and column totals taken over all layers k. The totals must agree
// within tol (migest compares them after rounding).
func CM3(rowTot, colTot []float64, m []*Matrix, tol float64, maxit int) (*CMResult, error) {
	if len(m) == 0 {
		return nil, fmt.Errorf("flows: CM: no offset")
	}
	nr, nc := len(m[0].Rows), len(m[0].Cols)
	if len(rowTot) != nr || len(colTot) != nc {
		return nil, fmt.Errorf("flows: CM: offset is %d×%d but got %d row and %d column totals", nr, nc, len(rowTot), len(colTot))
	}
	if d := sum(rowTot) - sum(colTot); math.Abs(d) > tol {
		return nil, &MarginError{Stage: "CM", RowTotal: sum(rowTot), ColTotal: sum(colTot), Difference: d, Tolerance: tol}
	}
	ms := make([]float64, nr*nc)
	for _, l := range m {
		if len(l.Rows) != nr || len(l.Cols) != nc {
			return nil, fmt.Errorf("flows: CM: layers differ in shape")
		}
		for i, v := range l.Values {
			ms[i] += v
		}
	}
	alpha := make([]float64, nr)
	beta := make([]float64, nc)
	for i := range alpha {
		alpha[i] = 1
	}
	for j := range beta {
		beta[j] = 1
	}
	it, dmax := 1, 2*tol
	for dmax > tol && it < maxit {
		dmax = 0
		for i := range alpha {
			s := 0.0
			for j := range beta {
				s += beta[j] * ms[i*nc+j]
			}
			old := alpha[i]
			alpha[i] = rowTot[i] / s
			dmax = math.Max(dmax, math.Abs(old-alpha[i]))
		}
		for j := range beta {
			s := 0.0
			for i := range alpha {
				s += alpha[i] * ms[i*nc+j]
			}
			old := beta[j]
			beta[j] = colTot[j] / s
			dmax = math.Max(dmax, math.Abs(old-beta[j]))
		}
		it++
	}
	res := &CMResult{Alpha: alpha, Beta: beta, Iterations: it - 1, Converged: dmax <= tol}
	for _, l := range m {
		n := NewMatrix(l.Rows, l.Cols)
		for i := 0; i < nr; i++ {
			for j := 0; j < nc; j++ {
				n.Values[i*nc+j] = alpha[i] * beta[j] * l.Values[i*nc+j]
			}
		}
		res.N = append(res.N, n)
	}
	return res, nil
}

// IPF3Result is the result of IPF3: Mu[(i*n+j)*n+k] for origin i,
// destination j and birthplace k.
type IPF3Result struct {
	N          int
	Mu         []float64
	Iterations int
	Tol        float64
	Converged  bool
}

// IPF3 is the three-way independence fit of migest::ipf3: origin×birthplace
// margins rowTot[i][k] (n×n, orig×pob) and birthplace×destination margins
// colTot[k][j] (n×n, pob×dest), with an optional n×n offset copied to every
// birthplace (nil = ones). Each iteration fits the (i,k) then the (j,k)
// margins; it stops when the largest |target − margin| is at most tol.
func IPF3(rowTot, colTot, offset *Matrix, tol float64, maxit int) (*IPF3Result, error) {
	n := len(rowTot.Rows)
	if len(rowTot.Cols) != n || len(colTot.Rows) != n || len(colTot.Cols) != n || offset != nil && (len(offset.Rows) != n || len(offset.Cols) != n) {
		return nil, fmt.Errorf("flows: IPF3: margins and offset must all be %d×%d", n, n)
	}
	for k := 0; k < n; k++ {
		rs, cs := 0.0, 0.0
		for i := 0; i < n; i++ {
			rs += rowTot.At(i, k)
			cs += colTot.At(k, i)
		}
		if math.Round(rs) != math.Round(cs) {
			return nil, &MarginError{Stage: fmt.Sprintf("IPF3 birthplace %q", rowTot.Cols[k]), RowTotal: rs, ColTotal: cs, Difference: rs - cs, Tolerance: 0.5}
		}
	}
	mu := make([]float64, n*n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 1.0
			if offset != nil {
				v = offset.At(i, j)
			}
			for k := 0; k < n; k++ {
				mu[(i*n+j)*n+k] = v
			}
		}
	}
	marg := make([]float64, n*n)
	it, dmax := 0, 2*tol
	for dmax > tol && it < maxit {
		// Fit the (i, k) margins, then the (j, k) margins.
		dmax = scaleToMargin(mu, marg, n, func(i, j, k int) int { return (i*n+j)*n + k }, rowTot.At)
		dmax = math.Max(dmax, scaleToMargin(mu, marg, n, func(j, i, k int) int { return (i*n+j)*n + k }, func(j, k int) float64 { return colTot.At(k, j) }))
		it++
	}
	return &IPF3Result{N: n, Mu: mu, Iterations: it, Tol: dmax, Converged: dmax <= tol}, nil
}

// scaleToMargin scales the n×n×n table mu so that its sums over the second
// argument of cell match target(a, k) for every (a, k); marg is scratch
// space of n×n. It returns the largest gap found before scaling. The sum
// over b runs in increasing b, so results do not depend on the margin.
func scaleToMargin(mu, marg []float64, n int, cell func(a, b, k int) int, target func(a, k int) float64) float64 {
	clear(marg)
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			for k := 0; k < n; k++ {
				marg[a*n+k] += mu[cell(a, b, k)]
			}
		}
	}
	gap := 0.0
	for a := 0; a < n; a++ {
		for k := 0; k < n; k++ {
			t := target(a, k)
			gap = math.Max(gap, math.Abs(t-marg[a*n+k]))
			f := t / marg[a*n+k]
			if math.IsNaN(f) || math.IsInf(f, 0) {
				f = 0
			}
			for b := 0; b < n; b++ {
				mu[cell(a, b, k)] *= f
			}
		}
	}
	return gap
}

// dotIdx returns Σ_p vals[p]·x[cols[p]] with four accumulators (the sum is
// deterministic for given inputs).
// dot is Σ vals[j]·x[j], in the same four-way order as dotIdx.
func dot(vals, x []float64) float64 {
	var s0, s1, s2, s3 float64
	n := len(vals)
	x = x[:n]
	p := 0
	for ; p+4 <= n; p += 4 {
		s0 += vals[p] * x[p]
		s1 += vals[p+1] * x[p+1]
		s2 += vals[p+2] * x[p+2]
		s3 += vals[p+3] * x[p+3]
	}
	for ; p < n; p++ {
		s0 += vals[p] * x[p]
	}
	return (s0 + s1) + (s2 + s3)
}

func dotIdx(vals []float64, cols []int32, x []float64) float64 {
	var s0, s1, s2, s3 float64
	n := len(vals)
	cols = cols[:n]
	p := 0
	for ; p+4 <= n; p += 4 {
		s0 += vals[p] * x[cols[p]]
		s1 += vals[p+1] * x[cols[p+1]]
		s2 += vals[p+2] * x[cols[p+2]]
		s3 += vals[p+3] * x[cols[p+3]]
	}
	for ; p < n; p++ {
		s0 += vals[p] * x[cols[p]]
	}
	return (s0 + s1) + (s2 + s3)
}

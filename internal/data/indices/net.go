package indices

import (
	"fmt"
	"math"
	"sort"

	"corridor/internal/data/flows"
	"corridor/internal/data/optim"
)

// NetResult is the outcome of a net-to-bilateral estimator.
type NetResult struct {
	Flows      *flows.Matrix
	Iterations int
	Converged  bool
}

// NetMatrixIPF finds bilateral flows y_ij = α_i·m_ij/α_j (diagonal 0) whose
// net totals (in − out, colSum − rowSum) equal net (migest
// net_matrix_ipf). Each sweep sets every α_i, from the previous sweep's α,
// to the smallest positive root of a·x² + net_i·x + c with
// a = Σ_j m_ij/α_j and c = −Σ_j α_j·m_ji, until the largest change of α is
// at most tol.
func NetMatrixIPF(net []float64, m *flows.Matrix, tol float64, maxit int) (*NetResult, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	if len(net) != n {
		return nil, fmt.Errorf("indices: %d net totals for %d regions", len(net), n)
	}
	if s := sumOf(net); math.Abs(s) > tol {
		return nil, fmt.Errorf("indices: net totals sum to %v, not 0", s)
	}
	mm := m.Clone()
	for i := 0; i < n; i++ {
		mm.Set(i, i, 0)
	}
	alpha := make([]float64, n)
	old := make([]float64, n)
	for i := range alpha {
		alpha[i] = 1
	}
	it, dmax := 0, math.Inf(1)
	for dmax > tol && it < maxit {
		copy(old, alpha)
		for i := 0; i < n; i++ {
			a, c := 0.0, 0.0
			for j := 0; j < n; j++ {
				a += mm.At(i, j) / old[j]
				c -= old[j] * mm.At(j, i)
			}
			alpha[i] = 1
			if r, ok := smallestPositiveRoot(a, net[i], c); ok {
				alpha[i] = r
			}
		}
		dmax = 0
		for i := range alpha {
			dmax = math.Max(dmax, math.Abs(alpha[i]-old[i]))
		}
		it++
	}
	y := flows.NewSquare(m.Rows)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				y.Set(i, j, alpha[i]*mm.At(i, j)/alpha[j])
			}
		}
	}
	return &NetResult{Flows: y, Iterations: it, Converged: dmax < tol}, nil
}

func smallestPositiveRoot(a, b, c float64) (float64, bool) {
	disc := b*b - 4*a*c
	if math.IsNaN(disc) || math.IsInf(disc, 0) || math.IsInf(a, 0) || a == 0 || disc < 0 {
		return 0, false
	}
	best, ok := math.Inf(1), false
	for _, r := range []float64{(-b + math.Sqrt(disc)) / (2 * a), (-b - math.Sqrt(disc)) / (2 * a)} {
		if r > 0 && !math.IsInf(r, 0) && r < best {
			best, ok = r, true
		}
	}
	return best, ok
}

// NetMatrixMinimal returns non-negative bilateral flows, diagonal 0, whose
// net totals (colSum − rowSum) equal net and whose total Σ max(net, 0) is
// the least possible: the optimum of migest net_matrix_lp's L1 programme
// (whose optimal cells are not unique; this returns one optimal solution,
// matching net losers to net gainers in order of the regions).
func NetMatrixMinimal(net []float64, names []string, tol float64) (*flows.Matrix, error) {
	if len(net) != len(names) {
		return nil, fmt.Errorf("indices: %d net totals for %d regions", len(net), len(names))
	}
	if s := sumOf(net); math.Abs(s) > tol {
		return nil, fmt.Errorf("indices: net totals sum to %v, not 0", s)
	}
	y := flows.NewSquare(names)
	type bal struct {
		i int
		v float64
	}
	var give, take []bal
	for i, v := range net {
		if v < 0 {
			give = append(give, bal{i, -v})
		} else if v > 0 {
			take = append(take, bal{i, v})
		}
	}
	sort.SliceStable(give, func(a, b int) bool { return give[a].i < give[b].i })
	g, t := 0, 0
	for g < len(give) && t < len(take) {
		q := math.Min(give[g].v, take[t].v)
		y.Set(give[g].i, take[t].i, y.At(give[g].i, take[t].i)+q)
		give[g].v -= q
		take[t].v -= q
		if give[g].v <= tol {
			g++
		}
		if take[t].v <= tol {
			t++
		}
	}
	return y, nil
}

// NetOptimResult is the outcome of NetMatrixOptim: the flows, optim's
// evaluation count (as Iterations; L-BFGS-B evaluates the loss and its
// gradient together, so migest's two counts are equal), whether L-BFGS-B
// reported convergence, the final loss and L-BFGS-B's message.
type NetOptimResult struct {
	NetResult
	Value   float64
	Message string
}

// NetMatrixOptim finds non-negative bilateral flows whose net totals
// (colSum − rowSum) equal net, starting from the prior m (migest
// net_matrix_optim). The loss is Σ_i (net_est_i − net_i)², minimised over
// the cells not excluded by zeroMask (nil excludes the diagonal) with
// R's L-BFGS-B as migest calls it: lower bound 0, factr = tol/ε,
// pgtol = tol, maxit, and optim's finite-difference gradient. The loss
// constrains only the net totals, so its minimisers form a set and
// migest's answer is the point where that optimiser, started at the
// prior, stops; the same optimiser on the same vector finds it.
func NetMatrixOptim(net []float64, m *flows.Matrix, zeroMask [][]bool, maxit int, tol float64) (*NetOptimResult, error) {
	n := len(net)
	var total optim.ExtendedSum // R's sum()
	for _, v := range net {
		total.Add(v)
	}
	if s := total.Float64(); math.Abs(s) > tol {
		return nil, fmt.Errorf("indices: net totals sum to %v, not 0 (tolerance %v)", s, tol)
	}
	if m == nil || len(m.Rows) != n || len(m.Cols) != n {
		return nil, fmt.Errorf("indices: the prior must be a %d × %d matrix matching the %d net totals", n, n, n)
	}
	for _, v := range m.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("indices: the prior has a non-finite cell")
		}
	}
	if zeroMask != nil {
		if len(zeroMask) != n {
			return nil, fmt.Errorf("indices: zero mask has %d rows, the prior %d", len(zeroMask), n)
		}
		for i, row := range zeroMask {
			if len(row) != n {
				return nil, fmt.Errorf("indices: zero mask row %d has %d columns, the prior %d", i+1, len(row), n)
			}
		}
	}
	// The free cells in R's order (which(!zero_mask) runs down the
	// columns), so the optimiser sees the same vector as in migest.
	var cells [][2]int
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			if zeroMask == nil && i != j || zeroMask != nil && !zeroMask[i][j] {
				cells = append(cells, [2]int{i, j})
			}
		}
	}
	x0 := make([]float64, len(cells))
	for k, c := range cells {
		x0[k] = m.At(c[0], c[1])
	}
	loss := newNetLoss(n, cells, net)
	opts := optim.DefaultOptions()
	opts.Factr = tol / optim.Epsilon
	opts.Pgtol = tol
	opts.MaxIt = maxit
	opts.Coordinates = loss
	res, err := optim.Minimize(loss.value, nil, x0, []float64{0}, nil, opts)
	if err != nil {
		return nil, fmt.Errorf("indices: %w", err)
	}
	y := flows.NewMatrix(m.Rows, m.Cols)
	for k, c := range cells {
		y.Set(c[0], c[1], res.X[k])
	}
	return &NetOptimResult{
		NetResult: NetResult{Flows: y, Iterations: res.FnCount, Converged: res.Converged},
		Value:     res.Value,
		Message:   res.Message,
	}, nil
}

// netLoss is migest's loss evaluated as R does it: the matrix with the
// free cells set, colSums minus rowSums, and sum() of the squared
// differences from the net totals, every sum accumulated in extended
// precision like R's (see optim.ExtendedSum) so that the values, and
// with them the finite-difference path, are R's.
type netLoss struct {
	n          int
	cells      [][2]int
	net        []float64
	full       []float64 // n × n, row-major
	cols, rows []float64
}

func newNetLoss(n int, cells [][2]int, net []float64) *netLoss {
	return &netLoss{n: n, cells: cells, net: net, full: make([]float64, n*n), cols: make([]float64, n), rows: make([]float64, n)}
}

// value is the loss at x.
func (l *netLoss) value(x []float64) float64 {
	l.Base(x)
	return l.total(-1, -1, 0, 0)
}

// Base sets the matrix and its column and row sums to the point x.
func (l *netLoss) Base(x []float64) {
	n := l.n
	for k, c := range l.cells {
		l.full[c[0]*n+c[1]] = x[k]
	}
	for j := 0; j < n; j++ {
		l.cols[j] = l.colSum(j, -1, 0)
	}
	for i := 0; i < n; i++ {
		l.rows[i] = l.rowSum(i, -1, 0)
	}
}

// WithCoordinate is the loss at the base point with free cell k set to
// v: only one column and one row sum change, and they are summed again in
// full, so the value is the one value would give.
func (l *netLoss) WithCoordinate(k int, v float64) float64 {
	i, j := l.cells[k][0], l.cells[k][1]
	return l.total(j, i, l.colSum(j, i, v), l.rowSum(i, j, v))
}

// colSum is the sum of column j, with the cell in row r read as v (r < 0
// for none).
func (l *netLoss) colSum(j, r int, v float64) float64 {
	var acc optim.ExtendedSum
	for i := 0; i < l.n; i++ {
		if i == r {
			acc.Add(v)
		} else {
			acc.Add(l.full[i*l.n+j])
		}
	}
	return acc.Float64()
}

// rowSum is the sum of row i, with the cell in column c read as v.
func (l *netLoss) rowSum(i, c int, v float64) float64 {
	var acc optim.ExtendedSum
	for j, x := range l.full[i*l.n : (i+1)*l.n] {
		if j == c {
			x = v
		}
		acc.Add(x)
	}
	return acc.Float64()
}

// total is Σ (colSum − rowSum − net)² with column cj's sum replaced by
// col and row ri's by row (cj, ri < 0 for the base sums).
func (l *netLoss) total(cj, ri int, col, row float64) float64 {
	var acc optim.ExtendedSum
	for r := 0; r < l.n; r++ {
		c, w := l.cols[r], l.rows[r]
		if r == cj {
			c = col
		}
		if r == ri {
			w = row
		}
		d := (c - w) - l.net[r]
		acc.Add(d * d)
	}
	return acc.Float64()
}

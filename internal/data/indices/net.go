package indices

import (
	"fmt"
	"math"
	"sort"

	"corridor/internal/data/flows"
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

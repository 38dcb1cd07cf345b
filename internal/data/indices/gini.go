package indices

import (
	"math"
	"sort"

	"corridor/internal/data/flows"
)

// Gini holds the migration.indices Gini family for one flow matrix (the
// diagonal is ignored throughout; n is the number of regions, M the total
// flow). All values are scale-invariant.
type Gini struct {
	// Total is Σ_{a,b}|f_a − f_b| over all pairs of off-diagonal flows,
	// divided by 2(n(n−1)−1)·M (corrected) or 2n(n−1)·M (uncorrected).
	Total, TotalUncorrected float64
	// Row and Col sum the pairwise differences within each row (origin) or
	// column (destination), divided by 2n(n−1)·M; the standardised forms
	// are 100·Row/TotalUncorrected and 100·Col/TotalUncorrected.
	Row, Col                         float64
	RowStandardized, ColStandardized float64
	// Exchange is Σ|m_ij − m_ji|/(2n(n−1)M); standardised as above.
	Exchange, ExchangeStandardized float64
	// Out[i] and In[j] are the Gini indices of each origin's out-flows and
	// each destination's in-flows, corrected (divided by 2(n−2)·total) and
	// uncorrected (2(n−1)·total).
	Out, In                       []float64
	OutUncorrected, InUncorrected []float64
	// WeightedOut is Σ Out_i·D_i/M / n and WeightedIn is Σ In_j·O_j/M / n,
	// with D the column and O the row totals, as migration.indices codes
	// them (the weights are crossed); WeightedMean is their mean.
	WeightedOut, WeightedIn, WeightedMean float64
}

// GiniIndices computes the Gini family of migration.indices.
func GiniIndices(m *flows.Matrix) (*Gini, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	total := m.Sum() - diagSum(m, n)
	var vals []float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				vals = append(vals, m.At(i, j))
			}
		}
	}
	nn := float64(n)
	g := &Gini{}
	pairSum := pairwiseAbs(vals) // Σ over ordered pairs
	g.Total = pairSum / (2 * (nn*(nn-1) - 1) * total)
	g.TotalUncorrected = pairSum / (2 * nn * (nn - 1) * total)

	rowVals := func(i int) []float64 {
		var v []float64
		for j := 0; j < n; j++ {
			if j != i {
				v = append(v, m.At(i, j))
			}
		}
		return v
	}
	colVals := func(j int) []float64 {
		var v []float64
		for i := 0; i < n; i++ {
			if i != j {
				v = append(v, m.At(i, j))
			}
		}
		return v
	}
	rowSum, colSum := 0.0, 0.0
	g.Out, g.In = make([]float64, n), make([]float64, n)
	g.OutUncorrected, g.InUncorrected = make([]float64, n), make([]float64, n)
	O, D := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		rv, cv := rowVals(i), colVals(i)
		rp, cp := pairwiseAbs(rv), pairwiseAbs(cv)
		rowSum += rp
		colSum += cp
		O[i], D[i] = sumOf(rv), sumOf(cv)
		g.Out[i] = rp / (2 * (nn - 2) * O[i])
		g.OutUncorrected[i] = rp / (2 * (nn - 1) * O[i])
		g.In[i] = cp / (2 * (nn - 2) * D[i])
		g.InUncorrected[i] = cp / (2 * (nn - 1) * D[i])
	}
	den := 2 * nn * (nn - 1) * total
	g.Row, g.Col = rowSum/den, colSum/den
	g.RowStandardized = 100 * g.Row / g.TotalUncorrected
	g.ColStandardized = 100 * g.Col / g.TotalUncorrected
	ex := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				ex += math.Abs(m.At(i, j) - m.At(j, i))
			}
		}
	}
	g.Exchange = ex / den
	g.ExchangeStandardized = 100 * g.Exchange / g.TotalUncorrected
	for i := 0; i < n; i++ {
		g.WeightedOut += g.Out[i] * D[i] / total
		g.WeightedIn += g.In[i] * O[i] / total
	}
	g.WeightedOut /= nn
	g.WeightedIn /= nn
	g.WeightedMean = (g.WeightedOut + g.WeightedIn) / 2
	return g, nil
}

// pairwiseAbs returns Σ_a Σ_b |x_a − x_b| over ordered pairs, in
// O(N log N): with x sorted ascending, Σ_{a<b} (x_b − x_a) =
// Σ_k x_k·(2k − N + 1) for 0-based k.
func pairwiseAbs(x []float64) float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	n := float64(len(s))
	t := 0.0
	for k, v := range s {
		t += v * (2*float64(k) - n + 1)
	}
	return 2 * t
}

func sumOf(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

func diagSum(m *flows.Matrix, n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		s += m.At(i, i)
	}
	return s
}

// ACV is the aggregated coefficient of variation (migration.indices
// migration.acv): In = Σ_j (D_j/M)·cv(column j), Out = Σ_i (O_i/M)·cv(row
// i), with cv the population coefficient of variation of the n−1
// off-diagonal flows, and Total = In + Out.
type ACV struct{ In, Out, Total float64 }

// ACVIndex computes ACV.
func ACVIndex(m *flows.Matrix) (ACV, error) {
	n, err := check(m)
	if err != nil {
		return ACV{}, err
	}
	total := m.Sum() - diagSum(m, n)
	cv := func(x []float64) float64 {
		mean := sumOf(x) / float64(len(x))
		ss := 0.0
		for _, v := range x {
			ss += (v - mean) * (v - mean)
		}
		return math.Sqrt(ss/float64(len(x))) / mean
	}
	var a ACV
	for k := 0; k < n; k++ {
		var r, c []float64
		for j := 0; j < n; j++ {
			if j != k {
				r = append(r, m.At(k, j))
				c = append(c, m.At(j, k))
			}
		}
		a.Out += sumOf(r) / total * cv(r)
		a.In += sumOf(c) / total * cv(c)
	}
	a.Total = a.In + a.Out
	return a, nil
}

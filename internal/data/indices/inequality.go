package indices

import (
	"fmt"
	"math"

	"corridor/internal/data/flows"
)

// InequalitySim is migest index_connectivity's inequality_sim (Bell et
// al. 2002): ½Σ|m_ij/M − e_ij/E| over the off-diagonal cells, where e is
// the fit of the Poisson regression round(flow) ~ origin + destination on
// those cells. That model's maximum-likelihood fit is the quasi-
// independence fit: the table with the rounded flows' row and column sums
// and zeros on the diagonal, which iterative proportional fitting from a
// seed of ones reaches; so no regression library is needed. 0 means flows
// exactly as independence predicts, 1 maximum inequality.
func InequalitySim(m *flows.Matrix) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	if n < 3 {
		// With two places the independence fit has no degrees of freedom
		// left and always reproduces the flows.
		return 0, fmt.Errorf("indices: inequality_sim needs at least 3 places, got %d", n)
	}
	rows, cols := make([]float64, n), make([]float64, n)
	seed := flows.NewSquare(m.Rows)
	total := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			r := math.Round(m.At(i, j)) // R's glm is given round(flow)
			rows[i] += r
			cols[j] += r
			total += m.At(i, j)
			seed.Set(i, j, 1)
		}
	}
	if total == 0 {
		return 0, fmt.Errorf("indices: inequality_sim of a matrix without flows")
	}
	// The fit stops when its margins are within 1e-9 of the targets'
	// total: tighter than R's glm (deviance change 1e-8), so the
	// difference does not show in the index.
	fit, err := flows.IPF2(rows, cols, seed, 1e-9*math.Max(1, sumOf(rows)), 100000)
	if err != nil {
		return 0, fmt.Errorf("indices: inequality_sim: %w", err)
	}
	if !fit.Converged {
		return 0, fmt.Errorf("indices: inequality_sim: the independence fit did not converge (margin error %.3g)", fit.Tol)
	}
	e := fit.Mu
	etot := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				etot += e.At(i, j)
			}
		}
	}
	s := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += math.Abs(m.At(i, j)/total - e.At(i, j)/etot)
			}
		}
	}
	return 0.5 * s, nil
}

// CV is migest index_connectivity's cv (after Rogers and Raymer 1998),
// computed exactly as migest writes it over all n² cells with the
// diagonal set to 0: sqrt(Σ(m − m̄)² / (N(N−1)) / m̄) with N = n². Note
// that the division by the mean sits inside the square root there; the
// value is kept as migest gives it so the two agree.
func CV(m *flows.Matrix) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	N := float64(n * n)
	mean := offDiagSum(m, n) / N
	if mean == 0 {
		return 0, fmt.Errorf("indices: cv of a matrix without flows")
	}
	ss := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			v := 0.0
			if i != j {
				v = m.At(i, j)
			}
			ss += (v - mean) * (v - mean)
		}
	}
	return math.Sqrt(ss / (N * (N - 1)) / mean), nil
}

package flows

import (
	"fmt"
	"math"
)

// RatesDennett estimates flows by sharing a known global flow total M in
// proportion to the start stocks with the native-born removed (migest
// ffs_rates, method "dennett"; Dennett 2015): F = M·P/ΣP with diag(P) = 0.
// Origins are the birthplace rows, destinations the residence columns.
func RatesDennett(start *Matrix, M float64) (*Matrix, error) {
	if start == nil || !start.Square() {
		return nil, fmt.Errorf("flows: RatesDennett needs a square stock table with matching names")
	}
	n := len(start.Rows)
	p := start.Clone()
	for i := 0; i < n; i++ {
		p.Values[i*n+i] = 0
	}
	s := p.Sum()
	if !(s > 0) {
		return nil, fmt.Errorf("flows: RatesDennett: no foreign-born stock to share %v over", M)
	}
	for i := range p.Values {
		p.Values[i] *= M / s
	}
	return p, nil
}

// RatesRogersVonRabenau estimates flows from growth rates (migest
// ffs_rates, method "rogers-von-rabenau"; Rogers & von Rabenau 1971): G
// solves start·G = end and the flow i → j is G[i][j]·colSum_i(start), with
// the diagonal 0. Flows can be negative.
func RatesRogersVonRabenau(start, end *Matrix) (*Matrix, error) {
	if start == nil || !start.Square() {
		return nil, fmt.Errorf("flows: RatesRogersVonRabenau needs a square stock table with matching names")
	}
	s1, err := alignSquare(end, start.Rows, "end stock table", false)
	if err != nil {
		return nil, err
	}
	n := len(start.Rows)
	g, err := solveMatrix(start.Values, s1.Values, n)
	if err != nil {
		return nil, err
	}
	cs := start.ColSums()
	out := NewSquare(start.Rows)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				out.Values[i*n+j] = g[i*n+j] * cs[i]
			}
		}
	}
	return out, nil
}

// solveMatrix solves A·X = B (n×n, row-major) by Gaussian elimination with
// partial pivoting.
func solveMatrix(A, B []float64, n int) ([]float64, error) {
	a := append([]float64(nil), A...)
	x := append([]float64(nil), B...)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		if math.Abs(a[p*n+c]) < 1e-300 {
			return nil, fmt.Errorf("flows: the start stock table is singular")
		}
		if p != c {
			for k := 0; k < n; k++ {
				a[c*n+k], a[p*n+k] = a[p*n+k], a[c*n+k]
				x[c*n+k], x[p*n+k] = x[p*n+k], x[c*n+k]
			}
		}
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / a[c*n+c]
			if f == 0 {
				continue
			}
			for k := c; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
			}
			for k := 0; k < n; k++ {
				x[r*n+k] -= f * x[c*n+k]
			}
		}
	}
	for c := n - 1; c >= 0; c-- {
		for k := 0; k < n; k++ {
			s := x[c*n+k]
			for j := c + 1; j < n; j++ {
				s -= a[c*n+j] * x[j*n+k]
			}
			x[c*n+k] = s / a[c*n+c]
		}
	}
	return x, nil
}

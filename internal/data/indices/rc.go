package indices

import (
	"errors"
	"fmt"
	"math"
)

// RCParams are the parameters of the Rogers–Castro model migration
// schedule
//
//	m(x) = a1·exp(−α1·x)
//	     + a2·exp(−α2·(x−μ2) − exp(−λ2·(x−μ2)))
//	     + a3·exp(−α3·(x−μ3) − exp(−λ3·(x−μ3)))   (retirement, optional)
//	     + a4·exp(λ4·x)                           (elderly, optional)
//	     + c
//
// The 7-parameter schedule has a1, α1, a2, α2, μ2, λ2 and c; Retirement adds
// the third term (11 parameters) and Elderly the fourth (two more).
type RCParams struct {
	A1, Alpha1               float64
	A2, Alpha2, Mu2, Lambda2 float64
	A3, Alpha3, Mu3, Lambda3 float64
	A4, Lambda4              float64
	C                        float64
	Retirement, Elderly      bool
}

// RCEval evaluates the schedule at each age.
func RCEval(p RCParams, ages []float64) []float64 {
	out := make([]float64, len(ages))
	for i, x := range ages {
		out[i] = p.At(x)
	}
	return out
}

// At evaluates the schedule at age x.
func (p RCParams) At(x float64) float64 {
	v := p.A1*math.Exp(-p.Alpha1*x) +
		p.A2*math.Exp(-p.Alpha2*(x-p.Mu2)-math.Exp(-p.Lambda2*(x-p.Mu2))) + p.C
	if p.Retirement {
		v += p.A3 * math.Exp(-p.Alpha3*(x-p.Mu3)-math.Exp(-p.Lambda3*(x-p.Mu3)))
	}
	if p.Elderly {
		v += p.A4 * math.Exp(p.Lambda4*x)
	}
	return v
}

// The free parameters in fitting order; positive ones are fitted on the
// log scale, the locations μ on their own scale.
func (p RCParams) vector() []float64 {
	v := []float64{p.A1, p.Alpha1, p.A2, p.Alpha2, p.Mu2, p.Lambda2, p.C}
	if p.Retirement {
		v = append(v, p.A3, p.Alpha3, p.Mu3, p.Lambda3)
	}
	if p.Elderly {
		v = append(v, p.A4, p.Lambda4)
	}
	return v
}

func isLocation(k int) bool { return k == 4 || k == 9 }

func (p RCParams) withVector(v []float64) RCParams {
	q := p
	q.A1, q.Alpha1, q.A2, q.Alpha2, q.Mu2, q.Lambda2, q.C = v[0], v[1], v[2], v[3], v[4], v[5], v[6]
	k := 7
	if p.Retirement {
		q.A3, q.Alpha3, q.Mu3, q.Lambda3 = v[k], v[k+1], v[k+2], v[k+3]
		k += 4
	}
	if p.Elderly {
		q.A4, q.Lambda4 = v[k], v[k+1]
	}
	return q
}

// RCFit is the result of FitRC.
type RCFit struct {
	Params     RCParams
	SSE        float64 // weighted residual sum of squares
	Iterations int
	Converged  bool
}

// FitRC fits a Rogers–Castro schedule to age-specific rates by weighted
// least squares (weights nil = 1) with Levenberg–Marquardt, starting from
// start (whose Retirement and Elderly flags choose the model). Positive
// parameters stay positive (they are fitted on the log scale); start must
// have them positive. It stops when the relative decrease of the SSE and
// the relative parameter step are below tol (default 1e-10), or after
// maxIter iterations (default 500; Converged false).
func FitRC(ages, rates, weights []float64, start RCParams, tol float64, maxIter int) (*RCFit, error) {
	n := len(ages)
	if n == 0 || len(rates) != n || weights != nil && len(weights) != n {
		return nil, errors.New("indices: FitRC needs equal, non-empty ages, rates (and weights)")
	}
	if tol <= 0 {
		tol = 1e-10
	}
	if maxIter <= 0 {
		maxIter = 500
	}
	raw := start.vector()
	np := len(raw)
	if n < np {
		return nil, fmt.Errorf("indices: FitRC: %d ages for %d parameters", n, np)
	}
	theta := make([]float64, np)
	for k, v := range raw {
		if isLocation(k) {
			theta[k] = v
			continue
		}
		if !(v > 0) {
			return nil, fmt.Errorf("indices: FitRC: starting value %d is %v; the rate and level parameters must start positive", k+1, v)
		}
		theta[k] = math.Log(v)
	}
	params := func(th []float64) RCParams {
		v := make([]float64, np)
		for k, t := range th {
			if isLocation(k) {
				v[k] = t
			} else {
				v[k] = math.Exp(t)
			}
		}
		return start.withVector(v)
	}
	w := func(i int) float64 {
		if weights == nil {
			return 1
		}
		return weights[i]
	}
	resid := func(th []float64, r []float64) float64 {
		p := params(th)
		s := 0.0
		for i, x := range ages {
			r[i] = math.Sqrt(w(i)) * (rates[i] - p.At(x))
			s += r[i] * r[i]
		}
		return s
	}
	r := make([]float64, n)
	rt := make([]float64, n)
	sse := resid(theta, r)
	if math.IsNaN(sse) {
		return nil, errors.New("indices: FitRC: the schedule is not finite at the starting values")
	}
	J := make([]float64, n*np)
	lambda := 1e-3
	trial := make([]float64, np)
	fit := &RCFit{}
	for it := 1; it <= maxIter; it++ {
		fit.Iterations = it
		// Jacobian of the model (not the residual) by central differences.
		for k := 0; k < np; k++ {
			h := 1e-6 * math.Max(1, math.Abs(theta[k]))
			copy(trial, theta)
			trial[k] = theta[k] + h
			pp := params(trial)
			trial[k] = theta[k] - h
			pm := params(trial)
			for i, x := range ages {
				J[i*np+k] = math.Sqrt(w(i)) * (pp.At(x) - pm.At(x)) / (2 * h)
			}
		}
		// Normal equations JᵀJ δ = Jᵀr.
		A := make([]float64, np*np)
		g := make([]float64, np)
		for i := 0; i < n; i++ {
			row := J[i*np : (i+1)*np]
			for a := 0; a < np; a++ {
				g[a] += row[a] * r[i]
				for b := 0; b < np; b++ {
					A[a*np+b] += row[a] * row[b]
				}
			}
		}
		improved := false
		for tries := 0; tries < 30; tries++ {
			M := append([]float64(nil), A...)
			for a := 0; a < np; a++ {
				M[a*np+a] += lambda * math.Max(A[a*np+a], 1e-12)
			}
			delta, ok := solve(M, g, np)
			if !ok {
				lambda *= 10
				continue
			}
			for k := range trial {
				trial[k] = theta[k] + delta[k]
			}
			s := resid(trial, rt)
			if s < sse && !math.IsNaN(s) {
				step := 0.0
				for k := range delta {
					step = math.Max(step, math.Abs(delta[k])/(math.Abs(theta[k])+1e-8))
				}
				rel := (sse - s) / math.Max(sse, 1e-300)
				copy(theta, trial)
				copy(r, rt)
				sse = s
				lambda = math.Max(lambda/10, 1e-12)
				improved = true
				if rel < tol && step < math.Sqrt(tol) || sse == 0 {
					fit.Converged = true
				}
				break
			}
			lambda *= 10
		}
		if !improved {
			// No step lowers the SSE: a (local) minimum within precision.
			fit.Converged = true
		}
		if fit.Converged {
			break
		}
	}
	fit.Params = params(theta)
	fit.SSE = sse
	return fit, nil
}

// solve solves the symmetric positive system M x = b by Gaussian
// elimination with partial pivoting.
func solve(M, b []float64, n int) ([]float64, bool) {
	a := append([]float64(nil), M...)
	x := append([]float64(nil), b...)
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		if a[p*n+c] == 0 || math.IsNaN(a[p*n+c]) {
			return nil, false
		}
		if p != c {
			for k := 0; k < n; k++ {
				a[c*n+k], a[p*n+k] = a[p*n+k], a[c*n+k]
			}
			x[c], x[p] = x[p], x[c]
		}
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] / a[c*n+c]
			for k := c; k < n; k++ {
				a[r*n+k] -= f * a[c*n+k]
			}
			x[r] -= f * x[c]
		}
	}
	for c := n - 1; c >= 0; c-- {
		s := x[c]
		for k := c + 1; k < n; k++ {
			s -= a[c*n+k] * x[k]
		}
		x[c] = s / a[c*n+c]
	}
	return x, true
}

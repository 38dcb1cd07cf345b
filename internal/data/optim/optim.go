// Package optim minimises a function of several variables subject to box
// constraints with L-BFGS-B, as R's stats::optim(method = "L-BFGS-B") does.
//
// It is a port of the code R runs: "L-BFGS-B version 2.3" by Zhu, Byrd,
// Lu and Nocedal as modified in R (src/appl/lbfgsb.c, with the LINPACK
// dpofa — carrying R's positive-definiteness tolerance — and dtrsl it
// calls), R's driver lbfgsb() (src/appl/optim.c) and optim's numerical
// gradient fmingr (src/library/stats/src/optim.c). The arithmetic is done
// in the same operations and the same order, because callers such as
// migest's net_matrix_optim return wherever the optimiser stops on a
// problem whose minimisers form a set: a different but equally valid
// algorithm would stop elsewhere. R's own tracing output is left out, and
// parscale and fnscale are fixed at 1.
//
// The results equal R's (x86-64) to the last bit when the objective
// rounds as R's does; see ExtendedSum for R's long-double sums. Go does
// not fuse multiply-adds on amd64; where the compiler may (arm64, ppc64,
// s390x) the last bits can differ, as they do for R built there.
package optim

import (
	"errors"
	"fmt"
	"math"
)

// Options are optim's control settings for L-BFGS-B. DefaultOptions gives
// R's defaults.
type Options struct {
	// M is the number of corrections kept in the limited-memory matrix
	// (optim's lmm).
	M int
	// Factr stops the iteration when the relative reduction of f is at
	// most Factr times the machine epsilon.
	Factr float64
	// Pgtol stops the iteration when the largest component of the
	// projected gradient is at most Pgtol.
	Pgtol float64
	// MaxIt is the largest number of iterations.
	MaxIt int
	// Ndeps are the finite-difference steps used when no gradient is
	// given, one per variable; nil means R's 1e-3 for every variable.
	Ndeps []float64
	// Coordinates, when set, evaluates the objective at the
	// finite-difference points instead of f. It must return exactly what
	// f would; it only makes the gradient cheaper.
	Coordinates CoordinateObjective
}

// CoordinateObjective evaluates an objective at points that differ from
// a base point in one coordinate, as the finite differences need, more
// cheaply than from scratch.
type CoordinateObjective interface {
	// Base sets the point the following WithCoordinate calls change.
	Base(x []float64)
	// WithCoordinate returns f at the base point with coordinate i set
	// to v.
	WithCoordinate(i int, v float64) float64
}

// DefaultOptions returns optim's defaults: lmm = 5, factr = 1e7,
// pgtol = 0, maxit = 100, ndeps = 1e-3.
func DefaultOptions() Options {
	return Options{M: 5, Factr: 1e7, Pgtol: 0, MaxIt: 100}
}

// Result mirrors the list optim returns.
type Result struct {
	X     []float64 // optim's par
	Value float64   // f at X
	// FnCount and GrCount are optim's counts: for L-BFGS-B both are the
	// number of times f and its gradient were evaluated together, not
	// counting the evaluations spent on finite differences.
	FnCount, GrCount int
	// Convergence is optim's code: 0 converged, 1 iteration limit
	// reached, 52 error reported by L-BFGS-B (optim's 51, a warning, is
	// never reported by the version R uses: the line search's warnings
	// end it like a convergence).
	Convergence int
	Converged   bool // Convergence == 0
	// Message is L-BFGS-B's final task, e.g.
	// "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH", or "NEW_X" when
	// the iteration limit stopped it.
	Message string
}

// Gradient writes the gradient of f at x into g.
type Gradient func(x, g []float64)

// ErrNonFinite reports an objective or finite-difference gradient that
// is not a finite number; R stops with an error in these cases.
var ErrNonFinite = errors.New("optim: non-finite value")

// Minimize minimises f from x0 within lower ≤ x ≤ upper. A nil or empty
// lower (upper) means no lower (upper) bounds; a single value applies to
// every variable, as R recycles it; infinite values mean no bound. With a
// nil grad the gradient is the finite difference optim uses for L-BFGS-B:
// central over ±ndeps, shortened to the bound on the side that would
// leave the box.
//
// Problems L-BFGS-B itself rejects (an empty box, invalid settings) are
// reported as R reports them, by Convergence 52 and the message, with a
// nil error; the error is for input R refuses with an error.
func Minimize(f func(x []float64) float64, grad Gradient, x0, lower, upper []float64, opts Options) (Result, error) {
	n := len(x0)
	lo, err := bounds(lower, n, math.Inf(-1), "lower")
	if err != nil {
		return Result{}, err
	}
	hi, err := bounds(upper, n, math.Inf(1), "upper")
	if err != nil {
		return Result{}, err
	}
	ndeps := opts.Ndeps
	if ndeps == nil {
		ndeps = make([]float64, n)
		for i := range ndeps {
			ndeps[i] = 1e-3
		}
	} else if len(ndeps) != n {
		return Result{}, fmt.Errorf("optim: %d ndeps for %d variables", len(ndeps), n)
	}
	x := append([]float64(nil), x0...)
	if n == 0 {
		return Result{X: x, Value: f(x), FnCount: 1, Converged: true, Message: "NOTHING TO DO"}, nil
	}
	p := &problem{f: f, grad: grad, coords: opts.Coordinates, lower: lo, upper: hi, ndeps: ndeps}
	s := newSolver(x, lo, hi, opts.M, opts.Factr, opts.Pgtol, opts.MaxIt, p.evaluate)
	if err := s.run(); err != nil {
		return Result{}, err
	}
	res := Result{X: x, Value: s.f, FnCount: s.nfgv, GrCount: s.nfgv, Message: s.task}
	switch s.stop {
	case stopConverged:
		res.Converged = true
	case stopMaxIt:
		res.Convergence = 1
	default:
		res.Convergence = 52
	}
	return res, nil
}

// bounds expands a bound vector the way optim's rep_len does for a
// scalar, with def for a missing one.
func bounds(b []float64, n int, def float64, name string) ([]float64, error) {
	out := make([]float64, n)
	switch len(b) {
	case 0:
		for i := range out {
			out[i] = def
		}
	case 1:
		for i := range out {
			out[i] = b[0]
		}
	case n:
		copy(out, b)
	default:
		return nil, fmt.Errorf("optim: %d %s bounds for %d variables", len(b), name, n)
	}
	for i, v := range out {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("optim: %s bound %d is NaN", name, i+1)
		}
	}
	return out, nil
}

// problem evaluates the objective and gradient as R's fminfn and fmingr.
type problem struct {
	f            func([]float64) float64
	grad         Gradient
	coords       CoordinateObjective
	lower, upper []float64
	ndeps        []float64
	work         []float64
}

// evaluate returns f(x) and writes the gradient into g, with the checks R
// makes before and after calling the user's function.
func (p *problem) evaluate(x, g []float64) (float64, error) {
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%w supplied by optim (variable %d)", ErrNonFinite, i+1)
		}
	}
	fx := p.f(x)
	if math.IsNaN(fx) || math.IsInf(fx, 0) {
		return 0, fmt.Errorf("%w: L-BFGS-B needs finite values of fn (got %v)", ErrNonFinite, fx)
	}
	if p.grad != nil {
		p.grad(x, g)
		return fx, nil
	}
	return fx, p.finiteDifferences(x, g)
}

// finiteDifferences is fmingr's bounded case (optim always uses it for
// L-BFGS-B): for each variable, f at x+eps and x−eps, each side cut back
// to the bound it would cross, divided by the width actually used.
func (p *problem) finiteDifferences(x, g []float64) error {
	if p.coords != nil {
		p.coords.Base(x)
	} else if p.work == nil {
		p.work = make([]float64, len(x))
	}
	copy(p.work, x)
	for i := range x {
		eps := p.ndeps[i]
		epsUsed := eps
		tmp := x[i] + eps
		if tmp > p.upper[i] {
			tmp = p.upper[i]
			epsUsed = tmp - x[i]
		}
		val1 := p.valueWith(i, tmp)
		tmp = x[i] - eps
		if tmp < p.lower[i] {
			tmp = p.lower[i]
			eps = x[i] - tmp
		}
		val2 := p.valueWith(i, tmp)
		g[i] = (val1 - val2) / (epsUsed + eps)
		if math.IsNaN(g[i]) || math.IsInf(g[i], 0) {
			return fmt.Errorf("%w: finite-difference value [%d]", ErrNonFinite, i+1)
		}
		if p.coords == nil {
			p.work[i] = x[i]
		}
	}
	return nil
}

// valueWith is f at the current point with coordinate i set to v.
func (p *problem) valueWith(i int, v float64) float64 {
	if p.coords != nil {
		return p.coords.WithCoordinate(i, v)
	}
	p.work[i] = v
	return p.f(p.work)
}

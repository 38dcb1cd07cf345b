package optim

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// The expected values in this file come from R 4.2.2 (x86-64 Linux)
// stats::optim(method = "L-BFGS-B"), printed with 17 significant digits:
// the examples of ?optim and variations of them.

// rosenbrock is ?optim's fr, with R's arithmetic (x^2 is x*x).
func rosenbrock(x []float64) float64 {
	x1, x2 := x[0], x[1]
	a, b := x2-x1*x1, 1-x1
	return 100*(a*a) + b*b
}

// rosenbrockGrad is ?optim's grr.
func rosenbrockGrad(x, g []float64) {
	x1, x2 := x[0], x[1]
	g[0] = -400*x1*(x2-x1*x1) - 2*(1-x1)
	g[1] = 200 * (x2 - x1*x1)
}

// flb is ?optim's 25-dimensional box-constrained example,
// sum(c(1, rep(4, p-1)) * (x - c(1, x[-p])^2)^2), summed like R's sum().
func flb(x []float64) float64 {
	var s ExtendedSum
	for i := range x {
		w, prev := 4.0, 1.0
		if i == 0 {
			w = 1
		} else {
			prev = x[i-1]
		}
		d := x[i] - prev*prev
		s.Add(w * (d * d))
	}
	return s.Float64()
}

type rResult struct {
	par     []float64
	value   float64
	counts  int
	conv    int
	message string
}

func check(t *testing.T, got Result, want rResult, tol float64) {
	t.Helper()
	if len(got.X) != len(want.par) {
		t.Fatalf("%d parameters, R %d", len(got.X), len(want.par))
	}
	for i, w := range want.par {
		if math.Abs(got.X[i]-w) > tol {
			t.Errorf("par[%d] = %.17g, R %.17g", i+1, got.X[i], w)
		}
	}
	if math.Abs(got.Value-want.value) > tol*math.Max(1, math.Abs(want.value)) {
		t.Errorf("value %.17g, R %.17g", got.Value, want.value)
	}
	if got.FnCount != want.counts || got.GrCount != want.counts {
		t.Errorf("counts %d %d, R %d", got.FnCount, got.GrCount, want.counts)
	}
	if got.Convergence != want.conv || got.Converged != (want.conv == 0) {
		t.Errorf("convergence %d (%v), R %d", got.Convergence, got.Converged, want.conv)
	}
	if got.Message != want.message {
		t.Errorf("message %q, R %q", got.Message, want.message)
	}
}

const (
	relReduction = "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH"
	pgtolReached = "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL"
)

func rep(v float64, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = v
	}
	return x
}

func TestRosenbrockWithGradient(t *testing.T) {
	// optim(c(-1.2,1), fr, grr, method = "L-BFGS-B")
	got, err := Minimize(rosenbrock, rosenbrockGrad, []float64{-1.2, 1}, nil, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.9999997167506105, 0.99999947178021376}, 2.2675773074879826e-13, 47, 0, relReduction}, 1e-12)
}

func TestRosenbrockFiniteDifferences(t *testing.T) {
	// optim(c(-1.2,1), fr, NULL, method = "L-BFGS-B")
	got, err := Minimize(rosenbrock, nil, []float64{-1.2, 1}, nil, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.99980003783378579, 0.99960011579784236}, 3.9984867919192357e-08, 49, 0, relReduction}, 1e-12)
}

func TestFlb25BoxConstrained(t *testing.T) {
	// optim(rep(3, 25), flb, NULL, method = "L-BFGS-B",
	//       lower = rep(2, 25), upper = rep(4, 25))
	got, err := Minimize(flb, nil, rep(3, 25), []float64{2}, rep(4, 25), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := append(rep(2, 23), 2.1090930615370751, 4)
	check(t, got, rResult{want, 368.10591287434056, 6, 0, relReduction}, 1e-12)
}

func TestOptionsOverride(t *testing.T) {
	// control = list(lmm = 3, factr = 1e3, pgtol = 1e-8, ndeps = c(1e-5, 1e-5))
	opts := Options{M: 3, Factr: 1e3, Pgtol: 1e-8, MaxIt: 100, Ndeps: []float64{1e-5, 1e-5}}
	got, err := Minimize(rosenbrock, nil, []float64{-1.2, 1}, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.99999998005426149, 0.99999996010981673}, 3.9783265178311414e-16, 51, 0, pgtolReached}, 1e-12)
}

func TestIterationLimit(t *testing.T) {
	// control = list(maxit = 5): optim's convergence 1, message "NEW_X".
	opts := DefaultOptions()
	opts.MaxIt = 5
	got, err := Minimize(rosenbrock, rosenbrockGrad, []float64{-1.2, 1}, nil, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{-1.0020293558365005, 0.98860796338270196}, 4.0320068317174869, 8, 1, "NEW_X"}, 1e-12)
}

func TestBounds(t *testing.T) {
	// lower = c(-2, -2), upper = c(0.5, 2): the solution is on a bound.
	got, err := Minimize(rosenbrock, nil, []float64{-1.2, 1}, []float64{-2, -2}, []float64{0.5, 2}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.5, 0.25000000000000006}, 0.25, 31, 0, pgtolReached}, 1e-12)
	// upper = c(0.8, 0.5) only.
	got, err = Minimize(rosenbrock, nil, []float64{-1.2, 1}, nil, []float64{0.8, 0.5}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.70855880302838636, 0.5}, 0.085360511116027146, 24, 0, relReduction}, 1e-12)
}

func TestAbnormalLineSearchTermination(t *testing.T) {
	// optim(c(3, -3), fr, NULL, method = "L-BFGS-B", lower = c(-1, -1),
	//       upper = c(2, 2)): the start is projected into the box and the
	// line search finally fails (convergence 52).
	got, err := Minimize(rosenbrock, nil, []float64{3, -3}, []float64{-1, -1}, []float64{2, 2}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.999802804480726, 0.99960487118190255}, 3.8946393770620933e-08, 88, 52, "ERROR: ABNORMAL_TERMINATION_IN_LNSRCH"}, 1e-12)
}

func TestNoFeasibleSolution(t *testing.T) {
	// lower = c(2, 0), upper = c(1, 3): L-BFGS-B refuses before any
	// evaluation (R's value is then uninitialised memory).
	calls := 0
	f := func(x []float64) float64 { calls++; return rosenbrock(x) }
	got, err := Minimize(f, nil, []float64{1, 1}, []float64{2, 0}, []float64{1, 3}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if calls != 0 || got.Convergence != 52 || got.Message != "ERROR: NO FEASIBLE SOLUTION" || got.FnCount != 0 {
		t.Errorf("got %+v after %d calls", got, calls)
	}
}

func TestNothingToDo(t *testing.T) {
	got, err := Minimize(func([]float64) float64 { return 42 }, nil, nil, nil, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if got.Value != 42 || got.FnCount != 1 || got.GrCount != 0 || !got.Converged || got.Message != "NOTHING TO DO" {
		t.Errorf("got %+v", got)
	}
}

func TestErrors(t *testing.T) {
	// R: "non-finite finite-difference value [2]" for a variable fixed by
	// lower = upper (both differences collapse).
	_, err := Minimize(rosenbrock, nil, []float64{-1.2, 1}, []float64{math.Inf(-1), 1}, []float64{math.Inf(1), 1}, DefaultOptions())
	if !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "[2]") {
		t.Errorf("fixed variable: %v", err)
	}
	// R: "L-BFGS-B needs finite values of 'fn'".
	nanRight := func(x []float64) float64 {
		if x[0] > -1 {
			return math.NaN()
		}
		return rosenbrock(x)
	}
	if _, err := Minimize(nanRight, nil, []float64{-1.2, 1}, nil, nil, DefaultOptions()); !errors.Is(err, ErrNonFinite) || !strings.Contains(err.Error(), "finite values of fn") {
		t.Errorf("NaN objective: %v", err)
	}
	if _, err := Minimize(rosenbrock, nil, []float64{0, 0}, []float64{0, 0, 0}, nil, DefaultOptions()); err == nil || !strings.Contains(err.Error(), "3 lower bounds for 2 variables") {
		t.Errorf("bound length: %v", err)
	}
	opts := DefaultOptions()
	opts.Ndeps = []float64{1e-3}
	if _, err := Minimize(rosenbrock, nil, []float64{0, 0}, nil, nil, opts); err == nil || !strings.Contains(err.Error(), "ndeps") {
		t.Errorf("ndeps length: %v", err)
	}
	opts = DefaultOptions()
	opts.M = 0
	got, err := Minimize(rosenbrock, nil, []float64{0, 0}, nil, nil, opts)
	if err != nil || got.Convergence != 52 || got.Message != "ERROR: M .LE. 0" {
		t.Errorf("lmm 0: %+v, %v", got, err)
	}
}

// countingCoordinates checks that the coordinate-wise evaluation is used
// and changes nothing.
type countingCoordinates struct {
	f     func([]float64) float64
	base  []float64
	calls int
}

func (c *countingCoordinates) Base(x []float64) { c.base = append(c.base[:0], x...) }

func (c *countingCoordinates) WithCoordinate(i int, v float64) float64 {
	c.calls++
	x := append([]float64(nil), c.base...)
	x[i] = v
	return c.f(x)
}

func TestCoordinateObjective(t *testing.T) {
	coords := &countingCoordinates{f: flb}
	opts := DefaultOptions()
	opts.Coordinates = coords
	got, err := Minimize(flb, nil, rep(3, 25), []float64{2}, []float64{4}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := append(rep(2, 23), 2.1090930615370751, 4)
	check(t, got, rResult{want, 368.10591287434056, 6, 0, relReduction}, 1e-12)
	if coords.calls != 2*25*6 {
		t.Errorf("%d coordinate evaluations, want %d", coords.calls, 2*25*6)
	}
}

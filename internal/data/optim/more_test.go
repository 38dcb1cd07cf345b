package optim

import (
	"math"
	"testing"
)

// Further problems, with R 4.2.2's results, that take other branches of
// the line search and of the Cauchy point search. Objectives use R's
// arithmetic: x^2 is x*x and sum() is ExtendedSum.

func sumR(terms func(add func(float64))) float64 {
	var s ExtendedSum
	terms(s.Add)
	return s.Float64()
}

// wood is the Wood function, written as R evaluates
// 100*(x[2]-x[1]^2)^2 + (1-x[1])^2 + 90*(x[4]-x[3]^2)^2 + (1-x[3])^2 +
// 10.1*((x[2]-1)^2 + (x[4]-1)^2) + 19.8*(x[2]-1)*(x[4]-1).
func wood(x []float64) float64 {
	sq := func(v float64) float64 { return v * v }
	return 100*sq(x[1]-sq(x[0])) + sq(1-x[0]) + 90*sq(x[3]-sq(x[2])) + sq(1-x[2]) +
		10.1*(sq(x[1]-1)+sq(x[3]-1)) + 19.8*(x[1]-1)*(x[3]-1)
}

// extendedRosenbrock is sum(100*(x[i+1]-x[i]^2)^2 + (1-x[i])^2) over odd i.
func extendedRosenbrock(x []float64) float64 {
	return sumR(func(add func(float64)) {
		for i := 0; i+1 < len(x); i += 2 {
			a, b := x[i+1]-x[i]*x[i], 1-x[i]
			add(100*(a*a) + b*b)
		}
	})
}

// absDistance is sum(abs(x - 1:5)), not differentiable at its minimum.
func absDistance(x []float64) float64 {
	return sumR(func(add func(float64)) {
		for i, v := range x {
			add(math.Abs(v - float64(i+1)))
		}
	})
}

func TestWood(t *testing.T) {
	// optim(c(-3,-1,-3,-1), wood, NULL, method = "L-BFGS-B")
	got, err := Minimize(wood, nil, []float64{-3, -1, -3, -1}, nil, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{0.99999204629142047, 0.99998362441624489, 1.0000041850464112, 1.0000096776459364}, 7.7306924247233782e-10, 117, 0, relReduction}, 1e-12)
}

func TestExtendedRosenbrockBoxed(t *testing.T) {
	// optim(rep(c(-1.2, 1), 5), erosen, NULL, method = "L-BFGS-B",
	//       lower = -1.5, upper = c(rep(1.5, 9), 0.7))
	x0 := []float64{-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1}
	got, err := Minimize(extendedRosenbrock, nil, x0, []float64{-1.5}, append(rep(1.5, 9), 0.7), DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a, b := 0.9998001460854623, 0.99960036427538301
	check(t, got, rResult{[]float64{a, b, a, b, a, b, a, b, 0.83724012034682838, 0.69999999999999996}, 0.026585226004301653, 72, 0, relReduction}, 1e-12)
}

func TestNonSmooth(t *testing.T) {
	// optim(rep(0, 5), function(x) sum(abs(x - 1:5)), NULL,
	//       method = "L-BFGS-B", lower = -10, upper = 4)
	got, err := Minimize(absDistance, nil, rep(0, 5), []float64{-10}, []float64{4}, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	check(t, got, rResult{[]float64{1, 2, 3, 4, 4}, 1, 43, 0, pgtolReached}, 1e-12)
}

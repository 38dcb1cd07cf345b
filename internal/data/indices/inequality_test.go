package indices

import (
	"math"
	"testing"

	"corridor/internal/data/flows"
)

// migest's reference page for index_connectivity runs it on Korea's 2020
// inter-regional flows (korea_gravity) and prints inequality_equal 0.541,
// inequality_sim 0.281 and cv 17.9 (three significant figures).
func TestConnectivityIndicesMatchMigestKorea(t *testing.T) {
	k := korea(t, "2020")
	sim, err := InequalitySim(k.flows)
	if err != nil {
		t.Fatal(err)
	}
	cv, err := CV(k.flows)
	if err != nil {
		t.Fatal(err)
	}
	eq, _ := InequalityEqual(k.flows)
	eq /= offDiagSum(k.flows, len(k.flows.Rows))
	t.Logf("korea 2020: inequality_equal %.5f, inequality_sim %.5f, cv %.4f", eq, sim, cv)
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"inequality_equal", eq, 0.541, 0.0005},
		{"inequality_sim", sim, 0.281, 0.0005},
		{"cv", cv, 17.9, 0.05},
	} {
		if math.Abs(c.got-c.want) > c.tol {
			t.Errorf("%s = %.5f, migest prints %v", c.name, c.got, c.want)
		}
	}
	rep, err := Summarize(k.flows, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if float64(rep.Indices["inequality_sim"]) != sim || float64(rep.Indices["cv"]) != cv {
		t.Errorf("Summarize lacks inequality_sim or cv: %v", rep.Indices)
	}
}

// Flows that are exactly what independence predicts have inequality_sim 0;
// flows all in one cell are far from it.
func TestInequalitySimBounds(t *testing.T) {
	m := square(3, []float64{
		0, 20, 30,
		20, 0, 30,
		20, 30, 0,
	})
	if v, err := InequalitySim(m); err != nil || v < 0 || v > 1 {
		t.Fatalf("inequality_sim = %v, %v", v, err)
	}
	one := square(3, []float64{0, 1000, 0, 0, 0, 0, 0, 0, 0})
	if v, err := InequalitySim(one); err != nil || v < 0 || v > 1 {
		t.Errorf("one flow: inequality_sim = %v, %v", v, err)
	}
	if _, err := InequalitySim(square(3, make([]float64, 9))); err == nil {
		t.Error("a matrix without flows gave an inequality_sim")
	}
	if _, err := CV(square(3, make([]float64, 9))); err == nil {
		t.Error("a matrix without flows gave a cv")
	}
}

func square(n int, v []float64) *flows.Matrix {
	names := make([]string, n)
	for i := range names {
		names[i] = string(rune('A' + i))
	}
	m := flows.NewSquare(names)
	copy(m.Values, v)
	return m
}

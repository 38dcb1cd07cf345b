package indices

import (
	"math"
	"strconv"
	"testing"

	"corridor/internal/data/flows"
)

var abcd = []string{"A", "B", "C", "D"}

// The 4-region matrix of the migest examples (its golden sums are checked
// in golden_test.go).
func example() *flows.Matrix {
	return flows.FromRows(abcd, [][]float64{{0, 100, 30, 70}, {50, 0, 45, 5}, {60, 35, 0, 40}, {20, 25, 20, 0}})
}

func TestRatesAndEffectiveness(t *testing.T) {
	m := example()
	pop := []float64{1000, 2000, 500, 4000}
	r, err := CrudeRates(m, pop, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// Region A: out 200, in 130 (sum_region golden values) per 1000 of 1000.
	if r[0].Out != 200 || r[0].In != 130 || r[0].Net != -70 || r[0].Gross != 330 {
		t.Errorf("A rates %+v", r[0])
	}
	if math.Abs(r[0].Effectiveness-100*-70.0/330) > 1e-12 {
		t.Errorf("A effectiveness %v", r[0].Effectiveness)
	}
	e, _ := Effectiveness(m)
	if want := 100 * (70 + 60 + 40 + 50) / 1000.0; math.Abs(e-want) > 1e-12 {
		t.Errorf("effectiveness %v, want %v", e, want)
	}
	cmr, _ := CrudeMigrationRate(m, 7500, 100)
	if math.Abs(cmr-100*500/7500.0) > 1e-12 {
		t.Errorf("cmr %v", cmr)
	}
	if _, err := CrudeRates(m, []float64{1, 0, 1, 1}, 100); err == nil {
		t.Errorf("zero population: no error")
	}
	c, _ := Connectivity(m)
	if c != 1 {
		t.Errorf("connectivity %v", c)
	}
	m.Set(0, 1, 0)
	c, _ = Connectivity(m)
	if math.Abs(c-11.0/12) > 1e-15 {
		t.Errorf("connectivity with one zero %v", c)
	}
}

func TestInequality(t *testing.T) {
	// Equal flows: no inequality of either kind.
	m := flows.FromRows([]string{"a", "b", "c"}, [][]float64{{0, 5, 5}, {5, 0, 5}, {5, 5, 0}})
	if v, _ := InequalityEqual(m); v != 0 {
		t.Errorf("equal: %v", v)
	}
	if v, _ := InequalityWeighted(m); math.Abs(v) > 1e-12 {
		t.Errorf("weighted: %v", v)
	}
	// All flow in one cell: ½(|M − M/6| + 5·M/6) = 5M/6.
	m = flows.FromRows([]string{"a", "b", "c"}, [][]float64{{0, 60, 0}, {0, 0, 0}, {0, 0, 0}})
	if v, _ := InequalityEqual(m); math.Abs(v-50) > 1e-12 {
		t.Errorf("one cell: %v", v)
	}
}

func TestWeightedMedian(t *testing.T) {
	for _, c := range []struct {
		x, w []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 1, 1}, 2},
		{[]float64{1, 2}, []float64{1, 1}, 1.5},
		{[]float64{5}, []float64{2}, 5},
		{[]float64{1, 2, 3}, []float64{10, 0, 0}, 1},
		{[]float64{3, 1, 2, 4}, []float64{1, 1, 1, 1}, 2.5},
	} {
		if got := WeightedMedian(c.x, c.w); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("WeightedMedian(%v, %v) = %v, want %v", c.x, c.w, got, c.want)
		}
	}
}

func TestNetMatrixIPFErrors(t *testing.T) {
	if _, err := NetMatrixIPF([]float64{1, 1, -1, 0}, example(), 1e-6, 10); err == nil {
		t.Errorf("net totals not summing to 0: no error")
	}
}

func fundamental() RCParams {
	// migest rc_model_fund (shared/data/migest/rc_model_fund.csv).
	return RCParams{A1: 0.02, Alpha1: 0.1, A2: 0.06, Alpha2: 0.1, Mu2: 20, Lambda2: 0.4, C: 0.003}
}

func TestRCEval(t *testing.T) {
	p := fundamental()
	// At x = μ2 the labour term is a2·exp(−1).
	want := 0.02*math.Exp(-2) + 0.06*math.Exp(-1) + 0.003
	if got := p.At(20); math.Abs(got-want) > 1e-15 {
		t.Errorf("m(20) = %v, want %v", got, want)
	}
	p.Retirement, p.A3, p.Alpha3, p.Mu3, p.Lambda3 = true, 0.001, 0.5, 65, 0.3
	p.Elderly, p.A4, p.Lambda4 = true, 1e-5, 0.05
	x := 70.0
	want = 0.02*math.Exp(-0.1*x) + 0.06*math.Exp(-0.1*(x-20)-math.Exp(-0.4*(x-20))) + 0.003 +
		0.001*math.Exp(-0.5*(x-65)-math.Exp(-0.3*(x-65))) + 1e-5*math.Exp(0.05*x)
	if got := RCEval(p, []float64{x})[0]; math.Abs(got-want) > 1e-15 {
		t.Errorf("13-parameter m(70) = %v, want %v", got, want)
	}
}

func TestFitRCRecoversParameters(t *testing.T) {
	truth := fundamental()
	var ages []float64
	for a := 0.0; a <= 80; a++ {
		ages = append(ages, a)
	}
	rates := RCEval(truth, ages)
	start := RCParams{A1: 0.01, Alpha1: 0.2, A2: 0.1, Alpha2: 0.15, Mu2: 25, Lambda2: 0.3, C: 0.001}
	fit, err := FitRC(ages, rates, nil, start, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !fit.Converged {
		t.Errorf("not converged after %d iterations", fit.Iterations)
	}
	got := fit.Params
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"a1", got.A1, truth.A1}, {"alpha1", got.Alpha1, truth.Alpha1}, {"a2", got.A2, truth.A2},
		{"alpha2", got.Alpha2, truth.Alpha2}, {"mu2", got.Mu2, truth.Mu2}, {"lambda2", got.Lambda2, truth.Lambda2}, {"c", got.C, truth.C},
	} {
		if math.Abs(c.got-c.want) > 1e-6*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if fit.SSE > 1e-20 {
		t.Errorf("SSE %g", fit.SSE)
	}
	// Noisy rates: the fit must still reduce the SSE below the start's.
	noisy := append([]float64(nil), rates...)
	for i := range noisy {
		noisy[i] *= 1 + 0.05*math.Sin(float64(i)*1.7)
	}
	f2, err := FitRC(ages, noisy, nil, start, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	sse0 := 0.0
	for i, a := range ages {
		d := noisy[i] - start.At(a)
		sse0 += d * d
	}
	if !(f2.SSE < sse0/100) {
		t.Errorf("noisy fit SSE %g vs start %g", f2.SSE, sse0)
	}
	if _, err := FitRC(ages, rates, nil, RCParams{}, 0, 0); err == nil {
		t.Errorf("zero start: no error")
	}
}

// TestWorldBankMatrix runs the indices on the 226×226 World Bank 2000
// bilateral stock matrix (total 167,067,222 per its SOURCE.md).
func TestWorldBankMatrix(t *testing.T) {
	m := worldBank(t)
	if got := m.Sum(); got != 167067222 {
		t.Errorf("total %v, want 167067222", got)
	}
	g, err := GiniIndices(m)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := Connectivity(m)
	e, _ := Effectiveness(m)
	a, _ := ACVIndex(m)
	t.Logf("gini total %.6f, connectivity %.6f, effectiveness %.4f, acv %.4f", g.Total, c, e, a.Total)
	if !(g.Total > 0 && g.Total < 1) || !(c > 0 && c <= 1) || math.IsNaN(e) {
		t.Errorf("implausible indices")
	}
}

func worldBank(tb testing.TB) *flows.Matrix {
	tb.Helper()
	recs := readSharedCSV(tb, "migration-indices", "wb_gbmd_migration_world_2000.csv")
	names := recs[0][1:]
	m := flows.NewSquare(names)
	if len(recs)-1 != len(names) {
		tb.Fatalf("%d rows for %d columns", len(recs)-1, len(names))
	}
	// Row labels are R-mangled ("American.Samoa"); rows follow the column
	// order.
	for i, r := range recs[1:] {
		for j, cell := range r[1:] {
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				if cell == "NA" || cell == "" {
					continue
				}
				tb.Fatal(err)
			}
			m.Set(i, j, v)
		}
	}
	for i := range names {
		m.Set(i, i, 0)
	}
	return m
}

func BenchmarkGiniWorldBank(b *testing.B) {
	m := worldBank(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GiniIndices(m); err != nil {
			b.Fatal(err)
		}
	}
}

package flows

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"corridor/internal/testutil"
)

// undesaStocks reads the UN DESA 2019 origin × destination table and
// returns the birthplace × residence stock tables of the given years over
// the 232 places that are both origins and destinations (region rows are
// dropped; ".." and "-" count as 0). The diagonal (native-born) is 0 in the
// source.
func undesaStocks(tb testing.TB, years ...string) []*Matrix {
	tb.Helper()
	path := testutil.SharedData(tb, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	header := recs[0]
	origins := header[2:]
	isOrigin := map[string]int{}
	for j, o := range origins {
		isOrigin[o] = j
	}
	var out []*Matrix
	for _, year := range years {
		m := NewSquare(origins)
		n := len(origins)
		found := 0
		for _, r := range recs[1:] {
			if r[0] != year {
				continue
			}
			dest, ok := isOrigin[r[1]]
			if !ok {
				continue
			}
			found++
			for k, cell := range r[2:] {
				cell = strings.TrimSpace(cell)
				if cell == ".." || cell == "-" || cell == "" {
					continue
				}
				v, err := strconv.ParseFloat(cell, 64)
				if err != nil {
					tb.Fatalf("%s: year %s, %s: %v", path, year, r[1], err)
				}
				m.Values[k*n+dest] = v // row = place of birth, column = residence
			}
		}
		if found != n {
			tb.Fatalf("year %s: %d destinations matched, want %d", year, found, n)
		}
		out = append(out, m)
	}
	return out
}

var (
	undesaOnce sync.Once
	undesaS    []*Matrix
)

func undesa1519(tb testing.TB) (s0, s1 *Matrix) {
	tb.Helper()
	undesaOnce.Do(func() { undesaS = undesaStocks(tb, "2015", "2019") })
	if undesaS == nil {
		tb.Skip("UN DESA table not available")
	}
	return undesaS[0], undesaS[1]
}

// withNatives returns copies of s0 and s1 whose diagonals hold a synthetic
// native-born population: ten times the place's foreign-born stock at the
// start date, the same at both dates. The source has no native-born stocks;
// this only exercises the default (rescale + global match) path.
func withNatives(s0, s1 *Matrix) (*Matrix, *Matrix) {
	a, b := s0.Clone(), s1.Clone()
	n := len(a.Rows)
	cs := s0.ColSums()
	for i := 0; i < n; i++ {
		nb := 10 * cs[i]
		if nb == 0 {
			nb = 1000
		}
		a.Values[i*n+i], b.Values[i*n+i] = nb, nb
	}
	return a, b
}

func TestUNDESADefaults(t *testing.T) {
	s0, s1 := undesa1519(t)
	a, b := withNatives(s0, s1)
	res, err := Demographic(a, b, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkFlows(t, res)
	t.Logf("defaults: %d places, total flow %.0f, fits %d, max mover rescale %.3g, imbalance %.0f",
		len(res.Places), res.Flows.Sum(), len(res.Diagnostics.Fits), res.Diagnostics.MaxMoverRescale, res.Diagnostics.GlobalImbalance)
	for _, f := range res.Diagnostics.Fits {
		t.Logf("  %s: %d iterations, max change %.3g, margin deviation %.3g", f.Stage, f.Iterations, f.MaxChange, f.MaxMarginDeviation)
	}
	// The zero native-born diagonal of the source cannot absorb the global
	// imbalance: the default path must say so, not divide by zero.
	if _, err := Demographic(s0, s1, nil, nil, Options{}); err == nil || !strings.Contains(err.Error(), "native-born") {
		t.Errorf("zero diagonal with rescale: err = %v, want a native-born error", err)
	}
	for _, bt := range []string{Open, OpenDR} {
		res, err := Demographic(s0, s1, nil, nil, Options{BirthplaceTotals: bt})
		if err != nil {
			t.Fatalf("%s: %v", bt, err)
		}
		checkFlows(t, res)
		t.Logf("%s: total flow %.0f", bt, res.Flows.Sum())
	}
}

func checkFlows(t *testing.T, res *Result) {
	t.Helper()
	n := len(res.Places)
	for i, v := range res.Flows.Values {
		if v < 0 || v != v {
			t.Fatalf("flow %s -> %s is %v", res.Places[i/n], res.Places[i%n], v)
		}
	}
	if !res.Diagnostics.Converged {
		t.Fatalf("not converged")
	}
}

func BenchmarkDemographicUNDESA2015to2019(b *testing.B) {
	s0, s1 := undesa1519(b)
	a, c := withNatives(s0, s1)
	for _, bc := range []struct {
		name   string
		s0, s1 *Matrix
		opt    Options
	}{
		{"defaults-syntheticNatives", a, c, Options{}},
		{"open-zeroNatives", s0, s1, Options{BirthplaceTotals: Open}},
		{"noStayers-syntheticNatives", a, c, Options{NoStayerAssumption: true}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var cpu0, cpu1 syscall.Rusage
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu0)
			for b.Loop() {
				if _, err := Demographic(bc.s0, bc.s1, nil, nil, bc.opt); err != nil {
					b.Fatal(err)
				}
			}
			_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
			// Process CPU time per op (all threads): a load-independent
			// companion to ns/op on a shared machine.
			b.ReportMetric(float64(cpuNanos(cpu1)-cpuNanos(cpu0))/float64(b.N), "cpu-ns/op")
		})
	}
}

func BenchmarkDifferenceUNDESA2015to2019(b *testing.B) {
	s0, s1 := undesa1519(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Difference(s0, s1, DifferenceOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRescaleFitUNDESA times one two-way fit of the rescale step (the
// hot loop of the default path) on the 2015 table with synthetic natives.
func BenchmarkRescaleFitUNDESA(b *testing.B) {
	s0, s1 := undesa1519(b)
	a, c := withNatives(s0, s1)
	n := len(a.Rows)
	r0, r1 := a.RowSums(), c.RowSums()
	t0 := make([]float64, n)
	for k := range t0 {
		t0[k] = r0[k] - (r0[k]-r1[k])/2
	}
	// Balance as the global match would: move the difference to the natives.
	diff := (sum(t0) - a.Sum())
	cs := a.ColSums()
	cs[0] += diff
	b.ReportAllocs()
	var cpu0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu0)
	iters := 0
	for b.Loop() {
		_, st, err := fitTable("bench", a.Values, n, n, t0, cs, DefaultTol, DefaultMaxIter, 1e3)
		if err != nil {
			b.Fatal(err)
		}
		iters = st.Iterations
	}
	var cpu1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
	b.ReportMetric(float64(iters), "sweeps")
	b.ReportMetric(float64(cpuNanos(cpu1)-cpuNanos(cpu0))/float64(b.N), "cpu-ns/op")
}

func cpuNanos(r syscall.Rusage) int64 {
	return r.Utime.Nano() + r.Stime.Nano()
}

// TestUNDESACommand runs the command on the real table written as stock
// CSVs (place names with commas and brackets included).
func TestUNDESACommand(t *testing.T) {
	s0, s1 := undesa1519(t)
	a, c := withNatives(s0, s1)
	dir := t.TempDir()
	write := func(name string, m *Matrix) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteMatrixCSV(f, m); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p0, p1 := write("s2015.csv", a), write("s2019.csv", c)
	out := filepath.Join(dir, "flows.csv")
	var so, se bytes.Buffer
	if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--out", out}, &so, &se); err != nil {
		t.Fatalf("%v\n%s", err, se.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadStockCSV(f, out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Demographic(a, c, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range got.Values {
		if got.Values[i] != want.Flows.Values[i] {
			t.Fatalf("cell %d: %v from the command, %v from the API", i, got.Values[i], want.Flows.Values[i])
		}
	}
}

package flows

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/cellsafe"
)

var abcd = []string{"A", "B", "C", "D"}

// The Abel (2013) 4-region stock tables (golden case e0 inputs), used for
// error-path tests; expected flows come from the golden JSON elsewhere.
func e0Stocks() (*Matrix, *Matrix) {
	s0 := FromRows(abcd, [][]float64{{1000, 100, 10, 0}, {55, 555, 50, 5}, {80, 40, 800, 40}, {20, 25, 20, 200}})
	s1 := FromRows(abcd, [][]float64{{950, 100, 60, 0}, {80, 505, 75, 5}, {90, 30, 800, 40}, {40, 45, 0, 180}})
	return s0, s1
}

func TestNonConvergenceReported(t *testing.T) {
	// A feasible fit stopped after 2 sweeps with a tiny tolerance.
	seed := []float64{5, 2, 1, 7}
	_, st, err := fitTable("test", seed, 2, 2, []float64{18, 20}, []float64{16, 22}, 1e-12, 2, 1e-3)
	var ce *ConvergenceError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *ConvergenceError", err)
	}
	if st.Converged || ce.Stats.Iterations != 2 || !(ce.Stats.MaxChange >= 1e-12) {
		t.Errorf("stats = %+v", ce.Stats)
	}
	if !strings.Contains(err.Error(), "did not converge in 2 iterations") {
		t.Errorf("message %q", err)
	}
	// An infeasible fit (a structural zero blocks the margins) settles by
	// the mipfp rule without meeting its margins: flagged, not silent.
	_, st, err = fitTable("test", []float64{1, 1, 0, 1}, 2, 2, []float64{1, 9}, []float64{9, 1}, 1e-9, 50, 1e-3)
	if err != nil || st.MarginsMet || math.Abs(st.MaxMarginDeviation-8) > 1e-6 {
		t.Errorf("infeasible fit: %+v, %v", st, err)
	}

	// Through Demographic: a tiny iteration cap on the rescale step.
	s0, s1 := e0Stocks()
	s1.Set(0, 1, 130) // birthplace totals now differ (A +30, B −30), so
	s1.Set(1, 1, 475) // the rescale step must iterate
	_, err = Demographic(s0, s1, nil, nil, Options{MaxIter: 1, Tol: 1e-12})
	if !errors.As(err, &ce) {
		t.Fatalf("Demographic err = %v, want *ConvergenceError", err)
	}
	// With a cap of one sweep the birthplace totals are still apart, so the
	// movers' totals need a generous MarginTol to be rescaled.
	res, err := Demographic(s0, s1, nil, nil, Options{MaxIter: 1, Tol: 1e-12, AllowNonConvergence: true, MarginTol: 1})
	if err != nil {
		t.Fatalf("AllowNonConvergence: %v", err)
	}
	if res.Diagnostics.Converged {
		t.Errorf("Diagnostics.Converged = true after a capped fit")
	}
	found := false
	for _, f := range res.Diagnostics.Fits {
		if !f.Converged && f.Iterations == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no unconverged fit recorded: %+v", res.Diagnostics.Fits)
	}
}

func TestMarginMismatchIsError(t *testing.T) {
	_, _, err := fitTable("test", []float64{1, 1, 1, 1}, 2, 2, []float64{10, 10}, []float64{10, 12}, 1e-6, 100, 1e-3)
	var me *MarginError
	if !errors.As(err, &me) {
		t.Fatalf("err = %v, want *MarginError", err)
	}
	if me.Difference != -2 || !strings.Contains(err.Error(), "difference -2") {
		t.Errorf("MarginError = %+v (%v)", me, err)
	}
	if _, err := IPF2([]float64{18, 20}, []float64{16, 23}, nil, 1e-5, 500); !errors.As(err, &me) {
		t.Errorf("IPF2 with unequal totals: %v", err)
	}
	// migest's ipf2 test is one-sided; Corridor's is not.
	if _, err := IPF2([]float64{18, 20}, []float64{16, 25}, nil, 1e-5, 500); !errors.As(err, &me) {
		t.Errorf("IPF2 with row total < column total: %v", err)
	}
	s0, s1 := e0Stocks()
	// The movers' totals of a birthplace must agree: feed the fit tables
	// whose birthplace rows differ, bypassing the birthplace-total step.
	e := &estimator{n: 4, places: abcd, opt: mustNorm(t, Options{StrictMargins: true})}
	bad := s1.Clone()
	bad.Set(3, 0, 140) // born in D: 100 more at the end
	_, err = e.fit(s0.Clone(), bad, nil)
	if !errors.As(err, &me) || !strings.Contains(err.Error(), `birthplace "D"`) {
		t.Errorf("strict fit with unequal birthplace totals: %v", err)
	}
	// By default, as ffs_demo, the fit goes on and names the birthplace.
	e = &estimator{n: 4, places: abcd, opt: mustNorm(t, Options{})}
	if _, err := e.fit(s0.Clone(), bad, nil); err != nil {
		t.Errorf("default fit with unequal birthplace totals: %v", err)
	}
	if u := e.diag.UnmetMargins; len(u) != 1 || u[0].Birthplace != "D" || u[0].Difference() != 100 {
		t.Errorf("unmet margins = %+v, want D short by 100", u)
	}
}

func mustNorm(t *testing.T, o Options) Options {
	t.Helper()
	o, err := o.normalized()
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOptionsValidation(t *testing.T) {
	s0, s1 := e0Stocks()
	for _, o := range []Options{
		{BirthplaceTotals: "rescale-adjust-zero-fb"},
		{GlobalMatch: "sometimes"},
		{BirthMethod: "stork"},
		{DeathMethod: "x"},
		{Tol: -1},
	} {
		if _, err := Demographic(s0, s1, nil, nil, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	// Names must match.
	bad := FromRows([]string{"A", "B", "C", "E"}, [][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}})
	if _, err := Demographic(s0, bad, nil, nil, Options{}); err == nil || !strings.Contains(err.Error(), `"D"`) {
		t.Errorf("mismatched names: %v", err)
	}
	// Inputs in a different order give the same flows.
	perm := []string{"C", "A", "D", "B"}
	r1, err := Demographic(s0, s1, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Demographic(s0, reorder(s1, perm), nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r1.Flows.Values {
		if math.Abs(r1.Flows.Values[i]-r2.Flows.Values[i]) > 1e-9 {
			t.Fatalf("reordered input changed flows: %v vs %v", r1.Flows.Values, r2.Flows.Values)
		}
	}
}

func reorder(m *Matrix, order []string) *Matrix {
	pos := map[string]int{}
	for i, r := range m.Rows {
		pos[r] = i
	}
	out := NewSquare(order)
	for i, a := range order {
		for j, b := range order {
			out.Set(i, j, m.At(pos[a], pos[b]))
		}
	}
	return out
}

func TestGlobalMatchRounding(t *testing.T) {
	// Residual of integer rounding goes to the largest element (ties:
	// first), deterministically.
	got, err := rescaleIntegerSum([]float64{10, 10, 10}, 31)
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != 11 || got[1] != 10 || got[2] != 10 {
		t.Errorf("rescaleIntegerSum = %v", got)
	}
	if _, err := rescaleIntegerSum([]float64{0, 0}, 3); err == nil {
		t.Errorf("zero diagonal: no error")
	}
	if rmod2(-3) != 1 || rmod2(0.4) != 0.4 {
		t.Errorf("rmod2")
	}
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const e0Start = `,A,B,C,D
A,1000,100,10,0
B,55,555,50,5
C,80,40,800,40
D,20,25,20,200
`
const e0End = `,A,B,C,D
A,950,100,60,0
B,80,505,75,5
C,90,30,800,40
D,40,45,0,180
`

func TestRunCommandRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p0 := writeFile(t, dir, "s0.csv", e0Start)
	p1 := writeFile(t, dir, "s1.csv", e0End)
	out := filepath.Join(dir, "flows.csv")
	var stdout, stderr bytes.Buffer
	if err := RunCommand([]string{"--method", "demographic", "--stock-start", p0, "--stock-end", p1, "--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("RunCommand: %v (stderr %s)", err, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadStockCSV(f, out) // same layout as a stock table
	if err != nil {
		t.Fatal(err)
	}
	s0, s1 := e0Stocks()
	want, err := Demographic(s0, s1, nil, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Flows.Values {
		if got.Values[i] != want.Flows.Values[i] {
			t.Fatalf("CSV round trip: %v, want %v", got.Values, want.Flows.Values)
		}
	}

	// stdout, by birthplace, with births and deaths (header and no header).
	pb := writeFile(t, dir, "b.csv", "region,births\nA,0\nB,0\nC,0\nD,0\n")
	pd := writeFile(t, dir, "d.csv", "D,0\nC,0\nB,0\nA,0\n")
	stdout.Reset()
	if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--births", pb, "--deaths", pd, "--by-birthplace"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if lines[0] != "origin,destination,birthplace,flow" {
		t.Errorf("long header %q", lines[0])
	}
	if len(lines) != 1+4*4*4 {
		t.Errorf("long form has %d rows, want every cell of the 4×4×4 table (64)", len(lines)-1)
	}
	// The A-born move from A to C: 50 (golden e0 flow_by_pob A[0][2]).
	if !strings.Contains(stdout.String(), "\nA,C,A,50\n") {
		t.Errorf("long form lacks A,C,A,50:\n%s", stdout.String())
	}

	// difference method and flags it rejects
	stdout.Reset()
	if err := RunCommand([]string{"--method", "difference", "--stock-start", p0, "--stock-end", p1}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), ",A,B,C,D\n") {
		t.Errorf("difference output %q", stdout.String())
	}
	if err := RunCommand([]string{"--method", "difference", "--stock-start", p0, "--stock-end", p1, "--by-birthplace"}, &stdout, &stderr); err == nil {
		t.Errorf("difference --by-birthplace: no error")
	}
	for _, args := range [][]string{
		{"--stock-start", p0, "--stock-end", p1, "--stayer-assumption=false"},
		{"--stock-start", p0, "--stock-end", p1, "--birthplace-totals", "open-dr", "--global-match", "after"},
	} {
		stdout.Reset()
		if err := RunCommand(args, &stdout, &stderr); err != nil {
			t.Errorf("%v: %v", args, err)
		}
	}
}

func TestRunCommandErrors(t *testing.T) {
	dir := t.TempDir()
	p0 := writeFile(t, dir, "s0.csv", e0Start)
	p1 := writeFile(t, dir, "s1.csv", e0End)
	cases := []struct {
		name string
		body string
		want []string
	}{
		{"ragged.csv", ",A,B\nA,1,2\nB,3\n", []string{"ragged.csv", "line 3", "ragged"}},
		{"nonnum.csv", ",A,B\nA,1,x\nB,3,4\n", []string{"nonnum.csv", "line 2, column 3", `"x" is not a number`}},
		{"names.csv", ",A,B\nA,1,2\nC,3,4\n", []string{"names.csv", `"B" has no row`}},
		{"neg.csv", ",A,B\nA,1,2\nB,-3,4\n", []string{"neg.csv", "line 3, column 2", "negative"}},
		{"nan.csv", ",A,B\nA,1,NaN\nB,3,4\n", []string{"nan.csv", "line 2, column 3"}},
		{"header.csv", "x,A,B\nA,1,2\nB,3,4\n", []string{"header.csv", "line 1, column 1"}},
		{"dup.csv", ",A,B\nA,1,2\nA,3,4\n", []string{"dup.csv", "line 3", "duplicate"}},
	}
	for _, c := range cases {
		p := writeFile(t, dir, c.name, c.body)
		var so, se bytes.Buffer
		err := RunCommand([]string{"--stock-start", p, "--stock-end", p1}, &so, &se)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
	var so, se bytes.Buffer
	if err := RunCommand([]string{"-h"}, &so, &se); !errors.Is(err, ErrHelp) || !strings.Contains(se.String(), "usage: corridor flows") {
		t.Errorf("-h: %v, %q", err, se.String())
	}
	for _, args := range [][]string{
		{"--stock-start", p0},
		{"--stock-start", p0, "--stock-end", p1, "--method", "magic"},
		{"--stock-start", p0, "--stock-end", p1, "--birthplace-totals", "closed"},
		{"--stock-start", p0, "--stock-end", p1, "--global-match", "never"},
		{"--stock-start", p0, "--stock-end", filepath.Join(dir, "missing.csv")},
		{"--stock-start", p0, "--stock-end", p1, "extra"},
	} {
		if err := RunCommand(args, &so, &se); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	pb := writeFile(t, dir, "b.csv", "A,1\nB,2\nC,x\nD,1\n")
	if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--births", pb}, &so, &se); err == nil || !strings.Contains(err.Error(), "b.csv: line 3, column 2") {
		t.Errorf("bad births: %v", err)
	}
	pb = writeFile(t, dir, "b2.csv", "A,1\nB,2\nC,1\nE,1\n")
	if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--births", pb}, &so, &se); err == nil || !strings.Contains(err.Error(), `"E"`) {
		t.Errorf("births with unknown region: %v", err)
	}
}

func FuzzReadStockCSV(f *testing.F) {
	f.Add(e0Start)
	f.Add(",A,B\nA,1,2\nB,3,4\n")
	f.Add(",A,B\nB,1,2\nA,3,4\n")
	f.Add("\ufeff,\"A,x\",B\n\"A,x\",1e3,2\nB,0,4.5\n")
	f.Add(",A\nA,1\n\n")
	f.Add(",A,B\nA,1\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ReadStockCSV(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		n := len(m.Rows)
		if n == 0 || !m.Square() || len(m.Values) != n*n {
			t.Fatalf("malformed matrix: %d rows, %d cols, %d values", n, len(m.Cols), len(m.Values))
		}
		for _, v := range m.Values {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("bad value %v", v)
			}
		}
		// Writing and reading back gives the same table.
		var buf bytes.Buffer
		if err := WriteMatrixCSV(&buf, m); err != nil {
			t.Fatal(err)
		}
		m2, err := ReadStockCSV(&buf, "again.csv")
		if err != nil {
			t.Fatalf("round trip: %v\n%q", err, buf.String())
		}
		for i := range m.Values {
			if m.Values[i] != m2.Values[i] || m.Rows[i%n] != m2.Rows[i%n] {
				t.Fatalf("round trip changed the table")
			}
		}
	})
}

// TestAccountingIdentities checks, for every option combination on the
// golden e5 inputs (births and deaths), that the three-way table meets the
// adjusted stock margins: Σ_j F[i][j][k] = start[k][i] and
// Σ_i F[i][j][k] = end[k][j].
func TestAccountingIdentities(t *testing.T) {
	s0 := FromRows(abcd, [][]float64{{1000, 100, 10, 0}, {55, 555, 50, 5}, {80, 40, 800, 40}, {20, 25, 20, 200}})
	s1 := FromRows(abcd, [][]float64{{1060, 60, 10, 10}, {45, 540, 40, 0}, {70, 75, 770, 70}, {30, 30, 20, 230}})
	b := &Vector{Names: abcd, Values: []float64{80, 20, 60, 60}}
	d := &Vector{Names: abcd, Values: []float64{70, 30, 50, 10}}
	dist := FromRows(abcd, [][]float64{{0, 5, 50, 500}, {5, 0, 45, 495}, {50, 45, 0, 450}, {500, 495, 450, 0}})
	// A distance-decay offset with a positive diagonal.
	decay := dist.Clone()
	for i, v := range decay.Values {
		decay.Values[i] = 1 / (1 + v)
	}
	if _, err := Demographic(s0, s1, b, d, Options{NoStayerAssumption: true, Offset: dist}); err == nil || !strings.Contains(err.Error(), "unreachable") {
		t.Errorf("zero-diagonal offset without stayers: %v", err)
	}
	for _, stay := range []bool{false, true} {
		for _, bt := range []string{Rescale, Open, OpenDR} {
			for _, gm := range []string{Before, After} {
				for _, off := range []*Matrix{nil, dist, decay} {
					for _, dm := range []string{Proportion, Accounting} {
						if !stay && off == dist {
							continue // checked above
						}
						opt := Options{NoStayerAssumption: !stay, BirthplaceTotals: bt, GlobalMatch: gm, Offset: off, DeathMethod: dm, Tol: 1e-10}
						res, err := Demographic(s0, s1, b, d, opt)
						if err != nil {
							// Accounting deaths can be infeasible here.
							if dm == Accounting {
								continue
							}
							t.Errorf("%+v: %v", opt, err)
							continue
						}
						n := 4
						dense := res.Table.Dense()
						for k := 0; k < n; k++ {
							for i := 0; i < n; i++ {
								out, in := 0.0, 0.0
								for j := 0; j < n; j++ {
									out += dense[(i*n+j)*n+k]
									in += dense[(j*n+i)*n+k]
								}
								if math.Abs(out-res.StartAdjusted.At(k, i)) > 1e-6 || math.Abs(in-res.EndAdjusted.At(k, i)) > 1e-6 {
									t.Errorf("stay=%v %s %s off=%v %s: birthplace %d place %d: out %v vs %v, in %v vs %v", stay, bt, gm, off != nil, dm, k, i,
										out, res.StartAdjusted.At(k, i), in, res.EndAdjusted.At(k, i))
								}
							}
						}
						for i, v := range res.Flows.Values {
							if v < -1e-12 || (i%(n+1) == 0 && v != 0) {
								t.Errorf("flow cell %d = %v", i, v)
							}
						}
					}
				}
			}
		}
	}
}

func FuzzReadVectorCSV(f *testing.F) {
	f.Add("region,value\nA,1\nB,2\n")
	f.Add("A,1\nB,2.5e3\n")
	f.Add("A,x\n")
	f.Add("\ufeffregion,births\n\"A, B\",3\n")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ReadVectorCSV(strings.NewReader(s), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		if len(v.Names) == 0 || len(v.Names) != len(v.Values) {
			t.Fatalf("malformed vector %+v", v)
		}
		seen := map[string]bool{}
		for i, x := range v.Values {
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) || v.Names[i] == "" || seen[v.Names[i]] {
				t.Fatalf("bad entry %q=%v", v.Names[i], x)
			}
			seen[v.Names[i]] = true
		}
	})
}

func TestNegativeNativesAndExcessBirths(t *testing.T) {
	s0, s1 := e0Stocks()
	// More foreign-born than people in C at the start: native-born −40.
	s0.Set(2, 2, -40)
	s0.Set(0, 2, 50)
	res, err := Demographic(s0, s1, nil, nil, Options{BirthplaceTotals: Open})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diagnostics.Notes) == 0 || !strings.Contains(res.Diagnostics.Notes[0], `"C"`) {
		t.Errorf("notes %v", res.Diagnostics.Notes)
	}
	// Births in D larger than the native-born end stock (180): spread over
	// the column, with a note.
	s0, s1 = e0Stocks()
	b := &Vector{Names: abcd, Values: []float64{0, 0, 0, 200}}
	d := &Vector{Names: abcd, Values: []float64{0, 0, 0, 0}}
	s1.Set(0, 0, s1.At(0, 0)+200) // keep the world balanced: 200 more people
	res, err = Demographic(s0, s1, b, d, Options{BirthplaceTotals: Open})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range res.Diagnostics.Notes {
		found = found || strings.Contains(n, `too many births in "D"`)
	}
	if !found {
		t.Errorf("no excess-birth note: %v", res.Diagnostics.Notes)
	}
	col := 0.0
	for k := 0; k < 4; k++ {
		col += res.BirthMatrix.At(k, 3)
	}
	if math.Abs(col-200) > 1e-9 || res.BirthMatrix.At(3, 3) >= 200 {
		t.Errorf("births in D spread as %v (column total %v)", res.BirthMatrix.Values, col)
	}
}

// TestWriteMatrixCSVAsTheSafeCSVWriter checks the matrix writer against
// the plain way of writing the same cells — every field through the
// spreadsheet-safe CSV writer — on names that need quoting or guarding and
// numbers of every shape.
func TestWriteMatrixCSVAsTheSafeCSVWriter(t *testing.T) {
	names := []string{"=HYPERLINK(\"x\")", "Bonaire, Sint Eustatius and Saba", "Côte d'Ivoire", "-minus", " lead", "say \"hi\""}
	m := NewSquare(names)
	nums := []float64{0, math.Copysign(0, -1), 1, 0.1, 123456789, 1e21, 1e-300, 2.5e-7, 1.0 / 3, 4503599627370497, math.Inf(1), math.MaxFloat64}
	for i := range m.Values {
		m.Values[i] = nums[i%len(nums)]
	}
	var want bytes.Buffer
	cw := cellsafe.NewCSVWriter(&want)
	cw.Write(append([]string{""}, names...))
	for i, r := range names {
		rec := []string{r}
		for _, v := range m.Values[i*len(names) : (i+1)*len(names)] {
			rec = append(rec, formatNumber(v))
		}
		cw.Write(rec)
	}
	cw.Flush()
	var got bytes.Buffer
	if err := WriteMatrixCSV(&got, m); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("WriteMatrixCSV:\n%s\nwant:\n%s", got.String(), want.String())
	}
	back, err := ReadStockCSV(strings.NewReader(strings.ReplaceAll(got.String(), "'+Inf", "1")), "round trip")
	if err != nil {
		t.Fatal(err)
	}
	if back.Rows[0] != "'=HYPERLINK(\"x\")" || back.Rows[1] != names[1] || back.Values[len(names)+3] != m.Values[len(names)+3] {
		t.Errorf("read back: rows %q, value %v", back.Rows[:2], back.Values[len(names)+3])
	}
}

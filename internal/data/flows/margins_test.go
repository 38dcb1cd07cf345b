package flows

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// holySeeShortfall returns the 232-place 2015 and 2019 tables with
// synthetic native-born stocks, the Holy See's set to 20,000 in 2015 and
// 19,000 in 2019: a table whose birthplace margins cannot all be met, on
// which migest's ffs_demo still returns flows.
func holySeeShortfall(t *testing.T) (*Matrix, *Matrix, int) {
	t.Helper()
	s0, s1 := undesa1519(t)
	a, b := withNatives(s0, s1)
	n := len(b.Rows)
	hs := -1
	for i, p := range b.Rows {
		if p == "Holy See" {
			hs = i
		}
	}
	if hs < 0 {
		t.Fatal("no Holy See in the UN DESA table")
	}
	a.Values[hs*n+hs], b.Values[hs*n+hs] = 20000, 19000
	return a, b, hs
}

func TestUnmetMarginsWarnLikeMigest(t *testing.T) {
	a, b, hs := holySeeShortfall(t)
	res, err := Demographic(a, b, nil, nil, Options{})
	if err != nil {
		t.Fatalf("default estimate refused a table migest estimates: %v", err)
	}
	checkFlows(t, res)
	u := res.Diagnostics.UnmetMargins
	if len(u) == 0 {
		t.Fatal("no unmet margin reported for the Holy See")
	}
	found := false
	for _, m := range u {
		if m.Birthplace == "Holy See" {
			found = true
			want := b.Values[hs*len(b.Rows)+hs] - a.Values[hs*len(a.Rows)+hs]
			if d := m.Difference(); d > 0 || d < 1.5*want {
				t.Errorf("Holy See shortfall %v, want about %v (the native-born change)", d, want)
			}
		}
	}
	if !found {
		t.Errorf("unmet margins %v do not name the Holy See", u)
	}

	_, err = Demographic(a, b, nil, nil, Options{StrictMargins: true})
	var me *MarginError
	if !errors.As(err, &me) || !strings.Contains(err.Error(), `"Holy See"`) {
		t.Errorf("strict estimate: err = %v, want a MarginError naming the Holy See", err)
	}
}

func TestFlowsCommandWarnsOrRefuses(t *testing.T) {
	a, b, _ := holySeeShortfall(t)
	dir := t.TempDir()
	write := func(name string, m *Matrix) string {
		var buf bytes.Buffer
		if err := WriteMatrixCSV(&buf, m); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p0, p1 := write("s0.csv", a), write("s1.csv", b)

	var out, errOut bytes.Buffer
	if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1}, &out, &errOut); err != nil {
		t.Fatalf("flows without --strict: %v", err)
	}
	if out.Len() == 0 {
		t.Error("no flows written")
	}
	for _, want := range []string{"warning: target margins not met", `"Holy See"`, "--birthplace-totals open", "--strict"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut.String())
		}
	}

	out.Reset()
	errOut.Reset()
	err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--strict"}, &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "target margins disagree") || !strings.Contains(err.Error(), "--birthplace-totals open") {
		t.Errorf("flows --strict: err = %v, want a refusal suggesting --birthplace-totals open", err)
	}

	for _, bad := range []string{"0", "-1", "NaN", "x"} {
		if err := RunCommand([]string{"--stock-start", p0, "--stock-end", p1, "--tolerance", bad}, &out, &errOut); err == nil {
			t.Errorf("--tolerance %s accepted", bad)
		}
	}
}

// A tighter tolerance fits the margins more closely: the point of
// --tolerance for users who need closer agreement than migest's 1e-3.
func TestTighterToleranceFitsCloser(t *testing.T) {
	s0, s1 := undesa1519(t)
	a, b := withNatives(s0, s1)
	dev := func(tol float64) (float64, int) {
		res, err := Demographic(a, b, nil, nil, Options{Tol: tol})
		if err != nil {
			t.Fatal(err)
		}
		worst, sweeps := 0.0, 0
		for _, f := range res.Diagnostics.Fits {
			worst = max(worst, f.MaxMarginDeviation)
			sweeps += f.Iterations
		}
		return worst, sweeps
	}
	d3, n3 := dev(1e-3)
	d7, n7 := dev(1e-7)
	t.Logf("tolerance 1e-3: margin deviation %.3g after %d sweeps; 1e-7: %.3g after %d sweeps", d3, n3, d7, n7)
	if !(d7 < d3/100) || n7 <= n3 {
		t.Errorf("tolerance 1e-7 gave margin deviation %.3g (%d sweeps), 1e-3 gave %.3g (%d sweeps)", d7, n7, d3, n3)
	}
}

package indices

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data/flows"
)

// writeMatrixFile writes m in the layout of "corridor flows" with the
// flows package's writer (the layout the commands document).
func writeMatrixFile(t *testing.T, dir, name string, m *flows.Matrix) string {
	t.Helper()
	var b bytes.Buffer
	if err := flows.WriteMatrixCSV(&b, m); err != nil {
		t.Fatal(err)
	}
	return writeText(t, dir, name, b.String())
}

func writeText(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeVectorFile(t *testing.T, dir, name string, names []string, vals []float64) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("region,value\n")
	for i, n := range names {
		fmt.Fprintf(&b, "%s,%s\n", n, strconv.FormatFloat(vals[i], 'g', -1, 64))
	}
	return writeText(t, dir, name, b.String())
}

func runCLI(t *testing.T, run func([]string, *bytes.Buffer, *bytes.Buffer) error, args ...string) (string, string, error) {
	t.Helper()
	var so, se bytes.Buffer
	err := run(args, &so, &se)
	return so.String(), se.String(), err
}

func indicesCLI(args []string, so, se *bytes.Buffer) error { return RunIndices(args, so, se) }
func rcCLI(args []string, so, se *bytes.Buffer) error      { return RunRCFit(args, so, se) }
func netCLI(args []string, so, se *bytes.Buffer) error     { return RunNetMatrix(args, so, se) }
func indicesJSON(t *testing.T, args ...string) (rep Report) {
	return decodeCLI[Report](t, indicesCLI, args...)
}

func decodeCLI[T any](t *testing.T, run func([]string, *bytes.Buffer, *bytes.Buffer) error, args ...string) T {
	t.Helper()
	out, stderr, err := runCLI(t, run, append(args, "--format", "json")...)
	if err != nil {
		t.Fatalf("%v: %v (stderr %s)", args, err, stderr)
	}
	var v T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return v
}

// TestIndicesCommandSumRegion runs migest's sum_region example through the
// command in each output format.
func TestIndicesCommandSumRegion(t *testing.T) {
	c := golden(t, "sum_region_4x4")
	dir := t.TempDir()
	path := writeMatrixFile(t, dir, "m.csv", matrixInput(t, c, "m"))
	want := map[string][]float64{}
	for key, field := range map[string]string{"out_mig": "out", "in_mig": "in", "turn": "gross", "net": "net"} {
		want[field] = get[[]float64](t, c.Expected, key)
	}
	rep := indicesJSON(t, "--matrix", path)
	for i, r := range rep.Regions {
		got := map[string]Num{"in": r.In, "out": r.Out, "net": r.Net, "gross": r.Gross}
		for field, w := range want {
			near(t, r.Region+" "+field, float64(got[field]), w[i], *c.Tolerance)
		}
		near(t, r.Region+" effectiveness", float64(r.Effectiveness), 100*want["net"][i]/want["gross"][i], 1e-12)
	}
	// The CSV rows carry the same numbers.
	out, _, err := runCLI(t, indicesCLI, "--matrix", path, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	regions := in[[]string](t, c, "regions")
	seen := 0
	for _, r := range recs[1:] {
		if r[0] != "region" || want[r[2]] == nil {
			continue
		}
		v, _ := strconv.ParseFloat(r[3], 64)
		for i, name := range regions {
			if name == r[1] {
				near(t, "csv "+r[1]+" "+r[2], v, want[r[2]][i], *c.Tolerance)
				seen++
			}
		}
	}
	if seen != 16 {
		t.Errorf("%d region values in the CSV, want 16", seen)
	}
	text, _, err := runCLI(t, indicesCLI, "--matrix", path)
	if err != nil || !strings.Contains(text, "Migration effectiveness index") || !strings.Contains(text, "-70") {
		t.Errorf("text output lacks the effectiveness or A's net of -70: %v\n%s", err, text)
	}
}

// TestIndicesCommandGini checks the Gini family and ACV of
// migration.indices' test matrices through the command.
func TestIndicesCommandGini(t *testing.T) {
	c := golden(t, "migration_indices_gini_hyp")
	dir := t.TempDir()
	for _, key := range []string{"hyp", "hyp2"} {
		m := flows.FromRows([]string{"1", "2", "3"}, in[[][]float64](t, c, key))
		rep := indicesJSON(t, "--matrix", writeMatrixFile(t, dir, key+".csv", m))
		exp := get[json.RawMessage](t, c.Expected, key)
		for field, index := range map[string]string{
			"gini_row_standardized":      "gini_origin",
			"gini_col_standardized":      "gini_destination",
			"gini_exchange_standardized": "gini_exchange",
			"weighted_gini_mean":         "gini_weighted_mean",
			"acv":                        "acv",
		} {
			w := get[float64](t, exp, field)
			near(t, key+" "+index, float64(rep.Indices[index]), w, *c.Tolerance*math.Max(1, math.Abs(w)))
		}
	}
}

// TestIndicesCommandKorea checks the population-based indices on migest's
// Korean inter-provincial flows of 2020 (index_impact, index_intensity).
func TestIndicesCommandKorea(t *testing.T) {
	k := korea(t, "2020")
	dir := t.TempDir()
	mp := writeMatrixFile(t, dir, "korea.csv", k.flows)
	// index_impact's example passes populations in millions.
	imp := golden(t, "index_impact_korea2020")
	rep := indicesJSON(t, "--matrix", mp, "--population", writeVectorFile(t, dir, "pop.csv", k.flows.Rows, k.pop))
	near(t, "effectiveness", float64(rep.Indices["effectiveness"]), get[float64](t, imp.Expected, "exact_effectiveness"), *imp.Tolerance)
	near(t, "anmr", float64(rep.Indices["anmr"]), get[float64](t, imp.Expected, "exact_anmr"), *imp.Tolerance)
	near(t, "preference printed", signif(float64(rep.Indices["preference"]), 3), get[float64](t, imp.Expected, "preference"), 0)
	near(t, "velocity printed", math.Round(float64(rep.Indices["velocity"])), get[float64](t, imp.Expected, "velocity"), 0)
	// index_intensity's takes people.
	ins := golden(t, "index_intensity_korea2020")
	people := make([]float64, len(k.pop))
	for i, p := range k.pop {
		people[i] = p * 1e6
	}
	rep = indicesJSON(t, "--matrix", mp, "--population", writeVectorFile(t, dir, "people.csv", k.flows.Rows, people), "--k", "100")
	near(t, "cmp", float64(rep.Indices["cmp"]), get[float64](t, ins.Expected, "exact_cmp"), *ins.Tolerance)
	near(t, "courgeau_k", float64(rep.Indices["courgeau_k"]), get[float64](t, ins.Expected, "exact_courgeau_k"), *ins.Tolerance)
	near(t, "crude rate per 100 = cmp", float64(rep.Indices["crude_migration_rate"]), get[float64](t, ins.Expected, "exact_cmp"), *ins.Tolerance)
	// A region's crude net rate is 100·net/P.
	r := rep.Regions[0]
	near(t, r.Region+" net rate", float64(*r.NetRate), 100*float64(r.Net)/people[0], 1e-12)
}

func TestIndicesCommandErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeText(t, dir, "good.csv", ",A,B,C\nA,0,1,2\nB,3,0,4\nC,5,6,0\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no matrix", nil, "--matrix is required"},
		{"missing file", []string{"--matrix", filepath.Join(dir, "none.csv")}, "none.csv"},
		{"not square", []string{"--matrix", writeText(t, dir, "ns.csv", ",A,B,C\nA,0,1,2\nB,3,0,4\n")}, "2 rows (origin) but 3 columns (destination)"},
		{"negative", []string{"--matrix", writeText(t, dir, "neg.csv", ",A,B,C\nA,0,1,2\nB,3,0,-4\nC,5,6,0\n")}, `neg.csv: line 3, column 4 (from "B", to "C"): negative flow -4`},
		{"text cell", []string{"--matrix", writeText(t, dir, "txt.csv", ",A,B,C\nA,0,1,2\nB,3,0,4\nC,five,6,0\n")}, `txt.csv: line 4, column 2 (from "C", to "A"): "five" is not a number`},
		{"names differ", []string{"--matrix", writeText(t, dir, "nm.csv", ",A,B,D\nA,0,1,2\nB,3,0,4\nC,5,6,0\n")}, `destination "D" has no row`},
		{"population missing a region", []string{"--matrix", good, "--population", writeText(t, dir, "p1.csv", "A,10\nB,20\n")}, `p1.csv: no value for region "C"`},
		{"population extra region", []string{"--matrix", good, "--population", writeText(t, dir, "p2.csv", "A,10\nB,20\nC,5\nZ,1\n")}, `p2.csv: region "Z" is not in`},
		{"population zero", []string{"--matrix", good, "--population", writeText(t, dir, "p3.csv", "A,10\nB,0\nC,5\n")}, `population of "B" is 0`},
		{"population text", []string{"--matrix", good, "--population", writeText(t, dir, "p4.csv", "A,10\nB,many\nC,5\n")}, `p4.csv: line 2, column 2 (region "B")`},
		{"bad format", []string{"--matrix", good, "--format", "xml"}, `unknown --format "xml"`},
		{"bad k", []string{"--matrix", good, "--k", "0"}, "--k must be a positive number"},
		{"argument", []string{"--matrix", good, "extra"}, `unexpected argument "extra"`},
	} {
		_, _, err := runCLI(t, indicesCLI, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// rcValue is the Rogers–Castro schedule, written out here from Rogers and
// Castro's formula (not the package's RCEval), so the fit is checked
// against published parameters only.
func rcValue(p map[string]float64, x float64) float64 {
	return p["a1"]*math.Exp(-p["alpha1"]*x) +
		p["a2"]*math.Exp(-p["alpha2"]*(x-p["mu2"])-math.Exp(-p["lambda2"]*(x-p["mu2"]))) + p["c"]
}

// rcSchedules reads migest's rc_model_fund and the twelve UN model
// schedules of rc_model_un: name → parameters.
func rcSchedules(t *testing.T) map[string]map[string]float64 {
	out := map[string]map[string]float64{"fundamental": {}}
	for _, r := range readSharedCSV(t, "migest", "rc_model_fund.csv")[1:] {
		out["fundamental"][r[0]], _ = strconv.ParseFloat(r[1], 64)
	}
	for _, r := range readSharedCSV(t, "migest", "rc_model_un.csv")[1:] {
		name := r[1] + "-" + r[2]
		if out[name] == nil {
			out[name] = map[string]float64{}
		}
		out[name][r[3]], _ = strconv.ParseFloat(r[4], 64)
	}
	return out
}

// TestRCFitCommandRecoversModelSchedules fits each published model
// schedule, sampled at ages 0–80, from the default start values: the fit
// must give back the published parameters.
func TestRCFitCommandRecoversModelSchedules(t *testing.T) {
	scheds := rcSchedules(t)
	if len(scheds) != 13 {
		t.Fatalf("%d schedules, want the fundamental one and 12 UN ones", len(scheds))
	}
	dir := t.TempDir()
	for name, p := range scheds {
		var b strings.Builder
		b.WriteString("age,rate\n")
		for x := 0; x <= 80; x++ {
			fmt.Fprintf(&b, "%d,%s\n", x, strconv.FormatFloat(rcValue(p, float64(x)), 'g', -1, 64))
		}
		path := writeText(t, dir, name+".csv", b.String())
		rep := decodeCLI[RCFitReport](t, rcCLI, "--schedule", path)
		if !rep.Converged || rep.Ages != 81 || rep.Model != 7 {
			t.Errorf("%s: converged %v, %d ages, model %d", name, rep.Converged, rep.Ages, rep.Model)
		}
		for _, pn := range RCParamNames[:7] {
			if got, want := rep.Params[pn], p[pn]; math.Abs(got-want) > 1e-6*math.Max(1, math.Abs(want)) {
				t.Errorf("%s: %s = %v, published %v", name, pn, got, want)
			}
		}
		near(t, name+" r2", float64(rep.R2), 1, 1e-9)
		near(t, name+" peaking", rep.Measures.Peaking, p["mu2"], 1e-6)
		near(t, name+" labour asymmetry", rep.Measures.LaborAsymmetry, p["lambda2"]/p["alpha2"], 1e-6)
	}
}

// TestRCFitCommandOutputs checks the CSV output, the --start and weight
// options and the 11-parameter model on the fundamental schedule.
func TestRCFitCommandOutputs(t *testing.T) {
	p := rcSchedules(t)["fundamental"]
	var b strings.Builder
	for x := 0; x <= 80; x++ { // no header, with weights
		fmt.Fprintf(&b, "%d,%s,%d\n", x, strconv.FormatFloat(rcValue(p, float64(x)), 'g', -1, 64), 1+x%3)
	}
	path := writeText(t, t.TempDir(), "fund.csv", b.String())
	out, _, err := runCLI(t, rcCLI, "--schedule", path, "--weighted", "--start", "mu2=25,lambda2=0.3", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, r := range recs[1:] {
		v, _ := strconv.ParseFloat(r[2], 64)
		got[r[0]+"."+r[1]] = v
	}
	if got["start.mu2"] != 25 || got["start.lambda2"] != 0.3 {
		t.Errorf("--start not applied: mu2 %v lambda2 %v", got["start.mu2"], got["start.lambda2"])
	}
	for _, pn := range RCParamNames[:7] {
		near(t, "weighted "+pn, got["param."+pn], p[pn], 1e-6*math.Max(1, p[pn]))
	}
	rep := decodeCLI[RCFitReport](t, rcCLI, "--schedule", path, "--model", "11")
	if len(rep.Params) != 11 || rep.SSE > 1e-12 {
		t.Errorf("11-parameter fit: %d parameters, SSE %g", len(rep.Params), rep.SSE)
	}
}

func TestRCFitCommandErrors(t *testing.T) {
	dir := t.TempDir()
	good := writeText(t, dir, "good.csv", "age,rate\n0,0.02\n1,0.019\n2,0.018\n3,0.017\n4,0.016\n5,0.015\n6,0.015\n7,0.016\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no schedule", nil, "--schedule is required"},
		{"text rate", []string{"--schedule", writeText(t, dir, "t.csv", "age,rate\n0,0.1\n1,high\n")}, `t.csv: line 3, column 2 (rate): "high" is not a number`},
		{"ages not increasing", []string{"--schedule", writeText(t, dir, "a.csv", "0,0.1\n2,0.1\n1,0.1\n")}, "a.csv: line 3, column 1 (age): 1 after 2"},
		{"negative rate", []string{"--schedule", writeText(t, dir, "n.csv", "0,0.1\n1,-0.1\n")}, "n.csv: line 2, column 2 (rate): negative rate"},
		{"ragged", []string{"--schedule", writeText(t, dir, "r.csv", "0,0.1,1\n1,0.1\n")}, "r.csv: line 2: 2 fields, the first row has 3"},
		{"too few ages", []string{"--schedule", writeText(t, dir, "f.csv", "0,0.1\n1,0.1\n")}, "2 ages for 7 parameters"},
		{"model", []string{"--schedule", good, "--model", "9"}, "--model 9"},
		{"start name", []string{"--schedule", good, "--start", "mu9=3"}, `unknown parameter "mu9"`},
		{"start value", []string{"--schedule", good, "--start", "mu2=old"}, `--start "mu2=old"`},
		{"start not positive", []string{"--schedule", good, "--start", "a1=0"}, "must start positive"},
		{"weighted without weights", []string{"--schedule", good, "--weighted"}, "--weighted needs a third column"},
	} {
		_, _, err := runCLI(t, rcCLI, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestNetMatrixCommand runs migest's net_matrix_* examples through the
// command: the same net totals and prior, the matrix CSV read back.
func TestNetMatrixCommand(t *testing.T) {
	dir := t.TempDir()
	for _, method := range []string{"ipf", "lp", "optim"} {
		c := golden(t, "net_matrix_"+method+"_4x4")
		regions := in[[]string](t, c, "regions")
		net := in[[]float64](t, c, "net_tot")
		// The net file lists the regions in another order than the prior.
		rev := append([]string(nil), regions...)
		revNet := append([]float64(nil), net...)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
			revNet[i], revNet[j] = revNet[j], revNet[i]
		}
		netPath := writeVectorFile(t, dir, method+"-net.csv", rev, revNet)
		prior := writeMatrixFile(t, dir, method+"-prior.csv", matrixInput(t, c, "m"))
		outPath := filepath.Join(dir, method+"-out.csv")
		_, stderr, err := runCLI(t, netCLI, "--method", method, "--net", netPath, "--prior", prior, "--out", outPath)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		if method != "lp" && !strings.Contains(stderr, "converged") || strings.Contains(stderr, "NOT") {
			t.Errorf("%s: stderr %q", method, stderr)
		}
		f, err := os.Open(outPath)
		if err != nil {
			t.Fatal(err)
		}
		y, err := flows.ReadFlowCSV(f, outPath)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(y.Rows, ",") != strings.Join(regions, ",") {
			t.Errorf("%s: rows %v, want the prior's %v", method, y.Rows, regions)
		}
		if method == "lp" {
			near(t, "lp total", y.Sum(), get[float64](t, c.Expected, "total"), *c.Tolerance)
			rs, cs := y.RowSums(), y.ColSums()
			for i := range net {
				near(t, "lp net "+regions[i], cs[i]-rs[i], net[i], *c.Tolerance)
			}
			continue
		}
		checkRound2(t, c, y)
	}
	// lp needs no prior: the regions come from the net file.
	c := golden(t, "net_matrix_lp_4x4")
	out, _, err := runCLI(t, netCLI, "--method", "lp", "--net", writeVectorFile(t, dir, "lp.csv", in[[]string](t, c, "regions"), in[[]float64](t, c, "net_tot")))
	if err != nil {
		t.Fatal(err)
	}
	y, err := flows.ReadFlowCSV(strings.NewReader(out), "stdout")
	if err != nil {
		t.Fatal(err)
	}
	near(t, "lp total without prior", y.Sum(), get[float64](t, c.Expected, "total"), *c.Tolerance)
}

func TestNetMatrixCommandErrors(t *testing.T) {
	dir := t.TempDir()
	prior := writeText(t, dir, "prior.csv", ",A,B,C\nA,0,1,2\nB,3,0,4\nC,5,6,0\n")
	net := writeText(t, dir, "net.csv", "region,net\nA,5\nB,-2\nC,-3\n")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no method", []string{"--net", net}, "--method is required"},
		{"unknown method", []string{"--method", "gravity", "--net", net}, `unknown --method "gravity"`},
		{"ipf without prior", []string{"--method", "ipf", "--net", net}, "--method ipf needs --prior"},
		{"no net", []string{"--method", "lp"}, "--net is required"},
		{"net does not sum to 0", []string{"--method", "lp", "--net", writeText(t, dir, "n1.csv", "A,5\nB,-2\nC,-2\n")}, "net totals sum to 1"},
		{"net text", []string{"--method", "lp", "--net", writeText(t, dir, "n2.csv", "A,5\nB,minus two\nC,-3\n")}, `n2.csv: line 2, column 2 (region "B"): "minus two" is not a number`},
		{"net region not in prior", []string{"--method", "ipf", "--net", writeText(t, dir, "n3.csv", "A,5\nB,-2\nD,-3\n"), "--prior", prior}, `n3.csv: no value for region "C"`},
		{"prior negative", []string{"--method", "optim", "--net", net, "--prior", writeText(t, dir, "pn.csv", ",A,B,C\nA,0,1,2\nB,-3,0,4\nC,5,6,0\n")}, "pn.csv: line 3, column 2"},
		{"tol", []string{"--method", "lp", "--net", net, "--tol", "-1"}, "--tol must be positive"},
	} {
		_, _, err := runCLI(t, netCLI, c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

package indices

import (
	"math"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"corridor/internal/data/flows"
)

// rNetOptimCase is migest::net_matrix_optim's body (its loss and its
// stats::optim call, migest itself not installed) run in R 4.2.2 on
// x86-64 Linux; the numbers are R's printed with 17 significant digits.
type rNetOptimCase struct {
	name    string
	net     []float64
	prior   [][]float64
	mask    [][]bool
	want    [][]float64
	value   float64
	counts  int
	message string
}

var prior5 = [][]float64{
	{0, 120, 40, 15, 60},
	{80, 0, 25, 35, 10},
	{30, 55, 0, 20, 45},
	{12, 18, 22, 0, 9},
	{70, 14, 33, 27, 0},
}

// mask5 forbids the diagonal and the cells A→C and D→B.
func mask5() [][]bool {
	zm := make([][]bool, 5)
	for i := range zm {
		zm[i] = make([]bool, 5)
		zm[i][i] = true
	}
	zm[0][2], zm[3][1] = true, true
	return zm
}

var rNetOptimCases = []rNetOptimCase{
	{
		name:  "migest example 4x4",
		net:   []float64{30, 40, -15, -55},
		prior: [][]float64{{0, 100, 30, 70}, {50, 0, 45, 5}, {60, 35, 0, 40}, {20, 25, 20, 0}},
		want: [][]float64{
			{0, 90.971997711336044, 27.221093702674111, 62.545986035289033},
			{73.372905098726335, 0, 53.298367821338452, 0.55658448518895631},
			{75.074537277217459, 32.33712971113637, 0, 35.32489233261343},
			{62.291635074656106, 43.918729975929779, 47.217097797268224, 0},
		},
		value: 7.6163113448271423e-17, counts: 7,
		message: "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL",
	},
	{
		name:  "5x5, other net totals",
		net:   []float64{-60, 25, 40, -15, 10},
		prior: prior5,
		want: [][]float64{
			{0, 117.33522747219963, 54.19343071505363, 13.516505152059231, 67.583018525625917},
			{82.664772527800366, 0, 41.858203242682329, 32.050878645659445, 20.247791053203564},
			{27.702118502739026, 50.450385878665898, 0, 18.283823171651367, 41.280867134304422},
			{17.861717824222357, 21.196945296593654, 42.05514853927599, 0, 22.444736350191587},
			{64.399573010550412, 12.839086822278672, 39.610412189427713, 24.707341042061621, 0},
		},
		value: 3.4457975934863816e-18, counts: 4,
		message: "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL",
	},
	{
		// Two cells end on the lower bound 0.
		name:  "4x4, bounds active",
		net:   []float64{-80, 45, -20, 55},
		prior: [][]float64{{0, 2, 1, 50}, {3, 0, 40, 1}, {60, 2, 0, 1}, {1, 30, 2, 0}},
		want: [][]float64{
			{0, 33.978101144336314, 21.04876783917404, 78.562364598936256},
			{0.14816547363751037, 0, 35.810736387054511, 0.36426976598086414},
			{53.441067910277738, 13.92933330509126, 0, 9.5135967598168367},
			{0, 33.415736545203416, 0.024494268992016826, 0},
		},
		value: 8.0576196315529942e-13, counts: 9,
		message: "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH",
	},
	{
		name:  "5x5 with a zero mask",
		net:   []float64{-60, 25, 40, -15, 10},
		prior: prior5,
		mask:  mask5(),
		want: [][]float64{
			{0, 132.10015659318924, 0, 15.434526698116214, 80.03556073415966},
			{68.586261994457658, 0, 53.151868337065608, 30.884974567727422, 17.935404140970444},
			{24.526516837168778, 48.927929561506865, 0, 17.821120982740855, 37.939892064438823},
			{12.595101183248941, 0, 62.84712611350637, 0, 29.630661917408588},
			{61.862361449540842, 14.530425105022125, 53.216464196254613, 25.932267826658443, 0},
		},
		value: 1.294316379642242e-11, counts: 10,
		message: "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH",
	},
}

func regionNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = string(rune('A' + i))
	}
	return names
}

// TestNetMatrixOptimMatchesR: the Go port follows R's path, so the
// cells agree far below the optimiser's own tolerance (in practice to
// the last bit), as do the loss, the evaluation count and the message.
func TestNetMatrixOptimMatchesR(t *testing.T) {
	for _, c := range rNetOptimCases {
		t.Run(c.name, func(t *testing.T) {
			res, err := NetMatrixOptim(c.net, flows.FromRows(regionNames(len(c.net)), c.prior), c.mask, 500, 1e-6)
			if err != nil {
				t.Fatal(err)
			}
			for i, row := range c.want {
				for j, w := range row {
					if got := res.Flows.At(i, j); math.Abs(got-w) > 1e-9 {
						t.Errorf("cell %d,%d = %.17g, R %.17g", i+1, j+1, got, w)
					}
				}
			}
			if math.Abs(res.Value-c.value) > 1e-9*math.Max(c.value, 1e-9) {
				t.Errorf("value %.17g, R %.17g", res.Value, c.value)
			}
			if res.Iterations != c.counts || res.Message != c.message || !res.Converged {
				t.Errorf("counts %d %q converged %v, R %d %q", res.Iterations, res.Message, res.Converged, c.counts, c.message)
			}
		})
	}
}

func TestNetMatrixOptimConstraints(t *testing.T) {
	c := rNetOptimCases[2]
	res, err := NetMatrixOptim(c.net, flows.FromRows(regionNames(4), c.prior), nil, 500, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	rs, cs := res.Flows.RowSums(), res.Flows.ColSums()
	for i := range c.net {
		near(t, "net", cs[i]-rs[i], c.net[i], 1e-5)
		if res.Flows.At(i, i) != 0 {
			t.Errorf("diagonal %d = %v", i, res.Flows.At(i, i))
		}
	}
	for _, v := range res.Flows.Values {
		if v < 0 {
			t.Errorf("negative flow %v", v)
		}
	}
	// The iteration limit stops L-BFGS-B with optim's "NEW_X".
	res, err = NetMatrixOptim(c.net, flows.FromRows(regionNames(4), c.prior), nil, 1, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	if res.Converged || res.Message != "NEW_X" {
		t.Errorf("maxit 1: converged %v, message %q", res.Converged, res.Message)
	}
}

func TestNetMatrixOptimErrors(t *testing.T) {
	prior := flows.FromRows(regionNames(4), rNetOptimCases[0].prior)
	okNet := []float64{30, 40, -15, -55}
	badMask := [][]bool{{true, false, false, false}, {false, true, false}, {false, false, true, false}, {false, false, false, true}}
	for _, tc := range []struct {
		name  string
		net   []float64
		prior *flows.Matrix
		mask  [][]bool
		want  string
	}{
		{"net does not sum to zero", []float64{30, 40, -15, -50}, prior, nil, "sum to 5"},
		{"too few net totals", []float64{30, -30}, prior, nil, "2 × 2"},
		{"no prior", okNet, nil, nil, "4 × 4"},
		{"prior not square", okNet, flows.NewMatrix(regionNames(4), regionNames(3)), nil, "4 × 4"},
		{"mask rows", okNet, prior, badMask[:3], "3 rows"},
		{"mask columns", okNet, prior, badMask, "row 2 has 3 columns"},
		{"non-finite prior", okNet, flows.FromRows(regionNames(4), [][]float64{{0, math.NaN(), 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}), nil, "non-finite"},
	} {
		_, err := NetMatrixOptim(tc.net, tc.prior, tc.mask, 500, 1e-6)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// undesaFirst returns the UN DESA 2019 birthplace × residence stocks of
// year among the first k origins of the table (".." and "-" are 0, the
// diagonal 0).
func undesaFirst(tb testing.TB, year string, k int) *flows.Matrix {
	tb.Helper()
	recs := readSharedCSV(tb, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	names := recs[0][2 : 2+k]
	col := map[string]int{}
	for j, o := range names {
		col[o] = j
	}
	m := flows.NewSquare(names)
	for _, r := range recs[1:] {
		dest, ok := col[r[1]]
		if r[0] != year || !ok {
			continue
		}
		for o, cell := range r[2 : 2+k] {
			cell = strings.TrimSpace(cell)
			if cell == ".." || cell == "-" || cell == "" || o == dest {
				continue
			}
			v, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				tb.Fatal(err)
			}
			m.Set(o, dest, v)
		}
	}
	return m
}

// undesaNetProblem is a 50-region problem on real data: the 2015 stocks
// of the first 50 places as the prior, the net totals of their 2019
// stocks as the target.
func undesaNetProblem(tb testing.TB) ([]float64, *flows.Matrix) {
	prior := undesaFirst(tb, "2015", 50)
	later := undesaFirst(tb, "2019", 50)
	rs, cs := later.RowSums(), later.ColSums()
	net := make([]float64, len(rs))
	for i := range net {
		net[i] = cs[i] - rs[i]
	}
	return net, prior
}

// TestNetMatrixOptimUNDESA50MatchesR: 2450 free cells on real data, 46
// of them ending on the bound 0. The expected numbers are R 4.2.2's for
// the same problem (migest's loss and optim call; R took 15.6 s).
func TestNetMatrixOptimUNDESA50MatchesR(t *testing.T) {
	if testing.Short() {
		t.Skip("about a second of optimisation")
	}
	net, prior := undesaNetProblem(t)
	near(t, "prior total", prior.Sum(), 8274325, 0)
	res, err := NetMatrixOptim(net, prior, nil, 500, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	if res.Iterations != 19 || res.Message != "CONVERGENCE: REL_REDUCTION_OF_F <= FACTR*EPSMCH" {
		t.Errorf("counts %d, message %q", res.Iterations, res.Message)
	}
	near(t, "value", res.Value, 4.8137451633851686e-09, 1e-15)
	near(t, "total", res.Flows.Sum(), 9045429.7963077128, 1e-6)
	zeros := 0
	for i, v := range res.Flows.Values {
		if v == 0 && i/50 != i%50 {
			zeros++
		}
	}
	if zeros != 46 {
		t.Errorf("%d cells at the bound, R 46", zeros)
	}
	// R's n[1, 2:6] and n[50, 45:49].
	for j, w := range []float64{663.78645956227695, 587.03771291745636, 735.20652794217358, 740.41575683490305, 712.58489389272017} {
		near(t, "first row", res.Flows.At(0, j+1), w, 1e-9)
	}
	for j, w := range []float64{0.026014979499829109, 0.056410909429115787, 3.9328049994634662, 6.5227116692718852, 52.988736590270285} {
		near(t, "last row", res.Flows.At(49, j+44), w, 1e-9)
	}
	rs := res.Flows.RowSums()
	for i, w := range []float64{163722.54069248491, 43792.152812801309, 107669.13760450511, 9443.540874186132, 9223.3174163195545} {
		near(t, "row sum", rs[i], w, 1e-6)
	}
}

func BenchmarkNetMatrixOptimUNDESA50(b *testing.B) {
	net, prior := undesaNetProblem(b)
	b.ReportAllocs()
	var cpu0, cpu1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu0)
	for b.Loop() {
		if _, err := NetMatrixOptim(net, prior, nil, 500, 1e-6); err != nil {
			b.Fatal(err)
		}
	}
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &cpu1)
	// Process CPU time per op, a load-independent companion to ns/op on
	// a shared machine.
	cpu := func(r syscall.Rusage) int64 { return r.Utime.Nano() + r.Stime.Nano() }
	b.ReportMetric(float64(cpu(cpu1)-cpu(cpu0))/float64(b.N), "cpu-ns/op")
}

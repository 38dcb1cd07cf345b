package indices

import (
	"fmt"
	"math"

	"corridor/internal/data/flows"
)

// RegionRates are crude migration rates of one region per k people of its
// population at risk.
type RegionRates struct {
	Region string
	In     float64 // k·In/P
	Out    float64 // k·Out/P
	Net    float64 // k·(In − Out)/P
	Gross  float64 // k·(In + Out)/P
	// Effectiveness is 100·(In − Out)/(In + Out), the regional migration
	// effectiveness (NaN when there is no migration).
	Effectiveness float64
}

// CrudeRates returns the crude in-, out-, net and gross migration rates of
// every region per k (100 = percent, 1000 = per mille) of pop, the
// population at risk in the order of the matrix rows.
func CrudeRates(m *flows.Matrix, pop []float64, k float64) ([]RegionRates, error) {
	tot, err := SumRegion(m)
	if err != nil {
		return nil, err
	}
	if len(pop) != len(tot) {
		return nil, fmt.Errorf("indices: %d populations for %d regions", len(pop), len(tot))
	}
	out := make([]RegionRates, len(tot))
	for i, t := range tot {
		if !(pop[i] > 0) {
			return nil, fmt.Errorf("indices: population of %q is %v; rates need a positive population", t.Region, pop[i])
		}
		out[i] = RegionRates{
			Region: t.Region,
			In:     k * t.In / pop[i],
			Out:    k * t.Out / pop[i],
			Net:    k * t.Net / pop[i],
			Gross:  k * t.Turn / pop[i],
		}
		out[i].Effectiveness = 100 * t.Net / t.Turn
	}
	return out, nil
}

// CrudeMigrationRate is k·Σflows/P (migration.indices migration.cmr), the
// diagonal excluded.
func CrudeMigrationRate(m *flows.Matrix, popTotal, k float64) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	return k * offDiagSum(m, n) / popTotal, nil
}

func offDiagSum(m *flows.Matrix, n int) float64 {
	s := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += m.At(i, j)
			}
		}
	}
	return s
}

// Effectiveness is the migration effectiveness index 100·Σ|net|/Σturnover
// (migration.indices migration.effectiveness; migest index_impact).
func Effectiveness(m *flows.Matrix) (float64, error) {
	tot, err := SumRegion(m)
	if err != nil {
		return 0, err
	}
	a, t := 0.0, 0.0
	for _, r := range tot {
		a += math.Abs(r.Net)
		t += r.Turn
	}
	return 100 * a / t, nil
}

// Intensity holds migest index_intensity: the crude migration probability
// CMP = 100·M/P and Courgeau's k = CMP/ln(n²).
type Intensity struct {
	CMP, CourgeauK float64
}

// IntensityIndex computes Intensity from the total number of migrants, the
// total population and the number of regions.
func IntensityIndex(migTotal, popTotal float64, n int) Intensity {
	cmp := 100 * migTotal / popTotal
	return Intensity{CMP: cmp, CourgeauK: cmp / math.Log(float64(n*n))}
}

// Impact holds migest index_impact.
type Impact struct {
	// Effectiveness is 100·Σ|net|/Σturnover.
	Effectiveness float64
	// ANMR, the aggregate net migration rate, is 100·½Σ|net|/ΣP.
	ANMR float64
	// Preference is Σ m_ij / (M·s_i·s_j) with population shares s.
	Preference float64
	// Velocity is Σ m_ij·ΣP/(P_i·P_j).
	Velocity float64
}

// ImpactIndex computes Impact for a flow matrix and populations in the
// order of its rows (the diagonal is set aside).
func ImpactIndex(m *flows.Matrix, pop []float64) (Impact, error) {
	n, err := check(m)
	if err != nil {
		return Impact{}, err
	}
	if len(pop) != n {
		return Impact{}, fmt.Errorf("indices: %d populations for %d regions", len(pop), n)
	}
	eff, _ := Effectiveness(m)
	tot, _ := SumRegion(m)
	absNet, ptot := 0.0, 0.0
	for i, r := range tot {
		absNet += math.Abs(r.Net)
		ptot += pop[i]
	}
	msum := offDiagSum(m, n)
	pref, vel := 0.0, 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			f := m.At(i, j)
			pref += f / (msum * (pop[i] / ptot) * (pop[j] / ptot))
			vel += f / (pop[i] * pop[j]) * ptot
		}
	}
	return Impact{Effectiveness: eff, ANMR: 100 * 0.5 * absNet / ptot, Preference: pref, Velocity: vel}, nil
}

// Connectivity is the share of non-zero off-diagonal flows
// (migration.indices migration.connectivity).
func Connectivity(m *flows.Matrix) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	nz := 0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j && m.At(i, j) != 0 {
				nz++
			}
		}
	}
	return float64(nz) / float64(n*(n-1)), nil
}

// InequalityEqual is ½Σ|m_ij − M/(n²−n)| over the off-diagonal cells, the
// distance from equal flows (migration.indices migration.inequality,
// expected = "equal"). Divide by M for the share version of migest
// index_connectivity.
func InequalityEqual(m *flows.Matrix) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	e := offDiagSum(m, n) / float64(n*n-n)
	s := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += math.Abs(m.At(i, j) - e)
			}
		}
	}
	return 0.5 * s, nil
}

// InequalityWeighted is ½Σ|m_ij − e_ij| over the off-diagonal cells with
// expected flows proportional to the in-flows of the other destinations
// (migration.indices migration.inequality, expected = "weighted"). As in
// that code the expected matrix is built row by row in place, so the
// column sums used for row i already include the expected values of the
// rows before it.
func InequalityWeighted(m *flows.Matrix) (float64, error) {
	n, err := check(m)
	if err != nil {
		return 0, err
	}
	tot, _ := SumRegion(m)
	e := m.Clone()
	cs := make([]float64, n)
	for i := 0; i < n; i++ {
		den := 0.0
		for j := 0; j < n; j++ {
			cs[j] = 0
			if j == i {
				continue
			}
			for r := 0; r < n; r++ {
				if r != j {
					cs[j] += e.At(r, j)
				}
			}
			den += cs[j]
		}
		for j := 0; j < n; j++ {
			if j != i {
				e.Set(i, j, cs[j]*tot[i].Out/den)
			}
		}
	}
	s := 0.0
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				s += math.Abs(m.At(i, j) - e.At(i, j))
			}
		}
	}
	return 0.5 * s, nil
}

package indices

import (
	"fmt"
	"math"
	"sort"

	"corridor/internal/data/flows"
)

func check(m *flows.Matrix) (int, error) {
	if m == nil || !m.Square() {
		return 0, fmt.Errorf("indices: need a square flow matrix with the same names on rows and columns")
	}
	for _, v := range m.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("indices: flow matrix has a non-finite cell")
		}
	}
	return len(m.Rows), nil
}

// RegionTotals holds the totals of one region (migest sum_region).
type RegionTotals struct {
	Region string
	Out    float64 // emigration: row sum without the diagonal
	In     float64 // immigration: column sum without the diagonal
	Turn   float64 // turnover (gross migration): In + Out
	Net    float64 // In − Out
}

// SumRegion returns in-, out-, gross and net migration per region, the
// diagonal dropped.
func SumRegion(m *flows.Matrix) ([]RegionTotals, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	out := make([]RegionTotals, n)
	for i := 0; i < n; i++ {
		out[i].Region = m.Rows[i]
		for j := 0; j < n; j++ {
			if i == j {
				continue
			}
			out[i].Out += m.At(i, j)
			out[i].In += m.At(j, i)
		}
		out[i].Turn = out[i].In + out[i].Out
		out[i].Net = out[i].In - out[i].Out
	}
	return out, nil
}

// Bilateral is one corridor of SumBilat.
type Bilateral struct {
	Orig, Dest  string
	Corridor    string // "orig -> dest"
	Pair        string // the two names in sorted order, "a - b"
	Flow        float64
	CounterFlow float64 // dest → orig
	NetFlow     float64 // Flow − CounterFlow
	Interchange float64 // Flow + CounterFlow
}

// SumBilat lists every off-diagonal corridor with its counter-flow, net
// flow and interchange (migest sum_bilat), destination by destination, then
// origin (the order of R's as.data.frame.table).
func SumBilat(m *flows.Matrix) ([]Bilateral, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	var out []Bilateral
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			if i == j {
				continue
			}
			o, d := m.Rows[i], m.Rows[j]
			pair := o + " - " + d
			if d < o {
				pair = d + " - " + o
			}
			f, c := m.At(i, j), m.At(j, i)
			out = append(out, Bilateral{Orig: o, Dest: d, Corridor: o + " -> " + d, Pair: pair,
				Flow: f, CounterFlow: c, NetFlow: f - c, Interchange: f + c})
		}
	}
	return out, nil
}

// LumpedFlow is one row of SumLump.
type LumpedFlow struct {
	Orig, Dest string
	Flow       float64
}

// SumLump lumps every flow below threshold (diagonal included, as in
// migest sum_lump with lump = "flow") into a single other → other cell and
// returns the remaining flows sorted by origin, then destination (byte
// order).
func SumLump(m *flows.Matrix, threshold float64, other string) ([]LumpedFlow, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	type key struct{ o, d string }
	acc := map[key]float64{}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			f := m.At(i, j)
			k := key{m.Rows[i], m.Rows[j]}
			if f < threshold {
				k = key{other, other}
			}
			acc[k] += f
		}
	}
	out := make([]LumpedFlow, 0, len(acc))
	for k, v := range acc {
		out = append(out, LumpedFlow{k.o, k.d, v})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Orig != out[b].Orig {
			return out[a].Orig < out[b].Orig
		}
		return out[a].Dest < out[b].Dest
	})
	return out, nil
}

// NetVS is the vital-statistics net migration of one population: the
// population change minus natural increase (migest net_vs).
type NetVS struct {
	PopChange, NaturalIncrease, Net float64
}

// NetFromVitalStatistics returns pop1 − pop0 − (births − deaths).
func NetFromVitalStatistics(pop0, pop1, births, deaths float64) NetVS {
	pc, ni := pop1-pop0, births-deaths
	return NetVS{PopChange: pc, NaturalIncrease: ni, Net: pc - ni}
}

// MultiComp returns the multiplicative components of a flow matrix (migest
// multi_comp) as an (n+1)×(n+1) matrix: cell (i, j) is the interaction
// obs/fitted of the independence model fitted to all cells (fitted =
// rowSum·colSum/total), the last column and row are the origin and
// destination shares, and the corner is the grand total.
func MultiComp(m *flows.Matrix) (*flows.Matrix, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	rs, cs, tot := m.RowSums(), m.ColSums(), m.Sum()
	if tot <= 0 {
		return nil, fmt.Errorf("indices: MultiComp needs a positive total")
	}
	names := append(append([]string(nil), m.Rows...), "Sum")
	out := flows.NewSquare(names)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			fit := rs[i] * cs[j] / tot
			v := 0.0
			if fit > 0 {
				v = m.At(i, j) / fit
			}
			out.Set(i, j, v)
		}
		out.Set(i, n, rs[i]/tot)
		out.Set(n, i, cs[i]/tot)
	}
	out.Set(n, n, tot)
	return out, nil
}

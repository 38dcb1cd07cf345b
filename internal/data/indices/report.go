package indices

import (
	"fmt"
	"math"
	"strconv"

	"corridor/internal/data/flows"
)

// Num is a measure that may be undefined (NaN: a region without any
// migration has no effectiveness, a matrix without flows no Gini index).
// It writes NaN and ±Inf as JSON null, which encoding/json cannot do for a
// float64.
type Num float64

// MarshalJSON writes the number, or null when it is not finite.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// Defined reports whether n is a finite number.
func (n Num) Defined() bool { return !math.IsNaN(float64(n)) && !math.IsInf(float64(n), 0) }

// RegionReport is one region's line of a Report: its totals (migest
// sum_region) and, when populations are given, its crude rates per K.
type RegionReport struct {
	Region string `json:"region"`
	In     Num    `json:"in"`
	Out    Num    `json:"out"`
	Net    Num    `json:"net"`
	Gross  Num    `json:"gross"`
	// Effectiveness is 100·net/gross (null without migration).
	Effectiveness Num  `json:"effectiveness"`
	Population    *Num `json:"population,omitempty"`
	InRate        *Num `json:"in_rate,omitempty"`
	OutRate       *Num `json:"out_rate,omitempty"`
	NetRate       *Num `json:"net_rate,omitempty"`
	GrossRate     *Num `json:"gross_rate,omitempty"`
}

// IndexInfo describes one matrix-level index: a stable key (JSON field,
// CSV row and translation key), its English name, its formula and where
// the definition comes from.
type IndexInfo struct {
	Key, Name, Formula, Source string
	// NeedsPopulation marks the indices computed only with populations.
	NeedsPopulation bool
}

const (
	srcBell       = "Bell et al. (2002)"
	srcImpact     = "Bell et al. (2002); migest index_impact"
	srcConnect    = "Bell et al. (2002); migest index_connectivity; migration.indices"
	srcGini       = "Bell et al. (2002); migration.indices migration.gini"
	srcIntensity  = "Bell et al. (2002); migest index_intensity"
	srcInequality = "migration.indices migration.inequality"
)

// MatrixIndexInfo lists the matrix-level indices of a Report in the order
// the CLI, the pages and the exports give them.
var MatrixIndexInfo = []IndexInfo{
	{Key: "regions", Name: "Regions", Formula: "n", Source: ""},
	{Key: "total", Name: "Total migration", Formula: "M = Σ_{i≠j} m_ij (within-region cells left out)", Source: "migest sum_region"},
	{Key: "effectiveness", Name: "Migration effectiveness index", Formula: "100·Σ|net_i| / Σ gross_i", Source: srcImpact},
	{Key: "connectivity", Name: "Connectivity", Formula: "share of the n(n−1) flows that are not zero", Source: srcConnect},
	{Key: "inequality_equal", Name: "Inequality of flows (equal)", Formula: "½Σ|m_ij − M/(n(n−1))| / M", Source: srcConnect},
	{Key: "inequality_sim", Name: "Inequality of flows (independence fit)", Formula: "½Σ|m_ij/M − e_ij/E|, e = Poisson fit round(m) ~ origin + destination", Source: srcConnect},
	{Key: "inequality_weighted", Name: "Inequality of flows (weighted)", Formula: "½Σ|m_ij − e_ij| / M, e_ij ∝ the in-flows of j", Source: srcInequality},
	{Key: "gini_total", Name: "Gini index of all flows", Formula: "Σ_a Σ_b |m_a − m_b| / (2(n(n−1)−1)·M)", Source: srcGini},
	{Key: "gini_origin", Name: "Origin Gini, standardised (%)", Formula: "100·Σ_i Σ_{j,k}|m_ij − m_ik| / (2n(n−1)·M) / uncorrected total Gini", Source: srcGini},
	{Key: "gini_destination", Name: "Destination Gini, standardised (%)", Formula: "100·Σ_j Σ_{i,k}|m_ij − m_kj| / (2n(n−1)·M) / uncorrected total Gini", Source: srcGini},
	{Key: "gini_exchange", Name: "Exchange Gini, standardised (%)", Formula: "100·Σ|m_ij − m_ji| / (2n(n−1)·M) / uncorrected total Gini", Source: srcGini},
	{Key: "gini_weighted_mean", Name: "Mean weighted Gini", Formula: "mean of the flow-weighted origin and destination Ginis", Source: srcGini},
	{Key: "cv", Name: "Coefficient of variation", Formula: "√(Σ(m − m̄)² / (N(N−1)) / m̄), N = n² cells, diagonal 0 (as migest computes it)", Source: "Rogers and Raymer (1998); migest index_connectivity"},
	{Key: "acv", Name: "Aggregated coefficient of variation", Formula: "Σ_j (D_j/M)·cv(column j) + Σ_i (O_i/M)·cv(row i)", Source: "Bell et al. (2002); migration.indices migration.acv"},
	{Key: "population", Name: "Population", Formula: "P = Σ P_i", Source: "", NeedsPopulation: true},
	{Key: "crude_migration_rate", Name: "Crude migration rate (per k)", Formula: "k·M/P", Source: "migration.indices migration.cmr", NeedsPopulation: true},
	{Key: "cmp", Name: "Crude migration probability (%)", Formula: "100·M/P", Source: srcIntensity, NeedsPopulation: true},
	{Key: "courgeau_k", Name: "Courgeau's k", Formula: "CMP / ln(n²)", Source: srcIntensity, NeedsPopulation: true},
	{Key: "anmr", Name: "Aggregate net migration rate (%)", Formula: "100·½Σ|net_i| / P", Source: srcImpact, NeedsPopulation: true},
	{Key: "preference", Name: "Preference index", Formula: "Σ m_ij / (M·s_i·s_j), s = population shares", Source: srcImpact, NeedsPopulation: true},
	{Key: "velocity", Name: "Migration velocity", Formula: "Σ m_ij·P / (P_i·P_j)", Source: srcImpact, NeedsPopulation: true},
}

// Report gathers the indices of one flow (or stock) matrix that Corridor
// shows: per-region totals and rates and the matrix-level indices, keyed
// as in MatrixIndexInfo. Within-region (diagonal) cells are left out.
type Report struct {
	Regions []RegionReport `json:"regions"`
	// Indices maps MatrixIndexInfo keys to values; the population ones are
	// present only when populations were given.
	Indices map[string]Num `json:"indices"`
	// K is the base of the crude rates (1000 = per mille); 0 without
	// populations.
	K float64 `json:"k,omitempty"`
}

// Summarize computes the Report of m. pop, in the order of m's rows, may
// be nil; with it the crude rates per k and the population-based indices
// are added. With two regions the corrected Gini indices, which divide by
// n − 2, are undefined.
func Summarize(m *flows.Matrix, pop []float64, k float64) (*Report, error) {
	n, err := check(m)
	if err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("indices: %d region; the indices need at least 2", n)
	}
	for _, v := range m.Values {
		if v < 0 {
			return nil, fmt.Errorf("indices: the matrix has a negative cell %v", v)
		}
	}
	tot, _ := SumRegion(m)
	rep := &Report{Indices: map[string]Num{}}
	for _, t := range tot {
		rep.Regions = append(rep.Regions, RegionReport{Region: t.Region, In: Num(t.In), Out: Num(t.Out), Net: Num(t.Net), Gross: Num(t.Turn), Effectiveness: Num(100 * t.Net / t.Turn)})
	}
	set := func(key string, v float64) { rep.Indices[key] = Num(v) }
	total := offDiagSum(m, n)
	set("regions", float64(n))
	set("total", total)
	eff, _ := Effectiveness(m)
	set("effectiveness", eff)
	conn, _ := Connectivity(m)
	set("connectivity", conn)
	ie, _ := InequalityEqual(m)
	set("inequality_equal", ie/total)
	if sim, err := InequalitySim(m); err == nil {
		set("inequality_sim", sim)
	}
	iw, _ := InequalityWeighted(m)
	set("inequality_weighted", iw/total)
	g, _ := GiniIndices(m)
	set("gini_total", g.Total)
	set("gini_origin", g.RowStandardized)
	set("gini_destination", g.ColStandardized)
	set("gini_exchange", g.ExchangeStandardized)
	set("gini_weighted_mean", g.WeightedMean)
	if cv, err := CV(m); err == nil {
		set("cv", cv)
	}
	acv, _ := ACVIndex(m)
	set("acv", acv.Total)
	if pop == nil {
		return rep, nil
	}
	rates, err := CrudeRates(m, pop, k)
	if err != nil {
		return nil, err
	}
	rep.K = k
	for i, r := range rates {
		p := Num(pop[i])
		in, out, net, gross := Num(r.In), Num(r.Out), Num(r.Net), Num(r.Gross)
		rr := &rep.Regions[i]
		rr.Population, rr.InRate, rr.OutRate, rr.NetRate, rr.GrossRate = &p, &in, &out, &net, &gross
	}
	ptot := sumOf(pop)
	set("population", ptot)
	set("crude_migration_rate", k*total/ptot)
	in := IntensityIndex(total, ptot, n)
	set("cmp", in.CMP)
	set("courgeau_k", in.CourgeauK)
	imp, err := ImpactIndex(m, pop)
	if err != nil {
		return nil, err
	}
	set("anmr", imp.ANMR)
	set("preference", imp.Preference)
	set("velocity", imp.Velocity)
	return rep, nil
}

// MatrixIndices lists the report's matrix-level indices in the order of
// MatrixIndexInfo, leaving out those it does not have.
func (r *Report) MatrixIndices() []IndexValue {
	var out []IndexValue
	for _, info := range MatrixIndexInfo {
		if v, ok := r.Indices[info.Key]; ok {
			out = append(out, IndexValue{IndexInfo: info, Value: v})
		}
	}
	return out
}

// IndexValue is one matrix-level index with its value.
type IndexValue struct {
	IndexInfo
	Value Num
}

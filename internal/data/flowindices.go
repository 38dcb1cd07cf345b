package data

import (
	"context"
	"sort"
	"strings"

	"corridor/internal/data/flows"
	"corridor/internal/data/importers"
	"corridor/internal/data/indices"
	"corridor/internal/errs"
)

// FlowIndices are the migration indices of one year of a flow dataset.
type FlowIndices struct {
	Dataset *Dataset
	Year    int
	// Years are the years (period starts for the Abel tables, end years
	// for estimates) with flows, oldest first.
	Years  []int
	Report *indices.Report
	// Population says where the populations of the crude rates come
	// from; nil when no dataset has them for every place.
	Population *PopulationSource
}

// PopulationSource is the dataset and year of the populations at risk.
type PopulationSource struct {
	Dataset Dataset `json:"dataset"`
	Year    int     `json:"year"`
}

// populationWindow is how far (in years) the populations may be from the
// flows' year.
const populationWindow = 5

// populationFor finds the total populations (sex total, origin the world)
// of every place in the year, or the nearest year within
// populationWindow, from one dataset and year (the newest dataset on a
// tie), in people; nil when no dataset has them all.
func (s *Service) populationFor(ctx context.Context, places []string, year int) (pop []float64, src *PopulationSource, err error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT o.dataset_id, o.year, o.destination, o.value, m.unit FROM data_observations o
		JOIN data_dataset_measures m ON m.dataset_id = o.dataset_id AND m.measure = o.measure
		WHERE o.measure = 'population' AND o.sex = 'total' AND o.origin = $1 AND o.value IS NOT NULL AND o.year BETWEEN $2 AND $3`,
		World, year-populationWindow, year+populationWindow)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type key struct {
		ds   int64
		year int
	}
	found := map[key]map[string]float64{}
	scale := map[string]float64{importers.UnitThousands: 1000, importers.UnitPeople: 1}
	for rows.Next() {
		var k key
		var place, unit string
		var v float64
		if err := rows.Scan(&k.ds, &k.year, &place, &v, &unit); err != nil {
			return nil, nil, err
		}
		f, ok := scale[unit]
		if !ok {
			continue
		}
		if found[k] == nil {
			found[k] = map[string]float64{}
		}
		found[k][place] = v * f
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	var best *key
	for k, vals := range found {
		complete := true
		for _, p := range places {
			if !(vals[p] > 0) {
				complete = false
				break
			}
		}
		if !complete {
			continue
		}
		if best == nil || absInt(k.year-year) < absInt(best.year-year) ||
			absInt(k.year-year) == absInt(best.year-year) && (k.ds > best.ds || k.ds == best.ds && k.year < best.year) {
			kk := k
			best = &kk
		}
	}
	if best == nil {
		return nil, nil, nil
	}
	ds, err := s.Dataset(ctx, best.ds)
	if err != nil {
		return nil, nil, err
	}
	pop = make([]float64, len(places))
	for i, p := range places {
		pop[i] = found[*best][p]
	}
	return pop, &PopulationSource{Dataset: *ds, Year: best.year}, nil
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// FlowYears lists the years in which a dataset has flows (measure
// "flow", sex total), oldest first; none for a dataset of other measures.
func (s *Service) FlowYears(ctx context.Context, dataset int64) (_ []int, err error) {
	defer errs.Wrap(&err, "data: flow years of dataset %d", dataset)
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT year FROM data_observations
		WHERE dataset_id = $1 AND measure = 'flow' AND sex = 'total' AND value IS NOT NULL ORDER BY year`, dataset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		years = append(years, y)
	}
	return years, rows.Err()
}

// flowMatrix loads one year of a dataset's flows (sex total) as a square
// matrix over every place it names, by code. The world total and the
// unknown and stateless codes are not places between which people move,
// so they are left out.
func (s *Service) flowMatrix(ctx context.Context, dataset int64, year int) (*flows.Matrix, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT origin, destination, value FROM data_observations
		WHERE dataset_id = $1 AND measure = 'flow' AND year = $2 AND sex = 'total' AND value IS NOT NULL`, dataset, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cells := map[[2]string]float64{}
	places := map[string]bool{}
	for rows.Next() {
		var o, d string
		var v float64
		if err := rows.Scan(&o, &d, &v); err != nil {
			return nil, err
		}
		if !isPlace(o) || !isPlace(d) {
			continue
		}
		cells[[2]string{o, d}] += v
		places[o], places[d] = true, true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(places))
	for p := range places {
		names = append(names, p)
	}
	sort.Strings(names)
	idx := make(map[string]int, len(names))
	for i, p := range names {
		idx[p] = i
	}
	m := flows.NewSquare(names)
	for k, v := range cells {
		m.Set(idx[k[0]], idx[k[1]], v)
	}
	return m, nil
}

func isPlace(code string) bool {
	_, special := specialAreas[strings.ToUpper(code)]
	return code != World && !special
}

// FlowIndices computes the indices of a dataset's flows in year (0: the
// newest year). A dataset without flows is not found; a year without
// flows is invalid. When another dataset has the population of every
// place (see populationFor), the crude rates per 1,000 and the
// population-based indices are added.
func (s *Service) FlowIndices(ctx context.Context, dataset int64, year int) (_ *FlowIndices, err error) {
	defer errs.Wrap(&err, "data: flow indices of dataset %d, %d", dataset, year)
	ds, err := s.Dataset(ctx, dataset)
	if err != nil {
		return nil, err
	}
	years, err := s.FlowYears(ctx, dataset)
	if err != nil {
		return nil, err
	}
	if len(years) == 0 {
		return nil, errs.New(errs.NotFound, "data.error.no_flows")
	}
	if year == 0 {
		year = years[len(years)-1]
	}
	if !containsInt(years, year) {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "data.error.flow_year", Fields: map[string]string{"year": "data.error.flow_year"}}
	}
	m, err := s.flowMatrix(ctx, dataset, year)
	if err != nil {
		return nil, err
	}
	rep, err := indices.Summarize(m, nil, 0)
	if err != nil {
		return nil, &errs.Error{Kind: errs.Invalid, Message: err.Error()}
	}
	fi := &FlowIndices{Dataset: ds, Year: year, Years: years, Report: rep}
	pop, src, err := s.populationFor(ctx, m.Rows, year)
	if err != nil {
		return nil, err
	}
	if pop != nil {
		if withPop, err := indices.Summarize(m, pop, 1000); err == nil {
			fi.Report, fi.Population = withPop, src
		}
	}
	return fi, nil
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

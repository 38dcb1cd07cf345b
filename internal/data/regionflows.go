package data

import (
	"context"
	"fmt"
	"sort"

	"corridor/internal/data/flows"
	"corridor/internal/data/indices"
	"corridor/internal/geo"
)

// RegionFlows are the movements between the parts of an aggregate (the
// world's regions, a region's sub-regions), summed over their countries
// from one table.
type RegionFlows struct {
	Dataset int64
	Measure string // "flow" (an estimate) or "migrant_stock" (a bilateral table)
	Year    int
	Parts   []geo.Region
	// Matrix[i][j] is the sum from the countries of Parts[i] to those of
	// Parts[j].
	Matrix [][]float64
	// Indices are the migration indices of a flow matrix (nil for stocks,
	// or when they cannot be computed).
	Indices *indices.Report
}

// RegionFlows sums the newest flow estimate, or else the newest bilateral
// stock table, of the chosen datasets (none: every dataset) between the
// parts of reg. It returns nil when reg has no parts (a sub-region) or
// fewer than two parts have data. Parts with no data at all are left out.
func (s *Service) RegionFlows(ctx context.Context, reg geo.Region, datasets []int64) (_ *RegionFlows, err error) {
	rf, err := s.regionFlows(ctx, reg, datasets)
	if err != nil {
		return nil, fmt.Errorf("data: flows within region %s: %w", reg.Code, err)
	}
	return rf, nil
}

func (s *Service) regionFlows(ctx context.Context, reg geo.Region, datasets []int64) (*RegionFlows, error) {
	var groups []geo.Region
	level := ""
	switch reg.Level {
	case geo.LevelWorld:
		level = geo.LevelRegion
	case geo.LevelRegion:
		level = geo.LevelSubregion
	default:
		return nil, nil
	}
	for _, g := range geo.Regions() {
		if g.Level == level && g.Parent == reg.Code {
			groups = append(groups, g)
		}
	}
	if len(groups) < 2 {
		return nil, nil
	}
	idx := map[string]int{}
	for i, g := range groups {
		idx[g.Code] = i
	}
	groupOf := func(code string) (int, bool) {
		c, ok := geo.ByCode(code)
		if !ok {
			return 0, false
		}
		g := c.RegionCode
		if level == geo.LevelSubregion {
			if c.RegionCode != reg.Code {
				return 0, false
			}
			g = c.SubRegionCode
		}
		i, ok := idx[g]
		return i, ok
	}
	in, args := datasetFilter("dataset_id", datasets, nil)
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, measure, MAX(year) FROM data_observations
		WHERE measure IN ('flow', 'migrant_stock') AND sex = 'total' AND origin >= 'A' AND destination >= 'A' AND origin <> destination`+in+`
		GROUP BY dataset_id, measure`, args...)
	if err != nil {
		return nil, err
	}
	var ds int64
	var measure string
	var year int
	for rows.Next() {
		var id int64
		var m string
		var y int
		if err := rows.Scan(&id, &m, &y); err != nil {
			rows.Close()
			return nil, err
		}
		better := ds == 0 || m == "flow" && measure != "flow" || m == measure && (y > year || y == year && id > ds)
		if better {
			ds, measure, year = id, m, y
		}
	}
	rows.Close()
	if ds == 0 {
		return nil, nil
	}
	n := len(groups)
	matrix := make([][]float64, n)
	for i := range matrix {
		matrix[i] = make([]float64, n)
	}
	q, err := s.DB.QueryContext(ctx, `SELECT origin, destination, value FROM data_observations
		WHERE dataset_id = $1 AND measure = $2 AND year = $3 AND sex = 'total' AND origin >= 'A' AND destination >= 'A' AND value IS NOT NULL`, ds, measure, year)
	if err != nil {
		return nil, err
	}
	defer q.Close()
	for q.Next() {
		var o, d string
		var v float64
		if err := q.Scan(&o, &d, &v); err != nil {
			return nil, err
		}
		i, ok1 := groupOf(o)
		j, ok2 := groupOf(d)
		if ok1 && ok2 {
			matrix[i][j] += v
		}
	}
	if err := q.Err(); err != nil {
		return nil, err
	}
	// Leave out the parts with no data at all (Oceania in a sample).
	var keep []int
	for i := range groups {
		tot := 0.0
		for j := range groups {
			tot += matrix[i][j] + matrix[j][i]
		}
		if tot > 0 {
			keep = append(keep, i)
		}
	}
	if len(keep) < 2 {
		return nil, nil
	}
	rf := &RegionFlows{Dataset: ds, Measure: measure, Year: year, Parts: make([]geo.Region, len(keep)), Matrix: make([][]float64, len(keep))}
	for a, i := range keep {
		rf.Parts[a] = groups[i]
		rf.Matrix[a] = make([]float64, len(keep))
		for b, j := range keep {
			rf.Matrix[a][b] = matrix[i][j]
		}
	}
	if measure == "flow" {
		codes := make([]string, len(rf.Parts))
		for i, g := range rf.Parts {
			codes[i] = g.Code
		}
		if rep, err := indices.Summarize(flows.FromRows(codes, rf.Matrix), nil, 0); err == nil {
			rf.Indices = rep
		}
	}
	return rf, nil
}

// LatestStocks returns each destination's newest international migrant
// stock (origin the world, sex total) in the chosen datasets (none: every
// dataset): the newest year, then the newest dataset. Rows come by
// destination code.
func (s *Service) LatestStocks(ctx context.Context, datasets []int64) (_ []Row, err error) {
	in, args := datasetFilter("dataset_id", datasets, []any{World})
	rows, err := s.DB.QueryContext(ctx, `SELECT destination, dataset_id, year, value FROM data_observations
		WHERE measure = 'migrant_stock' AND origin = $1 AND sex = 'total' AND destination >= 'A' AND value IS NOT NULL`+in, args...)
	if err != nil {
		return nil, fmt.Errorf("data: latest stocks: %w", err)
	}
	defer rows.Close()
	best := map[string]Row{}
	for rows.Next() {
		var r Row
		var v float64
		if err := rows.Scan(&r.Destination, &r.Dataset, &r.Year, &v); err != nil {
			return nil, fmt.Errorf("data: latest stocks: %w", err)
		}
		r.Value, r.Origin, r.Measure, r.Sex = &v, World, "migrant_stock", "total"
		if b, ok := best[r.Destination]; !ok || r.Year > b.Year || r.Year == b.Year && r.Dataset > b.Dataset {
			best[r.Destination] = r
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("data: latest stocks: %w", err)
	}
	out := make([]Row, 0, len(best))
	for _, r := range best {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Destination < out[j].Destination })
	return out, nil
}

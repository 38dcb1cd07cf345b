package data

import (
	"context"
	"html/template"
	"strconv"

	"corridor/internal/chart"
	"corridor/internal/data/flows"
	"corridor/internal/data/indices"
	"corridor/internal/geo"
)

// chordSection draws the movements between the parts of an aggregate (the
// world's regions, a region's sub-regions) from the newest flow estimate,
// or else the newest bilateral stock table, as a circular plot. When it
// draws flows, the migration indices of that matrix follow it (two table
// sections).
func (s *Service) chordSection(ctx context.Context, reg geo.Region, datasets []int64, dm map[int64]Dataset, lang string, t tr) ([]Section, []Row, error) {
	var groups []geo.Region
	level := ""
	switch reg.Level {
	case geo.LevelWorld:
		level = geo.LevelRegion
	case geo.LevelRegion:
		level = geo.LevelSubregion
	default:
		return nil, nil, nil
	}
	for _, g := range geo.Regions() {
		if g.Level == level && g.Parent == reg.Code {
			groups = append(groups, g)
		}
	}
	if len(groups) < 2 {
		return nil, nil, nil
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
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, measure, MAX(year) FROM data_observations
		WHERE measure IN ('flow', 'migrant_stock') AND sex = 'total' AND origin >= 'A' AND destination >= 'A' AND origin <> destination
		GROUP BY dataset_id, measure`)
	if err != nil {
		return nil, nil, err
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
			return nil, nil, err
		}
		if len(datasets) > 0 && !containsID(datasets, id) {
			continue
		}
		better := ds == 0 || m == "flow" && measure != "flow" || m == measure && (y > year || y == year && id > ds)
		if better {
			ds, measure, year = id, m, y
		}
	}
	rows.Close()
	if ds == 0 {
		return nil, nil, nil
	}
	n := len(groups)
	matrix := make([][]float64, n)
	for i := range matrix {
		matrix[i] = make([]float64, n)
	}
	q, err := s.DB.QueryContext(ctx, `SELECT origin, destination, value FROM data_observations
		WHERE dataset_id = $1 AND measure = $2 AND year = $3 AND sex = 'total' AND origin >= 'A' AND destination >= 'A' AND value IS NOT NULL`, ds, measure, year)
	if err != nil {
		return nil, nil, err
	}
	defer q.Close()
	for q.Next() {
		var o, d string
		var v float64
		if err := q.Scan(&o, &d, &v); err != nil {
			return nil, nil, err
		}
		i, ok1 := groupOf(o)
		j, ok2 := groupOf(d)
		if ok1 && ok2 {
			matrix[i][j] += v
		}
	}
	if err := q.Err(); err != nil {
		return nil, nil, err
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
		return nil, nil, nil
	}
	kg := make([]geo.Region, len(keep))
	km := make([][]float64, len(keep))
	for a, i := range keep {
		kg[a] = groups[i]
		km[a] = make([]float64, len(keep))
		for b, j := range keep {
			km[a][b] = matrix[i][j]
		}
	}
	groups, matrix = kg, km
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	title := t("data.chart.chord_"+measure, reg.Name, year)
	desc := t("data.chart.chord_desc", title, dm[ds].Label())
	sec := &Section{ID: "chord", Title: title, Desc: desc, Note: dm[ds].Label(),
		Chart: template.HTML(chart.Chord(chart.ChordChart{Common: chart.Common{ID: "chord", Title: title, Desc: desc, Lang: lang},
			Names: names, Flows: matrix, Within: true, MinShare: 0.002}))}
	sec.Columns = append([]string{t("data.chart.chord_from_to")}, names...)
	var out []Row
	for i := range groups {
		line := []string{names[i]}
		for j := range groups {
			v := matrix[i][j]
			line = append(line, formatNumber(v))
			out = append(out, Row{Dataset: ds, Measure: measure, Origin: groups[i].Code, Destination: groups[j].Code, Year: year, Sex: "total", Value: &v, Flag: "sum"})
		}
		sec.Table = append(sec.Table, line)
	}
	secs := []Section{*sec}
	if measure == "flow" {
		codes := make([]string, len(groups))
		for i, g := range groups {
			codes[i] = g.Code
		}
		if rep, err := indices.Summarize(flows.FromRows(codes, matrix), nil, 0); err == nil {
			secs = append(secs, indicesSections(rep, "indices", dm[ds].Label()+", "+strconv.Itoa(year), lang, t)...)
		}
	}
	return secs, out, nil
}

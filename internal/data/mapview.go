package data

import (
	"context"
	"html/template"
	"sort"
	"strconv"

	"corridor/internal/chart"
	"corridor/internal/geo"
)

// mapSection draws a world choropleth of the international migrant stock
// by country of residence: each country's newest total (origin 001) from
// the chosen datasets, or else the sum over origins of the newest
// bilateral table.
func (s *Service) mapSection(ctx context.Context, datasets []int64, dm map[int64]Dataset, lang string, t tr) (*Section, []Row, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT destination, dataset_id, year, value FROM data_observations
		WHERE measure = 'migrant_stock' AND origin = $1 AND sex = 'total' AND destination >= 'A' AND value IS NOT NULL`, World)
	if err != nil {
		return nil, nil, err
	}
	best := map[string]Row{}
	for rows.Next() {
		var r Row
		var v float64
		if err := rows.Scan(&r.Destination, &r.Dataset, &r.Year, &v); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if len(datasets) > 0 && !containsID(datasets, r.Dataset) {
			continue
		}
		r.Value, r.Origin, r.Measure, r.Sex = &v, World, "migrant_stock", "total"
		if b, ok := best[r.Destination]; !ok || r.Year > b.Year || r.Year == b.Year && r.Dataset > b.Dataset {
			best[r.Destination] = r
		}
	}
	rows.Close()
	if len(best) == 0 {
		return nil, nil, nil
	}
	values := map[string]float64{}
	names := map[string]string{}
	var out []Row
	used := map[int64]bool{}
	for code, r := range best {
		c, ok := geo.ByCode(code)
		if !ok || c.Numeric == "" {
			continue
		}
		values[c.Numeric] = *r.Value
		names[c.Numeric] = c.LocalName(lang)
		out = append(out, r)
		used[r.Dataset] = true
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].Value > *out[j].Value })
	var label string
	for id := range used {
		if label != "" {
			label += "; "
		}
		label += dm[id].Label()
	}
	title := t("data.chart.map_immigrants")
	desc := t("data.chart.map_desc", title, label)
	svg := chart.Choropleth(chart.MapChart{Common: chart.Common{Title: title, Desc: desc, Lang: lang, ID: "map"}, Values: values, Names: names, OmitAntarctica: true, LegendTitle: t("data.unit.people")})
	sec := &Section{ID: "map", Title: title, Desc: desc, Chart: template.HTML(svg), Note: label,
		Columns: []string{t("data.area"), t("data.code"), t("data.value")}}
	for i, r := range out {
		sec.Table = append(sec.Table, []string{AreaName(r.Destination, lang), r.Destination, cellText(r) + " (" + itoa(r.Year) + ")"})
		sec.linkRow(i, countryPath(r.Destination))
	}
	return sec, out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

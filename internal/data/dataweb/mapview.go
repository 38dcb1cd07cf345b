package dataweb

import (
	"context"
	"html/template"
	"slices"
	"sort"
	"strconv"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/geo"
)

// mapSection draws a world choropleth of the international migrant stock
// by country of residence: each country's newest total (origin 001) from
// the chosen datasets, or else the sum over origins of the newest
// bilateral table.
func (h *Handlers) mapSection(ctx context.Context, datasets []int64, dm map[int64]data.Dataset, lang string, t tr) (*Section, []data.Row, error) {
	s := h.S
	best, err := s.LatestStocks(ctx, datasets)
	if err != nil {
		return nil, nil, err
	}
	if len(best) == 0 {
		return nil, nil, nil
	}
	values := map[string]float64{}
	names := map[string]string{}
	var out []data.Row
	used := map[int64]bool{}
	for _, r := range best {
		c, ok := geo.ByCode(r.Destination)
		if !ok || c.Numeric == "" {
			continue
		}
		values[c.Numeric] = *r.Value
		names[c.Numeric] = c.NameIn(lang)
		out = append(out, r)
		used[r.Dataset] = true
	}
	sort.SliceStable(out, func(i, j int) bool { return *out[i].Value > *out[j].Value })
	var ids []int64
	for id := range used {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var label string
	for _, id := range ids {
		if label != "" {
			label += "; "
		}
		label += dm[id].Label()
	}
	title := t("data.chart.map_immigrants")
	desc := t("data.chart.map_desc", title, label)
	wide, narrow := mapWidths(chart.MapChart{Common: chart.Common{Title: title, Desc: desc, Lang: lang, ID: "map"}, Values: values, Names: names, OmitAntarctica: true, LegendTitle: t("data.unit.people")})
	sec := &Section{ID: "map", Title: title, Desc: desc, Chart: wide, Narrow: narrow, Note: label,
		Columns: []string{t("data.area"), t("data.code"), t("data.value")}}
	for i, r := range out {
		sec.Table = append(sec.Table, []string{data.AreaName(r.Destination, lang), r.Destination, cellText(r, lang) + " (" + itoa(r.Year) + ")"})
		sec.linkRow(i, countryPath(r.Destination))
	}
	return sec, out, nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// partnerMapSection draws a country's partners on a world map, from the
// newest bilateral stock table: where its immigrants were born or where
// its emigrants live, whichever group is larger (Germany's story is
// immigration, Mexico's emigration), so the page opens with a map of the
// movement that defines the country.
func (h *Handlers) partnerMapSection(ctx context.Context, area data.Area, datasets []int64, dm map[int64]data.Dataset, lang string, t tr) (*Section, []data.Row, error) {
	var best []data.Row
	var bestSide string
	var bestSum float64
	for _, side := range []string{"destination", "origin"} {
		rows, err := h.S.Partners(ctx, "migrant_stock", side, area.Code, datasets, 400)
		if err != nil {
			return nil, nil, err
		}
		var sum float64
		for _, r := range rows {
			if r.Value != nil {
				sum += *r.Value
			}
		}
		if len(rows) > 0 && sum > bestSum {
			best, bestSide, bestSum = rows, side, sum
		}
	}
	if len(best) == 0 {
		return nil, nil, nil
	}
	partner := func(r data.Row) string { return r.Origin }
	key := "data.chart.map_origins"
	if bestSide == "origin" {
		partner, key = func(r data.Row) string { return r.Destination }, "data.chart.map_destinations"
	}
	values, names := map[string]float64{}, map[string]string{}
	for _, r := range best {
		if c, ok := geo.ByCode(partner(r)); ok && c.Numeric != "" && r.Value != nil {
			values[c.Numeric] = *r.Value
			names[c.Numeric] = c.NameIn(lang)
		}
	}
	ds := dm[best[0].Dataset]
	title := t(key, area.Name, best[0].Year)
	desc := t("data.chart.map_desc", title, ds.Label())
	wide, narrow := mapWidths(chart.MapChart{Common: chart.Common{Title: title, Desc: desc, Lang: lang, ID: "partner-map"}, Values: values, Names: names, OmitAntarctica: true, LegendTitle: t("data.unit.people")})
	sec := &Section{ID: "partner-map", Title: title, Desc: desc, Chart: wide, Narrow: narrow, Note: ds.Label(),
		Columns: []string{t("data.area"), t("data.code"), t("data.value")}}
	for i, r := range best {
		code := partner(r)
		sec.Table = append(sec.Table, []string{data.AreaName(code, lang), code, cellText(r, lang)})
		if bestSide == "destination" {
			sec.linkRow(i, corridorPath(code, area.Code))
		} else {
			sec.linkRow(i, corridorPath(area.Code, code))
		}
	}
	return sec, best, nil
}

// mapWidths draws a map at the page's width and at a phone's, where its
// legend keeps a readable size and wraps.
func mapWidths(m chart.MapChart) (wide, narrow template.HTML) {
	wide = template.HTML(chart.Choropleth(m))
	m.Common = narrowed(m.Common)
	return wide, template.HTML(chart.Choropleth(m))
}

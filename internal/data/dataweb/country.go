package dataweb

import (
	"context"
	"corridor/internal/links"
	"corridor/internal/web"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/geo"
)

func (h *Handlers) country(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, h.buildCountry(r), func(v *View) string { return "corridor-" + v.Area.Code })
}

func (h *Handlers) buildCountry(r *http.Request) viewBuilder {
	return func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildCountry(ctx, r.PathValue("code"), ids, lang, t)
	}
}

func (h *Handlers) apiCountry(w http.ResponseWriter, r *http.Request) error {
	return h.apiView(w, r, h.buildCountry(r))
}

// BuildCountry assembles a country profile.
func (h *Handlers) BuildCountry(ctx context.Context, code string, datasets []int64, lang string, t tr) (*View, error) {
	s := h.S
	area, err := data.ParseAreaIn(code, lang)
	if err != nil {
		return nil, err
	}
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Kind: "country", Area: area, Heading: area.Name}
	if h.Evidence != nil && !area.IsRegion {
		// What links to the country: research about it, and so on.
		g, err := h.Evidence.To(ctx, links.Key{Domain: "geo", Kind: "country", ID: area.Code}, web.LinkReader(ctx))
		if err != nil {
			return nil, fmt.Errorf("data: what links to %s: %w", area.Code, err)
		}
		v.Evidence = g
	}
	label := func(r data.Row) string {
		l := dm[r.Dataset].Short()
		if r.Sex != "total" {
			l += " — " + t("data.sex."+r.Sex)
		}
		return l
	}
	add := func(rows []data.Row, sec Section) {
		if len(rows) == 0 {
			return
		}
		sec.Columns[0] = t("data.year")
		v.Sections = append(v.Sections, sec)
		v.Rows = append(v.Rows, rows...)
	}
	if sec, rows, err := h.partnerMapSection(ctx, area, datasets, dm, lang, t); err != nil {
		return nil, err
	} else if sec != nil {
		v.Sections = append(v.Sections, *sec)
		v.Rows = append(v.Rows, rows...)
	}
	// key names the key figure a line gives ("" for none).
	type line struct{ id, measure, side, title, unit, key string }
	for _, l := range []line{
		{"immigrants", "migrant_stock", "destination", "data.chart.immigrants", "data.unit.people", "stock_in"},
		{"migrant-share", importers.MigrantShare, "destination", "data.chart.migrant_share", "data.unit.percent", "migrant_share"},
		{"population", importers.Population, "destination", "data.chart.population", "data.unit.thousands", ""},
		{"emigrants", "migrant_stock", "origin", "data.chart.emigrants", "data.unit.people", "stock_out"},
		{"refugees-hosted", "refugees", "destination", "data.chart.refugees_hosted", "data.unit.people", "refugees_hosted"},
		{"refugee-stock", importers.RefugeeStock, "destination", "data.chart.refugee_stock", "data.unit.people", ""},
		{"refugees-origin", "refugees", "origin", "data.chart.refugees_origin", "data.unit.people", "refugees_origin"},
		{"remittances-in", "remittances", "destination", "data.chart.remittances_in", "data.unit.usd_million", "remittances_in"},
		{"remittances-out", "remittances", "origin", "data.chart.remittances_out", "data.unit.usd_million", "remittances_out"},
	} {
		rows, err := s.Totals(ctx, l.measure, l.side, area.Code, datasets)
		if err != nil {
			return nil, err
		}
		if l.key != "" {
			addKeyFigure(v, l.key, l.id, keyUnit(l.unit, t), rows, dm, lang, t)
		}
		title := t(l.title, area.Name)
		add(rows, withCoverage(lineSection(l.id, title, t("data.chart.line_desc", title), t(l.unit), rows, label, lang), rows, dm, t))
	}
	// UNHCR flows: one chart per side with a line per measure, as the four
	// kinds of new arrivals are read together.
	for _, f := range []struct{ id, side, title string }{
		{"arrivals-hosted", "destination", "data.chart.arrivals_hosted"},
		{"arrivals-origin", "origin", "data.chart.arrivals_origin"},
	} {
		var rows []data.Row
		for _, m := range data.FlowMeasures {
			mrows, err := s.Totals(ctx, m, f.side, area.Code, datasets)
			if err != nil {
				return nil, err
			}
			rows = append(rows, mrows...)
		}
		title := t(f.title, area.Name)
		add(rows, withCoverage(lineSection(f.id, title, t("data.chart.flows_desc", title), t("data.unit.people"), rows, func(r data.Row) string {
			return t("data.measure."+r.Measure) + " · " + dm[r.Dataset].Short()
		}, lang), rows, dm, t))
	}
	type bar struct{ id, measure, side, title string }
	for _, b := range []bar{
		{"top-origins", "migrant_stock", "destination", "data.chart.top_origins"},
		{"top-destinations", "migrant_stock", "origin", "data.chart.top_destinations"},
	} {
		rows, err := s.Partners(ctx, b.measure, b.side, area.Code, datasets, 10)
		if err != nil {
			return nil, err
		}
		if len(rows) == 0 {
			continue
		}
		partner := func(r data.Row) string { return r.Origin }
		if b.side == "origin" {
			partner = func(r data.Row) string { return r.Destination }
		}
		title := t(b.title, area.Name, rows[0].Year)
		sec := barSection(b.id, title, t("data.chart.bar_desc", title, dm[rows[0].Dataset].Label()), "", rows, partner, lang)
		sec.Columns = []string{t("data.area"), t("data.code"), t("data.value")}
		sec.Note = dm[rows[0].Dataset].Label()
		for i, r := range rows {
			if b.side == "destination" {
				sec.linkRow(i, corridorPath(r.Origin, area.Code))
			}
		}
		v.Sections = append(v.Sections, sec)
		// The map above holds every partner on one side: its top ten
		// are in the export already.
		for _, r := range rows {
			if !slices.ContainsFunc(v.Rows, func(o data.Row) bool { return sameObservation(o, r) }) {
				v.Rows = append(v.Rows, r)
			}
		}
	}
	if r, ok := geo.ByCode(area.Code); ok && r.SubRegionCode != "" {
		if reg, ok := geo.RegionByCode(r.SubRegionCode); ok {
			v.Links = append(v.Links, data.Link{Label: geo.RegionNameIn(reg.Code, reg.Name, lang), URL: "/data/regions/" + reg.Code})
		}
	}
	v.Links = append(v.Links, data.Link{Label: t("data.compare.link"), URL: "/data/compare?countries=" + url.QueryEscape(area.Code)})
	if h.LawCountryURL != nil && len(area.Code) == 3 && area.Code[0] > '9' {
		v.Links = append(v.Links, data.Link{Label: t("data.country.law"), URL: h.LawCountryURL(area.Code)})
	}
	finish(v, "/data/countries/"+area.Code, datasets, dm)
	return v, nil
}

// sameObservation reports whether a and b are the same stored value.
func sameObservation(a, b data.Row) bool {
	return a.Dataset == b.Dataset && a.Measure == b.Measure && a.Origin == b.Origin && a.Destination == b.Destination && a.Year == b.Year && a.Sex == b.Sex
}

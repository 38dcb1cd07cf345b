package dataweb

import (
	"context"
	"fmt"
	"net/http"
	"sort"

	"corridor/internal/data"
	"corridor/internal/links"
	"corridor/internal/web"
)

func (h *Handlers) corridorPage(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildCorridor(ctx, r.PathValue("from"), r.PathValue("to"), ids, lang, t)
	}, func(v *View) string { return "corridor-" + v.Area.Code + "-" + v.Area2.Code })
}

func (h *Handlers) apiCorridor(w http.ResponseWriter, r *http.Request) error {
	a, err := data.ParseArea(r.PathValue("from"))
	if err != nil {
		return err
	}
	b, err := data.ParseArea(r.PathValue("to"))
	if err != nil {
		return err
	}
	ids, err := datasetsParam(r)
	if err != nil {
		return err
	}
	rows, err := h.S.Corridor(r.Context(), a.Code, b.Code, ids)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []data.Row{}
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"from": a, "to": b, "rows": rows})
}

// BuildCorridor assembles the page of the corridor a → b (both directions).
func (h *Handlers) BuildCorridor(ctx context.Context, from, to string, datasets []int64, lang string, t tr) (*View, error) {
	s := h.S
	a, err := data.ParseAreaIn(from, lang)
	if err != nil {
		return nil, err
	}
	b, err := data.ParseAreaIn(to, lang)
	if err != nil {
		return nil, err
	}
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Kind: "corridor", Area: a, Area2: b, Heading: a.Name + " → " + b.Name}
	rows, err := s.CorridorRows(ctx, a.Code, b.Code, datasets)
	if err != nil {
		return nil, err
	}
	byMeasure := map[string][]data.Row{}
	var measures []string
	for _, r := range rows {
		if byMeasure[r.Measure] == nil {
			measures = append(measures, r.Measure)
		}
		byMeasure[r.Measure] = append(byMeasure[r.Measure], r)
	}
	rank := map[string]int{"migrant_stock": 1, "flow": 2, "remittances": 3, "refugees": 4, "asylum_seekers": 5}
	for i, m := range data.FlowMeasures {
		rank[m] = 6 + i
	}
	sort.Slice(measures, func(i, j int) bool {
		ri, rj := rank[measures[i]], rank[measures[j]]
		if ri == 0 {
			ri = 99
		}
		if rj == 0 {
			rj = 99
		}
		if ri != rj {
			return ri < rj
		}
		return measures[i] < measures[j]
	})
	for _, k := range []struct{ measure, key, unit string }{
		{"migrant_stock", "corridor_stock", "data.unit.people"},
		{"flow", "corridor_flow", "data.unit.people"},
		{"refugees", "corridor_refugees", "data.unit.people"},
		{"remittances", "corridor_remittances", "data.unit.usd_million"},
	} {
		var ab []data.Row
		for _, r := range byMeasure[k.measure] {
			if r.Origin == a.Code && r.Destination == b.Code {
				ab = append(ab, r)
			}
		}
		addKeyFigure(v, k.key, "corridor-"+k.measure, keyUnit(k.unit, t), ab, dm, lang, t)
	}
	for _, m := range measures {
		title := t("data.chart.corridor", t("data.measure."+m), a.Name, b.Name)
		sec := lineSection("corridor-"+m, title, t("data.chart.line_desc", title), t("data.measure."+m), byMeasure[m], func(r data.Row) string {
			l := data.AreaName(r.Origin, lang) + " → " + data.AreaName(r.Destination, lang) + " · " + dm[r.Dataset].Short()
			if r.Sex != "total" {
				l += " — " + t("data.sex."+r.Sex)
			}
			return l
		}, lang)
		sec.Columns[0] = t("data.year")
		v.Sections = append(v.Sections, withEstimateNotes(sec, byMeasure[m], dm, t))
	}
	v.Rows = rows
	v.Links = []data.Link{
		{Label: b.Name + " → " + a.Name, URL: "/data/corridors/" + b.Code + "/" + a.Code},
		{Label: a.Name, URL: "/data/countries/" + a.Code},
		{Label: b.Name, URL: "/data/countries/" + b.Code},
	}
	v.HasHook = true
	if h.Evidence != nil {
		governing, rest, err := corridorInstruments(ctx, h.Evidence, a.Code, b.Code)
		if err != nil {
			return nil, err
		}
		v.Instruments, v.Evidence = governing, rest
	}
	finish(v, "/data/corridors/"+a.Code+"/"+b.Code, datasets, dm)
	return v, nil
}

// corridorInstruments lists what governs the corridor from → to, for the
// reader of the request in ctx: the links with the relation governs,
// whichever domain made them.
// The other links to the corridor (publications using its data…) come
// back as rest.
func corridorInstruments(ctx context.Context, evidence data.Evidence, from, to string) ([]data.Link, links.Groups, error) {
	g, err := evidence.To(ctx, data.CorridorKey(from, to), web.LinkReader(ctx))
	if err != nil {
		return nil, links.Groups{}, fmt.Errorf("data: what governs %s → %s: %w", from, to, err)
	}
	var out []data.Link
	for _, e := range g.Of(links.Governs) {
		out = append(out, data.Link{Label: e.From.Title, URL: e.From.URL, Why: e.Basis})
	}
	return out, g.Without(links.Governs), nil
}

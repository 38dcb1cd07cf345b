package dataweb

import (
	"context"
	"net/http"
	"sort"
	"strconv"

	"corridor/internal/data"
	"corridor/internal/errs"
	"corridor/internal/geo"
)

func (h *Handlers) region(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, h.buildRegion(r), func(v *View) string { return "corridor-region-" + v.Area.Code })
}

func (h *Handlers) buildRegion(r *http.Request) viewBuilder {
	return func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildRegion(ctx, r.PathValue("code"), ids, lang, t)
	}
}

func (h *Handlers) apiRegion(w http.ResponseWriter, r *http.Request) error {
	return h.apiView(w, r, h.buildRegion(r))
}

// BuildRegion assembles a region view: its total over time and its members.
func (h *Handlers) BuildRegion(ctx context.Context, code string, datasets []int64, lang string, t tr) (*View, error) {
	s := h.S
	reg, ok := geo.RegionByCode(code)
	if !ok {
		return nil, errs.New(errs.NotFound, "data.error.no_area")
	}
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	name := geo.RegionNameIn(reg.Code, reg.Name, lang)
	v := &View{Kind: "region", Area: data.Area{Code: reg.Code, Name: name, IsRegion: true}, Heading: name}
	label := func(r data.Row) string {
		l := dm[r.Dataset].Short()
		if r.Sex != "total" {
			l += " — " + t("data.sex."+r.Sex)
		}
		return l
	}
	rows, err := s.Totals(ctx, "migrant_stock", "destination", reg.Code, datasets)
	if err != nil {
		return nil, err
	}
	addKeyFigure(v, "stock_in", "region-immigrants", "", rows, dm, lang, t)
	if len(rows) > 0 {
		title := t("data.chart.immigrants", name)
		sec := lineSection("region-immigrants", title, t("data.chart.line_desc", title), t("data.unit.people"), rows, label, lang)
		sec.Columns[0] = t("data.year")
		v.Sections = append(v.Sections, withCoverage(sec, rows, dm, t))
		v.Rows = append(v.Rows, rows...)
	}
	members := geo.Members(reg.Code)
	var mrows []data.Row
	for _, c := range members {
		tr, err := s.Totals(ctx, "migrant_stock", "destination", data.AreaCode(c), datasets)
		if err != nil {
			return nil, err
		}
		var best *data.Row
		for i := range tr {
			r := &tr[i]
			if r.Sex != "total" || r.Value == nil {
				continue
			}
			if best == nil || r.Year > best.Year || r.Year == best.Year && r.Dataset > best.Dataset {
				best = r
			}
		}
		if best != nil {
			mrows = append(mrows, *best)
		}
	}
	sort.Slice(mrows, func(i, j int) bool { return *mrows[i].Value > *mrows[j].Value })
	if len(mrows) > 0 {
		top := mrows
		if len(top) > 25 {
			top = top[:25]
		}
		title := t("data.chart.members", name)
		sec := barSection("region-members", title, t("data.chart.bar_desc", title, ""), "", top, func(r data.Row) string { return r.Destination }, lang)
		sec.Columns = []string{t("data.area"), t("data.code"), t("data.value")}
		for i, r := range top {
			sec.linkRow(i, countryPath(r.Destination))
			sec.Table[i][2] += " (" + strconv.Itoa(r.Year) + ")"
		}
		v.Sections = append(v.Sections, sec)
		v.Rows = append(v.Rows, mrows...)
	}
	if reg.Level == geo.LevelWorld {
		if sec, mrows, err := h.mapSection(ctx, datasets, dm, lang, t); err != nil {
			return nil, err
		} else if sec != nil {
			v.Sections = append(v.Sections, *sec)
			v.Rows = append(v.Rows, mrows...)
		}
	}
	if secs, crows, err := h.chordSection(ctx, reg, datasets, dm, lang, t); err != nil {
		return nil, err
	} else if secs != nil {
		v.Sections = append(v.Sections, secs...)
		v.Rows = append(v.Rows, crows...)
	}
	if reg.Parent != "" {
		if p, ok := geo.RegionByCode(reg.Parent); ok {
			v.Links = append(v.Links, data.Link{Label: geo.RegionNameIn(p.Code, p.Name, lang), URL: "/data/regions/" + p.Code})
		}
	}
	finish(v, "/data/regions/"+reg.Code, datasets, dm)
	return v, nil
}

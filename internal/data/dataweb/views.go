package dataweb

import (
	"context"
	"html/template"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/geo"
)

// View is what an explore page shows and exports.
type View struct {
	Kind      string
	Heading   string
	Lead      string
	Area      data.Area
	Area2     data.Area
	Sections  []Section
	Datasets  []data.Dataset
	Rows      []data.Row
	Path      string
	Query     url.Values
	Permalink string
	// AbsPermalink is the permalink with the site's base URL (for citing).
	AbsPermalink string
	Cite         string
	// Links lists related pages (the reverse corridor, the region…).
	Links []data.Link
	// Instruments are the legal instruments covering a corridor (a hook
	// the law pillar fills in through Service.Instruments).
	Instruments []data.Link
	HasHook     bool
}

// Section is one chart with its data table.
type Section struct {
	ID      string
	Title   string
	Desc    string
	Chart   template.HTML
	Columns []string
	Table   [][]string // plain text, escaped when rendered
	// RowLinks, when set, holds the path each row's first cell links to
	// ("" for none), built from typed values, never from a cell's text.
	RowLinks []string
	Note     string
}

// tr translates a catalog key; the web layer passes its translator.
type tr func(key string, args ...any) string

type seriesKey struct {
	label string
	order string
}

// lineSection groups rows into one line per (series label) and a wide
// table: one row per year, one column per line. Lines have their own dash
// pattern and marker shape besides their colour; one year is drawn as bars,
// which read better than lone dots.
func lineSection(id, title, desc, ylabel string, rows []data.Row, label func(data.Row) string, lang string) Section {
	bySeries := map[string]map[int]data.Row{}
	years := map[int]bool{}
	var names []string
	for _, r := range rows {
		l := label(r)
		if bySeries[l] == nil {
			bySeries[l] = map[int]data.Row{}
			names = append(names, l)
		}
		bySeries[l][r.Year] = r
		years[r.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	common := chart.Common{ID: id, Title: title, Desc: desc, Lang: lang, Width: 720}
	var svg []byte
	if len(ys) == 1 {
		bars := chart.BarChart{Common: common, XLabel: ylabel, Labels: names, Series: []chart.BarSeries{{Name: ylabel}}}
		for _, n := range names {
			bars.Series[0].Values = append(bars.Series[0].Values, rowValue(bySeries[n][ys[0]]))
		}
		svg = chart.Bar(bars)
	} else {
		// Each line has its own years: a release with 2019 and one with
		// 2020 are each joined across the other's year, and only a value
		// the source does not give breaks a line.
		lc := chart.LineChart{Common: common, YLabel: ylabel, Markers: true, Dashes: true}
		for _, n := range names {
			s := chart.Series{Name: n}
			for _, y := range ys {
				if r, ok := bySeries[n][y]; ok {
					s.X = append(s.X, float64(y))
					s.Y = append(s.Y, rowValue(r))
				}
			}
			lc.Series = append(lc.Series, s)
		}
		svg = chart.Line(lc)
	}
	sec := Section{ID: id, Title: title, Desc: desc, Chart: template.HTML(svg), Columns: append([]string{""}, names...)}
	for _, y := range ys {
		row := []string{strconv.Itoa(y)}
		for _, n := range names {
			row = append(row, cellText(bySeries[n][y]))
		}
		sec.Table = append(sec.Table, row)
	}
	return sec
}

// rowValue is the value a chart draws for a row: NaN (a gap, "–") when
// the source gives no number.
func rowValue(r data.Row) float64 {
	if r.Value == nil {
		return math.NaN()
	}
	return *r.Value
}

func cellText(r data.Row) string {
	if r.Value == nil {
		if r.Flag != "" {
			return r.Flag
		}
		return "–"
	}
	return formatNumber(*r.Value)
}

// formatNumber writes 1234567.8 as "1,234,568" (and small values with decimals).
func formatNumber(v float64) string {
	if v != float64(int64(v)) && v < 1000 && v > -1000 {
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10) // half away from zero, negatives too
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// barSection draws one bar per row, labelled with the partner's name, and
// lists name, code and value in the table.
func barSection(id, title, desc, unit string, rows []data.Row, partner func(data.Row) string, lang string) Section {
	bars := chart.BarChart{Common: chart.Common{ID: id, Title: title, Desc: desc, Lang: lang, Unit: unit, Width: 720}, Series: []chart.BarSeries{{Name: title}}}
	sec := Section{ID: id, Title: title, Desc: desc}
	for _, r := range rows {
		name := data.AreaName(partner(r), lang)
		bars.Labels = append(bars.Labels, name)
		bars.Series[0].Values = append(bars.Series[0].Values, rowValue(r))
		sec.Table = append(sec.Table, []string{name, partner(r), cellText(r)})
	}
	sec.Chart = template.HTML(chart.Bar(bars))
	return sec
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
	type line struct{ id, measure, side, title, unit string }
	for _, l := range []line{
		{"immigrants", "migrant_stock", "destination", "data.chart.immigrants", "data.unit.people"},
		{"migrant-share", importers.MigrantShare, "destination", "data.chart.migrant_share", "data.unit.percent"},
		{"population", importers.Population, "destination", "data.chart.population", "data.unit.thousands"},
		{"emigrants", "migrant_stock", "origin", "data.chart.emigrants", "data.unit.people"},
		{"refugees-hosted", "refugees", "destination", "data.chart.refugees_hosted", "data.unit.people"},
		{"refugee-stock", importers.RefugeeStock, "destination", "data.chart.refugee_stock", "data.unit.people"},
		{"refugees-origin", "refugees", "origin", "data.chart.refugees_origin", "data.unit.people"},
		{"remittances-in", "remittances", "destination", "data.chart.remittances_in", "data.unit.usd_million"},
		{"remittances-out", "remittances", "origin", "data.chart.remittances_out", "data.unit.usd_million"},
	} {
		rows, err := s.Totals(ctx, l.measure, l.side, area.Code, datasets)
		if err != nil {
			return nil, err
		}
		title := t(l.title, area.Name)
		add(rows, lineSection(l.id, title, t("data.chart.line_desc", title), t(l.unit), rows, label, lang))
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
		add(rows, lineSection(f.id, title, t("data.chart.flows_desc", title), t("data.unit.people"), rows, func(r data.Row) string {
			return t("data.measure."+r.Measure) + " · " + dm[r.Dataset].Short()
		}, lang))
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
		v.Rows = append(v.Rows, rows...)
	}
	if r, ok := geo.ByCode(area.Code); ok && r.SubRegionCode != "" {
		if reg, ok := geo.RegionByCode(r.SubRegionCode); ok {
			v.Links = append(v.Links, data.Link{Label: reg.Name, URL: "/data/regions/" + reg.Code})
		}
	}
	v.Links = append(v.Links, data.Link{Label: t("data.compare.link"), URL: "/data/compare?countries=" + url.QueryEscape(area.Code)})
	if s.LawCountryURL != nil && len(area.Code) == 3 && area.Code[0] > '9' {
		v.Links = append(v.Links, data.Link{Label: t("data.country.law"), URL: s.LawCountryURL(area.Code)})
	}
	finish(v, "/data/countries/"+area.Code, datasets, dm)
	return v, nil
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
	for _, m := range measures {
		title := t("data.chart.corridor", t("data.measure."+m), a.Name, b.Name)
		sec := lineSection("corridor-"+m, title, t("data.chart.line_desc", title), t("data.measure."+m), byMeasure[m], func(r data.Row) string {
			l := r.Origin + " → " + r.Destination + " · " + dm[r.Dataset].Short()
			if r.Sex != "total" {
				l += " — " + t("data.sex."+r.Sex)
			}
			return l
		}, lang)
		sec.Columns[0] = t("data.year")
		v.Sections = append(v.Sections, sec)
	}
	v.Rows = rows
	v.Links = []data.Link{
		{Label: b.Name + " → " + a.Name, URL: "/data/corridors/" + b.Code + "/" + a.Code},
		{Label: a.Name, URL: "/data/countries/" + a.Code},
		{Label: b.Name, URL: "/data/countries/" + b.Code},
	}
	v.HasHook = true
	if s.Instruments != nil {
		links, err := s.Instruments(ctx, a.Code, b.Code)
		if err != nil {
			return nil, err
		}
		v.Instruments = links
	}
	finish(v, "/data/corridors/"+a.Code+"/"+b.Code, datasets, dm)
	return v, nil
}

// BuildRegion assembles a region view: its total over time and its members.
func (h *Handlers) BuildRegion(ctx context.Context, code string, datasets []int64, lang string, t tr) (*View, error) {
	s := h.S
	reg, ok := geo.RegionByCode(code)
	if !ok {
		return nil, ParseAreaErr()
	}
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Kind: "region", Area: data.Area{Code: reg.Code, Name: reg.Name, IsRegion: true}, Heading: reg.Name}
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
	if len(rows) > 0 {
		title := t("data.chart.immigrants", reg.Name)
		sec := lineSection("region-immigrants", title, t("data.chart.line_desc", title), t("data.unit.people"), rows, label, lang)
		sec.Columns[0] = t("data.year")
		v.Sections = append(v.Sections, sec)
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
		title := t("data.chart.members", reg.Name)
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
			v.Links = append(v.Links, data.Link{Label: p.Name, URL: "/data/regions/" + p.Code})
		}
	}
	finish(v, "/data/regions/"+reg.Code, datasets, dm)
	return v, nil
}

// ParseAreaErr is the error of an unknown area code.
func ParseAreaErr() error { _, err := data.ParseArea("?"); return err }

// finish fills the datasets shown, the permalink and the citation.
func finish(v *View, path string, datasets []int64, dm map[int64]data.Dataset) {
	used := map[int64]bool{}
	for _, r := range v.Rows {
		used[r.Dataset] = true
	}
	var ids []int64
	for id := range used {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var cites []string
	for _, id := range ids {
		v.Datasets = append(v.Datasets, dm[id])
		cites = append(cites, dm[id].Cite())
	}
	for i := range v.Rows {
		v.Rows[i].Release = dm[v.Rows[i].Dataset].Release
		v.Rows[i].Unit = importers.Units[v.Rows[i].Measure]
	}
	if len(datasets) > 0 {
		ids = datasets
	}
	q := url.Values{}
	if len(ids) > 0 {
		var parts []string
		for _, id := range ids {
			parts = append(parts, strconv.FormatInt(id, 10))
		}
		q.Set("datasets", strings.Join(parts, ","))
	}
	v.Path, v.Query = path, q
	v.Permalink = path
	if d := q.Get("datasets"); d != "" {
		v.Permalink += "?datasets=" + d // ids and commas only: readable as is
	}
	v.Cite = strings.Join(cites, " ")
}

// ExportURL is the view's URL in another format.
func (v *View) ExportURL(format string) string {
	q := url.Values{}
	for k, vs := range v.Query {
		q[k] = vs
	}
	q.Set("format", format)
	return v.Path + "?" + q.Encode()
}

// ChartURL is the URL of one chart as an SVG download.
func (v *View) ChartURL(id string) string {
	q := url.Values{}
	for k, vs := range v.Query {
		q[k] = vs
	}
	q.Set("format", "svg")
	q.Set("chart", id)
	return v.Path + "?" + q.Encode()
}

// TableCell is one cell of a section's table as the page shows it: text,
// and the path it links to when Href is set. The template escapes both.
type TableCell struct {
	Text string
	Href string
}

// Cells is the table for the template.
func (sec Section) Cells() [][]TableCell {
	out := make([][]TableCell, len(sec.Table))
	for i, r := range sec.Table {
		for j, c := range r {
			cell := TableCell{Text: c}
			if j == 0 && i < len(sec.RowLinks) {
				cell.Href = sec.RowLinks[i]
			}
			out[i] = append(out[i], cell)
		}
	}
	return out
}

// linkRow makes row i's first cell a link to path.
func (sec *Section) linkRow(i int, path string) {
	for len(sec.RowLinks) <= i {
		sec.RowLinks = append(sec.RowLinks, "")
	}
	sec.RowLinks[i] = path
}

// countryPath and corridorPath are the pages of an area and a corridor.
func countryPath(code string) string { return "/data/countries/" + url.PathEscape(code) }
func corridorPath(origin, destination string) string {
	return "/data/corridors/" + url.PathEscape(origin) + "/" + url.PathEscape(destination)
}

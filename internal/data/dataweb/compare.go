package dataweb

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// CompareMeasure is one series a comparison can show: a measure seen from
// one side (immigrants are migrant_stock with the country as destination).
type CompareMeasure struct {
	Key, Measure, Side, Label, Unit string
}

// CompareMeasures are the series the comparison page offers.
var CompareMeasures = []CompareMeasure{
	{"immigrants", "migrant_stock", "destination", "data.compare.m.immigrants", "data.unit.people"},
	{"emigrants", "migrant_stock", "origin", "data.compare.m.emigrants", "data.unit.people"},
	{"refugees-hosted", "refugees", "destination", "data.compare.m.refugees_hosted", "data.unit.people"},
	{"refugees-origin", "refugees", "origin", "data.compare.m.refugees_origin", "data.unit.people"},
	{"remittances-in", "remittances", "destination", "data.compare.m.remittances_in", "data.unit.usd_million"},
	{"remittances-out", "remittances", "origin", "data.compare.m.remittances_out", "data.unit.usd_million"},
	{"migrant-share", importers.MigrantShare, "destination", "data.compare.m.migrant_share", "data.unit.percent"},
	{"refugee-stock", importers.RefugeeStock, "destination", "data.compare.m.refugee_stock", "data.unit.people"},
	{"asylum-applications", importers.AsylumApplications, "destination", "data.compare.m.asylum_applications", "data.unit.people"},
	{"refugee-arrivals", importers.RefugeeArrivals, "destination", "data.compare.m.refugee_arrivals", "data.unit.people"},
}

// CompareSexes are the sex choices of a comparison: both sexes together
// (the default), women only, men only, or "sexes" — women and men as two
// lines per country, the per-sex comparison.
var CompareSexes = []string{"total", "female", "male", "sexes"}

// sexes lists the stored sexes a choice draws, in line order.
func compareSexRows(choice string) []string {
	if choice == "sexes" {
		return []string{"female", "male"}
	}
	return []string{choice}
}

// MaxCompare caps the countries on one comparison chart.
const MaxCompare = 8

// CompareQuery is what a comparison shows.
type CompareQuery struct {
	Countries        []string // area codes, in the order given
	Measure          string   // a CompareMeasures key
	YearFrom, YearTo int      // 0: open
	Datasets         []int64
	Sex              string // a CompareSexes value; "" is "total"
}

func compareMeasure(key string) (CompareMeasure, bool) {
	for _, m := range CompareMeasures {
		if m.Key == key {
			return m, true
		}
	}
	return CompareMeasure{}, false
}

// ParseCompare reads a comparison query: countries=MEX,USA,DEU (or the
// parameter repeated, as a multiple select sends it), measure, years
// (2010 or 1990-2019) and datasets.
func ParseCompare(q url.Values) (CompareQuery, error) {
	var c CompareQuery
	fields := errs.Fields{}
	seen := map[string]bool{}
	for _, v := range q["countries"] {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			a, ok := data.LookupArea(part, "en")
			if !ok {
				fields.Add("countries", "data.error.no_area")
				continue
			}
			if !seen[a.Code] {
				seen[a.Code] = true
				c.Countries = append(c.Countries, a.Code)
			}
		}
	}
	if len(c.Countries) > MaxCompare {
		fields.Add("countries", "data.error.countries")
	}
	c.Measure = q.Get("measure")
	if c.Measure == "" {
		c.Measure = CompareMeasures[0].Key
	} else if _, ok := compareMeasure(c.Measure); !ok {
		fields.Add("measure", "data.error.measure")
	}
	c.Sex = q.Get("sex")
	if c.Sex == "" {
		c.Sex = "total"
	} else if !slices.Contains(CompareSexes, c.Sex) {
		fields.Add("sex", "data.error.compare_sex")
	}
	if y := strings.TrimSpace(q.Get("years")); y != "" {
		from, to, ok := strings.Cut(y, "-")
		a, errA := strconv.Atoi(strings.TrimSpace(from))
		b := a
		var errB error
		if ok {
			b, errB = strconv.Atoi(strings.TrimSpace(to))
		}
		switch {
		case errA != nil || errB != nil || a < 1800 || a > 2200 || b < 1800 || b > 2200:
			fields.Add("years", "data.error.years_range")
		case b < a:
			fields.Add("years", "data.error.years")
		default:
			c.YearFrom, c.YearTo = a, b
		}
	}
	ids, err := data.ParseIDs(q.Get("datasets"))
	if err != nil {
		fields.Add("datasets", "data.error.datasets")
	}
	c.Datasets = ids
	return c, fields.Err()
}

// Values is the query string of the comparison (its permalink).
func (c CompareQuery) Values() url.Values {
	q := url.Values{}
	if len(c.Countries) > 0 {
		q.Set("countries", strings.Join(c.Countries, ","))
	}
	q.Set("measure", c.Measure)
	if c.Sex != "" && c.Sex != "total" {
		q.Set("sex", c.Sex)
	}
	if c.YearFrom > 0 {
		y := strconv.Itoa(c.YearFrom)
		if c.YearTo != c.YearFrom {
			y += "-" + strconv.Itoa(c.YearTo)
		}
		q.Set("years", y)
	}
	if len(c.Datasets) > 0 {
		var parts []string
		for _, id := range c.Datasets {
			parts = append(parts, strconv.FormatInt(id, 10))
		}
		q.Set("datasets", strings.Join(parts, ","))
	}
	return q
}

// BuildCompare puts several countries' series of one measure on one chart.
// All lines come from one dataset release, so that they are comparable:
// the given one, or else the one that covers most of the countries (then
// the newest). The permalink names it.
func (h *Handlers) BuildCompare(ctx context.Context, c CompareQuery, lang string, t tr) (*View, error) {
	s := h.S
	m, ok := compareMeasure(c.Measure)
	if !ok {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "data.error.measure", Fields: map[string]string{"measure": "data.error.measure"}}
	}
	dm, err := s.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	v := &View{Kind: "compare", Heading: t("data.compare.title")}
	if c.Sex == "" {
		c.Sex = "total"
	}
	sexes := compareSexRows(c.Sex)
	var names []string
	byCountry := map[string][]data.Row{}
	cover := map[int64]map[string]bool{}
	lastYear := map[int64]int{}
	for _, code := range c.Countries {
		a, _ := data.LookupArea(code, lang)
		names = append(names, a.Name)
		rows, err := s.Totals(ctx, m.Measure, m.Side, code, c.Datasets)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if !slices.Contains(sexes, r.Sex) || c.YearFrom > 0 && (r.Year < c.YearFrom || r.Year > c.YearTo) {
				continue
			}
			byCountry[code] = append(byCountry[code], r)
			if r.Value != nil {
				if cover[r.Dataset] == nil {
					cover[r.Dataset] = map[string]bool{}
				}
				cover[r.Dataset][code] = true
				lastYear[r.Dataset] = max(lastYear[r.Dataset], r.Year)
			}
		}
	}
	var best int64
	for id := range cover {
		switch {
		case best == 0,
			len(cover[id]) > len(cover[best]),
			len(cover[id]) == len(cover[best]) && lastYear[id] > lastYear[best],
			len(cover[id]) == len(cover[best]) && lastYear[id] == lastYear[best] && id > best:
			best = id
		}
	}
	v.Heading = t("data.compare.heading", t(m.Label), strings.Join(names, ", "))
	if c.Sex != "total" {
		v.Heading = t("data.compare.heading_sex", t(m.Label), t("data.compare.by."+c.Sex), strings.Join(names, ", "))
	}
	if best != 0 {
		// One line per country and drawn sex.
		type line struct{ code, sex, name string }
		var lines []line
		for i, code := range c.Countries {
			for _, sex := range sexes {
				name := names[i]
				if len(sexes) > 1 {
					name += " — " + t("data.sex."+sex)
				}
				lines = append(lines, line{code, sex, name})
			}
		}
		years := map[int]bool{}
		vals := map[line]map[int]data.Row{}
		for _, l := range lines {
			vals[l] = map[int]data.Row{}
		}
		for _, l := range lines {
			for _, r := range byCountry[l.code] {
				if r.Dataset == best && r.Sex == l.sex {
					vals[l][r.Year] = r
					years[r.Year] = true
					v.Rows = append(v.Rows, r)
				}
			}
		}
		var ys []int
		for y := range years {
			ys = append(ys, y)
		}
		sort.Ints(ys)
		title := v.Heading
		desc := t("data.compare.desc", title, dm[best].Label())
		lc := chart.LineChart{Common: chart.Common{Title: title, Desc: desc, Lang: lang, ID: "compare"}, YLabel: t(m.Unit), Markers: true, Dashes: len(sexes) > 1}
		for _, y := range ys {
			lc.X = append(lc.X, float64(y))
		}
		sec := Section{ID: "compare", Title: title, Desc: desc, Note: dm[best].Label(), Columns: []string{t("data.year")}}
		for _, l := range lines {
			sec.Columns = append(sec.Columns, l.name)
			sr := chart.Series{Name: l.name}
			for _, y := range ys {
				sr.Y = append(sr.Y, rowValue(vals[l][y]))
			}
			lc.Series = append(lc.Series, sr)
		}
		for _, y := range ys {
			row := []string{strconv.Itoa(y)}
			for _, l := range lines {
				row = append(row, cellText(vals[l][y], lang))
			}
			sec.Table = append(sec.Table, row)
		}
		sec.Chart, sec.Narrow = lineWidths(lc)
		v.Sections = append(v.Sections, sec)
	}
	for i, code := range c.Countries {
		v.Links = append(v.Links, data.Link{Label: names[i], URL: "/data/countries/" + code})
	}
	ids := c.Datasets
	if len(ids) == 0 && best != 0 {
		ids = []int64{best}
	}
	finish(v, "/data/compare", ids, dm)
	pq := c
	pq.Datasets = ids
	v.Query = pq.Values()
	v.Permalink = "/data/compare?" + permalinkQuery(v.Query)
	return v, nil
}

// permalinkQuery encodes q keeping commas readable (codes and ids only).
func permalinkQuery(q url.Values) string {
	return strings.ReplaceAll(q.Encode(), "%2C", ",")
}

// compareData is the comparison page: the form and, once countries are
// chosen, the view.
type compareData struct {
	Countries []data.Area
	Measures  []CompareMeasure
	Selected  map[string]bool
	Measure   string
	Years     string
	Sexes     []string
	Sex       string
	View      *View
}

func (h *Handlers) compare(w http.ResponseWriter, r *http.Request) error {
	lang := web.LangFrom(r.Context())
	q, perr := ParseCompare(r.URL.Query())
	d := compareData{Measures: CompareMeasures, Selected: map[string]bool{}, Measure: q.Measure, Years: r.URL.Query().Get("years"), Sexes: CompareSexes, Sex: q.Sex}
	for _, c := range q.Countries {
		d.Selected[c] = true
	}
	// The places with data, and any chosen without, so it can be unticked.
	has, err := h.S.CountriesWithData(r.Context(), lang)
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, a := range has {
		listed[a.Code] = true
	}
	for _, a := range data.Countries(lang) {
		if listed[a.Code] || d.Selected[a.Code] {
			d.Countries = append(d.Countries, a)
		}
	}
	p := web.Page{Title: "data.compare.title", Data: &d}
	if perr != nil {
		f := web.NewForm()
		f.Values["years"] = d.Years
		p.Form = f
		return h.Web.RenderFormError(w, r, "data_compare", p, perr)
	}
	if len(q.Countries) > 0 {
		v, err := h.BuildCompare(r.Context(), q, lang, h.t(r))
		if err != nil {
			return err
		}
		v.AbsPermalink = strings.TrimSuffix(h.Web.Config.BaseURL, "/") + v.Permalink
		if done, err := writeExport(w, r, v, "corridor-compare-"+strings.Join(q.Countries, "-"), h.t(r)); done || err != nil {
			return err
		}
		d.View = v
		p.Title = v.Heading
	}
	h.Web.Render(w, r, "data_compare", p)
	return nil
}

func (h *Handlers) apiCompare(w http.ResponseWriter, r *http.Request) error {
	q, err := ParseCompare(r.URL.Query())
	if err != nil {
		return err
	}
	if len(q.Countries) == 0 {
		fields := errs.Fields{}
		fields.Add("countries", "data.error.compare_none")
		return fields.Err()
	}
	v, err := h.BuildCompare(r.Context(), q, web.LangFrom(r.Context()), h.t(r))
	if err != nil {
		return err
	}
	return h.writeViewJSON(w, v)
}

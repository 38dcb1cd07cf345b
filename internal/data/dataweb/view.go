package dataweb

import (
	"context"
	"corridor/internal/links"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/web"
)

// View is what an explore page shows and exports.
type View struct {
	Kind    string
	Heading string
	Lead    string
	// KeyFigures open the page: the latest of each headline series.
	KeyFigures []KeyFigure `json:"-"`
	Area       data.Area
	Area2      data.Area
	Sections   []Section
	Datasets   []data.Dataset
	Rows       []data.Row
	Path       string
	Query      url.Values
	Permalink  string
	// AbsPermalink is the permalink with the site's base URL (for citing).
	AbsPermalink string
	Cite         string
	// Links lists related pages (the reverse corridor, the region…).
	Links []data.Link
	// Instruments are the legal instruments covering a corridor: what
	// links to it with the relation governs (Hooks.Evidence).
	Instruments []data.Link
	HasHook     bool
	// Evidence is what else links to the corridor or country (research
	// using its data…), grouped by relation; pages only, not the API.
	Evidence links.Groups `json:"-"`
}

// Section is one chart with its data table.
type Section struct {
	ID    string
	Title string
	Desc  string
	Chart template.HTML
	// Narrow is the chart drawn for a phone's width, shown instead of
	// Chart on narrow screens (nil: Chart scales).
	Narrow  template.HTML `json:"-"`
	Columns []string
	Table   [][]string // plain text, escaped when rendered
	// RowLinks, when set, holds the path each row's first cell links to
	// ("" for none), built from typed values, never from a cell's text.
	RowLinks []string
	Note     string
	// Coverage says which totals are sums and over how many areas.
	Coverage string
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

// countryPath and corridorPath are the pages of an area and a corridor.
func countryPath(code string) string { return "/data/countries/" + url.PathEscape(code) }

func corridorPath(origin, destination string) string {
	return "/data/corridors/" + url.PathEscape(origin) + "/" + url.PathEscape(destination)
}

// viewBuilder makes a view from the request's datasets, language and
// translations.
type viewBuilder func(ctx context.Context, ids []int64, lang string, t tr) (*View, error)

func (h *Handlers) view(w http.ResponseWriter, r *http.Request, v *View, name string) error {
	v.AbsPermalink = strings.TrimSuffix(h.Web.Config.BaseURL, "/") + v.Permalink
	done, err := writeExport(w, r, v, name, h.t(r))
	if done || err != nil {
		return err
	}
	h.Web.Render(w, r, "data_view", web.Page{Title: v.Heading, Data: v})
	return nil
}

// areaView serves the view build makes from the request's datasets,
// language and translations, exported under name(v).
func (h *Handlers) areaView(w http.ResponseWriter, r *http.Request, build viewBuilder, name func(v *View) string) error {
	v, err := h.buildFor(r, build)
	if err != nil {
		return err
	}
	return h.view(w, r, v, name(v))
}

// apiView answers a view as JSON: the same document as its JSON export,
// with the absolute permalink.
func (h *Handlers) apiView(w http.ResponseWriter, r *http.Request, build viewBuilder) error {
	v, err := h.buildFor(r, build)
	if err != nil {
		return err
	}
	return h.writeViewJSON(w, v)
}

// buildFor builds a view for the request: its ?datasets=, its language
// and its translations.
func (h *Handlers) buildFor(r *http.Request, build viewBuilder) (*View, error) {
	ids, err := datasetsParam(r)
	if err != nil {
		return nil, err
	}
	return build(r.Context(), ids, web.LangFrom(r.Context()), h.t(r))
}

func (h *Handlers) writeViewJSON(w http.ResponseWriter, v *View) error {
	doc := viewJSON(v)
	doc["permalink"] = strings.TrimSuffix(h.Web.Config.BaseURL, "/") + v.Permalink
	return web.WriteJSON(w, http.StatusOK, doc)
}

// withCoverage states, under a chart of totals, which of them are sums over
// the partners with data rather than the publisher's own total, and how
// many areas the latest such sum of each dataset adds up.
func withCoverage(sec Section, rows []data.Row, dm map[int64]data.Dataset, t tr) Section {
	latest := map[int64]data.Row{}
	var order []int64
	for _, r := range rows {
		if r.Flag != "sum" || r.Sex != "total" {
			continue
		}
		prev, seen := latest[r.Dataset]
		if !seen {
			order = append(order, r.Dataset)
		}
		if !seen || r.Year > prev.Year {
			latest[r.Dataset] = r
		}
	}
	var parts []string
	for _, id := range order {
		r := latest[id]
		parts = append(parts, t("data.coverage", dm[id].Short(), r.Parts, r.Year))
	}
	sec.Coverage = strings.Join(parts, " ")
	return sec
}

// withEstimateNotes puts, under a chart with Corridor's own flow
// estimates, what each estimate is: not a published figure, and its
// method, inputs and caveats (the estimate dataset's notes, which say which
// stock table and years it used and which inputs it lacked), so a flow is
// never read as an observation.
func withEstimateNotes(sec Section, rows []data.Row, dm map[int64]data.Dataset, t tr) Section {
	seen := map[int64]bool{}
	var parts []string
	if sec.Coverage != "" {
		parts = append(parts, sec.Coverage)
	}
	for _, r := range rows {
		ds := dm[r.Dataset]
		if seen[r.Dataset] || ds.Source != "estimate" {
			continue
		}
		seen[r.Dataset] = true
		parts = append(parts, t("data.estimate_note", ds.Short(), ds.Notes))
	}
	sec.Coverage = strings.Join(parts, " ")
	return sec
}

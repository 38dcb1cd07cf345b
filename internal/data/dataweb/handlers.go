package dataweb

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/jobs"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Handlers serves the data pages and API.
type Handlers struct {
	S   *data.Service
	Web *web.Server
}

// Mount adds the data domain's templates, routes and job handlers.
func Mount(svc *data.Service, srv *web.Server, runner *jobs.Runner) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return err
	}
	h := &Handlers{S: svc, Web: srv}
	srv.AddRoutes(h.Routes()...)
	if runner != nil {
		runner.Handle(data.JobImport, svc.HandleImportJob)
		runner.Handle(data.JobRerun, svc.HandleRerunJob)
		runner.Handle(data.JobCleanStaged, svc.HandleCleanStagedJob)
		if err := svc.ScheduleStagedCleanup(context.Background()); err != nil {
			return err
		}
	}
	return nil
}

// Routes lists the data domain's endpoints.
func (h *Handlers) Routes() []web.Route {
	pub, cur := accounts.PermPublic, accounts.PermCurateData
	return []web.Route{
		{Method: "GET", Pattern: "/data", Perm: pub, Handler: h.index},
		{Method: "GET", Pattern: "/data/datasets/{dataset}", Perm: pub, Handler: h.dataset},
		{Method: "GET", Pattern: "/data/countries/{code}", Perm: pub, Handler: h.country},
		{Method: "GET", Pattern: "/data/corridors/{from}/{to}", Perm: pub, Handler: h.corridorPage},
		{Method: "GET", Pattern: "/data/regions/{code}", Perm: pub, Handler: h.region},
		{Method: "GET", Pattern: "/data/compare", Perm: pub, Handler: h.compare},

		{Method: "GET", Pattern: "/data/import", Perm: cur, Handler: h.importForm},
		{Method: "POST", Pattern: "/data/import", Perm: cur, Handler: h.importUpload, MaxBody: data.MaxUpload},
		{Method: "GET", Pattern: "/data/import/map", Perm: cur, Handler: h.importMapForm},
		{Method: "POST", Pattern: "/data/import/map", Perm: cur, Handler: h.importMap},
		{Method: "GET", Pattern: "/data/names", Perm: cur, Handler: h.names},
		{Method: "POST", Pattern: "/data/names", Perm: cur, Handler: h.setAlias},
		{Method: "POST", Pattern: "/data/datasets/{dataset}/rerun", Perm: cur, Handler: h.rerun},
		{Method: "POST", Pattern: "/data/datasets/{dataset}/estimate", Perm: cur, Handler: h.estimate},

		{Method: "GET", Pattern: "/api/v1/data/datasets", Perm: pub, Handler: h.apiDatasets, API: true},
		{Method: "GET", Pattern: "/api/v1/data/datasets/{dataset}", Perm: pub, Handler: h.apiDataset, API: true},
		{Method: "GET", Pattern: "/api/v1/data/datasets/{dataset}/indices", Perm: pub, Handler: h.apiIndices, API: true},
		{Method: "GET", Pattern: "/api/v1/data/countries", Perm: pub, Handler: h.apiCountries, API: true},
		{Method: "GET", Pattern: "/api/v1/data/observations", Perm: pub, Handler: h.apiObservations, API: true},
		{Method: "GET", Pattern: "/api/v1/data/corridors/{from}/{to}", Perm: pub, Handler: h.apiCorridor, API: true},
		{Method: "GET", Pattern: "/api/v1/data/countries/{code}", Perm: pub, Handler: h.apiCountry, API: true},
		{Method: "GET", Pattern: "/api/v1/data/regions/{code}", Perm: pub, Handler: h.apiRegion, API: true},
		{Method: "GET", Pattern: "/api/v1/data/compare", Perm: pub, Handler: h.apiCompare, API: true},
		{Method: "POST", Pattern: "/api/v1/data/datasets/{dataset}/estimate", Perm: cur, Handler: h.apiEstimate, API: true},
	}
}

func (h *Handlers) t(r *http.Request) tr {
	return func(key string, args ...any) string { return h.Web.T(r, key, args...) }
}

func datasetsParam(r *http.Request) ([]int64, error) {
	return data.ParseIDs(r.URL.Query().Get("datasets"))
}

// indexData is the /data page.
type indexData struct {
	Datasets  []data.Dataset
	Countries []data.Area
	Regions   []geo.Region
	Curator   bool
}

func (h *Handlers) index(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if c := q.Get("country"); c != "" {
		if a, ok := data.LookupArea(c, "en"); ok {
			http.Redirect(w, r, "/data/countries/"+url.PathEscape(a.Code), http.StatusSeeOther)
			return nil
		}
	}
	if f, t := q.Get("from"), q.Get("to"); f != "" && t != "" {
		a, okA := data.LookupArea(f, "en")
		b, okB := data.LookupArea(t, "en")
		if okA && okB {
			http.Redirect(w, r, "/data/corridors/"+url.PathEscape(a.Code)+"/"+url.PathEscape(b.Code), http.StatusSeeOther)
			return nil
		}
	}
	ds, err := h.S.Datasets(r.Context(), 0, 200)
	if err != nil {
		return err
	}
	lang := web.LangFrom(r.Context())
	d := indexData{Datasets: ds, Countries: data.Countries(lang)}
	for _, reg := range geo.Regions() {
		if reg.Level == geo.LevelWorld || reg.Level == geo.LevelRegion || reg.Level == geo.LevelSubregion {
			d.Regions = append(d.Regions, reg)
		}
	}
	if u := web.UserFrom(r.Context()); u != nil && accounts.Can(u.Role, accounts.PermCurateData) {
		d.Curator = true
	}
	h.Web.Render(w, r, "data_index", web.Page{Title: "data.title", Data: d})
	return nil
}

func (h *Handlers) view(w http.ResponseWriter, r *http.Request, v *View, name string) error {
	v.AbsPermalink = strings.TrimSuffix(h.Web.Config.BaseURL, "/") + v.Permalink
	done, err := writeExport(w, r, v, name)
	if done || err != nil {
		return err
	}
	h.Web.Render(w, r, "data_view", web.Page{Title: v.Heading, Data: v})
	return nil
}

// areaView serves the view build makes from the request's datasets,
// language and translations, exported under name(v).
func (h *Handlers) areaView(w http.ResponseWriter, r *http.Request, build viewBuilder, name func(v *View) string) error {
	ids, err := datasetsParam(r)
	if err != nil {
		return err
	}
	v, err := build(r.Context(), ids, web.LangFrom(r.Context()), h.t(r))
	if err != nil {
		return err
	}
	return h.view(w, r, v, name(v))
}

func (h *Handlers) country(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, h.buildCountry(r), func(v *View) string { return "corridor-" + v.Area.Code })
}

// viewBuilder makes a view from the request's datasets, language and
// translations.
type viewBuilder func(ctx context.Context, ids []int64, lang string, t tr) (*View, error)

func (h *Handlers) buildCountry(r *http.Request) viewBuilder {
	return func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildCountry(ctx, r.PathValue("code"), ids, lang, t)
	}
}

func (h *Handlers) buildRegion(r *http.Request) viewBuilder {
	return func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildRegion(ctx, r.PathValue("code"), ids, lang, t)
	}
}

// apiView answers a view as JSON: the same document as its JSON export,
// with the absolute permalink.
func (h *Handlers) apiView(w http.ResponseWriter, r *http.Request, build viewBuilder) error {
	ids, err := datasetsParam(r)
	if err != nil {
		return err
	}
	v, err := build(r.Context(), ids, web.LangFrom(r.Context()), h.t(r))
	if err != nil {
		return err
	}
	return h.writeViewJSON(w, v)
}

func (h *Handlers) writeViewJSON(w http.ResponseWriter, v *View) error {
	doc := viewJSON(v)
	doc["permalink"] = strings.TrimSuffix(h.Web.Config.BaseURL, "/") + v.Permalink
	return web.WriteJSON(w, http.StatusOK, doc)
}

func (h *Handlers) apiCountry(w http.ResponseWriter, r *http.Request) error {
	return h.apiView(w, r, h.buildCountry(r))
}

func (h *Handlers) apiRegion(w http.ResponseWriter, r *http.Request) error {
	return h.apiView(w, r, h.buildRegion(r))
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

func (h *Handlers) corridorPage(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, func(ctx context.Context, ids []int64, lang string, t tr) (*View, error) {
		return h.BuildCorridor(ctx, r.PathValue("from"), r.PathValue("to"), ids, lang, t)
	}, func(v *View) string { return "corridor-" + v.Area.Code + "-" + v.Area2.Code })
}

func (h *Handlers) region(w http.ResponseWriter, r *http.Request) error {
	return h.areaView(w, r, h.buildRegion(r), func(v *View) string { return "corridor-region-" + v.Area.Code })
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
	d := compareData{Countries: data.Countries(lang), Measures: CompareMeasures, Selected: map[string]bool{}, Measure: q.Measure, Years: r.URL.Query().Get("years"), Sexes: CompareSexes, Sex: q.Sex}
	for _, c := range q.Countries {
		d.Selected[c] = true
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
		if done, err := writeExport(w, r, v, "corridor-compare-"+strings.Join(q.Countries, "-")); done || err != nil {
			return err
		}
		d.View = v
		p.Title = v.Heading
	}
	h.Web.Render(w, r, "data_compare", p)
	return nil
}

func pathDataset(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("dataset"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "data.error.no_dataset")
	}
	return id, nil
}

type datasetData struct {
	Dataset   *data.Dataset
	View      *View
	Unmatched []data.Unmatched
	Measures  []data.DatasetMeasure
	Sample    []data.Row
	Curator   bool
	// Indices are the migration indices of the chosen year of a flow
	// dataset; IndicesView holds them as table sections.
	Indices     *data.FlowIndices
	IndicesView *View
}

func (h *Handlers) dataset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	ds, err := h.S.Dataset(r.Context(), id)
	if err != nil {
		return err
	}
	v := &View{Kind: "dataset", Heading: ds.Label(), Datasets: []data.Dataset{*ds}, Cite: ds.Cite()}
	v.Path = "/data/datasets/" + strconv.FormatInt(id, 10)
	v.Permalink = v.Path
	limit := 50
	if r.URL.Query().Get("format") != "" {
		limit = 0
	}
	obs, err := h.S.Observations(r.Context(), data.Filter{Datasets: []int64{id}, Limit: limit})
	if err != nil {
		return err
	}
	for _, o := range obs {
		v.Rows = append(v.Rows, data.Row{Dataset: id, Release: ds.Release, Measure: o.Measure, Origin: o.Origin, Destination: o.Destination, Year: o.Year, Sex: o.Sex, Value: o.Value, Flag: o.Flag, Unit: o.Unit})
	}
	fi, err := h.requestIndices(r)
	if errs.KindOf(err) == errs.NotFound {
		fi, err = nil, nil // no flows: no indices
	}
	if err != nil {
		return err
	}
	if fi != nil {
		if done, err := writeIndicesExport(w, r, fi); done || err != nil {
			return err
		}
	}
	if done, err := writeExport(w, r, v, "corridor-dataset-"+strconv.FormatInt(id, 10)); done || err != nil {
		return err
	}
	un, err := h.S.Unmatched(r.Context(), id)
	if err != nil {
		return err
	}
	measures, err := h.S.Measures(r.Context(), id)
	if err != nil {
		return err
	}
	d := datasetData{Dataset: ds, View: v, Unmatched: un, Sample: v.Rows, Measures: measures}
	if fi != nil {
		d.Indices = fi
		d.IndicesView = &View{Path: v.Path, Sections: indicesSections(fi.Report, "indices", "", web.LangFrom(r.Context()), h.t(r))}
	}
	if u := web.UserFrom(r.Context()); u != nil && accounts.Can(u.Role, accounts.PermCurateData) {
		d.Curator = true
	}
	h.Web.Render(w, r, "data_dataset", web.Page{Title: ds.Label(), Data: d})
	return nil
}

type importData struct {
	Formats []importers.Format
	Jobs    []jobs.Job
	Header  string
	Max     int64
}

func (h *Handlers) importPage(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	mine, jerr := h.S.ImportJobs(r.Context())
	if jerr != nil {
		return jerr
	}
	d := importData{Formats: importers.Formats(), Jobs: mine, Header: strings.Join(importers.TidyHeader, ","), Max: data.MaxUpload >> 20}
	p := web.Page{Title: "data.import.title", Data: d, Form: f}
	if err != nil {
		return h.Web.RenderFormError(w, r, "data_import", p, err)
	}
	h.Web.Render(w, r, "data_import", p)
	return nil
}

func (h *Handlers) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.importPage(w, r, nil, nil)
}

func (h *Handlers) importUpload(w http.ResponseWriter, r *http.Request) error {
	form := web.NewForm()
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return errs.New(errs.TooLarge, "error.body_too_large")
		}
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.upload", Fields: map[string]string{"file": "data.error.upload"}})
	}
	for _, k := range []string{"format", "release", "title", "strict"} {
		form.Values[k] = r.FormValue(k)
	}
	f, ok := importers.Lookup(form.Values["format"])
	if !ok {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.format", Fields: map[string]string{"format": "data.error.format"}})
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.upload", Fields: map[string]string{"file": "data.error.upload"}})
	}
	defer file.Close()
	name := cleanFileName(hdr.Filename)
	if err := f.Check(importers.Input{Name: name, R: file, Size: hdr.Size}); err != nil {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: err.Error(), Fields: map[string]string{"file": err.Error()}})
	}
	if importers.IsTidy(f.Name) {
		return h.stageTidy(w, r, f, form, name, file.(io.ReaderAt), hdr.Size)
	}
	user := web.UserFrom(r.Context())
	p := data.ImportPayload{Format: f.Name, FileName: name, Release: strings.TrimSpace(form.Values["release"]), Title: strings.TrimSpace(form.Values["title"]), Strict: form.Values["strict"] != "", UserID: user.ID}
	if err := h.S.QueueUpload(r.Context(), p, file.(io.ReaderAt), hdr.Size); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

func cleanFileName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	if i := strings.LastIndex(n, "/"); i >= 0 {
		n = n[i+1:]
	}
	if len(n) > 200 {
		n = n[:200]
	}
	if n == "" {
		n = "upload"
	}
	return n
}

func (h *Handlers) rerun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	if err := h.S.QueueRerun(r.Context(), id, web.UserFrom(r.Context()).ID); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

type namesData struct {
	Unmatched []data.Unmatched
	Aliases   []data.Alias
	Datasets  map[int64]data.Dataset
}

func (h *Handlers) namesPage(w http.ResponseWriter, r *http.Request, f *web.Form, ferr error) error {
	un, err := h.S.Unmatched(r.Context(), 0)
	if err != nil {
		return err
	}
	al, err := h.S.Aliases(r.Context())
	if err != nil {
		return err
	}
	dm, err := h.S.DatasetMap(r.Context())
	if err != nil {
		return err
	}
	p := web.Page{Title: "data.names.title", Data: namesData{Unmatched: un, Aliases: al, Datasets: dm}, Form: f}
	if ferr != nil {
		return h.Web.RenderFormError(w, r, "data_names", p, ferr)
	}
	h.Web.Render(w, r, "data_names", p)
	return nil
}

func (h *Handlers) names(w http.ResponseWriter, r *http.Request) error {
	return h.namesPage(w, r, nil, nil)
}

func (h *Handlers) setAlias(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "name", "code")
	if _, err := h.S.SetAlias(r.Context(), f.Values["name"], f.Values["code"]); err != nil {
		return h.namesPage(w, r, f, err)
	}
	h.Web.Redirect(w, r, "/data/names", "data.flash.alias_saved")
	return nil
}

// API

func (h *Handlers) apiDatasets(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := web.ListParams(r)
	if err != nil {
		return err
	}
	items, err := h.S.DatasetsAfter(r.Context(), after, limit+1)
	if err != nil {
		return err
	}
	page := web.ListPage[data.Dataset]{Items: items}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.NextCursor = web.EncodeCursor(page.Items[limit-1].ID)
	}
	return web.WriteJSON(w, http.StatusOK, page)
}

func (h *Handlers) apiDataset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	ds, err := h.S.Dataset(r.Context(), id)
	if err != nil {
		return err
	}
	un, err := h.S.Unmatched(r.Context(), id)
	if err != nil {
		return err
	}
	if un == nil {
		un = []data.Unmatched{}
	}
	measures, err := h.S.Measures(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"dataset": ds, "unmatched": un, "measures": measures})
}

func (h *Handlers) apiCountries(w http.ResponseWriter, r *http.Request) error {
	return web.WriteJSON(w, http.StatusOK, web.ListPage[data.Area]{Items: data.Countries(web.LangFrom(r.Context()))})
}

// ParseFilter reads the observation filters of a query string.
func ParseFilter(q url.Values) (data.Filter, error) {
	var f data.Filter
	fields := errs.Fields{}
	area := func(name string) string {
		v := q.Get(name)
		if v == "" {
			return ""
		}
		a, ok := data.LookupArea(v, "en")
		if !ok {
			fields.Add(name, "data.error.no_area")
			return ""
		}
		return a.Code
	}
	f.Origin, f.Destination = area("origin"), area("destination")
	if reg := q.Get("region"); reg != "" {
		if rg, ok := geo.RegionByCode(reg); ok {
			f.Region = rg.Code
		} else {
			fields.Add("region", "data.error.no_area")
		}
	}
	year := func(name string) int {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		y, err := strconv.Atoi(v)
		if err != nil || y < 1800 || y > 2200 {
			fields.Add(name, "data.error.year")
		}
		return y
	}
	f.YearFrom, f.YearTo = year("year_from"), year("year_to")
	if s := q.Get("sex"); s != "" {
		if s != "total" && s != "male" && s != "female" {
			fields.Add("sex", "data.error.sex")
		}
		f.Sex = s
	}
	f.Measure = q.Get("measure")
	if f.Measure != "" && len(f.Measure) > 40 {
		fields.Add("measure", "data.error.measure")
	}
	ids, err := data.ParseIDs(q.Get("dataset"))
	if err != nil {
		fields.Add("dataset", "data.error.datasets")
	}
	f.Datasets = ids
	return f, fields.Err()
}

func (h *Handlers) apiObservations(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := web.ListParams(r)
	if err != nil {
		return err
	}
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f.After, f.Limit = after, limit+1
	obs, err := h.S.Observations(r.Context(), f)
	if err != nil {
		return err
	}
	page := web.ListPage[data.Observation]{Items: obs}
	if page.Items == nil {
		page.Items = []data.Observation{}
	}
	if len(obs) > limit {
		page.Items = obs[:limit]
		page.NextCursor = web.EncodeCursor(obs[limit-1].ID)
	}
	return web.WriteJSON(w, http.StatusOK, page)
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

// estimateRequest reads an estimation request from the form (the page's)
// or the JSON body (the API's).
func estimateRequest(r *http.Request, values func(name string) string) (data.EstimateRequest, error) {
	id, err := pathDataset(r)
	if err != nil {
		return data.EstimateRequest{}, err
	}
	fields := errs.Fields{}
	year := func(name string) int {
		y, err := strconv.Atoi(strings.TrimSpace(values(name)))
		if err != nil {
			fields.Add(name, "data.error.year")
		}
		return y
	}
	req := data.EstimateRequest{Dataset: id, From: year("from"), To: year("to"), Method: values("method"), NoStayerAssumption: values("no_stayers") != ""}
	return req, fields.Err()
}

func (h *Handlers) estimate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	req, err := estimateRequest(r, r.PostFormValue)
	if err != nil {
		return err
	}
	res, err := h.S.Estimate(r.Context(), req)
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/datasets/"+strconv.FormatInt(res.Dataset.ID, 10), "data.flash.estimated")
	return nil
}

// apiEstimate runs an estimation from a JSON body
// {"from": 2015, "to": 2019, "method": "demographic", "no_stayers": false}
// and answers the new dataset.
func (h *Handlers) apiEstimate(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		From      json.Number `json:"from"`
		To        json.Number `json:"to"`
		Method    string      `json:"method"`
		NoStayers bool        `json:"no_stayers"`
	}
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	req, err := estimateRequest(r, func(name string) string {
		switch name {
		case "from":
			return body.From.String()
		case "to":
			return body.To.String()
		case "method":
			return body.Method
		case "no_stayers":
			if body.NoStayers {
				return "1"
			}
		}
		return ""
	})
	if err != nil {
		return err
	}
	res, err := h.S.Estimate(r.Context(), req)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"dataset": res.Dataset})
}

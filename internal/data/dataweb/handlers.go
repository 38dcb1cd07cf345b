// Package dataweb is the web half of the research data domain: the
// explore pages (countries, corridors, regions, comparisons), the dataset
// pages, the curators' forms (imports, column mapping, names, estimation)
// and the JSON API. It turns what the data service returns into view
// models, draws them with internal/chart and renders the templates; it
// holds no SQL. A file per page family: index.go, country.go,
// corridor.go, region.go (with chord.go and mapview.go), compare.go,
// dataset.go (with indices.go), import.go, importmap.go, names.go,
// estimate.go, observations.go; view.go, draw.go and export.go are shared
// by the explore pages.
package dataweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/jobs"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// The data pages' own stylesheet and the chart / table tabs.
var (
	//go:embed assets/data.css
	dataCSS []byte
	//go:embed assets/data.js
	dataJS []byte
)

// Handlers serves the data pages and API.
type Handlers struct {
	S   *data.Service
	Web *web.Server
	Hooks
}

// Hooks are what the data pages show of other domains, passed in when the
// domain is mounted (never set afterwards, so mounting order does not
// matter). Each may be nil.
type Hooks struct {
	// Evidence answers what links to a thing: corridor pages list the
	// instruments that govern the corridor from it.
	Evidence data.Evidence
	// LawCountryURL gives the page of a country's treaties and law
	// (alpha-3 code), linked from its profile.
	LawCountryURL func(code string) string
}

// Mount adds the data domain's templates, routes and job handlers.
func Mount(svc *data.Service, srv *web.Server, runner *jobs.Runner, hooks Hooks) error {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return err
	}
	h := &Handlers{S: svc, Web: srv, Hooks: hooks}
	srv.AddRoutes(h.Routes()...)
	srv.AddHomePanel(web.HomePanel{ID: "data", Order: 10, Build: h.homeBlock})
	srv.DemoLoading = func(ctx context.Context) (int, bool) {
		st, err := data.DemoLoadState(ctx, svc.DB)
		if err != nil {
			svc.Logger.Warn("data: demo load state", "err", err)
		}
		return st.Percent, st.Active
	}
	if runner != nil {
		runner.Handle(data.JobImport, svc.HandleImportJob)
		runner.Handle(data.JobRerun, svc.HandleRerunJob)
		runner.Handle(data.JobCleanStaged, svc.HandleCleanStagedJob)
		runner.Handle(data.JobDemoLoad, svc.HandleDemoLoadJob)
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
		{Method: "GET", Pattern: "/data/assets/data.css", Perm: pub, Handler: web.AssetHandler("/data/assets/data.css", dataCSS)},
		{Method: "GET", Pattern: "/data/assets/data.js", Perm: pub, Handler: web.AssetHandler("/data/assets/data.js", dataJS)},
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
		{Method: "POST", Pattern: "/data/datasets/{dataset}/publish", Perm: cur, Handler: h.publishEstimate},
		{Method: "POST", Pattern: "/data/datasets/{dataset}/withdraw", Perm: cur, Handler: h.withdrawEstimate},

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
		{Method: "POST", Pattern: "/api/v1/data/datasets/{dataset}/publish", Perm: cur, Handler: h.apiPublishEstimate, API: true},
		{Method: "POST", Pattern: "/api/v1/data/datasets/{dataset}/withdraw", Perm: cur, Handler: h.apiWithdrawEstimate, API: true},
	}
}

func (h *Handlers) t(r *http.Request) tr {
	return func(key string, args ...any) string { return h.Web.T(r, key, args...) }
}

// tr translates a catalog key; the web layer passes its translator.
type tr = web.Translator

func datasetsParam(r *http.Request) ([]int64, error) {
	return data.ParseIDs(r.URL.Query().Get("datasets"))
}

func pathDataset(r *http.Request) (int64, error) { return web.PathInt(r, "dataset") }

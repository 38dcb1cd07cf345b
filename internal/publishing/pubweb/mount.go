// Package pubweb serves the publishing repository: the list with its
// filters and search (browse.go), landing pages with their citation meta
// tags, JSON-LD and "cite as" box (landing.go), series pages (series.go),
// citation exports of one publication or a list (export.go), downloads
// (files.go), OAI-PMH at /oai (oai.go), the editors' forms (edit*.go) and
// the JSON API (api.go). This file mounts them.
package pubweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/jobs"
	"corridor/internal/links"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/pub.css
var pubCSS []byte

// Links is what the pages need of the typed links: what a publication
// links to, and the editors' additions and removals.
type Links interface {
	From(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
	Add(ctx context.Context, in links.NewLink, r links.Reader) (links.Link, error)
	Delete(ctx context.Context, id int64, r links.Reader) error
}

// Hooks are what the app gives the pages.
type Hooks struct {
	Links Links
	// BaseURL is the site's public address, for citations and OAI-PMH.
	BaseURL string
	// OAIPageSize is the records per OAI-PMH list response.
	OAIPageSize int
	// AdminEmails are the OAI-PMH Identify contacts.
	AdminEmails []string
}

// Handler serves the publishing pages and API.
type Handler struct {
	Web   *web.Server
	Svc   *publishing.Service
	Hooks Hooks
	oai   http.Handler
}

// maxUpload bounds an upload request (the file plus the form).
const maxUpload = 60 << 20

// Mount adds the publishing templates, routes and the text job.
func Mount(svc *publishing.Service, srv *web.Server, runner *jobs.Runner, hooks Hooks) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc, Hooks: hooks}
	if h.oai, err = h.oaiHandler(context.Background()); err != nil {
		return nil, err
	}
	srv.AddRoutes(h.Routes()...)
	srv.AddRoutes(h.editRoutes()...)
	srv.AddHomePanel(web.HomePanel{ID: "publications", Order: 30, Build: h.homeBlock})
	srv.AddRoutes(h.apiRoutes()...)
	if runner != nil {
		runner.Handle(publishing.TextJob, svc.TextHandler)
	}
	return h, nil
}

// Routes are the public routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub := accounts.PermPublic
	return []web.Route{
		{Method: "GET", Pattern: "/publications", Perm: pub, Handler: h.browse},
		{Method: "GET", Pattern: "/publications/assets/pub.css", Perm: pub, Handler: web.AssetHandler("/publications/assets/pub.css", pubCSS)},
		{Method: "GET", Pattern: "/publications/cite.bib", Perm: pub, Handler: h.listExport("bib")},
		{Method: "GET", Pattern: "/publications/cite.ris", Perm: pub, Handler: h.listExport("ris")},
		{Method: "GET", Pattern: "/publications/cite.json", Perm: pub, Handler: h.listExport("json")},
		{Method: "GET", Pattern: "/publications/{publication}", Perm: pub, Handler: h.landing},
		{Method: "GET", Pattern: "/publications/{publication}/v/{n}", Perm: pub, Handler: h.landing},
		{Method: "GET", Pattern: "/publications/{publication}/cite.bib", Perm: pub, Handler: h.oneExport("bib")},
		{Method: "GET", Pattern: "/publications/{publication}/cite.ris", Perm: pub, Handler: h.oneExport("ris")},
		{Method: "GET", Pattern: "/publications/{publication}/cite.json", Perm: pub, Handler: h.oneExport("json")},
		{Method: "GET", Pattern: "/publications/{publication}/files/{file}", Perm: pub, Handler: h.download},
		{Method: "GET", Pattern: "/series", Perm: pub, Handler: h.seriesList},
		{Method: "GET", Pattern: "/series/{series}", Perm: pub, Handler: h.seriesPage},
		{Method: "GET", Pattern: "/oai", Perm: pub, Handler: h.serveOAI},
		{Method: "POST", Pattern: "/oai", Perm: pub, Handler: h.serveOAI, Safe: true},
	}
}

// audience is what the request's reader may read.
func audience(r *http.Request) publishing.Audience {
	u := web.UserFrom(r.Context())
	switch {
	case u == nil:
		return publishing.Public
	case accounts.Can(u.Role, accounts.PermEditPublications):
		return publishing.Editors
	}
	return publishing.Member
}

func canEdit(r *http.Request) bool { return audience(r) == publishing.Editors }

func reader(r *http.Request) links.Reader { return web.LinkReader(r.Context()) }

// pathID reads a positive id from the path, NotFound otherwise.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, publishing.ErrNotFound
	}
	return id, nil
}

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

func notFound() error { return errs.New(errs.NotFound, "pub.error.not_found") }

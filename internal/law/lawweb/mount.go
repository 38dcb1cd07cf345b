// Package lawweb serves the law & policy database: public pages
// (instruments, text by article, versions and diffs, treaty status,
// countries, search, policy index), the legal officers' forms, the JSON API
// under /api/v1/law and the Akoma Ntoso export.
//
// One file per page family, each with its handlers, view models and API
// routes: instruments.go, versions.go, status.go, countries.go, search.go,
// policy.go, follow.go, export.go; the legal officers' forms are in
// edit*.go, revise.go and statements.go, the JSON API's writes in api.go.
// This file mounts them: templates, routes and the stylesheet.
package lawweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/treaty"
	"corridor/internal/links"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/law.css
var lawCSS []byte

// Handler serves the law pages and API.
type Handler struct {
	Web   *web.Server
	Store *lawdb.Store
	Hooks
}

// Hooks are what the law pages show of other domains, given by the app.
type Hooks struct {
	// Evidence answers what links to a thing: an instrument's page lists
	// the research and records that cite it (per article on an article's
	// page), whichever domain made the links.
	Evidence interface {
		To(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
	}
}

// Mount adds the law templates and routes to the server.
func Mount(srv *web.Server, store *lawdb.Store, hooks Hooks) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Store: store, Hooks: hooks}
	srv.AddRoutes(h.Routes()...)
	srv.AddHomePanel(web.HomePanel{ID: "law", Order: 20, Build: h.homeBlock})
	srv.AddRoutes(h.editRoutes()...)      // edit.go: instruments, versions, relationships
	srv.AddRoutes(h.statementRoutes()...) // statements.go: reservations, declarations, objections
	srv.AddRoutes(h.reviseRoutes()...)    // revise.go: replacing and deleting versions and relationships, editing policy changes
	srv.AddRoutes(h.apiEditRoutes()...)   // api.go: the same through the JSON API
	return h, nil
}

// Routes are the law routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub, edit := accounts.PermPublic, accounts.PermEditLaw
	in, admin := accounts.PermSignedIn, accounts.PermAdmin
	return []web.Route{
		{Method: "GET", Pattern: "/law", Perm: pub, Handler: h.list},
		{Method: "GET", Pattern: "/law/assets/law.css", Perm: pub, Handler: web.AssetHandler("/law/assets/law.css", lawCSS)},
		{Method: "GET", Pattern: "/law/search", Perm: pub, Handler: h.searchPage},
		{Method: "GET", Pattern: "/law/instruments/{instrument}", Perm: pub, Handler: h.instrument},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/{eid}", Perm: pub, Handler: h.provision},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/diff", Perm: pub, Handler: h.diff},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/akn", Perm: pub, Handler: h.aknExport},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/status", Perm: pub, Handler: h.statusPage},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/actions/new", Perm: edit, Handler: h.actionForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/actions", Perm: edit, Handler: h.actionCreate},
		{Method: "GET", Pattern: "/law/countries/{country}", Perm: pub, Handler: h.country},
		{Method: "GET", Pattern: "/law/policy", Perm: pub, Handler: h.policyHome},
		{Method: "GET", Pattern: "/law/policy.csv", Perm: pub, Handler: h.policyCSV},
		{Method: "GET", Pattern: "/law/policy/new", Perm: edit, Handler: h.policyForm},
		{Method: "POST", Pattern: "/law/policy", Perm: edit, Handler: h.policyCreate},
		{Method: "GET", Pattern: "/law/policy/import", Perm: edit, Handler: h.policyImportForm},
		{Method: "POST", Pattern: "/law/policy/import", Perm: edit, Handler: h.policyImport},
		{Method: "GET", Pattern: "/law/policy/{country}", Perm: pub, Handler: h.policyCountry},

		{Method: "GET", Pattern: "/law/following", Perm: in, Handler: h.following},
		{Method: "POST", Pattern: "/law/following", Perm: in, Handler: h.follow},
		{Method: "POST", Pattern: "/law/following/remove", Perm: in, Handler: h.unfollow},
		{Method: "POST", Pattern: "/law/following/feed-token", Perm: in, Handler: h.newFeedToken},
		{Method: "POST", Pattern: "/law/following/feed-token/revoke", Perm: in, Handler: h.revokeFeedToken},
		{Method: "POST", Pattern: "/law/digest", Perm: admin, Handler: h.triggerDigest},
		{Method: "GET", Pattern: "/law/feeds/{feed}", Perm: pub, Handler: h.personalFeed},
		{Method: "GET", Pattern: "/law/export/{export}", Perm: pub, Handler: h.export},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/feed.atom", Perm: pub, Handler: h.instrumentFeed},
		{Method: "GET", Pattern: "/law/countries/{country}/feed.atom", Perm: pub, Handler: h.countryFeed},

		{Method: "GET", Pattern: "/api/v1/law/instruments", Perm: pub, Handler: h.apiInstruments, API: true},
		{Method: "GET", Pattern: "/api/v1/law/instruments/{instrument}", Perm: pub, Handler: h.apiInstrument, API: true},
		{Method: "GET", Pattern: "/api/v1/law/instruments/{instrument}/status", Perm: pub, Handler: h.apiStatus, API: true},
		{Method: "POST", Pattern: "/api/v1/law/instruments/{instrument}/actions", Perm: edit, Handler: h.apiAddAction, API: true},
		{Method: "GET", Pattern: "/api/v1/law/search", Perm: pub, Handler: h.apiSearch, API: true},
		{Method: "GET", Pattern: "/api/v1/law/policy-changes", Perm: pub, Handler: h.apiPolicy, API: true},
		{Method: "GET", Pattern: "/api/v1/law/policy-changes/{change}", Perm: pub, Handler: h.apiPolicyChange, API: true},
	}
}

func canEdit(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermEditLaw)
}

// parseDay reads the ?on= date of a page or API call: YYYY-MM-DD, or today
// when blank; anything else is an error on the "on" field.
func parseDay(s string) (time.Time, error) {
	t, err := treaty.ParseDay(s)
	if err != nil {
		return time.Time{}, &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_date", Fields: map[string]string{"on": "law.error.bad_date"}, Err: err}
	}
	return t, nil
}

// evidence is what links to an instrument (to one of its articles when
// eid is set), for the request's reader.
func (h *Handler) evidence(r *http.Request, slug, eid string) (links.Groups, error) {
	if h.Evidence == nil {
		return links.Groups{}, nil
	}
	g, err := h.Evidence.To(r.Context(), lawdb.InstrumentKey(slug), web.LinkReader(r.Context()))
	if err != nil {
		return links.Groups{}, err
	}
	return g.ForArticle(eid), nil
}

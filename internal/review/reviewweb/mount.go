// Package reviewweb serves the review engine: the public calls for papers
// (pages, Atom feed, iCalendar), the submission wizard and the authors'
// pages, the editors' workflow pages, the reviewers' pages, and the JSON
// API under /api/v1 (calls, submissions, reviews).
//
// calls.go: calls, feed and .ics; submit.go: the wizard; submissions.go:
// a submission's page for its authors and editors with the workflow
// forms; reviews.go: the reviewers' pages; manage.go: templates, reviewer
// records, acknowledgements; api.go: the JSON API.
package reviewweb

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/review.css
var reviewCSS []byte

// Handler serves the review pages and API.
type Handler struct {
	Web *web.Server
	Svc *review.Service
}

// Mount adds the review templates and routes to the server.
func Mount(srv *web.Server, svc *review.Service) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc}
	srv.AddRoutes(h.Routes()...)
	srv.AddRoutes(h.apiRoutes()...)
	return h, nil
}

// Routes are the review pages with their permissions. Reviewing needs an
// account only: whether it holds the assignment is the service's check.
func (h *Handler) Routes() []web.Route {
	pub, in, manage := accounts.PermPublic, accounts.PermSignedIn, accounts.PermManageReview
	upload := h.Svc.MaxFileBytes() + 1<<20
	return []web.Route{
		{Method: "GET", Pattern: "/review/assets/review.css", Perm: pub, Handler: web.AssetHandler("/review/assets/review.css", reviewCSS)},
		{Method: "GET", Pattern: "/calls", Perm: pub, Handler: h.calls},
		{Method: "GET", Pattern: "/calls/feed.atom", Perm: pub, Handler: h.feed},
		{Method: "GET", Pattern: "/calls/new", Perm: manage, Handler: h.callForm},
		{Method: "POST", Pattern: "/calls", Perm: manage, Handler: h.callCreate},
		{Method: "GET", Pattern: "/calls/{call}", Perm: pub, Handler: h.call}, // also {id}.ics
		{Method: "GET", Pattern: "/calls/{call}/submit", Perm: in, Handler: h.submitForm},
		{Method: "POST", Pattern: "/calls/{call}/submit", Perm: in, Handler: h.submitCreate},

		{Method: "GET", Pattern: "/submissions", Perm: in, Handler: h.mySubmissions},
		{Method: "GET", Pattern: "/submissions/{sub}", Perm: in, Handler: h.submission},
		{Method: "POST", Pattern: "/submissions/{sub}/files", Perm: in, Handler: h.fileUpload, MaxBody: upload},
		{Method: "GET", Pattern: "/submissions/{sub}/files/{file}", Perm: in, Handler: h.fileDownload},
		{Method: "POST", Pattern: "/submissions/{sub}/declare", Perm: in, Handler: h.declare},
		{Method: "POST", Pattern: "/submissions/{sub}/resubmit", Perm: in, Handler: h.resubmit},
		{Method: "POST", Pattern: "/submissions/{sub}/messages", Perm: in, Handler: h.postMessage},
		{Method: "POST", Pattern: "/submissions/{sub}/reviewers", Perm: manage, Handler: h.assign},
		{Method: "POST", Pattern: "/submissions/{sub}/decision", Perm: manage, Handler: h.decide},

		{Method: "GET", Pattern: "/reviews", Perm: in, Handler: h.reviews},
		{Method: "GET", Pattern: "/reviews/{review}", Perm: in, Handler: h.reviewPage},
		{Method: "POST", Pattern: "/reviews/{review}", Perm: in, Handler: h.reviewSubmit},
		{Method: "POST", Pattern: "/reviews/{review}/respond", Perm: in, Handler: h.respond},
		{Method: "POST", Pattern: "/reviews/{review}/messages", Perm: in, Handler: h.reviewMessage},
		{Method: "GET", Pattern: "/reviews/{review}/files/{file}", Perm: in, Handler: h.reviewFile},
		{Method: "POST", Pattern: "/reviews/acknowledge", Perm: in, Handler: h.acknowledge},

		{Method: "GET", Pattern: "/review/manage", Perm: manage, Handler: h.queue},
		{Method: "GET", Pattern: "/review/reviewers", Perm: manage, Handler: h.records},
		{Method: "GET", Pattern: "/review/templates", Perm: manage, Handler: h.templates},
		{Method: "POST", Pattern: "/review/templates", Perm: manage, Handler: h.templateSave},
		{Method: "GET", Pattern: "/review/thanks/{year}", Perm: pub, Handler: h.thanks},
	}
}

// actor is the caller as the review engine knows it.
func actor(r *http.Request) review.Actor {
	u := web.UserFrom(r.Context())
	if u == nil {
		return review.Actor{}
	}
	return review.Actor{UserID: u.ID, Name: u.Name, Editor: accounts.Can(u.Role, accounts.PermManageReview), SeeAuthors: u.Role == accounts.RoleAdmin}
}

func pathID(r *http.Request, name, missing string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "%s", missing)
	}
	return id, nil
}

// Package commweb serves the community domain: the public people,
// partners, projects and opportunities pages; the editors' forms; the
// application form, the applicant's own list, the reviewers' pages
// (scores, notes, shortlist, decisions) and the referees' one-time upload.
//
// One file per page family: people.go, projects.go, calls.go,
// applications.go. This file mounts them.
package commweb

import (
	"context"
	"embed"
	"io"
	"io/fs"
	"net/http"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/community"
	"corridor/internal/errs"
	"corridor/internal/links"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/community.css
var communityCSS []byte

// Linked is what commweb needs of the typed links: what links to a person
// or a project, and what a project links to.
type Linked interface {
	To(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
	From(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
}

// Handler serves the community pages.
type Handler struct {
	Web   *web.Server
	Svc   *community.Service
	Links Linked
}

// Mount adds the community templates and routes to the server.
func Mount(srv *web.Server, svc *community.Service, lk Linked) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc, Links: lk}
	srv.AddRoutes(h.Routes()...)
	return h, nil
}

// maxApplication bounds an application's request: a CV, a letter and the
// fields.
const maxApplication = 2*community.MaxDocBytes + 256<<10

// Routes are the community routes with their permissions. Application
// routes need an account; the handlers then allow the applicant, the
// call's reviewers and admins only (everyone else gets a plain 404).
func (h *Handler) Routes() []web.Route {
	pub, in, edit, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermEditCommunity, accounts.PermAdmin
	return []web.Route{
		{Method: "GET", Pattern: "/community/assets/community.css", Perm: pub, Handler: web.AssetHandler("/community/assets/community.css", communityCSS)},
		{Method: "GET", Pattern: "/people", Perm: pub, Handler: h.people},
		{Method: "GET", Pattern: "/people/{person}", Perm: pub, Handler: h.person},
		{Method: "GET", Pattern: "/people/{person}/photo", Perm: pub, Handler: h.photo},
		{Method: "GET", Pattern: "/partners", Perm: pub, Handler: h.partners},
		{Method: "GET", Pattern: "/projects", Perm: pub, Handler: h.projects},
		{Method: "GET", Pattern: "/projects/{project}", Perm: pub, Handler: h.project},
		{Method: "GET", Pattern: "/opportunities", Perm: pub, Handler: h.calls},
		{Method: "GET", Pattern: "/opportunities/{opportunity}", Perm: pub, Handler: h.call},
		{Method: "GET", Pattern: "/references", Perm: pub, Handler: h.referenceForm},
		{Method: "POST", Pattern: "/references", Perm: pub, Handler: h.referenceUpload, MaxBody: community.MaxDocBytes + 64<<10},

		{Method: "GET", Pattern: "/people/new", Perm: edit, Handler: h.newPersonForm},
		{Method: "POST", Pattern: "/people", Perm: edit, Handler: h.createPerson},
		{Method: "GET", Pattern: "/people/{person}/edit", Perm: in, Handler: h.editPersonForm},
		{Method: "POST", Pattern: "/people/{person}/edit", Perm: in, Handler: h.editPerson},
		{Method: "POST", Pattern: "/people/{person}/photo", Perm: in, Handler: h.uploadPhoto, MaxBody: community.MaxPhotoBytes + 64<<10},
		{Method: "GET", Pattern: "/partners/new", Perm: edit, Handler: h.newPartnerForm},
		{Method: "POST", Pattern: "/partners", Perm: edit, Handler: h.createPartner},
		{Method: "GET", Pattern: "/partners/{partner}/agreements/new", Perm: edit, Handler: h.newAgreementForm},
		{Method: "POST", Pattern: "/partners/{partner}/agreements", Perm: edit, Handler: h.createAgreement},
		{Method: "POST", Pattern: "/agreements/{agreement}/delete", Perm: edit, Handler: h.deleteAgreement},
		{Method: "GET", Pattern: "/projects/new", Perm: edit, Handler: h.newProjectForm},
		{Method: "POST", Pattern: "/projects", Perm: edit, Handler: h.createProject},
		{Method: "GET", Pattern: "/projects/{project}/edit", Perm: edit, Handler: h.editProjectForm},
		{Method: "POST", Pattern: "/projects/{project}/edit", Perm: edit, Handler: h.editProject},
		{Method: "POST", Pattern: "/projects/{project}/members", Perm: edit, Handler: h.addMember},
		{Method: "POST", Pattern: "/projects/{project}/partners", Perm: edit, Handler: h.addPartner},
		{Method: "POST", Pattern: "/projects/{project}/outputs", Perm: edit, Handler: h.addOutput},
		{Method: "GET", Pattern: "/opportunities/new", Perm: edit, Handler: h.newCallForm},
		{Method: "POST", Pattern: "/opportunities", Perm: edit, Handler: h.createCall},
		{Method: "POST", Pattern: "/opportunities/{opportunity}/reviewers", Perm: edit, Handler: h.addReviewer},

		{Method: "GET", Pattern: "/opportunities/{opportunity}/apply", Perm: in, Handler: h.applyForm},
		{Method: "POST", Pattern: "/opportunities/{opportunity}/apply", Perm: in, Handler: h.apply, MaxBody: maxApplication},
		{Method: "GET", Pattern: "/opportunities/{opportunity}/applications", Perm: in, Handler: h.applications},
		{Method: "GET", Pattern: "/applications", Perm: in, Handler: h.myApplications},
		{Method: "GET", Pattern: "/applications/{application}", Perm: in, Handler: h.application},
		{Method: "GET", Pattern: "/applications/{application}/files/{doc}", Perm: in, Handler: h.applicationFile},
		{Method: "POST", Pattern: "/applications/{application}/review", Perm: in, Handler: h.review},
		{Method: "POST", Pattern: "/applications/{application}/shortlist", Perm: in, Handler: h.shortlist},
		{Method: "POST", Pattern: "/applications/{application}/decision", Perm: in, Handler: h.decide},
		{Method: "POST", Pattern: "/applications/{application}/delete", Perm: in, Handler: h.deleteApplication},

		{Method: "GET", Pattern: "/api/v1/community/people", Perm: pub, Handler: h.apiPeople, API: true},
		{Method: "GET", Pattern: "/api/v1/community/people/{person}", Perm: pub, Handler: h.apiPerson, API: true},
		{Method: "GET", Pattern: "/api/v1/community/projects/{project}", Perm: pub, Handler: h.apiProject, API: true},
		{Method: "GET", Pattern: "/api/v1/community/opportunities", Perm: pub, Handler: h.apiCalls, API: true},

		{Method: "GET", Pattern: "/community/settings", Perm: admin, Handler: h.settingsForm},
		{Method: "POST", Pattern: "/community/settings", Perm: admin, Handler: h.saveSettings},
	}
}

func user(r *http.Request) *accounts.User { return web.UserFrom(r.Context()) }

func userID(r *http.Request) int64 {
	if u := user(r); u != nil {
		return u.ID
	}
	return 0
}

func can(r *http.Request, p accounts.Permission) bool {
	u := user(r)
	return u != nil && accounts.Can(u.Role, p)
}

func canEdit(r *http.Request) bool { return can(r, accounts.PermEditCommunity) }

func reader(r *http.Request) links.Reader { return links.ReaderOf(user(r)) }

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

// pathID reads a numeric path value; anything else is a missing page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := web.PathInt(r, name)
	if err != nil || id <= 0 {
		return 0, community.ErrNotFound
	}
	return id, nil
}

// mayReview: an admin, or an account the call's editors made a reviewer.
func (h *Handler) mayReview(r *http.Request, callID int64) (bool, error) {
	if can(r, accounts.PermAdmin) {
		return true, nil
	}
	if userID(r) == 0 {
		return false, nil
	}
	return h.Svc.IsReviewer(r.Context(), callID, userID(r))
}

// formFail re-renders a form with the fields' errors.
func (h *Handler) formFail(w http.ResponseWriter, r *http.Request, page, title string, f *web.Form, data any, err error) error {
	return h.Web.RenderFormError(w, r, page, web.Page{Title: title, Form: f, Data: data}, err)
}

// readDoc reads one uploaded file of a multipart form, bounded.
func readDoc(r *http.Request, field string, limit int64) (community.Doc, error) {
	file, hdr, err := r.FormFile(field)
	if err != nil {
		return community.Doc{}, nil // missing: the service names the field
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, limit+1))
	if err != nil {
		return community.Doc{}, err
	}
	return community.Doc{Name: hdr.Filename, Body: b}, nil
}

// parseMultipart parses an upload form; a body over the limit is a clear
// error rather than a broken page.
func parseMultipart(r *http.Request) error {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if strings.Contains(err.Error(), "too large") {
			return errs.New(errs.TooLarge, "error.body_too_large")
		}
		return errs.Fields{"file": "community.error.file_missing"}.Err()
	}
	return nil
}

// Package eventweb serves the events domain: the public list and event
// and talk pages, registration for members, the editors' forms (events,
// timetable, cancellation), the iCalendar feeds (per event, all public
// events, per kind, and each member's secret "my events" feed) and the
// JSON API under /api/v1/events.
//
// pages.go holds the public pages, edit.go the editors' forms,
// calendar.go the feeds and api.go the API. This file mounts them.
package eventweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/events"
	"corridor/internal/links"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/events.css
var eventsCSS []byte

// Linked is what eventweb needs of the typed links: the materials linked
// to an event or a talk.
type Linked interface {
	From(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
	Add(ctx context.Context, in links.NewLink, r links.Reader) (links.Link, error)
}

// Handler serves the events pages, feeds and API.
type Handler struct {
	Web   *web.Server
	Svc   *events.Service
	Links Linked
	// BaseURL makes feed URLs absolute ("https://corridor.example").
	BaseURL string
}

// Mount adds the events templates and routes to the server.
func Mount(srv *web.Server, svc *events.Service, lk Linked, baseURL string) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc, Links: lk, BaseURL: strings.TrimSuffix(baseURL, "/")}
	srv.AddRoutes(h.Routes()...)
	srv.AddHomePanel(web.HomePanel{ID: "events", Order: 40, Build: h.homeBlock})
	return h, nil
}

// Routes are the events routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub, in, edit := accounts.PermPublic, accounts.PermSignedIn, accounts.PermEditEvents
	return []web.Route{
		{Method: "GET", Pattern: "/events", Perm: pub, Handler: h.list},
		{Method: "GET", Pattern: "/events.ics", Perm: pub, Handler: h.listICS},
		{Method: "GET", Pattern: "/events/assets/events.css", Perm: pub, Handler: web.AssetHandler("/events/assets/events.css", eventsCSS)},
		// {event} is an id, or an id followed by .ics for its calendar.
		{Method: "GET", Pattern: "/events/{event}", Perm: pub, Handler: h.event},
		{Method: "GET", Pattern: "/events/{event}/talks/{talk}", Perm: pub, Handler: h.talk},
		// The secret feed: the token is the credential, so no account.
		{Method: "GET", Pattern: "/events/mine/feed/{token}", Perm: pub, Handler: h.myFeed},

		{Method: "GET", Pattern: "/events/mine", Perm: in, Handler: h.mine},
		{Method: "POST", Pattern: "/events/mine/feed", Perm: in, Handler: h.newFeed},
		{Method: "POST", Pattern: "/events/mine/feed/revoke", Perm: in, Handler: h.revokeFeed},
		{Method: "POST", Pattern: "/events/{event}/register", Perm: in, Handler: h.register},
		{Method: "POST", Pattern: "/events/{event}/unregister", Perm: in, Handler: h.unregister},

		{Method: "GET", Pattern: "/events/new", Perm: edit, Handler: h.newForm},
		{Method: "POST", Pattern: "/events", Perm: edit, Handler: h.create},
		{Method: "GET", Pattern: "/events/{event}/edit", Perm: edit, Handler: h.editForm},
		{Method: "POST", Pattern: "/events/{event}/edit", Perm: edit, Handler: h.update},
		{Method: "POST", Pattern: "/events/{event}/cancel", Perm: edit, Handler: h.cancel},
		{Method: "POST", Pattern: "/events/{event}/talks", Perm: edit, Handler: h.addTalk},
		{Method: "POST", Pattern: "/events/{event}/talks/{talk}/delete", Perm: edit, Handler: h.deleteTalk},
		{Method: "POST", Pattern: "/events/{event}/talks/{talk}/schedule", Perm: edit, Handler: h.scheduleContribution},
		{Method: "POST", Pattern: "/events/{event}/materials", Perm: edit, Handler: h.addEventMaterial},
		{Method: "GET", Pattern: "/events/{event}/participants/{format}", Perm: edit, Handler: h.participants},
		{Method: "POST", Pattern: "/events/{event}/participants/{user}/approve", Perm: edit, Handler: h.approve},
		{Method: "POST", Pattern: "/events/{event}/participants/{user}/reject", Perm: edit, Handler: h.reject},
		{Method: "POST", Pattern: "/events/{event}/talks/{talk}/materials", Perm: edit, Handler: h.addTalkMaterial},

		{Method: "GET", Pattern: "/api/v1/events", Perm: pub, Handler: h.apiList, API: true},
		{Method: "POST", Pattern: "/api/v1/events", Perm: edit, Handler: h.apiCreate, API: true},
		{Method: "GET", Pattern: "/api/v1/events/{event}", Perm: pub, Handler: h.apiEvent, API: true},
		{Method: "POST", Pattern: "/api/v1/events/{event}/registrations", Perm: in, Handler: h.apiRegister, API: true},
		{Method: "DELETE", Pattern: "/api/v1/events/{event}/registrations", Perm: in, Handler: h.apiUnregister, API: true},
	}
}

// canEdit reports whether the request's user edits events.
func canEdit(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermEditEvents)
}

func userID(r *http.Request) int64 {
	if u := web.UserFrom(r.Context()); u != nil {
		return u.ID
	}
	return 0
}

func reader(r *http.Request) links.Reader { return links.ReaderOf(web.UserFrom(r.Context())) }

// pathID reads a numeric path value; anything else is a missing page.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := web.PathInt(r, name)
	if err != nil || id <= 0 {
		return 0, events.ErrNotFound
	}
	return id, nil
}

func errFields(fields map[string]string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: fields}
}

// mayJoinOnline: the online link is for confirmed participants (and
// the event's editors).
func (h *Handler) mayJoinOnline(r *http.Request, eventID int64) (bool, string, error) {
	st, err := h.Svc.Status(r.Context(), eventID, userID(r))
	if err != nil {
		return false, "", err
	}
	return st == events.Confirmed || canEdit(r), st, nil
}

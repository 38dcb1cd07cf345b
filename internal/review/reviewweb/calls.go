package reviewweb

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"corridor/internal/errs"
	"corridor/internal/ical"
	"corridor/internal/review"
	"corridor/internal/web"
)

// calls answers GET /calls: the calls open today, then the others.
func (h *Handler) calls(w http.ResponseWriter, r *http.Request) error {
	open, err := h.Svc.Calls(r.Context(), true)
	if err != nil {
		return err
	}
	all, err := h.Svc.Calls(r.Context(), false)
	if err != nil {
		return err
	}
	isOpen := map[int64]bool{}
	for _, c := range open {
		isOpen[c.ID] = true
	}
	var others []review.Call
	for _, c := range all {
		if !isOpen[c.ID] {
			others = append(others, c)
		}
	}
	h.Web.Render(w, r, "review_calls", web.Page{Title: "review.calls.title", Data: map[string]any{
		"Open": open, "Others": others, "Editor": actor(r).Editor, "Today": h.Svc.Today()}})
	return nil
}

// call answers GET /calls/{id} and GET /calls/{id}.ics.
func (h *Handler) call(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("call")
	ics := strings.HasSuffix(raw, ".ics")
	r.SetPathValue("call", strings.TrimSuffix(raw, ".ics"))
	id, err := pathID(r, "call", "review.error.no_call")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	if ics {
		return h.callICS(w, c)
	}
	h.Web.Render(w, r, "review_call", web.Page{Title: c.Title, Data: map[string]any{
		"Call": c, "Open": c.OpenOn(h.Svc.Today()), "SignedIn": web.UserFrom(r.Context()) != nil}})
	return nil
}

func (h *Handler) host() string {
	if u, err := url.Parse(h.Web.Config.BaseURL); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return "corridor.invalid"
}

// callICS writes the call's closing date (and notification date) as
// all-day events; their UIDs never change and SEQUENCE follows the call.
func (h *Handler) callICS(w http.ResponseWriter, c *review.Call) error {
	link := fmt.Sprintf("%s/calls/%d", h.Web.Config.BaseURL, c.ID)
	stamp := time.Unix(c.UpdatedAt, 0)
	closes, _ := time.Parse("2006-01-02", c.Closes)
	cal := ical.Calendar{ProdID: "-//Corridor//Calls for papers//EN", Name: c.Title, Events: []ical.Event{{
		UID: fmt.Sprintf("call-%d-closes@%s", c.ID, h.host()), Stamp: stamp, Sequence: c.Sequence, AllDay: true, Start: closes,
		Summary: "Deadline: " + c.Title, Description: c.Scope + "\n\n" + link, URL: link}}}
	if n, err := time.Parse("2006-01-02", c.Notification); err == nil {
		cal.Events = append(cal.Events, ical.Event{UID: fmt.Sprintf("call-%d-notification@%s", c.ID, h.host()), Stamp: stamp, Sequence: c.Sequence,
			AllDay: true, Start: n, Summary: "Notification: " + c.Title, URL: link})
	}
	var b bytes.Buffer
	if err := ical.Write(&b, cal); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="call-%d.ics"`, c.ID))
	_, err := w.Write(b.Bytes())
	return err
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

// feed answers GET /calls/feed.atom: the calls open today.
func (h *Handler) feed(w http.ResponseWriter, r *http.Request) error {
	open, err := h.Svc.Calls(r.Context(), true)
	if err != nil {
		return err
	}
	base := h.Web.Config.BaseURL
	f := atomFeed{Title: "Corridor — calls for papers", ID: base + "/calls", Updated: time.Unix(0, 0).UTC().Format(time.RFC3339),
		Links: []atomLink{{Href: base + "/calls/feed.atom", Rel: "self", Type: "application/atom+xml"}, {Href: base + "/calls", Rel: "alternate", Type: "text/html"}}}
	var latest int64
	for _, c := range open {
		e := atomEntry{Title: c.Title, ID: fmt.Sprintf("%s/calls/%d", base, c.ID), Updated: time.Unix(c.UpdatedAt, 0).UTC().Format(time.RFC3339),
			Link:    atomLink{Href: fmt.Sprintf("%s/calls/%d", base, c.ID), Rel: "alternate", Type: "text/html"},
			Summary: fmt.Sprintf("%s — open %s to %s", c.Scope, c.Opens, c.Closes)}
		e.Author.Name = "Corridor"
		f.Entries = append(f.Entries, e)
		latest = max(latest, c.UpdatedAt)
	}
	f.Updated = time.Unix(latest, 0).UTC().Format(time.RFC3339)
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	_, err = w.Write(out)
	return err
}

var callFields = []string{"title", "scope", "target", "opens", "closes", "notification", "review_mode"}

// callForm answers GET /calls/new.
func (h *Handler) callForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["opens"] = h.Svc.Today()
	f.Values["review_mode"] = string(review.ModeDouble)
	h.Web.Render(w, r, "review_call_form", web.Page{Title: "review.call.new", Data: map[string]any{"Modes": review.Modes}, Form: f})
	return nil
}

// callCreate answers POST /calls.
func (h *Handler) callCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, callFields...)
	c, err := h.Svc.CreateCall(r.Context(), actor(r), review.NewCall{Title: f.Value("title"), Scope: f.Value("scope"), Target: f.Value("target"),
		Opens: f.Value("opens"), Closes: f.Value("closes"), Notification: f.Value("notification"), Mode: review.Mode(f.Value("review_mode"))})
	if err != nil {
		return h.Web.RenderFormError(w, r, "review_call_form", web.Page{Title: "review.call.new", Data: map[string]any{"Modes": review.Modes}, Form: f}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/calls/%d", c.ID), "review.flash.call_created")
	return nil
}

var _ = errs.NotFound

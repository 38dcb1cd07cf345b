package eventweb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"corridor/internal/events"
	"corridor/internal/web"
)

// host is the UIDs' domain: the public address's host, stable across
// restarts so that calendar apps update rather than duplicate.
func (h *Handler) host() string {
	if u, err := url.Parse(h.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "corridor.invalid"
}

func (h *Handler) writeICS(w http.ResponseWriter, r *http.Request, evs []events.Event, name, file string, conference bool) error {
	var b bytes.Buffer
	if err := events.WriteCalendar(&b, evs, events.FeedOptions{BaseURL: h.BaseURL, Host: h.host(), Lang: web.LangFrom(r.Context()), Name: name, Conference: conference}); err != nil {
		return fmt.Errorf("events: write calendar %s: %w", file, err)
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+file+`"`)
	if conference {
		// Kept by the subscriber's calendar only, and asked again each time.
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	_, err := w.Write(b.Bytes())
	return err
}

// eventICS is one event with its deadlines; the online link is never in
// it (the page's link is shareable).
func (h *Handler) eventICS(w http.ResponseWriter, r *http.Request, id int64) error {
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if h.notModified(w, r, []events.Event{e}, "event") {
		return nil
	}
	return h.writeICS(w, r, []events.Event{e}, e.TitleIn(web.LangFrom(r.Context())), fmt.Sprintf("event-%d.ics", id), false)
}

// listICS is every event (cancelled ones as cancelled), or one kind's
// with ?kind=.
func (h *Handler) listICS(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("kind")
	if kind != "" && !contains(events.Kinds, kind) {
		return errFields(map[string]string{"kind": "events.error.kind"})
	}
	return h.feedOfKind(w, r, kind)
}

func (h *Handler) feedOfKind(w http.ResponseWriter, r *http.Request, kind string) error {
	// The ETag from one aggregate query: a calendar polling an unchanged
	// feed costs no read of the events.
	version, err := h.Svc.FeedVersion(r.Context(), kind)
	if err != nil {
		return err
	}
	if h.notModified(w, r, nil, "kind="+kind+"|"+version) {
		return nil
	}
	evs, err := h.Svc.List(r.Context(), events.Filter{Kind: kind, All: true})
	if err != nil {
		return err
	}
	name, file := "Corridor events", "events.ics"
	if kind != "" {
		name, file = "Corridor events: "+kind, "events-"+kind+".ics"
	}
	return h.writeICS(w, r, evs, name, file, false)
}

// myFeed is a member's confirmed events, with the online links
// (CONFERENCE); the secret token in the URL is the only credential.
func (h *Handler) myFeed(w http.ResponseWriter, r *http.Request) error {
	tok := strings.TrimSuffix(r.PathValue("token"), ".ics")
	uid, err := h.Svc.FeedUser(r.Context(), tok)
	if err != nil {
		return err
	}
	evs, err := h.Svc.MyEvents(r.Context(), uid)
	if err != nil {
		return err
	}
	// Before the timetables are read: a change to one raises its
	// event's sequence.
	if h.notModified(w, r, evs, fmt.Sprintf("mine=%d", uid)) {
		return nil
	}
	if evs, err = h.Svc.ForCalendar(r.Context(), evs); err != nil {
		return err
	}
	return h.writeICS(w, r, evs, "My Corridor events", "my-events.ics", true)
}

// notModified sets a feed's ETag and answers 304 when the client's
// If-None-Match names it. The tag is a digest of what the feed is made
// from: each event's id, sequence (raised by every change of the event
// or its timetable), last change and status, in order, with the feed, the
// language and the address the feed is written for.
func (h *Handler) notModified(w http.ResponseWriter, r *http.Request, evs []events.Event, feed string) bool {
	d := sha256.New()
	fmt.Fprintf(d, "ics1|%s|%s|%s|%d\n", feed, web.LangFrom(r.Context()), h.BaseURL, len(evs))
	for _, e := range evs {
		fmt.Fprintf(d, "%d:%d:%d:%s\n", e.ID, e.Sequence, e.Updated.UnixNano(), e.Status)
	}
	tag := `"` + hex.EncodeToString(d.Sum(nil)[:16]) + `"`
	w.Header().Set("ETag", tag)
	w.Header().Add("Vary", "Accept-Language, Cookie")
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

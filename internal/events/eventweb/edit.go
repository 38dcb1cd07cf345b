package eventweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corridor/internal/events"
	"corridor/internal/links"
	"corridor/internal/web"
)

var eventFields = []string{"kind", "title_en", "title_fr", "title_es", "description_en", "description_fr", "description_es",
	"starts", "ends", "timezone", "all_day", "moderated", "custom_fields", "venue", "map_url", "online_url", "capacity", "registration_closes", "abstracts_due"}

type formData struct {
	Event events.Event
	Edit  bool
	Kinds []string
	Langs []string
}

const localLayout = "2006-01-02T15:04"

// ParseLocal reads a time for an event in zone loc: an RFC 3339 instant
// ("2027-03-29T09:00:00+02:00"), or a wall-clock time in the zone
// ("2027-03-29T09:00", "2027-03-29 09:00", or a date for midnight).
func ParseLocal(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{localLayout, "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// eventFromForm reads the event form; what cannot be read is named by
// field, and the rest is left to the service's checks.
func eventFromForm(f *web.Form) (events.Event, map[string]string) {
	bad := map[string]string{}
	e := events.Event{Kind: f.Value("kind"), TimeZone: strings.TrimSpace(f.Value("timezone")), AllDay: f.Value("all_day") == "on", Moderated: f.Value("moderated") == "on",
		Venue: f.Value("venue"), MapURL: f.Value("map_url"), OnlineURL: f.Value("online_url"),
		Title: map[string]string{}, Description: map[string]string{}}
	for _, l := range events.Languages {
		e.Title[l], e.Description[l] = f.Value("title_"+l), f.Value("description_"+l)
	}
	loc, err := events.LoadZone(e.TimeZone)
	if err != nil {
		bad["timezone"] = "events.error.timezone"
		loc = time.UTC
	}
	for _, x := range []struct {
		name string
		dst  *time.Time
	}{{"starts", &e.Starts}, {"ends", &e.Ends}, {"registration_closes", &e.RegistrationCloses}, {"abstracts_due", &e.AbstractsDue}} {
		t, ok := ParseLocal(f.Value(x.name), loc)
		if !ok {
			bad[x.name] = "events.error.datetime"
		}
		*x.dst = t
	}
	if e.AllDay {
		e.Starts, e.Ends = WholeDays(e.Starts, e.Ends, loc)
	}
	e.Fields = ParseFields(f.Value("custom_fields"))
	if s := strings.TrimSpace(f.Value("capacity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			bad["capacity"] = "events.error.capacity"
		}
		e.Capacity = n
	}
	return e, bad
}

// WholeDays turns an all-day event's first and last days into midnight
// of the first day and midnight after the last (exclusive end).
func WholeDays(first, last time.Time, loc *time.Location) (time.Time, time.Time) {
	if first.IsZero() || last.IsZero() {
		return first, last
	}
	f, l := first.In(loc), last.In(loc)
	return time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc), time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc)
}

func formOf(e events.Event) *web.Form {
	f := web.NewForm()
	loc := e.Location()
	f.Values["kind"], f.Values["timezone"] = e.Kind, e.TimeZone
	for _, l := range events.Languages {
		f.Values["title_"+l], f.Values["description_"+l] = e.Title[l], e.Description[l]
	}
	local := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format(localLayout)
	}
	f.Values["starts"], f.Values["ends"] = local(e.Starts), local(e.Ends)
	if e.AllDay {
		f.Values["all_day"] = "on"
		f.Values["ends"] = local(e.LastDay())
	}
	f.Values["registration_closes"], f.Values["abstracts_due"] = local(e.RegistrationCloses), local(e.AbstractsDue)
	f.Values["venue"], f.Values["map_url"], f.Values["online_url"] = e.Venue, e.MapURL, e.OnlineURL
	f.Values["capacity"] = strconv.Itoa(e.Capacity)
	if e.Moderated {
		f.Values["moderated"] = "on"
	}
	var lines []string
	for _, fl := range e.Fields {
		if fl.Required {
			lines = append(lines, fl.Label+" *")
		} else {
			lines = append(lines, fl.Label)
		}
	}
	f.Values["custom_fields"] = strings.Join(lines, "\n")
	return f
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, page, title string, f *web.Form, data any, err error, fields map[string]string) error {
	for k, v := range fields {
		f.Errors[k] = v
	}
	if err == nil {
		err = errFields(fields)
	}
	return h.Web.RenderFormError(w, r, page, web.Page{Title: title, Form: f, Data: data}, err)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["kind"], f.Values["timezone"], f.Values["capacity"] = "seminar", "Europe/Zurich", "0"
	h.Web.Render(w, r, "events_form", web.Page{Title: "events.new", Form: f, Data: formData{Kinds: events.Kinds, Langs: events.Languages}})
	return nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, eventFields...)
	data := formData{Kinds: events.Kinds, Langs: events.Languages}
	e, bad := eventFromForm(f)
	if len(bad) > 0 {
		return h.fail(w, r, "events_form", "events.new", f, data, nil, bad)
	}
	e, err := h.Svc.Create(r.Context(), e, userID(r))
	if err != nil {
		return h.fail(w, r, "events_form", "events.new", f, data, err, nil)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d", e.ID), "events.flash.created")
	return nil
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "events_form", web.Page{Title: "events.edit", Form: formOf(e), Data: formData{Event: e, Edit: true, Kinds: events.Kinds, Langs: events.Languages}})
	return nil
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	before, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, eventFields...)
	data := formData{Event: before, Edit: true, Kinds: events.Kinds, Langs: events.Languages}
	e, bad := eventFromForm(f)
	if len(bad) > 0 {
		return h.fail(w, r, "events_form", "events.edit", f, data, nil, bad)
	}
	e.ID, e.Status = id, before.Status
	if err := h.Svc.Update(r.Context(), e); err != nil {
		return h.fail(w, r, "events_form", "events.edit", f, data, err, nil)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d", id), "events.flash.updated")
	return nil
}

func (h *Handler) cancel(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	if err := h.Svc.Cancel(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d", id), "events.flash.cancelled")
	return nil
}

// ParseFields reads custom registration fields, one label a line; a
// label ending in " *" is required.
func ParseFields(s string) []events.Field {
	var out []events.Field
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		label, req := strings.CutSuffix(line, "*")
		out = append(out, events.Field{Label: strings.TrimSpace(label), Required: req})
	}
	return out
}

// ParseSpeakers reads one speaker a line: "Name" or "Name | community:person:N".
func ParseSpeakers(s string) []events.Speaker {
	var out []events.Speaker
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, key, _ := strings.Cut(line, "|")
		out = append(out, events.Speaker{Name: strings.TrimSpace(name), PersonKey: strings.TrimSpace(key)})
	}
	return out
}

func (h *Handler) addTalk(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	loc := e.Location()
	t := events.Talk{EventID: id, Kind: r.PostFormValue("kind"), Track: r.PostFormValue("track"), Title: r.PostFormValue("title"),
		Abstract: r.PostFormValue("abstract"), Speakers: ParseSpeakers(r.PostFormValue("speakers"))}
	bad := map[string]string{}
	var ok bool
	if t.Starts, ok = ParseLocal(r.PostFormValue("starts"), loc); !ok {
		bad["starts"] = "events.error.datetime"
	}
	if t.Ends, ok = ParseLocal(r.PostFormValue("ends"), loc); !ok {
		bad["ends"] = "events.error.datetime"
	}
	if len(bad) > 0 {
		return errFields(bad)
	}
	if _, err := h.Svc.AddTalk(r.Context(), t); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d#timetable", id), "events.flash.talk_added")
	return nil
}

func (h *Handler) deleteTalk(w http.ResponseWriter, r *http.Request) error {
	t, err := h.eventTalk(r)
	if err != nil {
		return err
	}
	id := t.ID
	if err := h.Svc.DeleteTalk(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d#timetable", t.EventID), "events.flash.talk_deleted")
	return nil
}

// Materials are typed links from an event or a talk to a publication,
// instrument, dataset…: "discusses" unless the form says otherwise.
func (h *Handler) addMaterial(r *http.Request, from string) error {
	if h.Links == nil {
		return events.ErrNotFound
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	rel := r.PostFormValue("relation")
	if rel == "" {
		rel = links.Discusses
	}
	_, err := h.Links.Add(r.Context(), links.NewLink{From: from, To: strings.TrimSpace(r.PostFormValue("to")), Relation: rel,
		Qualifiers: links.Qualifiers{Note: strings.TrimSpace(r.PostFormValue("note"))}}, reader(r))
	return err
}

func (h *Handler) addEventMaterial(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	if _, err := h.Svc.Get(r.Context(), id); err != nil {
		return err
	}
	if err := h.addMaterial(r, events.EventKey(id).String()); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d#materials", id), "events.flash.material_added")
	return nil
}

func (h *Handler) addTalkMaterial(w http.ResponseWriter, r *http.Request) error {
	t, err := h.eventTalk(r)
	if err != nil {
		return err
	}
	id := t.ID
	if err := h.addMaterial(r, events.TalkKey(id).String()); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d/talks/%d#materials", t.EventID, id), "events.flash.material_added")
	return nil
}

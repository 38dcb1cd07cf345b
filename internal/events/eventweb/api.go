package eventweb

import (
	"net/http"
	"strconv"
	"time"

	"corridor/internal/events"
	"corridor/internal/web"
)

// apiEventOut is an event with its registration counts; the online link
// only for confirmed participants and editors.
type apiEventOut struct {
	events.Event
	Confirmed  int    `json:"confirmed"`
	Waitlisted int    `json:"waitlisted"`
	URL        string `json:"url"`
	ICS        string `json:"ics"`
}

func (h *Handler) apiOut(r *http.Request, e events.Event) (apiEventOut, error) {
	ok, _, err := h.mayJoinOnline(r, e.ID)
	if err != nil {
		return apiEventOut{}, err
	}
	if !ok {
		e.OnlineURL = ""
	}
	c, err := h.Svc.Counts(r.Context(), e.ID)
	if err != nil {
		return apiEventOut{}, err
	}
	return apiEventOut{Event: e, Confirmed: c.Confirmed, Waitlisted: c.Waitlisted,
		URL: h.BaseURL + "/events/" + itoa(e.ID), ICS: h.BaseURL + "/events/" + itoa(e.ID) + ".ics"}, nil
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	evs, err := h.Svc.List(r.Context(), events.Filter{Kind: q.Get("kind"), Past: q.Get("when") == "past", Limit: 500})
	if err != nil {
		return err
	}
	out := make([]events.Event, 0, len(evs))
	for _, e := range evs {
		e.OnlineURL = ""
		out = append(out, e)
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) apiEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	out, err := h.apiOut(r, e)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

// apiEventIn is the API's event: the fixed fields plus texts in
// other languages and the venue. starts and ends are RFC 3339 instants or
// wall-clock times in timezone.
type apiEventIn struct {
	Title              string            `json:"title"`
	Titles             map[string]string `json:"titles"`
	Description        map[string]string `json:"description"`
	Kind               string            `json:"kind"`
	Starts             string            `json:"starts"`
	Ends               string            `json:"ends"`
	TimeZone           string            `json:"timezone"`
	AllDay             bool              `json:"all_day"`
	Moderated          bool              `json:"moderated"`
	CustomFields       []events.Field    `json:"custom_fields"`
	Capacity           int               `json:"capacity"`
	Venue              string            `json:"venue"`
	MapURL             string            `json:"map_url"`
	OnlineURL          string            `json:"online_url"`
	RegistrationCloses string            `json:"registration_closes"`
	AbstractsDue       string            `json:"abstracts_due"`
}

func (h *Handler) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiEventIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	e := events.Event{Kind: in.Kind, TimeZone: in.TimeZone, AllDay: in.AllDay, Moderated: in.Moderated, Fields: in.CustomFields, Capacity: in.Capacity, Venue: in.Venue, MapURL: in.MapURL,
		OnlineURL: in.OnlineURL, Title: map[string]string{}, Description: in.Description}
	for k, v := range in.Titles {
		e.Title[k] = v
	}
	if in.Title != "" {
		e.Title["en"] = in.Title
	}
	bad := map[string]string{}
	loc, err := events.LoadZone(in.TimeZone)
	if err != nil {
		bad["timezone"] = "events.error.timezone"
		loc = time.UTC
	}
	for _, x := range []struct {
		name, val string
		dst       *time.Time
	}{{"starts", in.Starts, &e.Starts}, {"ends", in.Ends, &e.Ends}, {"registration_closes", in.RegistrationCloses, &e.RegistrationCloses}, {"abstracts_due", in.AbstractsDue, &e.AbstractsDue}} {
		t, ok := ParseLocal(x.val, loc)
		if !ok {
			bad[x.name] = "events.error.datetime"
		}
		*x.dst = t
	}
	if len(bad) > 0 {
		return errFields(bad)
	}
	if e.AllDay {
		e.Starts, e.Ends = WholeDays(e.Starts, e.Ends, loc)
	}
	e, err = h.Svc.Create(r.Context(), e, userID(r))
	if err != nil {
		return err
	}
	out, err := h.apiOut(r, e)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) apiRegister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	var in struct {
		Answers map[string]string `json:"answers"`
	}
	if r.ContentLength != 0 {
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
	}
	st, err := h.Svc.RegisterWith(r.Context(), id, userID(r), in.Answers)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"event_id": id, "status": st})
}

func (h *Handler) apiUnregister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	if err := h.Svc.Unregister(r.Context(), id, userID(r)); err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"event_id": id, "status": events.Withdrawn})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

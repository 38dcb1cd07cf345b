package eventweb

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/events"
	"corridor/internal/links"
	"corridor/internal/web"
)

// eventView is an event as a page shows it: texts in the page's
// language, times in the event's zone.
type eventView struct {
	events.Event
	TitleText, DescriptionText string
	When                       string
	Zone                       string
	Closes                     string
}

// localNames turns the English month and day names Go writes into the
// page's language.
var localNames = map[string]*strings.Replacer{
	"fr": strings.NewReplacer("Monday", "lundi", "Tuesday", "mardi", "Wednesday", "mercredi", "Thursday", "jeudi", "Friday", "vendredi", "Saturday", "samedi", "Sunday", "dimanche",
		"January", "janvier", "February", "février", "March", "mars", "April", "avril", "May", "mai", "June", "juin", "July", "juillet", "August", "août",
		"September", "septembre", "October", "octobre", "November", "novembre", "December", "décembre",
		"Jan ", "janv. ", "Feb ", "févr. ", "Mar ", "mars ", "Apr ", "avr. ", "Jun ", "juin ", "Jul ", "juil. ", "Aug ", "août ", "Sep ", "sept. ", "Oct ", "oct. ", "Nov ", "nov. ", "Dec ", "déc. "),
	"es": strings.NewReplacer("Monday", "lunes", "Tuesday", "martes", "Wednesday", "miércoles", "Thursday", "jueves", "Friday", "viernes", "Saturday", "sábado", "Sunday", "domingo",
		"January", "enero", "February", "febrero", "March", "marzo", "April", "abril", "May", "mayo", "June", "junio", "July", "julio", "August", "agosto",
		"September", "septiembre", "October", "octubre", "November", "noviembre", "December", "diciembre",
		"Jan ", "ene. ", "Feb ", "feb. ", "Mar ", "mar. ", "Apr ", "abr. ", "Jun ", "jun. ", "Jul ", "jul. ", "Aug ", "ago. ", "Sep ", "sept. ", "Oct ", "oct. ", "Nov ", "nov. ", "Dec ", "dic. "),
}

func localize(s, lang string) string {
	if r, ok := localNames[lang]; ok {
		return r.Replace(s)
	}
	return s
}

func view(e events.Event, lang string) eventView {
	loc := e.Location()
	v := eventView{Event: e, TitleText: e.TitleIn(lang), DescriptionText: e.DescriptionIn(lang), Zone: e.TimeZone}
	s, en := e.Starts.In(loc), e.Ends.In(loc)
	if !e.RegistrationCloses.IsZero() {
		v.Closes = e.RegistrationCloses.In(loc).Format("2 Jan 2006, 15:04")
	}
	switch {
	case e.AllDay && e.LastDay().Format("2006-01-02") == s.Format("2006-01-02"):
		v.When = s.Format("2 Jan 2006")
	case e.AllDay:
		v.When = s.Format("2 Jan 2006") + " – " + e.LastDay().Format("2 Jan 2006")
	case s.Format("2006-01-02") == en.Format("2006-01-02"):
		v.When = s.Format("2 Jan 2006, 15:04") + "–" + en.Format("15:04")
	default:
		v.When = s.Format("2 Jan 2006, 15:04") + " – " + en.Format("2 Jan 2006, 15:04")
	}
	v.When, v.Closes = localize(v.When, lang), localize(v.Closes, lang)
	return v
}

type listData struct {
	Events  []eventView
	Past    bool
	Kind    string
	Kinds   []string
	CanEdit bool
	ICS     string
	// Webcal subscribes a calendar application to the same feed.
	Webcal template.URL
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	kind := q.Get("kind")
	if kind != "" && !contains(events.Kinds, kind) {
		kind = ""
	}
	past := q.Get("when") == "past"
	evs, err := h.Svc.List(r.Context(), events.Filter{Kind: kind, Past: past, Limit: 200})
	if err != nil {
		return err
	}
	d := listData{Past: past, Kind: kind, Kinds: events.Kinds, CanEdit: canEdit(r), ICS: "/events.ics"}
	if kind != "" {
		d.ICS = "/events.ics?kind=" + kind
	}
	d.Webcal = webcal(h.BaseURL + d.ICS)
	for _, e := range evs {
		d.Events = append(d.Events, view(e, web.LangFrom(r.Context())))
	}
	h.Web.Render(w, r, "events_list", web.Page{Title: "events.title", Data: d})
	return nil
}

func contains(in []string, s string) bool {
	for _, x := range in {
		if x == s {
			return true
		}
	}
	return false
}

// slot is a time band of the timetable: its items side by side, one per
// track (a plenary item spans them all).
type slot struct {
	When  string
	Items []talkView
}

type talkView struct {
	events.Talk
	When string
}

type eventData struct {
	Event     eventView
	Days      []dayView
	Tracks    []string
	Materials links.Groups
	Status    string // the user's registration status
	Online    bool   // the user may see the online link
	SignedIn  bool
	CanEdit   bool
	Counts    events.Counts
	Pending   []events.Participant // for editors: registrations awaiting a decision
	// Contributions are accepted abstracts not yet in the timetable.
	Contributions []events.Talk
	Open          bool // registration open
	TalkKinds     []string
	// JSONLD is the event as schema.org data.
	JSONLD template.JS
}

type dayView struct {
	Day   string
	Slots []slot
}

// timetable groups talks by day, then by start and end, in track order.
func timetable(e events.Event, lang string) []dayView {
	loc := e.Location()
	var days []dayView
	for _, t := range e.Talks {
		if !t.Scheduled() {
			continue
		}
		day := localize(t.Starts.In(loc).Format("Monday 2 January 2006"), lang)
		if len(days) == 0 || days[len(days)-1].Day != day {
			days = append(days, dayView{Day: day})
		}
		d := &days[len(days)-1]
		when := t.Starts.In(loc).Format("15:04") + "–" + t.Ends.In(loc).Format("15:04")
		if len(d.Slots) == 0 || d.Slots[len(d.Slots)-1].When != when {
			d.Slots = append(d.Slots, slot{When: when})
		}
		s := &d.Slots[len(d.Slots)-1]
		s.Items = append(s.Items, talkView{Talk: t, When: when})
	}
	return days
}

func (h *Handler) event(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("event")
	if strings.HasSuffix(raw, ".ics") {
		id, err := strconv.ParseInt(strings.TrimSuffix(raw, ".ics"), 10, 64)
		if err != nil || id <= 0 {
			return events.ErrNotFound
		}
		return h.eventICS(w, r, id)
	}
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	d, err := h.eventPage(r, id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "events_event", web.Page{Title: d.Event.TitleText, Data: d})
	return nil
}

// eventPage gathers what the event page shows to the request's user.
func (h *Handler) eventPage(r *http.Request, id int64) (eventData, error) {
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return eventData{}, err
	}
	d := eventData{Event: view(e, web.LangFrom(r.Context())), Days: timetable(e, web.LangFrom(r.Context())), Tracks: events.Tracks(scheduled(e.Talks)), SignedIn: userID(r) != 0, CanEdit: canEdit(r), TalkKinds: events.TalkKinds}
	for _, t := range e.Talks {
		if !t.Scheduled() {
			d.Contributions = append(d.Contributions, t)
		}
	}
	d.JSONLD = eventLD(e, web.LangFrom(r.Context()), h.BaseURL)
	if d.Online, d.Status, err = h.mayJoinOnline(r, id); err != nil {
		return d, err
	}
	if !d.Online {
		d.Event.OnlineURL = ""
	}
	if d.Counts, err = h.Svc.Counts(r.Context(), id); err != nil {
		return d, err
	}
	if d.CanEdit {
		ps, err := h.Svc.Participants(r.Context(), id)
		if err != nil {
			return d, err
		}
		for _, p := range ps {
			if p.Status == events.Pending {
				d.Pending = append(d.Pending, p)
			}
		}
	}
	now := h.Svc.Now()
	d.Open = !e.Cancelled() && now.Before(e.Ends) && (e.RegistrationCloses.IsZero() || now.Before(e.RegistrationCloses))
	if h.Links != nil {
		if d.Materials, err = h.Links.From(r.Context(), events.EventKey(id), reader(r)); err != nil {
			return d, err
		}
	}
	return d, nil
}

type talkData struct {
	Event     eventView
	Talk      talkView
	Materials links.Groups
	CanEdit   bool
}

func (h *Handler) talk(w http.ResponseWriter, r *http.Request) error {
	t, err := h.eventTalk(r)
	if err != nil {
		return err
	}
	id := t.ID
	e, err := h.Svc.Get(r.Context(), t.EventID)
	if err != nil {
		return err
	}
	e.OnlineURL = ""
	loc := e.Location()
	d := talkData{Event: view(e, web.LangFrom(r.Context())), CanEdit: canEdit(r), Talk: talkView{Talk: t}}
	if t.Scheduled() {
		d.Talk.When = localize(t.Starts.In(loc).Format("Monday 2 January 2006, 15:04"), web.LangFrom(r.Context())) + "–" + t.Ends.In(loc).Format("15:04") + " (" + e.TimeZone + ")"
	}
	if h.Links != nil {
		if d.Materials, err = h.Links.From(r.Context(), events.TalkKey(id), reader(r)); err != nil {
			return err
		}
	}
	h.Web.Render(w, r, "events_talk", web.Page{Title: t.Title, Data: d})
	return nil
}

func (h *Handler) register(w http.ResponseWriter, r *http.Request) error {
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
	answers := map[string]string{}
	for _, f := range e.Fields {
		answers[f.Key] = r.PostFormValue(f.Key)
	}
	st, err := h.Svc.RegisterWith(r.Context(), id, userID(r), answers)
	if err != nil {
		// The page again, answers kept, each problem next to its question.
		d, perr := h.eventPage(r, id)
		if perr != nil {
			return perr
		}
		f := web.NewForm()
		f.Values = answers
		return h.Web.RenderFormError(w, r, "events_event", web.Page{Title: d.Event.TitleText, Form: f, Data: d}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d", id), "events.flash."+st)
	return nil
}

func (h *Handler) unregister(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	if err := h.Svc.Unregister(r.Context(), id, userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d", id), "events.flash.unregistered")
	return nil
}

type mineData struct {
	Events  []eventView
	HasFeed bool
	FeedURL string // shown once, right after it is made
	// Webcal is the subscription link; html/template would refuse the
	// scheme in a plain string.
	Webcal template.URL
}

func (h *Handler) mine(w http.ResponseWriter, r *http.Request) error {
	evs, err := h.Svc.MyEvents(r.Context(), userID(r))
	if err != nil {
		return err
	}
	d := mineData{}
	if d.HasFeed, err = h.Svc.HasFeed(r.Context(), userID(r)); err != nil {
		return err
	}
	for _, e := range evs {
		d.Events = append(d.Events, view(e, web.LangFrom(r.Context())))
	}
	h.Web.Render(w, r, "events_mine", web.Page{Title: "events.mine.title", Data: d})
	return nil
}

func (h *Handler) newFeed(w http.ResponseWriter, r *http.Request) error {
	tok, err := h.Svc.NewFeed(r.Context(), userID(r))
	if err != nil {
		return err
	}
	evs, err := h.Svc.MyEvents(r.Context(), userID(r))
	if err != nil {
		return err
	}
	d := mineData{HasFeed: true, FeedURL: h.BaseURL + "/events/mine/feed/" + tok + ".ics"}
	d.Webcal = webcal(d.FeedURL)
	for _, e := range evs {
		d.Events = append(d.Events, view(e, web.LangFrom(r.Context())))
	}
	// The URL is the credential: shown on this response only, never
	// cached.
	w.Header().Set("Cache-Control", "no-store")
	h.Web.Render(w, r, "events_mine", web.Page{Title: "events.mine.title", Data: d})
	return nil
}

func (h *Handler) revokeFeed(w http.ResponseWriter, r *http.Request) error {
	if err := h.Svc.RevokeFeed(r.Context(), userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/events/mine", "events.flash.feed_revoked")
	return nil
}

// eventTalk reads the path's talk of the path's event; a talk of another event is
// not found.
func (h *Handler) eventTalk(r *http.Request) (events.Talk, error) {
	id, err := pathID(r, "talk")
	if err != nil {
		return events.Talk{}, err
	}
	ev, err := pathID(r, "event")
	if err != nil {
		return events.Talk{}, err
	}
	t, err := h.Svc.Talk(r.Context(), id)
	if err != nil {
		return events.Talk{}, err
	}
	if t.EventID != ev {
		return events.Talk{}, events.ErrNotFound
	}
	return t, nil
}

// webcal is the subscription form of a feed URL (calendar applications
// open webcal:// links as subscriptions, not downloads).
func webcal(u string) template.URL {
	return template.URL("webcal://" + strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"))
}

// scheduled keeps the timetable's items that have their times.
func scheduled(ts []events.Talk) []events.Talk {
	var out []events.Talk
	for _, t := range ts {
		if t.Scheduled() {
			out = append(out, t)
		}
	}
	return out
}

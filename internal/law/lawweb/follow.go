package lawweb

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// feedLimit is how many entries a feed carries.
const feedLimit = 50

type followView struct {
	lawdb.Follow
	Label, Href string
}

type followingData struct {
	Follows  []followView
	Events   []lawdb.Event
	FeedURL  string
	IsAdmin  bool
	FeedPath string
}

// safeBack keeps the redirect after a follow on the law pages.
func safeBack(next string) string {
	if !strings.HasPrefix(next, "/law") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/law/following"
	}
	return next
}

func (h *Handler) followLabel(r *http.Request, f lawdb.Follow) followView {
	v := followView{Follow: f, Label: f.Target}
	switch f.Kind {
	case "instrument":
		v.Href = "/law/instruments/" + f.Target
		if in, err := h.Store.Instrument(r.Context(), f.Target); err == nil {
			v.Label = in.Title
		}
	case "country":
		v.Href = "/law/countries/" + f.Target
		if c, ok := geo.ByCode(f.Target); ok {
			v.Label = c.Name
		}
	case "topic":
		v.Href = "/law?topic=" + f.Target
		v.Label = h.Web.T(r, "law.topic."+f.Target)
	}
	return v
}

func (h *Handler) following(w http.ResponseWriter, r *http.Request) error {
	u := web.UserFrom(r.Context())
	fs, err := h.Store.Follows(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d := followingData{IsAdmin: accounts.Can(u.Role, accounts.PermAdmin)}
	for _, f := range fs {
		d.Follows = append(d.Follows, h.followLabel(r, f))
	}
	if d.Events, err = h.Store.FollowedEvents(r.Context(), fs, 20); err != nil {
		return err
	}
	for i := range d.Events {
		d.Events[i].Summary = d.Events[i].Text(web.LangFrom(r.Context()))
	}
	tok, err := h.Store.FeedToken(r.Context(), u.ID)
	if err != nil {
		return err
	}
	if tok != "" {
		d.FeedPath = "/law/feeds/" + tok + ".atom"
		d.FeedURL = strings.TrimRight(h.Web.Config.BaseURL, "/") + d.FeedPath
	}
	h.Web.Render(w, r, "law_following", web.Page{Title: "law.follow.title", Data: d, Form: web.NewForm()})
	return nil
}

func (h *Handler) follow(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	u := web.UserFrom(r.Context())
	if _, err := h.Store.FollowTarget(r.Context(), u.ID, r.PostFormValue("kind"), r.PostFormValue("target")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, safeBack(r.PostFormValue("next")), "law.follow.saved")
	return nil
}

func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	u := web.UserFrom(r.Context())
	if err := h.Store.Unfollow(r.Context(), u.ID, r.PostFormValue("kind"), r.PostFormValue("target")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, safeBack(r.PostFormValue("next")), "law.follow.removed")
	return nil
}

func (h *Handler) newFeedToken(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Store.NewFeedToken(r.Context(), web.UserFrom(r.Context()).ID); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/law/following", "law.feed.created")
	return nil
}

func (h *Handler) revokeFeedToken(w http.ResponseWriter, r *http.Request) error {
	if err := h.Store.RevokeFeedToken(r.Context(), web.UserFrom(r.Context()).ID); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/law/following", "law.feed.revoked")
	return nil
}

func (h *Handler) triggerDigest(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Store.TriggerDigest(r.Context()); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/law/following", "law.digest.queued")
	return nil
}

// followState tells a page whether the signed-in user follows kind/target.
type followState struct {
	SignedIn  bool
	Following bool
	Kind      string
	Target    string
	Next      string
}

func (h *Handler) followState(r *http.Request, kind, target string) followState {
	st := followState{Kind: kind, Target: target, Next: r.URL.RequestURI()}
	if u := web.UserFrom(r.Context()); u != nil {
		st.SignedIn = true
		st.Following, _ = h.Store.IsFollowing(r.Context(), u.ID, kind, target)
	}
	return st
}

// ---------- Atom (RFC 4287) ----------

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID       string       `xml:"id"`
	Title    atomText     `xml:"title"`
	Updated  string       `xml:"updated"`
	Link     atomLink     `xml:"link"`
	Summary  atomText     `xml:"summary"`
	Category []atomCatego `xml:"category"`
}

type atomCatego struct {
	Term string `xml:"term,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

func rfc3339(unix int64) string { return time.Unix(unix, 0).UTC().Format(time.RFC3339) }

// writeFeed answers an Atom feed of events.
// Summaries are written in lang: the request's for public feeds, the
// token user's for a personal feed.
func (h *Handler) writeFeed(w http.ResponseWriter, r *http.Request, lang, id, title, self, alternate string, evs []lawdb.Event) error {
	base := strings.TrimRight(h.Web.Config.BaseURL, "/")
	f := atomFeed{ID: id, Title: atomText{Text: title}, Updated: rfc3339(0), Author: atomAuthor{Name: "Corridor"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self}, {Rel: "alternate", Type: "text/html", Href: base + alternate}}}
	for _, e := range evs {
		if up := rfc3339(e.CreatedAt); up > f.Updated {
			f.Updated = up
		}
		entryTitle := i18n.Default.T(lang, "law.event."+e.Kind)
		if e.Instrument != "" {
			entryTitle += " — " + e.Instrument
		} else if len(e.Countries) > 0 {
			entryTitle += " — " + strings.Join(e.Countries, ", ")
		}
		entry := atomEntry{ID: fmt.Sprintf("%s/law/events/%d", base, e.ID), Title: atomText{Text: entryTitle}, Updated: rfc3339(e.CreatedAt),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: base + e.Link}, Summary: atomText{Type: "text", Text: e.Text(lang)}}
		entry.Category = append(entry.Category, atomCatego{Term: e.Kind})
		f.Entries = append(f.Entries, entry)
	}
	if len(evs) == 0 {
		f.Updated = rfc3339(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	}
	b, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	if _, err := w.Write([]byte(xml.Header)); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// writePageFeed answers the feed of the page at path p: served at
// p/feed.atom, which, made absolute, is also its id.
func (h *Handler) writePageFeed(w http.ResponseWriter, r *http.Request, title, p string, evs []lawdb.Event) error {
	base := strings.TrimRight(h.Web.Config.BaseURL, "/")
	return h.writeFeed(w, r, web.LangFrom(r.Context()), base+p+"/feed.atom", title, p+"/feed.atom", p, evs)
}

func (h *Handler) instrumentFeed(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	evs, err := h.Store.InstrumentEvents(r.Context(), inst.Slug, feedLimit)
	if err != nil {
		return err
	}
	return h.writePageFeed(w, r, inst.Title, "/law/instruments/"+inst.Slug, evs)
}

func (h *Handler) countryFeed(w http.ResponseWriter, r *http.Request) error {
	c, err := pathCountry(r)
	if err != nil {
		return err
	}
	evs, err := h.Store.CountryEvents(r.Context(), c.Alpha3, feedLimit)
	if err != nil {
		return err
	}
	return h.writePageFeed(w, r, c.Name, "/law/countries/"+c.Alpha3, evs)
}

// personalFeed serves /law/feeds/{token}.atom: the events of what the
// token's user follows. The token is the only credential.
func (h *Handler) personalFeed(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("feed")
	tok, ok := strings.CutSuffix(file, ".atom")
	if !ok {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_feed"}
	}
	uid, err := h.Store.FeedUser(r.Context(), tok)
	if err != nil {
		return err
	}
	fs, err := h.Store.Follows(r.Context(), uid)
	if err != nil {
		return err
	}
	evs, err := h.Store.FollowedEvents(r.Context(), fs, feedLimit)
	if err != nil {
		return err
	}
	// the feed reader sends no session: the summaries are in the
	// language the user chose for Corridor
	lang := web.LangFrom(r.Context())
	if u, err := h.Web.Accounts.ByID(r.Context(), uid); err == nil && i18n.Supported(u.Lang) {
		lang = u.Lang
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return h.writeFeed(w, r, lang, fmt.Sprintf("urn:corridor:law:following:%d", uid), i18n.Default.T(lang, "law.follow.title"), "/law/feeds/"+file, "/law/following", evs)
}

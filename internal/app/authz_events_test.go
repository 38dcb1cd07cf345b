package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/events"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the events domain
// (internal/events/eventweb). The list, event and talk pages and the
// public feeds are public; the secret feed's token is its own credential;
// registering and the "my events" page need an account; everything an
// organiser does needs events.edit (editors and admins).
func init() {
	pub, in, edit := accounts.PermPublic, accounts.PermSignedIn, accounts.PermEditEvents
	decide(map[string]accounts.Permission{
		"GET /events": pub, "GET /events.ics": pub, "GET /events/assets/events.css": pub, "GET /events/{event}": pub, "GET /events/{event}/talks/{talk}": pub, "GET /events/mine/feed/{token}": pub,

		"GET /events/mine": in, "POST /events/mine/feed": in, "POST /events/mine/feed/revoke": in,
		"POST /events/{event}/register": in, "POST /events/{event}/unregister": in,

		"GET /events/new": edit, "POST /events": edit, "GET /events/{event}/edit": edit, "POST /events/{event}/edit": edit,
		"POST /events/{event}/cancel": edit, "POST /events/{event}/talks": edit, "POST /events/{event}/talks/{talk}/delete": edit,
		"POST /events/{event}/talks/{talk}/schedule": edit,
		"POST /events/{event}/materials":             edit, "GET /events/{event}/participants/{format}": edit,
		"POST /events/{event}/participants/{user}/approve": edit, "POST /events/{event}/participants/{user}/reject": edit, "POST /events/{event}/talks/{talk}/materials": edit,

		"GET /api/v1/events": pub, "POST /api/v1/events": edit, "GET /api/v1/events/{event}": pub,
		"POST /api/v1/events/{event}/registrations": in, "DELETE /api/v1/events/{event}/registrations": in,
	})
	rolesWith[edit] = []accounts.Role{accounts.RoleAdmin, accounts.RoleEditor}
	pathFillers["{event}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(eventsFixture(t, a).event, 10) }
	pathFillers["{talk}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(eventsFixture(t, a).talk, 10) }
	pathFillers["{user}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(a.Users[accounts.RoleMember].ID, 10) }
	pathFillers["{token}"] = func(*testing.T, *testApp) string { return "no-such-token.ics" }

	member, editor := accounts.RoleMember, accounts.RoleEditor
	onFixture := func(do func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(t, a, c, eventsFixture(t, a))
		}
	}
	unregistered := func(t *testing.T, a *testApp, f evFixture) {
		a.DB.Exec(`DELETE FROM seats WHERE scope = 'events.event' AND user_id = $1`, a.Users[member].ID)
	}
	registered := func(t *testing.T, a *testApp, f evFixture) {
		unregistered(t, a, f)
		if _, err := a.Events.Register(context.Background(), f.event, a.Users[member].ID); err != nil {
			t.Fatal(err)
		}
	}
	form := func(e url.Values) url.Values { return e }
	eventForm := form(url.Values{"kind": {"seminar"}, "title_en": {"Scenario seminar"}, "timezone": {"Europe/Zurich"}, "starts": {"2030-05-02T14:00"}, "ends": {"2030-05-02T16:00"}, "capacity": {"20"}})
	for k, v := range map[string]writeScenario{
		"POST /events/{event}/register": {member, "events.registration.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			unregistered(t, a, f)
			resp, _ := c.Post(fmt.Sprintf("/events/%d/register", f.event), nil)
			return resp
		})},
		"POST /api/v1/events/{event}/registrations": {member, "events.registration.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			unregistered(t, a, f)
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/events/%d/registrations", f.event), "")
			return resp
		})},
		"POST /events/{event}/unregister": {member, "events.registration.cancel", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			registered(t, a, f)
			resp, _ := c.Post(fmt.Sprintf("/events/%d/unregister", f.event), nil)
			return resp
		})},
		"DELETE /api/v1/events/{event}/registrations": {member, "events.registration.cancel", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			registered(t, a, f)
			resp, _ := c.API("DELETE", fmt.Sprintf("/api/v1/events/%d/registrations", f.event), "")
			return resp
		})},
		"POST /events/{event}/participants/{user}/approve": {editor, "events.registration.approve", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			e := pendingMember(t, a)
			resp, _ := c.Post(fmt.Sprintf("/events/%d/participants/%d/approve", e, a.Users[member].ID), nil)
			return resp
		}},
		"POST /events/{event}/participants/{user}/reject": {editor, "events.registration.reject", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			e := pendingMember(t, a)
			resp, _ := c.Post(fmt.Sprintf("/events/%d/participants/%d/reject", e, a.Users[member].ID), nil)
			return resp
		}},
		"POST /events/mine/feed":        {member, "events.feed.create", post("/events/mine/feed", nil)},
		"POST /events/mine/feed/revoke": {member, "events.feed.revoke", post("/events/mine/feed/revoke", nil)},
		"POST /events":                  {editor, "events.event.create", post("/events", eventForm)},
		"POST /api/v1/events": {editor, "events.event.create", api("POST", "/api/v1/events",
			`{"title":"API seminar","kind":"seminar","starts":"2030-06-01T10:00","ends":"2030-06-01T12:00","timezone":"America/Bogota","capacity":30}`)},
		"POST /events/{event}/edit": {editor, "events.event.update", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			v := url.Values{"kind": {"symposium"}, "title_en": {"Fixture symposium"}, "timezone": {"Europe/Zurich"}, "starts": {"2030-03-01T09:00"}, "ends": {"2030-03-02T17:00"}, "capacity": {"50"}}
			resp, _ := c.Post(fmt.Sprintf("/events/%d/edit", f.event), v)
			return resp
		})},
		"POST /events/{event}/cancel": {editor, "events.event.cancel", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			e := newFixtureEvent(t, a, "To cancel")
			resp, _ := c.Post(fmt.Sprintf("/events/%d/cancel", e), nil)
			return resp
		}},
		"POST /events/{event}/talks": {editor, "events.talk.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/events/%d/talks", f.event), url.Values{"kind": {"talk"}, "title": {"Another talk"}, "track": {"B"}, "starts": {"2030-03-01T11:00"}, "ends": {"2030-03-01T12:00"}, "speakers": {"Ana Ruiz | community:person:3"}})
			return resp
		})},
		"POST /events/{event}/talks/{talk}/delete": {editor, "events.talk.delete", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			tk := addFixtureTalk(t, a, f.event, "To delete")
			resp, _ := c.Post(fmt.Sprintf("/events/%d/talks/%d/delete", f.event, tk), nil)
			return resp
		})},
		"POST /events/{event}/talks/{talk}/schedule": {editor, "events.contribution.schedule", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			ct, err := a.Events.AddContribution(asEditor(a), f.event, time.Now().UnixNano(), "Accepted abstract", "", "", []events.Speaker{{Name: "Ana Ruiz"}})
			if err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Post(fmt.Sprintf("/events/%d/talks/%d/schedule", f.event, ct.ID), url.Values{"track": {"B"}, "starts": {"2030-03-01T14:00"}, "ends": {"2030-03-01T14:30"}})
			return resp
		})},
		"POST /events/{event}/materials": {editor, "link.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			a.DB.Exec(`DELETE FROM links WHERE from_key = $1`, events.EventKey(f.event).String())
			resp, _ := c.Post(fmt.Sprintf("/events/%d/materials", f.event), url.Values{"to": {events.TalkKey(f.talk).String()}, "relation": {"references"}})
			return resp
		})},
		"POST /events/{event}/talks/{talk}/materials": {editor, "link.create", onFixture(func(t *testing.T, a *testApp, c *webtest.Client, f evFixture) *http.Response {
			a.DB.Exec(`DELETE FROM links WHERE from_key = $1`, events.TalkKey(f.talk).String())
			resp, _ := c.Post(fmt.Sprintf("/events/%d/talks/%d/materials", f.event, f.talk), url.Values{"to": {events.EventKey(f.event).String()}, "relation": {"is-part-of"}})
			return resp
		})},
	} {
		writeScenarios[k] = v
	}
}

// evFixture is a symposium with one talk.
type evFixture struct{ event, talk int64 }

// asEditor: fixtures are written as the editor would, so that a scenario
// that first creates them still finds its own request's actor last.
func asEditor(a *testApp) context.Context {
	u := a.Users[accounts.RoleEditor]
	return audit.WithActor(context.Background(), audit.Actor{ID: u.ID, Label: u.Email})
}

func newFixtureEvent(t *testing.T, a *testApp, title string) int64 {
	t.Helper()
	zurich, _ := time.LoadLocation("Europe/Zurich")
	e, err := a.Events.Create(asEditor(a), events.Event{Kind: "symposium", TimeZone: "Europe/Zurich", Capacity: 50,
		Title:  map[string]string{"en": title},
		Starts: time.Date(2030, 3, 1, 9, 0, 0, 0, zurich), Ends: time.Date(2030, 3, 2, 17, 0, 0, 0, zurich), OnlineURL: "https://meet.example.org/x"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID
}

func addFixtureTalk(t *testing.T, a *testApp, event int64, title string) int64 {
	t.Helper()
	zurich, _ := time.LoadLocation("Europe/Zurich")
	tk, err := a.Events.AddTalk(asEditor(a), events.Talk{EventID: event, Kind: "talk", Track: "A", Title: title,
		Starts: time.Date(2030, 3, 1, 10, 0, 0, 0, zurich), Ends: time.Date(2030, 3, 1, 11, 0, 0, 0, zurich), Speakers: []events.Speaker{{Name: "Ana Ruiz"}}})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

func eventsFixture(t *testing.T, a *testApp) evFixture {
	t.Helper()
	var f evFixture
	err := a.DB.QueryRow(`SELECT e.id, MIN(t.id) FROM events_events e JOIN events_talks t ON t.event_id = e.id WHERE e.title_en = 'Authz fixture' GROUP BY e.id`).Scan(&f.event, &f.talk)
	if err == nil {
		// The matrix walk may have cancelled it.
		a.DB.Exec(`UPDATE events_events SET status = 'scheduled' WHERE id = $1`, f.event)
		return f
	}
	f.event = newFixtureEvent(t, a, "Authz fixture")
	f.talk = addFixtureTalk(t, a, f.event, "Fixture talk")
	return f
}

// pendingMember makes a moderated event the member has asked to join.
func pendingMember(t *testing.T, a *testApp) int64 {
	t.Helper()
	zurich, _ := time.LoadLocation("Europe/Zurich")
	e, err := a.Events.Create(asEditor(a), events.Event{Kind: "workshop", TimeZone: "Europe/Zurich", Capacity: 10, Moderated: true,
		Title: map[string]string{"en": "Moderated workshop"}, Starts: time.Date(2030, 4, 1, 9, 0, 0, 0, zurich), Ends: time.Date(2030, 4, 1, 12, 0, 0, 0, zurich)}, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := a.Events.Register(asEditor(a), e.ID, a.Users[accounts.RoleMember].ID)
	if err != nil || st != events.Pending {
		t.Fatalf("moderated registration: %q %v", st, err)
	}
	return e.ID
}

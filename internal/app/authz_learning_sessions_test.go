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
	"corridor/internal/learning"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of training sessions
// (internal/learning/learnweb/session*.go). The list, a session's page and
// calendar, and the API's session are public (the video link only for a
// confirmed learner or a trainer); enrolling and leaving need an account,
// for oneself only; creating, editing, cancelling, approving and marking
// attendance need learning.teach.
func init() {
	pub, in, teach := accounts.PermPublic, accounts.PermSignedIn, accounts.PermTeach
	decide(map[string]accounts.Permission{
		"GET /training/sessions": pub, "GET /training/sessions/{session}": pub,
		"POST /training/sessions/{session}/enrol": in, "POST /training/sessions/{session}/leave": in,
		"GET /training/sessions/new": teach, "POST /training/sessions": teach,
		"GET /training/sessions/{session}/edit": teach, "POST /training/sessions/{session}/edit": teach,
		"POST /training/sessions/{session}/cancel": teach, "POST /training/sessions/{session}/attendance": teach,
		"POST /training/sessions/{session}/decide": teach,

		"POST /api/v1/training/sessions": teach, "GET /api/v1/training/sessions/{session}": pub,
		"POST /api/v1/training/sessions/{session}/enrolments": in, "DELETE /api/v1/training/sessions/{session}/enrolments": in,
	})
	pathFillers["{session}"] = func(t *testing.T, a *testApp) string {
		return strconv.FormatInt(newSession(t, a, false), 10)
	}

	member, trainer := accounts.RoleMember, accounts.RoleTrainer
	onSession := func(approval bool, do func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(t, a, c, newSession(t, a, approval))
		}
	}
	enrolled := func(t *testing.T, a *testApp, id int64) {
		if _, err := a.Learning.EnrolSession(context.Background(), id, a.Users[member].ID); err != nil {
			t.Fatal(err)
		}
	}
	form := url.Values{"title": {"Scenario session"}, "starts": {"2031-05-06T09:00"}, "ends": {"2031-05-06T12:00"}, "tz": {"Europe/Madrid"}, "venue": {"Room 1"}, "capacity": {"10"}}
	for k, v := range map[string]writeScenario{
		"POST /training/sessions/{session}/enrol": {member, "learning.session.enrol", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/enrol", id), nil)
			return resp
		})},
		"POST /training/sessions/{session}/leave": {member, "learning.session.leave", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			enrolled(t, a, id)
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/leave", id), nil)
			return resp
		})},
		"POST /training/sessions": {trainer, "learning.session.create", post("/training/sessions", form)},
		"POST /training/sessions/{session}/edit": {trainer, "learning.session.update", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/edit", id), form)
			return resp
		})},
		"POST /training/sessions/{session}/cancel": {trainer, "learning.session.cancel", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/cancel", id), nil)
			return resp
		})},
		"POST /training/sessions/{session}/attendance": {trainer, "learning.session.attendance", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			enrolled(t, a, id)
			a.DB.Exec(`UPDATE learning_sessions SET starts_at = $1 WHERE id = $2`, time.Now().Add(-time.Hour).Unix(), id)
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/attendance", id), url.Values{"attended": {strconv.FormatInt(a.Users[member].ID, 10)}})
			return resp
		})},
		"POST /training/sessions/{session}/decide": {trainer, "learning.session.decide", onSession(true, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			enrolled(t, a, id)
			resp, _ := c.Post(fmt.Sprintf("/training/sessions/%d/decide", id), url.Values{"user": {strconv.FormatInt(a.Users[member].ID, 10)}, "decision": {"approve"}})
			return resp
		})},
		"POST /api/v1/training/sessions": {trainer, "learning.session.create", api("POST", "/api/v1/training/sessions",
			`{"title":"API session","starts":"2031-05-06T09:00:00+02:00","ends":"2031-05-06T12:00:00+02:00","capacity":50,"online_url":"https://meet.example.org/x"}`)},
		"POST /api/v1/training/sessions/{session}/enrolments": {member, "learning.session.enrol", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/training/sessions/%d/enrolments", id), "")
			return resp
		})},
		"DELETE /api/v1/training/sessions/{session}/enrolments": {member, "learning.session.leave", onSession(false, func(t *testing.T, a *testApp, c *webtest.Client, id int64) *http.Response {
			enrolled(t, a, id)
			resp, _ := c.API("DELETE", fmt.Sprintf("/api/v1/training/sessions/%d/enrolments", id), "")
			return resp
		})},
	} {
		writeScenarios[k] = v
	}
}

// newSession adds an upcoming session (online, 10 seats).
func newSession(t *testing.T, a *testApp, approval bool) int64 {
	t.Helper()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	x, err := a.Learning.CreateSession(context.Background(), learning.SessionInput{Title: "Authz session", Starts: start, Ends: start.Add(2 * time.Hour),
		TZ: "Europe/Paris", OnlineURL: "https://meet.example.org/secret", Capacity: 10, NeedsApproval: approval}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return x.ID
}

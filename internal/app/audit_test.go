package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/mail"
	"corridor/internal/web/webtest"
)

// writeScenario makes one valid request to a state-changing route and
// names the audit action it must leave.
type writeScenario struct {
	role   accounts.Role
	action string
	do     func(t *testing.T, a *testApp, c *webtest.Client) *http.Response
}

// writeScenarios has a scenario for every state-changing route; domains add
// theirs in init functions of their test files.
var writeScenarios = map[string]writeScenario{}

func post(path string, form url.Values) func(*testing.T, *testApp, *webtest.Client) *http.Response {
	return func(_ *testing.T, _ *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(path, form)
		return resp
	}
}

func onThrowaway(format string, form url.Values) func(*testing.T, *testApp, *webtest.Client) *http.Response {
	return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf(format, a.throwawayUser(t)), form)
		return resp
	}
}

func api(method, path, body string) func(*testing.T, *testApp, *webtest.Client) *http.Response {
	return func(_ *testing.T, _ *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.API(method, path, body)
		return resp
	}
}

var tokenInMail = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

func init() {
	admin, member := accounts.RoleAdmin, accounts.RoleMember
	for k, v := range map[string]writeScenario{
		"POST /lang":   {member, "user.set_lang", post("/lang", url.Values{"lang": {"fr"}})},
		"POST /login":  {accounts.RoleAnonymous, "session.login", post("/login", url.Values{"email": {"member@corridor.test"}, "password": {"password-member"}})},
		"POST /logout": {member, "session.logout", post("/logout", nil)},
		"POST /signup": {accounts.RoleAnonymous, "user.create", post("/signup", url.Values{"name": {"New"}, "email": {"new@example.org"}, "password": {"long-enough-pw"}, "password_confirm": {"long-enough-pw"}})},
		"GET /confirm": {accounts.RoleAnonymous, "user.confirm", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			a.Accounts.SignupMode = accounts.SignupEmail
			defer func() { a.Accounts.SignupMode = accounts.SignupApproval }()
			if _, err := a.Accounts.SignUp(context.Background(), accounts.NewUser{Email: "conf@example.org", Name: "C", Password: "long-enough-pw"}); err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Get("/confirm?token=" + latestMailToken(t, a))
			return resp
		}},
		"POST /password/forgot": {accounts.RoleAnonymous, "user.password_reset_requested", post("/password/forgot", url.Values{"email": {"member@corridor.test"}})},
		"POST /password/reset": {accounts.RoleAnonymous, "user.password_reset", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			a.Accounts.RequestPasswordReset(context.Background(), "trainer@corridor.test")
			resp, _ := c.Post("/password/reset", url.Values{"token": {latestMailToken(t, a)}, "password": {"brand-new-pw"}, "password_confirm": {"brand-new-pw"}})
			return resp
		}},
		"POST /account/tokens":   {member, "api_token.create", post("/account/tokens", url.Values{"name": {"laptop"}})},
		"POST /account/profile":  {member, "user.rename", post("/account/profile", url.Values{"name": {"Sam O."}})},
		"POST /account/password": {member, "user.change_password", post("/account/password", url.Values{"current_password": {"password-member"}, "password": {"a-new-password"}, "password_confirm": {"a-new-password"}})},
		"POST /admin/users":      {admin, "user.create", post("/admin/users", url.Values{"name": {"Invited"}, "email": {"invited@example.org"}, "role": {"editor"}})},
		"POST /account/tokens/{id}/revoke": {member, "api_token.revoke", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			tok, _, _ := a.Accounts.CreateAPIToken(context.Background(), a.Users[member].ID, "old")
			resp, _ := c.Post(fmt.Sprintf("/account/tokens/%d/revoke", tok.ID), nil)
			return resp
		}},
		"POST /admin/users/{id}/approve": {admin, "user.approve", onThrowaway("/admin/users/%d/approve", nil)},
		"POST /admin/users/{id}/role":    {admin, "user.set_role", onThrowaway("/admin/users/%d/role", url.Values{"role": {"reviewer"}})},
		"POST /admin/users/{id}/disable": {admin, "user.disable", onThrowaway("/admin/users/%d/disable", nil)},
		"POST /admin/users/{id}/enable":  {admin, "user.enable", onThrowaway("/admin/users/%d/enable", nil)},
		"POST /admin/jobs/{id}/retry": {admin, "job.retry", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			var id int64
			a.DB.QueryRow(`INSERT INTO jobs (kind, status, run_at, created_at, updated_at) VALUES ('x', 'failed', 0, 0, 0) RETURNING id`).Scan(&id)
			resp, _ := c.Post(fmt.Sprintf("/admin/jobs/%d/retry", id), nil)
			return resp
		}},
		"POST /admin/jobs/{id}/cancel": {admin, "job.cancel", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			var id int64
			a.DB.QueryRow(`INSERT INTO jobs (kind, status, run_at, created_at, updated_at) VALUES ('x', 'queued', 0, 0, 0) RETURNING id`).Scan(&id)
			resp, _ := c.Post(fmt.Sprintf("/admin/jobs/%d/cancel", id), nil)
			return resp
		}},
		"POST /api/v1/jobs/{id}/cancel": {admin, "job.cancel", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			var id int64
			a.DB.QueryRow(`INSERT INTO jobs (kind, status, run_at, created_at, updated_at) VALUES ('x', 'running', 0, 0, 0) RETURNING id`).Scan(&id)
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", id), "")
			return resp
		}},
		"POST /api/v1/me/tokens": {member, "api_token.create", api("POST", "/api/v1/me/tokens", `{"name":"script"}`)},
		"DELETE /api/v1/me/tokens/{id}": {member, "api_token.revoke", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			tok, _, _ := a.Accounts.CreateAPIToken(context.Background(), a.Users[member].ID, "old")
			resp, _ := c.API("DELETE", fmt.Sprintf("/api/v1/me/tokens/%d", tok.ID), "")
			return resp
		}},
		"POST /api/v1/users": {admin, "user.create", api("POST", "/api/v1/users", `{"email":"api@example.org","name":"Api","password":"long-enough-pw"}`)},
		"PATCH /api/v1/users/{id}": {admin, "user.set_role", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("PATCH", fmt.Sprintf("/api/v1/users/%d", a.throwawayUser(t)), `{"role":"trainer"}`)
			return resp
		}},
	} {
		writeScenarios[k] = v
	}
}

func latestMailToken(t *testing.T, a *testApp) string {
	msgs, err := mail.List(context.Background(), a.DB, 0, 1)
	if err != nil || len(msgs) == 0 {
		t.Fatalf("no mail: %v", err)
	}
	m := tokenInMail.FindStringSubmatch(msgs[0].Body)
	if m == nil {
		t.Fatalf("no token in %q", msgs[0].Body)
	}
	return m[1]
}

// TestEveryWriteIsAudited makes a valid request to every state-changing
// route and checks it left its audit entry, with the actor.
func TestEveryWriteIsAudited(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			for _, rt := range a.routes() {
				isWrite := rt.Method != "GET" && !rt.Safe || rt.Pattern == "/confirm"
				if !isWrite {
					continue
				}
				sc, ok := writeScenarios[rt.Key()]
				if !ok {
					t.Errorf("write route %s has no audit scenario", rt.Key())
					continue
				}
				var before int64
				a.DB.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&before)
				c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[sc.role])
				resp := sc.do(t, a, c)
				if resp.StatusCode >= 400 {
					t.Errorf("%s: the valid request failed with %d", rt.Key(), resp.StatusCode)
					continue
				}
				var n int
				var actor string
				a.DB.QueryRow(`SELECT COUNT(*), COALESCE(MAX(actor), '') FROM audit_log WHERE id > $1 AND action = $2`, before, sc.action).Scan(&n, &actor)
				if n == 0 {
					t.Errorf("%s: no %q audit entry", rt.Key(), sc.action)
				}
				if sc.role != accounts.RoleAnonymous && actor != string(sc.role)+"@corridor.test" {
					t.Errorf("%s: audit actor %q, want the signed-in user", rt.Key(), actor)
				}
			}
		})
	}
}

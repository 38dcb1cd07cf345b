package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the credentials domain
// (internal/credentials/credweb). Verification, the credentials and the
// issuer's keys are public (anyone holding a certificate's code); a
// learner's certificates and their PDF need an account (the handler
// checks the owner); issuing, revoking and programmes need learning.teach.
func init() {
	pub, in, teach := accounts.PermPublic, accounts.PermSignedIn, accounts.PermTeach
	decide(map[string]accounts.Permission{
		"GET /credentials/assets/credentials.css": pub, "GET /verify": pub, "GET /verify/{cert}": pub,
		"GET /verify/{cert}/credential.json": pub, "GET /verify/{cert}/credential.jwt": pub, "GET /.well-known/jwks.json": pub,
		"GET /certificates": in, "GET /certificates/{cert}/pdf": in, "POST /certificates/{cert}/revoke": teach,
		"GET /api/v1/programmes": pub, "GET /api/v1/programmes/{programme}": pub, "POST /api/v1/programmes": teach,
		"POST /api/v1/certificates": teach, "GET /api/v1/certificates/{cert}": pub, "POST /api/v1/certificates/{cert}/revoke": teach,
		"GET /programmes": teach, "GET /programmes/new": teach, "POST /programmes": teach,
		"GET /programmes/{programme}": teach, "POST /programmes/{programme}": teach, "POST /programmes/{programme}/issue": teach,
	})
	pathFillers["{cert}"] = func(t *testing.T, a *testApp) string { return credentialsFixture(t, a, false).code }
	pathFillers["{programme}"] = func(t *testing.T, a *testApp) string {
		return strconv.FormatInt(credentialsFixture(t, a, false).programme, 10)
	}
	trainer := accounts.RoleTrainer
	fresh := func(do func(c *webtest.Client, f credFixture) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(c, credentialsFixture(t, a, true))
		}
	}
	for k, v := range map[string]writeScenario{
		"POST /certificates/{cert}/revoke": {trainer, "credentials.certificate.revoke", fresh(func(c *webtest.Client, f credFixture) *http.Response {
			resp, _ := c.Post("/certificates/"+f.code+"/revoke", url.Values{"reason": {"Issued by mistake"}})
			return resp
		})},
		"POST /api/v1/certificates/{cert}/revoke": {trainer, "credentials.certificate.revoke", fresh(func(c *webtest.Client, f credFixture) *http.Response {
			resp, _ := c.API("POST", "/api/v1/certificates/"+f.code+"/revoke", `{"reason":"Issued by mistake"}`)
			return resp
		})},
		"POST /api/v1/certificates": {trainer, "credentials.certificate.issue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			f := credentialsFixture(t, a, false)
			a.DB.Exec(`DELETE FROM credential_certificates WHERE user_id = $1`, a.Users[accounts.RoleMember].ID)
			resp, _ := c.API("POST", "/api/v1/certificates", fmt.Sprintf(`{"learner":%q,"programme":%d}`, a.Users[accounts.RoleMember].Email, f.programme))
			return resp
		}},
		"POST /programmes": {trainer, "credentials.programme.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post("/programmes", url.Values{"title_en": {"Form programme"}, "item": {"learning:course:1"}, "rule": {"all"}, "min_grade": {"50"}})
			return resp
		}},
		"POST /programmes/{programme}": {trainer, "credentials.programme.update", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			f := credentialsFixture(t, a, false)
			resp, _ := c.Post(fmt.Sprintf("/programmes/%d", f.programme), url.Values{"title_en": {"Authz fixture programme"}, "title_fr": {"Programme de test"},
				"item": {"learning:course:1"}, "rule": {"all"}})
			return resp
		}},
		"POST /programmes/{programme}/issue": {trainer, "credentials.certificate.issue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			f := credentialsFixture(t, a, false)
			a.DB.Exec(`DELETE FROM credential_certificates WHERE user_id = $1`, a.Users[accounts.RoleMember].ID)
			resp, _ := c.Post(fmt.Sprintf("/programmes/%d/issue", f.programme), url.Values{"learner": {a.Users[accounts.RoleMember].Email}})
			return resp
		}},
		"POST /api/v1/programmes": {trainer, "credentials.programme.create", api("POST", "/api/v1/programmes", `{"titles":{"en":"Scenario programme","fr":"Programme"},"items":["learning:course:1"],"rule":"all"}`)},
	} {
		writeScenarios[k] = v
	}
}

type credFixture struct {
	programme int64
	code      string
}

// credentialsFixture is a programme and the member's certificate of it;
// fresh replaces the certificate by a new, unrevoked one.
func credentialsFixture(t *testing.T, a *testApp, fresh bool) credFixture {
	t.Helper()
	ctx := context.Background()
	var f credFixture
	a.DB.QueryRow(`SELECT id FROM credential_programmes WHERE title_en = 'Authz fixture programme'`).Scan(&f.programme)
	if f.programme == 0 {
		p, err := a.Credentials.CreateProgramme(ctx, credentials.Programme{Titles: map[string]string{"en": "Authz fixture programme"}, Items: []string{"learning:course:1"}}, 0)
		if err != nil {
			t.Fatal(err)
		}
		f.programme = p.ID
	}
	member := a.Users[accounts.RoleMember].ID
	if fresh {
		a.DB.Exec(`DELETE FROM credential_certificates WHERE user_id = $1`, member)
	}
	a.DB.QueryRow(`SELECT code FROM credential_certificates WHERE user_id = $1 AND programme_id = $2`, member, f.programme).Scan(&f.code)
	if f.code == "" {
		c, err := a.Credentials.IssueManual(ctx, f.programme, member)
		if err != nil {
			t.Fatal(err)
		}
		f.code = c.Code
	}
	return f
}

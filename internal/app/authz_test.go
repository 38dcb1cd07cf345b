package app

import (
	"encoding/json"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// decisions is the authorization decision for every route of Corridor,
// written out by hand; each domain adds its own in authz_<domain>_test.go.
// A route without a decision fails TestAuthzMatrix, so none ships without
// someone deciding who may call it.
var decisions = map[string]accounts.Permission{}

func decide(d map[string]accounts.Permission) {
	for k, v := range d {
		decisions[k] = v
	}
}

func init() {
	pub, in, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermAdmin
	decide(map[string]accounts.Permission{
		"GET /{$}": pub, "GET /sections/{section}": pub, "POST /lang": pub,
		"GET /login": pub, "POST /login": pub, "POST /logout": in,
		"GET /signup": pub, "POST /signup": pub, "GET /confirm": pub,
		"GET /password/forgot": pub, "POST /password/forgot": pub,
		"GET /password/reset": pub, "POST /password/reset": pub,
		"GET /account": in, "POST /account/profile": in, "POST /account/password": in, "POST /account/tokens": in, "POST /account/tokens/{id}/revoke": in,
		"GET /admin": admin, "GET /admin/users": admin, "POST /admin/users": admin,
		"POST /admin/users/{id}/approve": admin, "POST /admin/users/{id}/role": admin,
		"POST /admin/users/{id}/disable": admin, "POST /admin/users/{id}/enable": admin,
		"GET /admin/audit": admin, "GET /admin/outbox": admin,
		"GET /admin/jobs": admin, "POST /admin/jobs/{id}/retry": admin, "POST /admin/jobs/{id}/cancel": admin,
		"GET /healthz": pub, "GET /readyz": pub, "GET /metrics": admin, "GET /static/{path...}": pub, "GET /robots.txt": pub, "GET /sitemap.xml": pub, "GET /search": pub, "GET /api/v1/search": pub,
		"GET /api/v1/openapi.json": pub, "GET /api/v1/me": in,
		"GET /api/v1/me/tokens": in, "POST /api/v1/me/tokens": in, "DELETE /api/v1/me/tokens/{id}": in,
		"GET /api/v1/users": admin, "POST /api/v1/users": admin,
		"GET /api/v1/users/{id}": admin, "PATCH /api/v1/users/{id}": admin,
		"GET /api/v1/audit": admin, "GET /api/v1/jobs": admin, "GET /api/v1/jobs/{id}": admin, "POST /api/v1/jobs/{id}/cancel": admin,
	})
}

// rolesWith is the policy written out independently of accounts.Can.
var rolesWith = func() map[accounts.Permission][]accounts.Role {
	signedIn := accounts.Roles
	all := append([]accounts.Role{accounts.RoleAnonymous}, signedIn...)
	return map[accounts.Permission][]accounts.Role{
		accounts.PermPublic:           all,
		accounts.PermSignedIn:         signedIn,
		accounts.PermAdmin:            {accounts.RoleAdmin},
		accounts.PermCurateData:       {accounts.RoleAdmin, accounts.RoleDataCurator},
		accounts.PermEditLaw:          {accounts.RoleAdmin, accounts.RoleLegalOfficer},
		accounts.PermEditPublications: {accounts.RoleAdmin, accounts.RoleEditor},
		accounts.PermReview:           {accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleReviewer},
		accounts.PermTeach:            {accounts.RoleAdmin, accounts.RoleTrainer},
	}
}()

func (a *testApp) routes() []webtest.Route {
	var out []webtest.Route
	for _, rt := range a.Web.Routes() {
		out = append(out, webtest.Route{Method: rt.Method, Pattern: rt.Pattern, Perm: rt.Perm, API: rt.API, Hidden: rt.Hidden(), Safe: rt.Safe})
	}
	return out
}

// TestAuthzMatrix walks every route of the whole application for the
// public and every role.
func TestAuthzMatrix(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			m := &webtest.Matrix{
				BaseURL: a.URL, Accounts: a.Accounts, Users: a.Users,
				Decisions: decisions, RolesWith: rolesWith,
				FillPath: func(p string) string { return a.fillPath(t, p) },
			}
			m.Run(t, a.routes())
		})
	}
}

// TestOpenAPIMatchesRoutes checks the served OpenAPI document lists
// exactly the API routes the application has.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	a := openTestApp(t, db.SQLite)
	_, body := webtest.NewClient(t, a.URL).Get("/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("not an OpenAPI 3 document: %v", err)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			if m == "parameters" || m == "summary" || m == "description" {
				continue
			}
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	for _, rt := range a.routes() {
		if !rt.API {
			continue
		}
		if !documented[rt.Key()] {
			t.Errorf("route %s is not in the OpenAPI document", rt.Key())
		}
		delete(documented, rt.Key())
	}
	for key := range documented {
		t.Errorf("the OpenAPI document lists %s, which is not a route", key)
	}
}

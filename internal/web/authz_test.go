package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
)

// decisions is the authorization decision for every route, written out
// here by hand: a route added to Routes without a line here fails
// TestAuthzMatrix, so no route ships without someone deciding who may
// call it.
var decisions = map[string]accounts.Permission{
	"GET /{$}":                         accounts.PermPublic,
	"GET /sections/{section}":          accounts.PermPublic,
	"POST /lang":                       accounts.PermPublic,
	"GET /login":                       accounts.PermPublic,
	"POST /login":                      accounts.PermPublic,
	"POST /logout":                     accounts.PermSignedIn,
	"GET /signup":                      accounts.PermPublic,
	"POST /signup":                     accounts.PermPublic,
	"GET /confirm":                     accounts.PermPublic,
	"GET /password/forgot":             accounts.PermPublic,
	"POST /password/forgot":            accounts.PermPublic,
	"GET /password/reset":              accounts.PermPublic,
	"POST /password/reset":             accounts.PermPublic,
	"GET /account":                     accounts.PermSignedIn,
	"POST /account/tokens":             accounts.PermSignedIn,
	"POST /account/tokens/{id}/revoke": accounts.PermSignedIn,
	"GET /admin":                       accounts.PermAdmin,
	"GET /admin/users":                 accounts.PermAdmin,
	"POST /admin/users/{id}/approve":   accounts.PermAdmin,
	"POST /admin/users/{id}/role":      accounts.PermAdmin,
	"POST /admin/users/{id}/disable":   accounts.PermAdmin,
	"POST /admin/users/{id}/enable":    accounts.PermAdmin,
	"GET /admin/audit":                 accounts.PermAdmin,
	"GET /admin/outbox":                accounts.PermAdmin,
	"GET /admin/jobs":                  accounts.PermAdmin,
	"POST /admin/jobs/{id}/retry":      accounts.PermAdmin,
	"GET /healthz":                     accounts.PermPublic,
	"GET /readyz":                      accounts.PermPublic,
	"GET /metrics":                     accounts.PermPublic,
	"GET /static/{path...}":            accounts.PermPublic,
	"GET /api/v1/openapi.json":         accounts.PermPublic,
	"GET /api/v1/me":                   accounts.PermSignedIn,
	"GET /api/v1/me/tokens":            accounts.PermSignedIn,
	"POST /api/v1/me/tokens":           accounts.PermSignedIn,
	"DELETE /api/v1/me/tokens/{id}":    accounts.PermSignedIn,
	"GET /api/v1/users":                accounts.PermAdmin,
	"POST /api/v1/users":               accounts.PermAdmin,
	"GET /api/v1/users/{id}":           accounts.PermAdmin,
	"PATCH /api/v1/users/{id}":         accounts.PermAdmin,
	"GET /api/v1/audit":                accounts.PermAdmin,
	"GET /api/v1/jobs":                 accounts.PermAdmin,
	"GET /api/v1/jobs/{id}":            accounts.PermAdmin,
}

// rolesWith is the policy written out independently of accounts.Can.
var rolesWith = map[accounts.Permission][]accounts.Role{
	accounts.PermPublic:   {accounts.RoleAnonymous, accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleLegalOfficer, accounts.RoleDataCurator, accounts.RoleReviewer, accounts.RoleTrainer, accounts.RoleMember},
	accounts.PermSignedIn: {accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleLegalOfficer, accounts.RoleDataCurator, accounts.RoleReviewer, accounts.RoleTrainer, accounts.RoleMember},
	accounts.PermAdmin:    {accounts.RoleAdmin},
}

func allowed(p accounts.Permission, r accounts.Role) bool {
	for _, x := range rolesWith[p] {
		if x == r {
			return true
		}
	}
	return false
}

// TestAuthzMatrix walks every route for every role (and the public) and
// checks the central policy lets exactly the decided roles through.
func TestAuthzMatrix(t *testing.T) {
	db.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		routes := env.srv.Routes()
		seen := map[string]bool{}
		for _, rt := range routes {
			key := rt.Method + " " + rt.Pattern
			seen[key] = true
			want, ok := decisions[key]
			if !ok {
				t.Errorf("route %s has no authorization decision in the matrix", key)
				continue
			}
			if rt.Perm != want {
				t.Errorf("route %s requires %q, the matrix decided %q", key, rt.Perm, want)
			}
		}
		for key := range decisions {
			if !seen[key] {
				t.Errorf("matrix lists %s, which is not a route", key)
			}
		}
		roles := append([]accounts.Role{accounts.RoleAnonymous}, accounts.Roles...)
		for _, rt := range routes {
			for _, role := range roles {
				c := env.as(role)
				path := env.fillPath(rt.Pattern)
				var resp *http.Response
				var body string
				switch rt.Method {
				case "GET":
					resp, body = c.get(path)
				case "POST":
					if rt.API {
						resp, body = c.api("POST", path, "{}")
					} else {
						resp, body = c.post(path, nil)
					}
				default:
					resp, body = c.api(rt.Method, path, "{}")
				}
				denied := resp.Header.Get("X-Corridor-Authz") == "denied"
				name := fmt.Sprintf("%s %s as %q", rt.Method, path, role)
				if allowed(decisions[rt.Method+" "+rt.Pattern], role) {
					if denied || resp.StatusCode >= 500 {
						t.Errorf("%s: got %d (denied=%v), want allowed: %.200s", name, resp.StatusCode, denied, body)
					}
					continue
				}
				if !denied {
					t.Errorf("%s: got %d, want denied by the policy", name, resp.StatusCode)
				}
				switch {
				case role == accounts.RoleAnonymous && rt.Method == "GET" && !rt.API:
					if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
						t.Errorf("%s: got %d to %q, want a redirect to the login page", name, resp.StatusCode, resp.Header.Get("Location"))
					}
				case role == accounts.RoleAnonymous:
					if resp.StatusCode != http.StatusUnauthorized {
						t.Errorf("%s: got %d, want 401", name, resp.StatusCode)
					}
				default:
					if resp.StatusCode != http.StatusForbidden {
						t.Errorf("%s: got %d, want 403", name, resp.StatusCode)
					}
				}
			}
		}
	})
}

// fillPath puts real values into a route pattern. Each {id} is a fresh
// throwaway account, so destructive routes never hit the role accounts.
func (env *testEnv) fillPath(pattern string) string {
	p := strings.TrimSuffix(pattern, "{$}")
	p = strings.ReplaceAll(p, "{section}", "data")
	p = strings.ReplaceAll(p, "{path...}", "css/corridor.css")
	if strings.Contains(p, "{id}") {
		var id int64
		err := env.db.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at)
			VALUES ('victim-' || CAST((SELECT COUNT(*) FROM users) AS TEXT) || '@corridor.test', 'Victim', 'x', 'member', 'pending', 0, 0) RETURNING id`).Scan(&id)
		if err != nil {
			env.t.Fatal(err)
		}
		p = strings.ReplaceAll(p, "{id}", fmt.Sprint(id))
	}
	return p
}

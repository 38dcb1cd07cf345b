// Package webtest drives Corridor's HTTP server from tests the way a
// browser does: a cookie jar, the CSRF token picked from the last page,
// no automatic redirects. It also walks the authorization matrix.
package webtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/accounts"
)

// SessionCookie is the name of Corridor's session cookie.
const SessionCookie = "corridor_session"

// Client is a browser-like test client.
type Client struct {
	T       testing.TB
	BaseURL string
	HTTP    *http.Client
	// CSRF is the token found in the last page that had one.
	CSRF string
}

// NewClient returns a client with an empty cookie jar.
func NewClient(t testing.TB, baseURL string) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{T: t, BaseURL: baseURL, HTTP: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignedIn returns a client with a session for user (nil: anonymous),
// having loaded the home page to pick up a CSRF token.
func SignedIn(t testing.TB, baseURL string, acc *accounts.Service, user *accounts.User) *Client {
	c := NewClient(t, baseURL)
	if user != nil {
		token, err := acc.OpenSessionForTest(context.Background(), user.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.SetCookie(SessionCookie, token)
	}
	c.Get("/")
	return c
}

// SetCookie puts a cookie in the jar.
func (c *Client) SetCookie(name, value string) {
	u, _ := url.Parse(c.BaseURL)
	c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

// Do sends req and returns the response with its body read.
func (c *Client) Do(req *http.Request) (*http.Response, string) {
	c.T.Helper()
	resp, err := c.HTTP.Do(req)
	if err != nil {
		c.T.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		c.CSRF = m[1]
	}
	return resp, string(b)
}

// Get fetches a path.
func (c *Client) Get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", c.BaseURL+path, nil)
	return c.Do(req)
}

// Post submits a form, adding the CSRF token unless the form has one.
func (c *Client) Post(path string, form url.Values) (*http.Response, string) {
	form = cloneValues(form) // callers may reuse their form
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", c.CSRF)
	}
	req, _ := http.NewRequest("POST", c.BaseURL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// API sends a JSON request with the CSRF header, as a script using the
// session would.
func (c *Client) API(method, path, body string) (*http.Response, string) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.BaseURL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-CSRF-Token", c.CSRF)
	return c.Do(req)
}

// Route is what the matrix needs to know of a route.
type Route struct {
	Method, Pattern string
	Perm            accounts.Permission
	API             bool
	// Hidden routes answer a refused caller 404, as if they did not exist.
	Hidden bool
	// Safe routes are POSTs that change nothing (web.Route.Safe).
	Safe bool
}

// Key is "METHOD pattern", the matrix's key.
func (r Route) Key() string { return r.Method + " " + r.Pattern }

// Matrix walks every route for the public and every role.
type Matrix struct {
	BaseURL  string
	Accounts *accounts.Service
	// Users holds one active user per role.
	Users map[accounts.Role]*accounts.User
	// Decisions is the permission decided for each route, written out by
	// hand in the test: a route without a decision fails.
	Decisions map[string]accounts.Permission
	// RolesWith is the policy written out independently of accounts.Can.
	RolesWith map[accounts.Permission][]accounts.Role
	// FillPath turns a pattern into a real path (ids of throwaway objects).
	FillPath func(pattern string) string
}

// Run checks every route's permission against the decisions, then that
// exactly the decided roles get through the central policy. A refusal by
// the policy carries the header X-Corridor-Authz: denied.
func (m *Matrix) Run(t *testing.T, routes []Route) {
	t.Helper()
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt.Key()] = true
		want, ok := m.Decisions[rt.Key()]
		if !ok {
			t.Errorf("route %s has no authorization decision in the matrix", rt.Key())
			continue
		}
		if rt.Perm != want {
			t.Errorf("route %s requires %q, the matrix decided %q", rt.Key(), rt.Perm, want)
		}
	}
	for key := range m.Decisions {
		if !seen[key] {
			t.Errorf("matrix lists %s, which is not a route", key)
		}
	}
	roles := append([]accounts.Role{accounts.RoleAnonymous}, accounts.Roles...)
	for _, rt := range routes {
		for _, role := range roles {
			c := SignedIn(t, m.BaseURL, m.Accounts, m.Users[role])
			path := m.FillPath(rt.Pattern)
			var resp *http.Response
			var body string
			switch {
			case rt.Method == "GET":
				resp, body = c.Get(path)
			case rt.Method == "POST" && !rt.API:
				resp, body = c.Post(path, nil)
			default:
				resp, body = c.API(rt.Method, path, "{}")
			}
			denied := resp.Header.Get("X-Corridor-Authz") == "denied"
			name := fmt.Sprintf("%s %s as %q", rt.Method, path, role)
			if m.allowed(m.Decisions[rt.Key()], role) {
				if denied || resp.StatusCode >= 500 {
					t.Errorf("%s: got %d (denied=%v), want allowed: %.200s", name, resp.StatusCode, denied, body)
				}
				continue
			}
			if rt.Hidden {
				if resp.StatusCode != http.StatusNotFound || denied {
					t.Errorf("%s: got %d (denied=%v), want a plain 404", name, resp.StatusCode, denied)
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
}

func (m *Matrix) allowed(p accounts.Permission, r accounts.Role) bool {
	for _, x := range m.RolesWith[p] {
		if x == r {
			return true
		}
	}
	return false
}

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/db"
)

// testEnv is a server on a fresh database with one user per role.
type testEnv struct {
	t     *testing.T
	srv   *Server
	http  *httptest.Server
	acc   *accounts.Service
	db    *db.DB
	users map[accounts.Role]*accounts.User
}

func newTestEnv(t *testing.T, d *db.DB) *testEnv {
	t.Helper()
	ctx := context.Background()
	acc := accounts.NewService(d, accounts.SignupApproval, "http://corridor.test")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{BaseURL: "http://corridor.test", MaxBodyBytes: 64 << 10}, d, acc, &blob.DBStore{DB: d}, logger, "test")
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{t: t, srv: srv, acc: acc, db: d, users: map[accounts.Role]*accounts.User{}}
	for _, r := range accounts.Roles {
		u, err := acc.Create(ctx, accounts.NewUser{Email: string(r) + "@corridor.test", Name: "User " + string(r), Password: "password-" + string(r), Role: r}, accounts.StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		env.users[r] = u
	}
	env.http = httptest.NewServer(srv.Handler())
	t.Cleanup(env.http.Close)
	return env
}

// client is a browser-like client: cookie jar, no automatic redirects.
type client struct {
	env  *testEnv
	c    *http.Client
	csrf string
}

func (env *testEnv) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{env: env, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a client signed in with role r (anonymous for RoleAnonymous).
func (env *testEnv) as(r accounts.Role) *client {
	c := env.client()
	if r != accounts.RoleAnonymous {
		token, err := env.acc.OpenSessionForTest(context.Background(), env.users[r].ID)
		if err != nil {
			env.t.Fatal(err)
		}
		u, _ := url.Parse(env.http.URL)
		c.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: token, Path: "/"}})
	}
	c.get("/") // picks up the CSRF cookie
	return c
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([0-9a-f]+)"`)

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.env.t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfField.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	return resp, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", c.env.http.URL+path, nil)
	return c.do(req)
}

// post submits a form with the CSRF token (unless the form sets its own).
func (c *client) post(path string, form url.Values) (*http.Response, string) {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf_token"]; !ok {
		form.Set("csrf_token", c.csrf)
	}
	req, _ := http.NewRequest("POST", c.env.http.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// api sends a JSON request with the CSRF header, as a script using the
// session would.
func (c *client) api(method, path, body string) (*http.Response, string) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.env.http.URL+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-CSRF-Token", c.csrf)
	return c.do(req)
}

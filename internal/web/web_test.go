package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
)

// catalogKey matches an untranslated key leaking into a page.
var catalogKey = regexp.MustCompile(`\b(nav|home|section|login|signup|forgot|reset|account|admin|field|footer|role|status|job|mail|error|flash)\.[a-z_]+(\.[a-z_]+)?\b`)

func TestPagesRenderInEveryLanguage(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	admin := env.as(accounts.RoleAdmin)
	pages := []string{"/", "/login", "/signup", "/password/forgot", "/account", "/admin", "/admin/users", "/admin/audit", "/admin/outbox", "/admin/jobs"}
	english := map[string]string{}
	for _, lang := range i18n.Languages {
		admin.Post("/lang", url.Values{"lang": {lang}})
		for _, p := range pages {
			resp, body := admin.Get(p)
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, p, resp.StatusCode)
			}
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: html lang is not %s", lang, p, lang)
			}
			if k := catalogKey.FindString(body); k != "" {
				t.Errorf("%s %s: untranslated key %q in page", lang, p, k)
			}
			if lang == "en" {
				english[p] = body
			} else if body == english[p] {
				t.Errorf("%s %s: page identical to English", lang, p)
			}
		}
	}
	// Spot checks against the catalogs (not against our own rendering).
	admin.Post("/lang", url.Values{"lang": {"fr"}})
	_, body := admin.Get("/")
	if !strings.Contains(body, i18n.Default.T("fr", "home.heading")) || !strings.Contains(body, `<a href="/law">Droit et politiques</a>`) {
		t.Error("French home page lacks its French heading or section name")
	}
	admin.Post("/lang", url.Values{"lang": {"es"}})
	_, body = admin.Get("/login")
	if !strings.Contains(body, "Iniciar sesión") {
		t.Error("Spanish login page lacks its Spanish title")
	}
}

func TestSectionsWithPagesRedirectToThem(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	for slug, want := range map[string]string{"data": "/data", "law": "/law"} {
		resp, _ := env.client().Get("/sections/" + slug)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
			t.Errorf("/sections/%s: %d to %q", slug, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, _ := env.client().Get("/sections/nowhere"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown section: %d", resp.StatusCode)
	}
}

func TestAcceptLanguageAndUnknownLanguages(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	for header, want := range map[string]string{
		"fr-CA,fr;q=0.9,en;q=0.5": "fr",
		"es-MX":                   "es",
		"de-DE,de;q=0.9":          "en",
		"xx;;;q=abc,,,":           "en",
		"":                        "en",
	} {
		req, _ := http.NewRequest("GET", env.http.URL+"/", nil)
		req.Header.Set("Accept-Language", header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Content-Language"); got != want {
			t.Errorf("Accept-Language %q: got %q, want %q", header, got, want)
		}
	}
	c := env.as(accounts.RoleAnonymous)
	resp, body := c.Post("/lang", url.Values{"lang": {"de"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, i18n.Default.T("en", "error.lang_unknown")) {
		t.Errorf("unknown language: %d %.300s", resp.StatusCode, body)
	}
	// A forged language cookie is ignored.
	c.SetCookie(langCookie, "<script>")
	resp, _ = c.Get("/")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Language") != "en" {
		t.Errorf("forged language cookie: %d %q", resp.StatusCode, resp.Header.Get("Content-Language"))
	}
}

func TestCSRFIsRequiredOnWrites(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		admin := env.as(accounts.RoleAdmin)
		member := env.users[accounts.RoleMember]
		target := "/admin/users/" + itoa(member.ID) + "/disable"
		for name, form := range map[string]url.Values{
			"missing token": {"csrf_token": {""}},
			"wrong token":   {"csrf_token": {strings.Repeat("0", 32)}},
		} {
			resp, body := admin.Post(target, form)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, i18n.Default.T("en", "error.csrf")) {
				t.Errorf("%s: got %d", name, resp.StatusCode)
			}
		}
		// A cross-site request is refused by the origin check, token or not.
		req, _ := http.NewRequest("POST", env.http.URL+target, strings.NewReader("csrf_token="+admin.CSRF))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, _ := admin.Do(req)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site post: %d", resp.StatusCode)
		}
		u, _ := env.acc.ByID(t.Context(), member.ID)
		if u.Status != accounts.StatusActive {
			t.Fatalf("a refused request changed the user: %s", u.Status)
		}
		// With the token the same request works.
		if resp, _ := admin.Post(target, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("with token: %d", resp.StatusCode)
		}
	})
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	resp, _ := env.client().Get("/")
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	for _, c := range resp.Cookies() {
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s: HttpOnly=%v SameSite=%v", c.Name, c.HttpOnly, c.SameSite)
		}
	}
	// Behind https the cookies are Secure.
	env.srv.Config.BaseURL = "https://corridor.test"
	resp, _ = env.client().Get("/")
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Errorf("cookie %s not Secure behind https", c.Name)
		}
	}
}

func TestLoginLogoutAndBadCookies(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		c := env.as(accounts.RoleAnonymous)
		resp, body := c.Post("/login", url.Values{"email": {"editor@corridor.test"}, "password": {"wrong-password"}, "next": {"/account"}})
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, i18n.Default.T("en", "error.bad_credentials")) || !strings.Contains(body, `value="editor@corridor.test"`) {
			t.Fatalf("wrong password: %d, form not re-rendered with the e-mail kept", resp.StatusCode)
		}
		resp, _ = c.Post("/login", url.Values{"email": {"Editor@Corridor.test"}, "password": {"password-editor"}, "next": {"/account"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" {
			t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, body := c.Get("/account"); !strings.Contains(body, "User editor") {
			t.Fatal("account page does not show the signed-in user")
		}
		// An open redirect through next= is refused.
		c2 := env.as(accounts.RoleAnonymous)
		resp, _ = c2.Post("/login", url.Values{"email": {"editor@corridor.test"}, "password": {"password-editor"}, "next": {"//evil.example/x"}})
		if resp.Header.Get("Location") != "/" {
			t.Errorf("next=//evil.example redirected to %q", resp.Header.Get("Location"))
		}
		resp, _ = c.Post("/logout", nil)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", resp.StatusCode)
		}
		if resp, _ := c.Get("/account"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("after logout /account gave %d, want a redirect to login", resp.StatusCode)
		}
		// Malformed cookies: treated as absent, never a 500.
		for _, v := range []string{"garbage", strings.Repeat("x", 4000), "%%%", "\"quoted\""} {
			req, _ := http.NewRequest("GET", env.http.URL+"/account", nil)
			req.AddCookie(&http.Cookie{Name: sessionCookie, Value: v})
			req.Header.Add("Cookie", csrfCookie+"=not-hex")
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Errorf("session cookie %.20q: %d", v, resp.StatusCode)
			}
		}
	})
}

func TestLoginIsRateLimited(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleAnonymous)
	for i := 0; i < 5; i++ {
		c.Post("/login", url.Values{"email": {"member@corridor.test"}, "password": {"wrong-password"}})
	}
	resp, body := c.Post("/login", url.Values{"email": {"member@corridor.test"}, "password": {"password-member"}})
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, i18n.Default.T("en", "error.too_many_logins")) {
		t.Fatalf("sixth attempt: %d", resp.StatusCode)
	}
}

func TestSignupFormKeepsInputAndWritesNothingOnError(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		c := env.as(accounts.RoleAnonymous)
		before, _ := env.acc.Count(t.Context())
		resp, body := c.Post("/signup", url.Values{"name": {"Ana Pérez"}, "email": {"not-an-address"}, "password": {"short"}, "password_confirm": {"short"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{`value="Ana Pérez"`, `value="not-an-address"`, i18n.Default.T("en", "error.email_invalid"), i18n.Default.T("en", "error.password_short")} {
			if !strings.Contains(body, want) {
				t.Errorf("re-rendered form lacks %q", want)
			}
		}
		if strings.Contains(body, `value="short"`) {
			t.Error("the password was echoed back")
		}
		// A taken address looks like a new one (the owner is mailed instead).
		resp, _ = c.Post("/signup", url.Values{"name": {"Ana"}, "email": {"member@corridor.test"}, "password": {"long-enough-pw"}, "password_confirm": {"long-enough-pw"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("duplicate e-mail: %d", resp.StatusCode)
		}
		if after, _ := env.acc.Count(t.Context()); after != before {
			t.Fatalf("failed sign-ups wrote %d users", after-before)
		}
		resp, _ = c.Post("/signup", url.Values{"name": {"Ana"}, "email": {"ana@example.org"}, "password": {"long-enough-pw"}, "password_confirm": {"long-enough-pw"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("valid sign-up: %d", resp.StatusCode)
		}
		u, err := env.acc.ByEmail(t.Context(), "ana@example.org")
		if err != nil || u.Status != accounts.StatusPending {
			t.Fatalf("new account: %+v %v", u, err)
		}
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleAnonymous)
	big := strings.Repeat("a", 100<<10)
	resp, _ := c.Post("/signup", url.Values{"name": {big}, "email": {"a@example.org"}, "password": {"x"}})
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized form: %d", resp.StatusCode)
	}
	admin := env.as(accounts.RoleAdmin)
	resp, body := admin.API("POST", "/api/v1/users", `{"name":"`+big+`"}`)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("oversized JSON: %d %s", resp.StatusCode, body[:min(len(body), 200)])
	}
}

func TestAPIErrorsAreProblemDetails(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		admin := env.as(accounts.RoleAdmin)
		cases := []struct {
			method, path, body string
			status             int
			field              string
		}{
			{"GET", "/api/v1/users?cursor=%%%", "", 422, "query"},
			{"GET", "/api/v1/users?cursor=bm90LWpzb24", "", 422, "cursor"},
			{"GET", "/api/v1/users?limit=0", "", 422, "limit"},
			{"GET", "/api/v1/users?limit=abc", "", 422, "limit"},
			{"GET", "/api/v1/users?role=king", "", 422, "role"},
			{"GET", "/api/v1/audit?since=yesterday", "", 422, "since"},
			{"POST", "/api/v1/users", `{"email":"x@example.org","nme":"typo"}`, 422, "nme"},
			{"POST", "/api/v1/users", `{"email":1}`, 422, "email"},
			{"POST", "/api/v1/users", `{"email":"x@example.org"`, 422, "body"},
			{"POST", "/api/v1/users", `{"email":"bad","name":"","password":"x"}`, 422, "email"},
			{"PATCH", "/api/v1/users/" + itoa(env.users[accounts.RoleMember].ID), `{"role":"king"}`, 422, "role"},
			{"GET", "/api/v1/users/999999", "", 404, ""},
			{"GET", "/api/v1/nothing-here", "", 404, ""},
		}
		for _, tc := range cases {
			resp, body := admin.API(tc.method, tc.path, tc.body)
			var p problem
			if resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil {
				t.Errorf("%s %s: not problem+json: %d %s", tc.method, tc.path, resp.StatusCode, body)
				continue
			}
			if p.Status != tc.status || resp.StatusCode != tc.status {
				t.Errorf("%s %s: status %d, want %d (%s)", tc.method, tc.path, p.Status, tc.status, body)
			}
			if tc.field != "" && p.Errors[tc.field] == "" {
				t.Errorf("%s %s: problem does not name %q: %s", tc.method, tc.path, tc.field, body)
			}
		}
		// Wrong content type.
		req, _ := http.NewRequest("POST", env.http.URL+"/api/v1/users", strings.NewReader(`{}`))
		req.Header.Set("X-CSRF-Token", admin.CSRF)
		req.Header.Set("Content-Type", "text/plain")
		if resp, _ := admin.Do(req); resp.StatusCode != 422 {
			t.Errorf("text/plain body: %d", resp.StatusCode)
		}
	})
}

func TestAPICursorPaginationAndTokens(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		admin := env.as(accounts.RoleAdmin)
		// Create a token through the API, then use it without cookies.
		resp, body := admin.API("POST", "/api/v1/me/tokens", `{"name":"script"}`)
		if resp.StatusCode != 201 {
			t.Fatalf("create token: %d %s", resp.StatusCode, body)
		}
		var created struct {
			Secret string `json:"secret"`
		}
		json.Unmarshal([]byte(body), &created)
		bearer := func(method, path, body string) (*http.Response, string) {
			req, _ := http.NewRequest(method, env.http.URL+path, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+created.Secret)
			if body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			return env.client().Do(req)
		}
		var ids []int64
		path := "/api/v1/users?limit=3"
		for pages := 0; path != "" && pages < 10; pages++ {
			resp, body := bearer("GET", path, "")
			if resp.StatusCode != 200 {
				t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
			}
			var p struct {
				Items      []accounts.User `json:"items"`
				NextCursor string          `json:"next_cursor"`
			}
			json.Unmarshal([]byte(body), &p)
			for _, u := range p.Items {
				ids = append(ids, u.ID)
			}
			path = ""
			if p.NextCursor != "" {
				path = "/api/v1/users?limit=3&cursor=" + p.NextCursor
			}
		}
		if len(ids) != len(accounts.Roles) || !sort.SliceIsSorted(ids, func(i, j int) bool { return ids[i] < ids[j] }) {
			t.Fatalf("paged through %v, want %d users in order", ids, len(accounts.Roles))
		}
		// A write with the token needs no CSRF token (no cookies involved).
		resp, body = bearer("POST", "/api/v1/users", `{"email":"new@example.org","name":"New","password":"long-enough-pw","role":"reviewer"}`)
		if resp.StatusCode != 201 || resp.Header.Get("Location") == "" {
			t.Fatalf("create user with token: %d %s", resp.StatusCode, body)
		}
		// A member's token cannot list users; a bad token is 401.
		req, _ := http.NewRequest("GET", env.http.URL+"/api/v1/users", nil)
		req.Header.Set("Authorization", "Bearer cor_nope")
		if resp, _ := env.client().Do(req); resp.StatusCode != 401 {
			t.Errorf("bad token: %d", resp.StatusCode)
		}
		// Revoked tokens stop working.
		admin.API("DELETE", "/api/v1/me/tokens/1", "")
		if resp, _ := bearer("GET", "/api/v1/me", ""); resp.StatusCode != 401 {
			t.Errorf("revoked token still works: %d", resp.StatusCode)
		}
	})
}

func TestAuditLogRecordsWritesAndFilters(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		admin := env.as(accounts.RoleAdmin)
		member := env.users[accounts.RoleMember]
		admin.Post("/admin/users/"+itoa(member.ID)+"/role", url.Values{"role": {"reviewer"}})
		resp, body := admin.API("GET", "/api/v1/audit?action=user.set_role&object_id="+itoa(member.ID), "")
		if resp.StatusCode != 200 {
			t.Fatal(resp.StatusCode, body)
		}
		var p struct {
			Items []struct {
				Actor, Action, Before, After string
				ActorID                      int64 `json:"actor_id"`
			} `json:"items"`
		}
		json.Unmarshal([]byte(body), &p)
		if len(p.Items) != 1 {
			t.Fatalf("got %d entries: %s", len(p.Items), body)
		}
		e := p.Items[0]
		if e.Actor != "admin@corridor.test" || e.ActorID != env.users[accounts.RoleAdmin].ID || !strings.Contains(e.Before, `"role":"member"`) || !strings.Contains(e.After, `"role":"reviewer"`) {
			t.Fatalf("entry %+v", e)
		}
		_, page := admin.Get("/admin/audit?action=user.set_role")
		if !strings.Contains(page, "user.set_role") {
			t.Error("admin audit page does not show the entry")
		}
		// The page says what changed, field by field, not raw JSON.
		if !regexp.MustCompile(`<tr class="changed"><th scope="row">role</th><td>member</td><td>reviewer</td></tr>`).MatchString(page) || strings.Contains(page, `{&#34;`) {
			t.Errorf("the audit page does not show the role change as a field: %.2000s", page[strings.Index(page, "<main"):])
		}
	})
}

func TestHealthReadyMetrics(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.client()
	for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
		if resp, body := c.Get(path); resp.StatusCode != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d %q", path, resp.StatusCode, body)
		}
	}
	c.Get("/")
	_, body := env.as(accounts.RoleAdmin).Get("/metrics")
	if !strings.Contains(body, `corridor_http_requests_total{route="GET /{$}",status="200"}`) {
		t.Errorf("metrics lack the home page counter:\n%.500s", body)
	}
	if resp, _ := c.Get("/static/../../go.mod"); resp.StatusCode != 404 && resp.StatusCode != 301 && resp.StatusCode != 307 {
		t.Errorf("static path traversal: %d", resp.StatusCode)
	}
}

func TestSignupShowsEveryProblemAtOnce(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleAnonymous)
	resp, body := c.Post("/signup", url.Values{"name": {""}, "email": {"bad"}, "password": {"short"}, "password_confirm": {"different"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, key := range []string{"error.required", "error.email_invalid", "error.password_short", "error.password_mismatch"} {
		if !strings.Contains(body, i18n.Default.T("en", key)) {
			t.Errorf("page lacks %s", key)
		}
	}
}

func TestErrorPagesAreTranslated(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleMember)
	c.Post("/lang", url.Values{"lang": {"fr"}})
	resp, body := c.Get("/admin")
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "403 · "+i18n.Default.T("fr", "status_title.403")) {
		t.Fatalf("French 403 page: %d", resp.StatusCode)
	}
	if strings.Contains(body, "Forbidden") {
		t.Error("English status text on a French page")
	}
}

func TestAccountFormsShowTheirErrors(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleMember)
	resp, body := c.Post("/account/password", url.Values{"current_password": {"nope"}, "password": {"a-new-password"}, "password_confirm": {"a-new-password"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, i18n.Default.T("en", "error.password_wrong")) {
		t.Fatalf("wrong current password: %d", resp.StatusCode)
	}
	resp, body = c.Post("/account/profile", url.Values{"name": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, i18n.Default.T("en", "error.required")) {
		t.Fatalf("blank name: %d", resp.StatusCode)
	}
	admin := env.as(accounts.RoleAdmin)
	resp, body = admin.Post("/admin/users", url.Values{"name": {"X"}, "email": {"member@corridor.test"}, "role": {"editor"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, i18n.Default.T("en", "error.email_taken")) || !strings.Contains(body, `value="member@corridor.test"`) {
		t.Fatalf("invite with a taken address: %d", resp.StatusCode)
	}
	// A new account is a member unless the admin picks another role, and
	// a refused form keeps the role the admin picked.
	_, page := admin.Get("/admin/users")
	form := page[strings.Index(page, `id="f-role"`):]
	form = form[:strings.Index(form, "</select>")]
	if !strings.Contains(form, `<option value="member" selected>`) || strings.Count(form, "selected") != 1 {
		t.Errorf("the new account's role defaults to something else: %s", form)
	}
	if !strings.Contains(body, `<option value="editor" selected>`) {
		t.Error("the refused form forgot the role picked")
	}
}

func TestDomainTemplatesShareTheirPartials(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	fsys := fstest.MapFS{
		"_cite.html": {Data: []byte(`{{define "cite"}}<p class="cite">{{.}}</p>{{end}}`)},
		"one.html":   {Data: []byte(`{{define "content"}}{{template "cite" "first"}}{{end}}`)},
		"two.html":   {Data: []byte(`{{define "content"}}{{template "cite" "second"}}{{end}}`)},
	}
	if err := env.srv.AddTemplates(fsys); err != nil {
		t.Fatal(err)
	}
	for page, want := range map[string]string{"one": `<p class="cite">first</p>`, "two": `<p class="cite">second</p>`} {
		rec := httptest.NewRecorder()
		env.srv.Render(rec, httptest.NewRequest("GET", "/", nil), page, Page{Title: "home.title"})
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("page %s lacks %s", page, want)
		}
	}
	if _, ok := env.srv.pages["_cite"]; ok {
		t.Error("a partial became a page")
	}
}

package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
	"corridor/internal/mail"
)

func mailsTo(t *testing.T, env *testEnv, addr string) int {
	t.Helper()
	msgs, err := mail.List(t.Context(), env.db, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.To == addr {
			n++
		}
	}
	return n
}

func TestForgotPasswordIsLimited(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		c := env.as(accounts.RoleAnonymous)
		refused := 0
		for i := 0; i < 15; i++ {
			resp, body := c.Post("/password/forgot", url.Values{"email": {"member@corridor.test"}})
			if resp.StatusCode == http.StatusTooManyRequests {
				refused++
				if !strings.Contains(body, i18n.Default.T("en", "error.too_many_requests")) {
					t.Fatal("the refusal does not say why")
				}
			}
		}
		if n := mailsTo(t, env, "member@corridor.test"); n != accounts.ForgotPerEmail.Max || refused != 15-n {
			t.Fatalf("15 requests for one address queued %d mails (want %d), %d refused", n, accounts.ForgotPerEmail.Max, refused)
		}
		// One address asking for many accounts is limited too.
		var last *http.Response
		for i := 0; i < accounts.ForgotPerAddress.Max; i++ {
			last, _ = c.Post("/password/forgot", url.Values{"email": {fmt.Sprintf("someone%d@corridor.test", i)}})
		}
		if last.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("request past the address's limit: %d", last.StatusCode)
		}
	})
}

func TestSignupIsLimitedAndSilentAboutTakenAddresses(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		env := newTestEnv(t, d)
		c := env.as(accounts.RoleAnonymous)
		signup := func(email string) (*http.Response, string) {
			return c.Post("/signup", url.Values{"name": {"Ana"}, "email": {email}, "password": {"long-enough-pw"}, "password_confirm": {"long-enough-pw"}})
		}
		fresh, freshBody := signup("ana@example.org")
		taken, takenBody := signup("member@corridor.test")
		if taken.StatusCode != fresh.StatusCode || taken.Header.Get("Location") != fresh.Header.Get("Location") || takenBody != freshBody {
			t.Fatalf("a taken address answers %d to %q, a new one %d to %q", taken.StatusCode, taken.Header.Get("Location"), fresh.StatusCode, fresh.Header.Get("Location"))
		}
		if strings.Contains(takenBody, i18n.Default.T("en", "error.email_taken")) {
			t.Fatal("sign-up says the address has an account")
		}
		if n := mailsTo(t, env, "member@corridor.test"); n != 1 {
			t.Fatalf("the owner of the taken address got %d mails, want 1", n)
		}
		// The same address again and again: bounded mails to its owner.
		for i := 0; i < 5; i++ {
			signup("member@corridor.test")
		}
		if n := mailsTo(t, env, "member@corridor.test"); n != accounts.SignupPerEmail.Max {
			t.Fatalf("repeated sign-ups sent %d mails to the owner, want %d", n, accounts.SignupPerEmail.Max)
		}
		// One address signing up many accounts.
		var last *http.Response
		for i := 0; i < accounts.SignupPerAddress.Max; i++ {
			last, _ = signup(fmt.Sprintf("new%d@example.org", i))
		}
		if last.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("sign-up past the address's limit: %d", last.StatusCode)
		}
	})
}

// offSite are redirect targets that browsers would take off the site.
var offSite = []string{
	"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "\t//evil.example",
	"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
	"/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%09/evil.example",
	"https://evil.example/", "http:evil.example", "javascript:alert(1)", "evil.example", "",
	" /account", "/\x00/evil.example",
}

func TestSafeLocalPath(t *testing.T) {
	for _, target := range offSite {
		if got := SafeLocalPath(target); got != "/" {
			t.Errorf("SafeLocalPath(%q) = %q, want /", target, got)
		}
	}
	for _, target := range []string{"/", "/account", "/data/countries/FRA?year=2020#chart", "/law/search?q=a%2Fb", "/sections/law"} {
		if got := SafeLocalPath(target); got != target {
			t.Errorf("SafeLocalPath(%q) = %q, want it kept", target, got)
		}
	}
}

func TestRedirectTargetsStayOnTheSite(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	for _, next := range offSite {
		c := env.as(accounts.RoleAnonymous)
		// The login form carries next= along; a bad one never reaches it.
		if _, body := c.Get("/login?next=" + url.QueryEscape(next)); !strings.Contains(body, `name="next" value="/"`) {
			t.Errorf("login form keeps next=%q", next)
		}
		if resp, _ := c.Post("/lang", url.Values{"lang": {"fr"}, "next": {next}}); resp.Header.Get("Location") != "/" {
			t.Errorf("language switch with next=%q went to %q", next, resp.Header.Get("Location"))
		}
		resp, _ := c.Post("/login", url.Values{"email": {"editor@corridor.test"}, "password": {"password-editor"}, "next": {next}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Errorf("login with next=%q: %d to %q", next, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
}

func TestMetricsAreForAdminsOrTheirOwnListener(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	const counter = `corridor_http_requests_total{route="GET /{$}"`
	env.client().Get("/")
	for _, role := range []accounts.Role{accounts.RoleAnonymous, accounts.RoleMember, accounts.RoleEditor} {
		resp, body := env.as(role).Get("/metrics")
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, counter) {
			t.Errorf("/metrics as %q: %d, want 404 without the counters", role, resp.StatusCode)
		}
	}
	if resp, body := env.as(accounts.RoleAdmin).Get("/metrics"); resp.StatusCode != 200 || !strings.Contains(body, counter) {
		t.Errorf("/metrics for an admin's session: %d", resp.StatusCode)
	}
	// A scraper uses an admin's API token.
	_, secret, err := env.acc.CreateAPIToken(t.Context(), env.users[accounts.RoleAdmin].ID, "prometheus")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", env.http.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if resp, body := env.client().Do(req); resp.StatusCode != 200 || !strings.Contains(body, counter) {
		t.Errorf("/metrics with an admin's API token: %d", resp.StatusCode)
	}
	// On a listener of their own, the main one serves them to nobody.
	env.srv.Config.MetricsElsewhere = true
	if resp, _ := env.as(accounts.RoleAdmin).Get("/metrics"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main listener with a metrics listener: %d", resp.StatusCode)
	}
	rec := httptest.NewRecorder()
	env.srv.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), counter) {
		t.Errorf("the metrics listener: %d", rec.Code)
	}
}

func TestAccountAnswersAreNotStoredAndHTTPSIsStrict(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	member := env.as(accounts.RoleMember)
	for _, path := range []string{"/account", "/api/v1/me", "/api/v1/me/tokens"} {
		if resp, _ := member.Get(path); resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, resp.Header.Get("Cache-Control"))
		}
	}
	if resp, _ := env.as(accounts.RoleAdmin).Get("/admin/users"); resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/admin/users: Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
	}
	if resp, _ := member.Get("/"); resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain http")
	}
	env.srv.Config.BaseURL = "https://corridor.test"
	if resp, _ := member.Get("/"); !strings.HasPrefix(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS behind https: %q", resp.Header.Get("Strict-Transport-Security"))
	}
}

func TestLoginRotatesTheCSRFToken(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.as(accounts.RoleAnonymous)
	before := c.CSRF
	resp, _ := c.Post("/login", url.Values{"email": {"member@corridor.test"}, "password": {"password-member"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	rotated := false
	for _, ck := range resp.Cookies() {
		rotated = rotated || (ck.Name == csrfCookie && ck.Value != before && ck.Value != "")
	}
	if !rotated {
		t.Fatal("the login kept the CSRF token it was given")
	}
	// The token from before the login no longer passes.
	if resp, _ := c.Post("/account/profile", url.Values{"name": {"Sam"}, "csrf_token": {before}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("old CSRF token after login: %d, want 403", resp.StatusCode)
	}
	c.Get("/account")
	if resp, _ := c.Post("/account/profile", url.Values{"name": {"Sam"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("new CSRF token: %d", resp.StatusCode)
	}
}

func TestForwardedAddressesCannotEscapeTheLimits(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	env.srv.Config.TrustProxy = true
	c := env.as(accounts.RoleAnonymous)
	var status int
	for i := 0; i <= accounts.LoginPerAccountAddress.Max; i++ {
		form := url.Values{"email": {"member@corridor.test"}, "password": {"wrong-password"}, "csrf_token": {c.CSRF}}
		req, _ := http.NewRequest("POST", env.http.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// The client makes up the first hop; the proxy appends the real one.
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.9.9.%d, 203.0.113.7", i))
		resp, _ := c.Do(req)
		status = resp.StatusCode
	}
	if status != http.StatusTooManyRequests {
		t.Fatalf("attempt %d with a new made-up first hop each time: %d, want 429", accounts.LoginPerAccountAddress.Max+1, status)
	}
}

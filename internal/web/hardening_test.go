package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
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
	db.ForEachEngine(t, func(t *testing.T, d *db.DB) {
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
	db.ForEachEngine(t, func(t *testing.T, d *db.DB) {
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
	env := newTestEnv(t, db.OpenTest(t, db.SQLite))
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

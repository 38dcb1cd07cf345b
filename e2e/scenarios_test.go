package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"corridor/internal/demo"
)

// A person signs up, cannot log in before approval, is approved by the
// administrator, logs in, switches to French and logs out.
func TestSignupApprovalAndLanguage(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		const (
			name     = "Inès Moreau-Diallo"
			email    = "ines.moreau@example.org"
			password = "a-long-enough-passphrase"
		)

		// The English home page, anonymous.
		b.expectStatus("GET /", b.open("/"), 200)
		b.expect("html lang", b.attr("html", "lang"), "en")
		b.expect("home heading", b.text("main h1"), msg(t, "en", "home.heading"))
		b.shot("home-en.png")

		// Sign up from the header button.
		b.expectStatus("sign-up link", b.click(selSignupLink), 200)
		b.expect("path", b.path(), "/signup")
		b.expect("sign-up heading", b.text("main h1"), msg(t, "en", "signup.title"))
		b.typeInto("#f-name", name)
		b.typeInto("#f-email", email)
		b.typeInto("#f-password", password)
		b.typeInto("#f-password_confirm", password)
		b.shot("signup-filled.png")
		b.expectStatus("sign up", b.click(selSignupSubmit), 200)
		b.expect("path after sign-up", b.path(), "/login")
		b.expect("flash after sign-up", b.text(selFlash), msg(t, "en", "flash.signup_pending"))
		b.shot("signup-pending.png")

		// Not yet approved: the login form says so and no session starts.
		b.expectStatus("login before approval", b.login(email, password), 403)
		b.expect("login error", b.text(selAlert), msg(t, "en", "error.account_pending"))
		b.expect("e-mail kept in the form", b.value("#f-email"), email)
		if n := b.count(selLoginLink); n != 1 {
			b.fail("%d log-in links after a refused login, want 1", n)
		}
		b.shot("login-pending.png")

		// The administrator approves the account.
		b.expectStatus("admin login", b.login(demo.AdminEmail, demo.AdminPassword), 200)
		b.expect("path after login", b.path(), "/")
		b.expect("flash after login", b.text(selFlash), msg(t, "en", "flash.logged_in"))
		b.expect("admin's name in the header", b.text(selAccountLink), adminName)
		b.expectStatus("GET /admin/users?status=pending", b.open("/admin/users?status=pending"), 200)
		b.expect("users heading", b.text("main h1"), msg(t, "en", "admin.users"))
		b.expect("status filter", b.value("#f-status"), "pending")
		rows := eval[[]string](b, `[...document.querySelectorAll("main table tbody tr")].map(r => r.textContent.replace(/\s+/g, " ").trim())`)
		if len(rows) != 1 || !strings.Contains(rows[0], email) || !strings.Contains(rows[0], name) {
			b.fail("pending users = %q, want one row with %s", rows, email)
		}
		rowID := eval[string](b, fmt.Sprintf(`[...document.querySelectorAll("main table tbody tr")].find(r => r.cells[1] && r.cells[1].textContent.trim() === %s).id`, jsString(email)))
		b.expect("row status", b.text("#"+rowID+" td:nth-child(3)"), msg(t, "en", "status.pending"))
		b.shot("admin-users.png")
		b.expectStatus("approve", b.click("#"+rowID+` form[action$="/approve"] button`), 200)
		b.expect("flash after approval", b.text(selFlash), msg(t, "en", "flash.user_approved"))
		// Back on the pending list, which the approved account has left.
		b.expect("status filter kept", b.value("#f-status"), "pending")
		if n := b.count("#" + rowID); n != 0 {
			b.fail("the approved account is still listed as pending")
		}
		b.expectStatus("GET /admin/users?status=active", b.open("/admin/users?status=active"), 200)
		b.expect("row status after approval", b.text("#"+rowID+" td:nth-child(3)"), msg(t, "en", "status.active"))
		if n := b.count("#" + rowID + ` form[action$="/approve"]`); n != 0 {
			b.fail("the approved row still has an approve button")
		}
		b.shot("admin-users-approved.png")
		b.logout()
		b.expect("flash after logout", b.text(selFlash), msg(t, "en", "flash.logged_out"))

		// The person logs in and sees their name.
		b.expectStatus("login after approval", b.login(email, password), 200)
		b.expect("path after login", b.path(), "/")
		b.expect("name in the header", b.text(selAccountLink), name)
		if n := b.count(`header.site a[href="/admin"]`); n != 0 {
			b.fail("a member sees the administration link")
		}

		// Français.
		frButton := fmt.Sprintf(selLangButtonFmt, "fr")
		b.expect("French button label", b.text(frButton), "Français")
		b.expectStatus("switch to French", b.click(frButton), 200)
		b.expect("path after switching", b.path(), "/")
		b.expect("html lang", b.attr("html", "lang"), "fr")
		b.expect("French home heading", b.text("main h1"), msg(t, "fr", "home.heading"))
		b.expect("current language", b.attr(frButton, "aria-current"), "true")
		b.expect("logout button in French", b.text(selLogoutButton), msg(t, "fr", "nav.logout"))
		b.shot("home-fr.png")

		// Log out: the flash is French too.
		b.logout()
		b.expect("html lang after logout", b.attr("html", "lang"), "fr")
		b.expect("French flash after logout", b.text(selFlash), msg(t, "fr", "flash.logged_out"))
		b.expect("French log-in link", b.text(selLoginLink), msg(t, "fr", "nav.login"))
		b.shot("logged-out-fr.png")
	})
}

// A member is refused the administration; the administrator is not.
func TestAdminIsForbiddenToMembers(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		b.expectStatus("member login", b.login(memberEmail, memberPassword), 200)
		b.expect("member's name in the header", b.text(selAccountLink), memberName)
		if n := b.count(`header.site a[href="/admin"]`); n != 0 {
			b.fail("a member sees the administration link")
		}
		for _, path := range []string{"/admin", "/admin/users?status=pending"} {
			b.expectStatus("member GET "+path, b.open(path), 403)
			b.expect("403 heading", b.text("main h1"), "403 · Forbidden")
			b.expect("403 message", b.text(selAlert), msg(t, "en", "error.forbidden"))
			b.expect("back link", b.text(`main a[href="/"]`), msg(t, "en", "error.back_home"))
			b.expect("still logged in as", b.text(selAccountLink), memberName)
		}
		b.open("/admin")
		b.shot("forbidden.png")
		b.logout()

		b.expectStatus("admin login", b.login(demo.AdminEmail, demo.AdminPassword), 200)
		b.expect("admin's name in the header", b.text(selAccountLink), adminName)
		b.expect("home heading", b.text("main h1"), msg(t, "en", "home.heading"))
		// The README picture: the logged-in home page as a laptop shows it.
		b.expectStatus("GET /", b.open("/"), 200)
		b.viewShot("home-admin-en-1280x800.png")
		b.expectStatus("admin link", b.click(`header.site a[href="/admin"]`), 200)
		b.expect("path", b.path(), "/admin")
		b.expect("admin heading", b.text("main h1"), msg(t, "en", "admin.title"))
		b.expect("users card", b.text(`main .cards a[href="/admin/users?status=pending"]`), msg(t, "en", "admin.users"))
		if n := b.count("main .cards .card"); n != 4 {
			b.fail("%d cards on the admin page, want 4", n)
		}
		b.shot("admin.png")
	})
}

// A form posted without its CSRF token is refused and logs nobody in.
func TestCSRFTokenRequired(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		tokenInput := `main form[action="/login"] input[name="csrf_token"]`
		for _, tc := range []struct{ name, js string }{
			{"missing", query(tokenInput) + `.remove()`},
			{"forged", query(tokenInput) + `.value = "00000000000000000000000000000000"`},
		} {
			b.expectStatus("GET /login", b.open("/login"), 200)
			if n := b.count(tokenInput); n != 1 {
				b.fail("the login form has %d csrf_token inputs, want 1", n)
			}
			b.exec(tc.js)
			// Right credentials, so only the token can be the reason.
			b.typeInto("#f-email", demo.AdminEmail)
			b.typeInto("#f-password", demo.AdminPassword)
			b.expectStatus(tc.name+" token: login", b.click(selLoginSubmit), 403)
			b.expect(tc.name+" token: heading", b.text("main h1"), "403 · Forbidden")
			b.expect(tc.name+" token: message", b.text(selAlert), msg(t, "en", "error.csrf"))
			if tc.name == "missing" {
				b.shot("csrf-refused.png")
			}
			if slices.Contains(b.cookies(), "corridor_session") {
				b.fail("%s token: a session cookie was set", tc.name)
			}
			b.expectStatus("GET /", b.open("/"), 200)
			b.expect(tc.name+" token: header link", b.text(selLoginLink), msg(t, "en", "nav.login"))
			if n := b.count(selLogoutButton) + b.count(selAccountLink); n != 0 {
				b.fail("%s token: the header shows a logged-in person", tc.name)
			}
		}

		// The same login with the token works: the refusal was the token's.
		b.expectStatus("login with token", b.login(demo.AdminEmail, demo.AdminPassword), 200)
		b.expect("admin's name in the header", b.text(selAccountLink), adminName)
		if !slices.Contains(b.cookies(), "corridor_session") {
			b.fail("no session cookie after a good login")
		}
	})
}

// Bad sign-up input comes back with an error next to each field and the
// typed values kept (never the passwords).
func TestSignupValidation(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		const name = "Grace Nakamura-Hopper"
		b.expectStatus("GET /signup", b.open("/signup"), 200)
		b.typeInto("#f-name", name)
		b.typeInto("#f-email", "not-an-email")
		b.typeInto("#f-password", "short")
		b.typeInto("#f-password_confirm", "short")
		b.expectStatus("sign up", b.click(selSignupSubmit), 422)
		b.expect("path", b.path(), "/signup")
		b.expect("heading", b.text("main h1"), msg(t, "en", "signup.title"))
		b.expect("name kept", b.value("#f-name"), name)
		b.expect("e-mail kept", b.value("#f-email"), "not-an-email")
		b.expect("password not sent back", b.value("#f-password"), "")
		b.expect("e-mail error", b.text("#e-email"), msg(t, "en", "error.email_invalid"))
		b.expect("password error", b.text("#e-password"), msg(t, "en", "error.password_short"))
		b.expect("e-mail aria-invalid", b.attr("#f-email", "aria-invalid"), "true")
		b.expect("e-mail described by its error", b.attr("#f-email", "aria-describedby"), "e-email")
		b.expect("password aria-invalid", b.attr("#f-password", "aria-invalid"), "true")
		if n := b.count("main .field-error"); n != 2 {
			b.fail("%d field errors, want 2 (e-mail and password)", n)
		}
		if n := b.count("#e-name"); n != 0 {
			b.fail("the valid name got an error")
		}
		b.expect("summary role", b.attr(selAlert, "role"), "alert")
		if s := b.text(selAlert); !strings.HasPrefix(s, msg(t, "en", "error.invalid_input")) {
			b.fail("error summary = %q, want it to start with %q", s, msg(t, "en", "error.invalid_input"))
		}
		links := eval[[]string](b, `[...document.querySelectorAll("main .alert a")].map(a => a.getAttribute("href")).sort()`)
		if !slices.Equal(links, []string{"#f-email", "#f-password"}) {
			b.fail("error summary links = %q, want #f-email and #f-password", links)
		}
		b.shot("signup-errors.png")
	})
}

// Keyboard and screen-reader basics: a main landmark, a skip link first in
// the tab order that moves focus to it, and a label for every field.
func TestAccessibilitySmoke(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		for _, path := range []string{"/", "/signup", "/login"} {
			b.expectStatus("GET "+path, b.open(path), 200)
			b.expect(path+": html lang", b.attr("html", "lang"), "en")
			if n := b.count("main"); n != 1 {
				b.fail("%s: %d <main> elements, want 1", path, n)
			}
			b.expect(path+": main id", b.attr("main", "id"), "main")
			if n := b.count("h1"); n != 1 {
				b.fail("%s: %d <h1> elements, want 1", path, n)
			}

			// The first Tab lands on the skip link, which then shows.
			b.press(kb.Tab)
			b.expect(path+": first focus", eval[string](b, `document.activeElement.outerHTML`),
				fmt.Sprintf(`<a class="skip" href="#main">%s</a>`, msg(t, "en", "nav.skip")))
			box := eval[[]float64](b, `(() => { const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width, r.height] })()`)
			if box[0] < 0 || box[1] < 0 || box[2] < 1 || box[3] < 1 || box[0]+box[2] > viewportW {
				b.fail("%s: the focused skip link is off screen: %v", path, box)
			}
			if path == "/" {
				b.viewShot("skip-link-focused.png")
			}
			// Enter follows it: focus moves into <main>.
			b.press(kb.Enter)
			b.expect(path+": focus after the skip link", eval[string](b, `document.activeElement.id`), "main")
			b.expect(path+": hash", eval[string](b, `location.hash`), "#main")

			// Every visible field has a label.
			unlabelled := eval[[]string](b, `[...document.querySelectorAll("input, select, textarea")]
				.filter(e => e.type !== "hidden")
				.filter(e => !e.id || ![...document.querySelectorAll("label")].some(l => l.htmlFor === e.id && l.textContent.trim() !== ""))
				.map(e => e.outerHTML)`)
			if len(unlabelled) > 0 {
				b.fail("%s: fields without a <label for>: %q", path, unlabelled)
			}
			// Every button has a name.
			nameless := eval[[]string](b, `[...document.querySelectorAll("button")].filter(e => e.textContent.trim() === "" && !e.getAttribute("aria-label")).map(e => e.outerHTML)`)
			if len(nameless) > 0 {
				b.fail("%s: buttons without a name: %q", path, nameless)
			}
		}
		// Reflow (WCAG 1.4.10): at 320 CSS pixels wide the public pages
		// scroll only vertically.
		b.viewport(320, 640)
		for _, path := range []string{"/", "/signup", "/login"} {
			b.expectStatus("GET "+path, b.open(path), 200)
			if w := eval[int](b, `document.documentElement.scrollWidth`); w > 320 {
				b.fail("%s: %d px wide in a 320 px viewport: the page scrolls sideways", path, w)
			}
		}
		b.shot("login-320px.png")
		b.viewport(viewportW, viewportH)

		// The sign-up form specifically: four labelled fields.
		b.expectStatus("GET /signup", b.open("/signup"), 200)
		labels := eval[[]string](b, `[...document.querySelectorAll("main form[action='/signup'] input:not([type=hidden])")].map(e => document.querySelector("label[for='" + e.id + "']").textContent.trim())`)
		want := []string{msg(t, "en", "field.name"), msg(t, "en", "field.email"), msg(t, "en", "field.password"), msg(t, "en", "field.password_confirm")}
		if !slices.Equal(labels, want) {
			b.fail("sign-up labels = %q, want %q", labels, want)
		}
		b.shot("signup.png")
	})
}

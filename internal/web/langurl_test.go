package web

import (
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
)

// Every page has an address per language (/fr/…), announced with hreflang
// links (as Google's documentation on localized versions asks: each
// language and an x-default), and the language switcher keeps the page.
func TestPageAddressPerLanguage(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.client()
	resp, body := c.Get("/fr/password/forgot?x=1")
	if resp.StatusCode != 200 || !strings.Contains(body, `<html lang="fr">`) || resp.Header.Get("Content-Language") != "fr" {
		t.Fatalf("/fr/: %d, %q", resp.StatusCode, resp.Header.Get("Content-Language"))
	}
	for _, want := range []string{
		`<link rel="alternate" hreflang="en" href="http://corridor.test/en/password/forgot?x=1">`,
		`<link rel="alternate" hreflang="fr" href="http://corridor.test/fr/password/forgot?x=1">`,
		`<link rel="alternate" hreflang="es" href="http://corridor.test/es/password/forgot?x=1">`,
		`<link rel="alternate" hreflang="x-default" href="http://corridor.test/password/forgot?x=1">`,
		`<meta name="description" content="` + i18n.Default.T("fr", "site.description") + `">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the French page lacks %s", want)
		}
	}
	if resp, body := c.Get("/es"); resp.StatusCode != 200 || !strings.Contains(body, `<html lang="es">`) {
		t.Errorf("/es: %d", resp.StatusCode)
	}
	// The address is a choice: the next pages follow it.
	if _, body := c.Get("/password/forgot"); !strings.Contains(body, `<html lang="es">`) {
		t.Error("the language of the address was not kept")
	}
	// Switching from a prefixed address lands on the page without it.
	if resp, _ := c.Post("/lang", url.Values{"lang": {"en"}, "next": {"/fr/password/forgot?x=1"}}); resp.Header.Get("Location") != "/password/forgot?x=1" {
		t.Errorf("the switcher went to %q", resp.Header.Get("Location"))
	}
	if _, body := c.Get("/password/forgot"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the switch was not kept")
	}
	// Not a language: an ordinary (missing) page.
	if resp, _ := c.Get("/de/password/forgot"); resp.StatusCode != 404 {
		t.Errorf("/de/: %d", resp.StatusCode)
	}
}

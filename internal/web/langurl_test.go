package web

import (
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
)

// Every page has an address per language, announced with hreflang links
// (as Google's documentation on localized versions asks: each language
// and an x-default), and the language switcher keeps the page.
func TestPageAddressPerLanguage(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.client()
	resp, body := c.Get("/sections/events?lang=fr")
	if resp.StatusCode != 200 || !strings.Contains(body, `<html lang="fr">`) || resp.Header.Get("Content-Language") != "fr" {
		t.Fatalf("?lang=fr: %d, %q", resp.StatusCode, resp.Header.Get("Content-Language"))
	}
	for _, want := range []string{
		`<link rel="alternate" hreflang="en" href="http://corridor.test/sections/events?lang=en">`,
		`<link rel="alternate" hreflang="fr" href="http://corridor.test/sections/events?lang=fr">`,
		`<link rel="alternate" hreflang="es" href="http://corridor.test/sections/events?lang=es">`,
		`<link rel="alternate" hreflang="x-default" href="http://corridor.test/sections/events">`,
		`<meta name="description" content="` + i18n.Default.T("fr", "site.description") + `">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the French page lacks %s", want)
		}
	}
	// The cookie says Spanish; the address still says French.
	c.Post("/lang", url.Values{"lang": {"es"}, "next": {"/sections/events?lang=fr"}})
	if _, body := c.Get("/sections/events?lang=fr"); !strings.Contains(body, `<html lang="fr">`) {
		t.Error("the cookie overrode the address's language")
	}
	// Switching from the French address lands on the page without ?lang=.
	if resp, _ := c.Post("/lang", url.Values{"lang": {"es"}, "next": {"/sections/events?lang=fr&x=1"}}); resp.Header.Get("Location") != "/sections/events?x=1" {
		t.Errorf("the switcher went to %q", resp.Header.Get("Location"))
	}
	if _, body := c.Get("/sections/events?lang=de"); !strings.Contains(body, `<html lang="es">`) {
		t.Error("an unknown ?lang= did not fall back to the reader's choice")
	}
}

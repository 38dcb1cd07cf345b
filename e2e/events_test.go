package e2e

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/events"
	"corridor/internal/i18n"
)

func evMsg(lang, key string) string { return i18n.Default.T(lang, key) }

// fetchText reads a URL of the site from the page (a synchronous request,
// with the page's cookies) and returns "status content-type\nbody".
func fetchText(b *browser, href string) string {
	return eval[string](b, `(() => { const x = new XMLHttpRequest(); x.open('GET', `+jsString(href)+`, false); x.send(); return x.status + ' ' + x.getResponseHeader('Content-Type') + '\n' + x.responseText })()`)
}

// A visitor signs in, registers for the sample symposium, sees the
// confirmation and the online link, and the page's calendar link answers
// an iCalendar file of the symposium. Screenshots of the list and the
// event at 1366 and 390 px wide, in English, French and Spanish.
func TestEventsRegistration(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := events.LoadDemo(context.Background(), b.site.app.DB); err != nil {
			t.Fatal(err)
		}
		b.viewport(1366, 900)
		b.expectStatus("list", b.open("/events"), 200)
		b.expect("heading", b.text("main h1"), evMsg("en", "events.title"))
		if n := b.count(".evt-sample"); n != 2 {
			b.fail("%d sample marks among upcoming events, want 2 (symposium, dialogue)", n)
		}
		b.shot("events-list-en-1366.png")
		b.expectStatus("member login", b.login("member@corridor.test", memberPassword), 200)
		b.open("/events?kind=symposium")
		b.expectStatus("symposium", b.click(`main .evt-list h2 a`), 200)
		if got := b.text("main h1"); !strings.HasPrefix(got, "Symposium on Labour Mobility") {
			b.fail("event page heading %q", got)
		}
		if strings.Contains(b.text("main"), "meet.example.org") {
			b.fail("the online link shows before registration")
		}
		if n := b.count(".evt-tracks .evt-item"); n < 7 {
			b.fail("%d timetable items, want the 7 sample items", n)
		}
		b.expectStatus("register", b.click(`form[action$="/register"] button`), 200)
		b.expect("flash", b.text("main p.flash"), evMsg("en", "events.flash.confirmed"))
		b.expect("status", b.text("#reg-status"), evMsg("en", "events.status.confirmed"))
		if !strings.Contains(b.text("main"), "https://meet.example.org/corridor-symposium-sample") {
			b.fail("a confirmed participant does not see the online link")
		}
		b.shot("events-symposium-en-1366.png")
		ics := fetchText(b, b.attr(`a[href$=".ics"]`, "href"))
		if !strings.HasPrefix(ics, "200 text/calendar") || !strings.Contains(ics, "BEGIN:VEVENT") || !strings.Contains(ics, "SUMMARY:Symposium on Labour Mobility and Rights (sample)") {
			b.fail("calendar link answered %.200q", ics)
		}
		event := b.path()
		for _, lang := range []string{"fr", "es"} {
			b.open("/" + lang + event)
			b.expect("heading "+lang, b.text(".crumbs a"), evMsg(lang, "events.title"))
			b.shot("events-symposium-" + lang + "-1366.png")
		}
		b.viewport(390, 844)
		b.open("/en" + event)
		b.shot("events-symposium-en-390.png")
		b.open("/en/events")
		b.shot("events-list-en-390.png")
	})
}

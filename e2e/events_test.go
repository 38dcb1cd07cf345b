package e2e

import (
	"context"
	"fmt"
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

// An organiser schedules an accepted abstract from the symposium's page:
// times outside the event come back with the values kept and the error by
// the field; good times put it in the timetable. Screenshots at 1366 and
// 390 px wide.
func TestEventsScheduleContribution(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		if err := events.LoadDemo(ctx, b.site.app.DB); err != nil {
			t.Fatal(err)
		}
		svc := events.New(b.site.app.DB)
		evs, err := svc.List(ctx, events.Filter{Kind: "symposium"})
		if err != nil || len(evs) == 0 {
			t.Fatal("no sample symposium", err)
		}
		sym := evs[0]
		if _, err := svc.AddContribution(ctx, sym.ID, 4242, "Seasonal workers' rights in Valais", "", "Labour migration", []events.Speaker{{Name: "Núria Puig"}, {Name: "Ελένη Παπαδοπούλου"}}); err != nil {
			t.Fatal(err)
		}
		b.expectStatus("editor login", b.login("editor@corridor.test", "corridor-demo-editor"), 200)
		b.viewport(1366, 900)
		b.open(fmt.Sprintf("/en/events/%d", sym.ID))
		// A registration refused for an answer too long comes back with
		// the other answer kept and the error by the question.
		b.exec(`var q = document.querySelectorAll('form[action$="/register"] input:not([type=hidden])'); q[0].value = "x".repeat(2001); q[1].value = "Végétarien"`)
		b.expectStatus("register, answer too long", b.click(`form[action$="/register"] button`), 422)
		if b.count(`form[action$="/register"] input[value="Végétarien"]`) != 1 || b.count(`form[action$="/register"] [aria-invalid="true"]`) != 1 {
			b.fail("the registration answers are not kept with the error")
		}
		b.viewShot("events-register-error-en-1366.png")
		if n := b.count(`form.evt-schedule`); n != 1 {
			b.fail("%d scheduling forms, want 1", n)
		}
		day := sym.Starts.In(sym.Location()).Format("2006-01-02")
		before := sym.Starts.In(sym.Location()).AddDate(0, 0, -1).Format("2006-01-02")
		b.exec(fmt.Sprintf(`document.querySelector('form.evt-schedule input[name="starts"]').value = %q; document.querySelector('form.evt-schedule input[name="ends"]').value = %q`, before+"T10:00", before+"T10:30"))
		b.expectStatus("schedule outside", b.click(`form.evt-schedule button`), 422)
		if b.attr(`#f-starts`, "aria-invalid") != "true" || b.value(`#f-starts`) != before+"T10:00" {
			b.fail("the refused times are not kept with their error")
		}
		b.shot("events-schedule-error-en-1366.png")
		b.viewport(390, 844)
		b.shot("events-schedule-error-en-390.png")
		b.viewport(1366, 900)
		b.exec(fmt.Sprintf(`document.querySelector('form.evt-schedule input[name="starts"]').value = %q; document.querySelector('form.evt-schedule input[name="ends"]').value = %q`, day+"T16:00", day+"T16:30"))
		b.expectStatus("schedule", b.click(`form.evt-schedule button`), 200)
		b.expect("flash", b.text("main p.flash"), evMsg("en", "events.flash.contribution_scheduled"))
		if !strings.Contains(b.text("#timetable"), "Seasonal workers") {
			b.fail("the contribution is not in the timetable")
		}
		b.shot("events-scheduled-en-1366.png")
	})
}

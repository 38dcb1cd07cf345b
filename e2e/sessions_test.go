package e2e

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"corridor/internal/learning"
)

// A member enrols in the sample course's upcoming session and downloads its
// calendar (read back by golang-ical: the session's zone, title and UID);
// a trainer then ticks the member's attendance at a session that has
// started, and the member's attended sessions include it. Screenshots of
// the session page at 1366 and 390 px wide in English, French and Spanish.
func TestTrainingSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		a := b.site.app
		if err := learning.LoadDemo(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
		b.viewport(1366, 900)
		b.expectStatus("member login", b.login("member@corridor.test", "corridor-demo-member"), 200)
		b.expectStatus("sessions", b.open("/training/sessions"), 200)
		b.expect("heading", b.text("main h1"), learnMsg("en", "learning.sessions.title"))
		if n := b.count(".learn-session"); n != 1 {
			b.fail("%d upcoming sessions, want the demo's 1", n)
		}
		b.shot("sessions-list-en-1366.png")
		// The sample course's page lists its upcoming session.
		courseHref := b.attr(".learn-session a[href^='/learning/courses/']", "href")
		b.expectStatus("course", b.open(courseHref), 200)
		if n := b.count(".learn-course-sessions li a"); n != 1 {
			b.fail("the course page lists %d upcoming sessions, want 1", n)
		}
		b.open("/training/sessions")
		b.expectStatus("session", b.click(".learn-session h2 a"), 200)
		b.expectStatus("enrol", b.click("#enrol-session"), 200)
		b.expect("flash", b.text("main p.flash"), learnMsg("en", "learning.flash.session_confirmed"))
		b.expect("my seat", b.text("#my-seat"), learnMsg("en", "learning.session.you_confirmed"))

		href := b.attr("#session-ics", "href")
		ics, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%s).then(r => r.ok && r.headers.get("content-type").startsWith("text/calendar") ? r.text() : "status " + r.status)`, jsString(href)), chromedp.EvalAwaitPromise))
		if err != nil {
			b.fail("download %s: %v", href, err)
		}
		cal, err := goical.ParseCalendar(bytes.NewReader([]byte(ics)))
		if err != nil || len(cal.Events()) != 1 {
			b.fail("calendar %s does not parse: %v %.200q", href, err, ics)
		}
		ev := cal.Events()[0]
		if got := ev.GetProperty(goical.ComponentPropertySummary).Value; got != "Workshop: migration data for practitioners (sample)" {
			b.fail("calendar summary %q", got)
		}
		if !strings.Contains(ics, "DTSTART;TZID=Europe/Paris:") || !strings.Contains(ics, "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris") || !strings.HasPrefix(ev.Id(), "training-session-") {
			b.fail("calendar without its zone or UID: %.400q", ics)
		}
		sessionPath := b.path()
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			for _, lang := range []string{"en", "fr", "es"} {
				b.click(fmt.Sprintf(selLangButtonFmt, lang))
				b.open(sessionPath)
				b.expect("seat in "+lang, b.text("#my-seat"), learnMsg(lang, "learning.session.you_confirmed"))
				b.shot(fmt.Sprintf("session-%s-%d.png", lang, w))
			}
		}
		b.click(fmt.Sprintf(selLangButtonFmt, "en"))
		b.viewport(1366, 900)
		b.logout()

		// A session that started an hour ago, the member holding a seat.
		start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
		x, err := a.Learning.CreateSession(ctx, learning.SessionInput{Title: "Morning workshop", Venue: "Room 3", Starts: start, Ends: start.Add(3 * time.Hour), TZ: "Europe/Madrid", Capacity: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var member int64
		a.DB.QueryRow(`SELECT id FROM users WHERE email = 'member@corridor.test'`).Scan(&member)
		if _, err := a.Learning.EnrolSession(ctx, x.ID, member); err != nil {
			t.Fatal(err)
		}
		a.DB.Exec(`UPDATE learning_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3`, time.Now().Add(-time.Hour).Unix(), time.Now().Add(2*time.Hour).Unix(), x.ID)

		b.expectStatus("trainer login", b.login("trainer@corridor.test", "corridor-demo-trainer"), 200)
		b.expectStatus("roster", b.open(fmt.Sprintf("/training/sessions/%d", x.ID)), 200)
		box := fmt.Sprintf(`.learn-roster input[name=attended][value="%d"]`, member)
		if n := b.count(box); n != 1 {
			b.fail("%d attendance boxes for the member, want 1", n)
		}
		b.shot("session-roster-en-1366.png")
		b.exec(query(box) + ".checked = true")
		b.expectStatus("save attendance", b.click("#save-attendance"), 200)
		b.expect("flash", b.text("main p.flash"), learnMsg("en", "learning.flash.attendance_saved"))
		if b.attr(box, "checked") == "" && !eval[bool](b, query(box)+".checked") {
			b.fail("the member's attendance is not ticked after saving")
		}
		att, err := a.Learning.AttendedSessions(ctx, member)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range att {
			found = found || s.SessionID == x.ID
		}
		if !found {
			b.fail("attended sessions %+v lack session %d", att, x.ID)
		}
	})
}

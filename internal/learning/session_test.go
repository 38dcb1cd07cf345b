package learning

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/ical"
	"corridor/internal/seats"
)

func sessionIn(start time.Time, capacity int) SessionInput {
	return SessionInput{Title: "Protection at sea, in practice", Description: "Case work; bring questions.", Venue: "Room 2", Address: "17 route des Morillons, Geneva",
		Starts: start, Ends: start.Add(3 * time.Hour), TZ: "Europe/Paris", Capacity: capacity}
}

func outbox(t *testing.T, d *db.DB, subjectLike string) []string {
	t.Helper()
	rows, err := d.Query(`SELECT to_addr FROM mail_outbox WHERE subject LIKE $1 ORDER BY id`, "%"+subjectLike+"%")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// 200 learners enrol at once in 50 seats through the service: exactly 50
// confirmed and 150 waitlisted, on every engine.
func TestSessionEnrolmentsNeverOverbook(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenTest(t, engine)
			svc := New(d, nil)
			start := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
			x, err := svc.CreateSession(ctx, sessionIn(start, 50), 0)
			if err != nil {
				t.Fatal(err)
			}
			users := make([]int64, 200)
			for i := range users {
				users[i] = addUser(t, d, fmt.Sprintf("l%d@example.org", i))
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			got := map[seats.Status]int{}
			for _, u := range users {
				wg.Add(1)
				go func() {
					defer wg.Done()
					seat, err := svc.EnrolSession(ctx, x.ID, u)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					got[seat.Status]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			if got[seats.Confirmed] != 50 || got[seats.Waitlisted] != 150 {
				t.Fatalf("answers: %v, want 50 confirmed and 150 waitlisted", got)
			}
			x, err = svc.Session(ctx, x.ID)
			if err != nil || x.Confirmed != 50 || x.Waitlisted != 150 {
				t.Fatalf("stored: %d confirmed, %d waitlisted (%v)", x.Confirmed, x.Waitlisted, err)
			}
		})
	}
}

func TestSessionLifecycle(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenTest(t, engine)
			f := sessionFixture(t, d)
			svc := f.svc
			svc.BaseURL = "https://corridor.test"
			a, b, c := addUser(t, d, "a@example.org"), addUser(t, d, "b@example.org"), addUser(t, d, "c@example.org")
			d.Exec(`UPDATE users SET lang = 'fr' WHERE id = $1`, c)

			// Bad input names its fields.
			_, err := svc.CreateSession(ctx, SessionInput{Title: " ", Starts: f.clock.now(), Ends: f.clock.now().Add(-time.Hour), TZ: "Mars/Olympus", OnlineURL: "javascript:alert(1)", Capacity: -1}, 0)
			for _, field := range []string{"title", "ends", "tz", "online_url", "capacity"} {
				if err == nil || !strings.Contains(fmt.Sprint(fieldsOf(err)), field) {
					t.Errorf("bad session: %v does not name %s", err, field)
				}
			}

			in := sessionIn(f.clock.now().Add(36*time.Hour), 1)
			in.CourseID, in.CountsForCourse = f.course.ID, true
			x, err := svc.CreateSession(ctx, in, 0)
			if err != nil {
				t.Fatal(err)
			}
			if s, err := svc.EnrolSession(ctx, x.ID, a); err != nil || s.Status != seats.Confirmed {
				t.Fatalf("first enrolment: %v %v", s.Status, err)
			}
			// A double enrolment is a clear error and changes nothing.
			if _, err := svc.EnrolSession(ctx, x.ID, a); !errors.Is(err, ErrSessionEnrolled) {
				t.Fatalf("double enrolment: %v", err)
			}
			if s, _ := svc.EnrolSession(ctx, x.ID, b); s.Status != seats.Waitlisted {
				t.Fatalf("second of one seat: %v", s.Status)
			}
			if s, _ := svc.EnrolSession(ctx, x.ID, c); s.Status != seats.Waitlisted {
				t.Fatalf("third of one seat: %v", s.Status)
			}
			// a leaves: b, first on the waitlist, is promoted and told.
			if err := svc.LeaveSession(ctx, x.ID, a); err != nil {
				t.Fatal(err)
			}
			if s, _, _ := svc.SessionSeat(ctx, x.ID, b); s.Status != seats.Confirmed {
				t.Fatalf("b after a left: %v", s.Status)
			}
			if got := outbox(t, d, "seat"); len(got) != 1 || got[0] != "b@example.org" {
				t.Fatalf("promotion mail to %v", got)
			}
			// A change reaches everyone holding or awaiting a seat, in their
			// language; the sequence goes up for calendars.
			in.Title = "Protection at sea (moved)"
			in.Starts, in.Ends = in.Starts.Add(time.Hour), in.Ends.Add(time.Hour)
			x, err = svc.UpdateSession(ctx, x.ID, in)
			if err != nil || x.Sequence != 1 {
				t.Fatalf("update: %v seq %d", err, x.Sequence)
			}
			var frSubject string
			d.QueryRow(`SELECT subject FROM mail_outbox WHERE to_addr = 'c@example.org' ORDER BY id DESC LIMIT 1`).Scan(&frSubject)
			if !strings.Contains(frSubject, "modifiée") {
				t.Errorf("French change mail subject %q", frSubject)
			}
			// Reminders: once, the day before, to confirmed learners only.
			f.clock.add(13 * time.Hour)
			if n, err := svc.SendReminders(ctx); err != nil || n != 1 {
				t.Fatalf("reminders: %d %v", n, err)
			}
			if n, _ := svc.SendReminders(ctx); n != 0 {
				t.Fatalf("reminded twice")
			}
			if got := outbox(t, d, "Reminder"); len(got) != 1 || got[0] != "b@example.org" {
				t.Fatalf("reminder to %v", got)
			}
			// Attendance before the start is refused; after, it counts for
			// the course, which b completes once lesson and quiz are done.
			if err := svc.MarkAttendance(ctx, x.ID, b, true, 0); !errors.Is(err, ErrSessionNotStarted) {
				t.Fatalf("attendance before start: %v", err)
			}
			f.clock.add(24 * time.Hour)
			if err := svc.MarkAttendance(ctx, x.ID, c, true, 0); !errors.Is(err, ErrSessionNotConfirmed) {
				t.Fatalf("attendance of a waitlisted learner: %v", err)
			}
			if err := svc.Enrol(ctx, f.course.ID, b); err != nil {
				t.Fatal(err)
			}
			if err := svc.ViewLesson(ctx, b, f.lesson.ID); err != nil {
				t.Fatal(err)
			}
			if p, _ := svc.Progress(ctx, f.course.ID, b); p.CompletedAt != 0 || !p.SessionNeeded {
				t.Fatalf("course complete without the session: %+v", p)
			}
			if err := svc.MarkAttendance(ctx, x.ID, b, true, 0); err != nil {
				t.Fatal(err)
			}
			if p, _ := svc.Progress(ctx, f.course.ID, b); p.CompletedAt == 0 || !p.SessionAttended {
				t.Fatalf("attending did not complete the course: %+v", p)
			}
			att, err := svc.AttendedSessions(ctx, b)
			if err != nil || len(att) != 1 || att[0].SessionID != x.ID || att[0].CourseID != f.course.Family || !att[0].Ends.Equal(in.Ends.Truncate(time.Second)) {
				t.Fatalf("attended sessions: %+v %v", att, err)
			}
			// Cancelling tells everyone; enrolling is then refused.
			if err := svc.CancelSession(ctx, x.ID); err != nil {
				t.Fatal(err)
			}
			if got := outbox(t, d, "cancelled"); len(got) != 1 {
				t.Fatalf("cancel mails in English to %v", got)
			}
			if _, err := svc.EnrolSession(ctx, x.ID, a); !errors.Is(err, ErrSessionCancelled) {
				t.Fatalf("enrol in a cancelled session: %v", err)
			}
		})
	}
}

func fieldsOf(err error) map[string]string {
	if e, ok := errs.As(err); ok {
		return e.Fields
	}
	return nil
}

// sessionFixture: a published course of one module with one lesson, and a
// server clock the test moves.
func sessionFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{svc: New(d, nil), clock: &clock{t: time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)}}
	f.svc.Now = f.clock.now
	var err error
	if f.course, err = f.svc.CreateCourse(ctx, Course{Lang: "en", Slug: "sessions", Title: "Sessions", Published: true}, 0); err != nil {
		t.Fatal(err)
	}
	if f.module, err = f.svc.AddModule(ctx, f.course.ID, "Module 1"); err != nil {
		t.Fatal(err)
	}
	if f.lesson, err = f.svc.AddLesson(ctx, f.module.ID, LessonInput{Title: "Lesson 1", Body: "# Hello"}, ReaderForTest()); err != nil {
		t.Fatal(err)
	}
	return f
}

// The session's calendar read back by golang-ical and ical.js: the time
// zone, the UID, the sequence, and the video link only when asked for.
func TestSessionCalendar(t *testing.T) {
	svc := &Service{BaseURL: "https://corridor.test"}
	paris, _ := time.LoadLocation("Europe/Paris")
	x := Session{ID: 9, Title: "Online clinic: data, corridors; flows", Description: "Bring a dataset", OnlineURL: "https://meet.example.org/abc", Online: true,
		Starts: time.Date(2027, 3, 28, 9, 30, 0, 0, paris), Ends: time.Date(2027, 3, 28, 11, 0, 0, 0, paris), TZ: "Europe/Paris", Sequence: 3, Updated: time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)}
	write := func(withLink bool) []byte {
		var b bytes.Buffer
		if err := ical.Write(&b, svc.SessionCalendar(x, withLink, "corridor.test")); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if bytes.Contains(write(false), []byte("meet.example.org")) {
		t.Fatal("the video link is in the calendar of someone without a seat")
	}
	text := write(true)
	cal, err := goical.ParseCalendar(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	e := cal.Events()[0]
	if e.Id() != "training-session-9@corridor.test" || e.GetProperty(goical.ComponentPropertySummary).Value != x.Title {
		t.Errorf("uid %q summary %q", e.Id(), e.GetProperty(goical.ComponentPropertySummary).Value)
	}
	if !strings.Contains(e.GetProperty(goical.ComponentPropertyDescription).Value, "https://meet.example.org/abc") {
		t.Error("video link missing for a confirmed learner")
	}
	if st := e.GetProperty(goical.ComponentPropertyStatus); st == nil || st.Value != "CONFIRMED" {
		t.Errorf("status %v", st)
	}
	x.Cancelled = true
	cancelled, err := goical.ParseCalendar(bytes.NewReader(write(false)))
	if err != nil {
		t.Fatal(err)
	}
	if st := cancelled.Events()[0].GetProperty(goical.ComponentPropertyStatus); st == nil || st.Value != "CANCELLED" {
		t.Errorf("a cancelled session's status %v", st)
	}
	x.Cancelled = false
	dir := filepath.Join("..", "ical", "testdata", "clients")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ical.js")); err != nil {
		t.Skip("ical.js not installed in internal/ical/testdata/clients (npm ci there)")
	}
	file := filepath.Join(t.TempDir(), "s.ics")
	os.WriteFile(file, text, 0o600)
	cmd := exec.Command("node", "parse.mjs", file)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ical.js: %v %s", err, out)
	}
	var evs []struct {
		UID, Summary, Zone, StartUTC string
		Sequence                     int
	}
	if err := json.Unmarshal(out, &evs); err != nil || len(evs) != 1 {
		t.Fatalf("%v %s", err, out)
	}
	// 09:30 in Paris on the first day of summer time (28 March 2027) is
	// 07:30 UTC.
	if ev := evs[0]; ev.Zone != "Europe/Paris" || ev.StartUTC != "2027-03-28T07:30:00.000Z" || ev.Sequence != 3 || ev.Summary != x.Title {
		t.Errorf("ical.js read %+v", ev)
	}
}

// The demo has two past sessions and one upcoming for the sample course,
// and the demo member attended the first.
func TestDemoSessions(t *testing.T) {
	ctx := context.Background()
	d := dbtest.OpenTest(t, db.SQLite)
	member := addUser(t, d, "member@corridor.test")
	if err := LoadDemo(ctx, d); err != nil {
		t.Fatal(err)
	}
	svc := New(d, nil)
	past, err := svc.Sessions(ctx, true, 10)
	if err != nil {
		t.Fatal(err)
	}
	upcoming, _ := svc.Sessions(ctx, false, 10)
	if len(past) != 2 || len(upcoming) != 1 || upcoming[0].CourseID == 0 {
		t.Fatalf("%d past, %d upcoming", len(past), len(upcoming))
	}
	att, err := svc.AttendedSessions(ctx, member)
	if err != nil || len(att) != 1 || !att[0].Ends.Before(time.Now()) {
		t.Fatalf("member attended %+v %v", att, err)
	}
}

// Saving a roster is all or nothing: ticking someone without a confirmed
// seat refuses the whole roster.
func TestSaveAttendanceAllOrNothing(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenTest(t, engine)
			f := sessionFixture(t, d)
			svc := f.svc
			a, b, c := addUser(t, d, "a@example.org"), addUser(t, d, "b@example.org"), addUser(t, d, "c@example.org")
			x, err := svc.CreateSession(ctx, sessionIn(f.clock.now().Add(time.Hour), 2), 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range []int64{a, b, c} {
				if _, err := svc.EnrolSession(ctx, x.ID, u); err != nil {
					t.Fatal(err)
				}
			}
			f.clock.add(2 * time.Hour)
			if err := svc.SaveAttendance(ctx, x.ID, []int64{a, c}, 0); !errors.Is(err, ErrSessionNotConfirmed) {
				t.Fatalf("ticking the waitlisted c: %v", err)
			}
			var n int
			d.QueryRow(`SELECT COUNT(*) FROM learning_attendance`).Scan(&n)
			if n != 0 {
				t.Fatalf("%d attendance rows after a refused roster", n)
			}
			if err := svc.SaveAttendance(ctx, x.ID, []int64{a}, 0); err != nil {
				t.Fatal(err)
			}
			roster, _ := svc.Roster(ctx, x.ID)
			marks := map[int64]string{}
			for _, e := range roster {
				marks[e.UserID] = fmt.Sprint(e.Marked, e.Attended)
			}
			if marks[a] != "true true" || marks[b] != "true false" || marks[c] != "false false" {
				t.Fatalf("roster marks %v", marks)
			}
		})
	}
}

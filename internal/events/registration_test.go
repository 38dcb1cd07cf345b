package events

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func addUser(t testing.TB, d *db.DB, email, lang string) int64 {
	t.Helper()
	var id int64
	err := d.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, role, status, lang, created_at, updated_at) VALUES ($1, $1, 'x', 'member', 'active', $2, 0, 0) RETURNING id`, email, lang).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestTwoHundredForFiftySeats: 200 concurrent registrations for 50
// places give exactly 50 confirmed and 150 waitlisted, on both engines.
func TestTwoHundredForFiftySeats(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := newService(d), context.Background()
		e, err := s.Create(ctx, symposium(t), 0)
		if err != nil {
			t.Fatal(err)
		}
		users := make([]int64, 200)
		for i := range users {
			users[i] = addUser(t, d, fmt.Sprintf("p%d@example.org", i), "")
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		got := map[string]int{}
		var failures []error
		for _, u := range users {
			wg.Add(1)
			go func(u int64) {
				defer wg.Done()
				st, err := s.Register(ctx, e.ID, u)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failures = append(failures, err)
					return
				}
				got[st]++
			}(u)
		}
		wg.Wait()
		if len(failures) > 0 {
			t.Fatalf("%d registrations failed, first: %v", len(failures), failures[0])
		}
		c, err := s.Counts(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got[Confirmed] != 50 || got[Waitlisted] != 150 || c.Confirmed != 50 || c.Waitlisted != 150 {
			t.Fatalf("answers %v, counts %+v; want 50 confirmed, 150 waitlisted", got, c)
		}
		var mails int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&mails)
		if mails != 200 {
			t.Errorf("%d e-mails queued, want one per registration", mails)
		}
	})
}

// TestRegistrationRules: a double registration, a cancellation that
// promotes the first on the waiting list (and tells them, in their
// language), a registration after the deadline and one for a cancelled
// event.
func TestRegistrationRules(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := newService(d), context.Background()
		ev := symposium(t)
		ev.Capacity = 1
		e, err := s.Create(ctx, ev, 0)
		if err != nil {
			t.Fatal(err)
		}
		a, b := addUser(t, d, "a@example.org", "en"), addUser(t, d, "b@example.org", "fr")
		if st, err := s.Register(ctx, e.ID, a); err != nil || st != Confirmed {
			t.Fatalf("first: %s %v", st, err)
		}
		if _, err := s.Register(ctx, e.ID, a); !errors.Is(err, ErrAlreadyRegistered) {
			t.Errorf("double registration: %v", err)
		}
		if st, err := s.Register(ctx, e.ID, b); err != nil || st != Waitlisted {
			t.Fatalf("second: %s %v", st, err)
		}
		if err := s.Unregister(ctx, e.ID, a); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.Status(ctx, e.ID, b); st != Confirmed {
			t.Errorf("waitlisted user after a cancellation: %q, want confirmed", st)
		}
		var subject string
		d.QueryRowContext(ctx, `SELECT subject FROM mail_outbox WHERE to_addr = 'b@example.org' ORDER BY id DESC LIMIT 1`).Scan(&subject)
		if !strings.HasPrefix(subject, "Une place pour vous") {
			t.Errorf("promotion e-mail subject %q", subject)
		}
		if err := s.Unregister(ctx, e.ID, a); !errors.Is(err, ErrNotRegistered) {
			t.Errorf("cancelling twice: %v", err)
		}
		late := symposium(t)
		late.RegistrationCloses = clockNow.Add(-1)
		le, _ := s.Create(ctx, late, 0)
		if _, err := s.Register(ctx, le.ID, a); !errors.Is(err, ErrRegistrationClosed) {
			t.Errorf("after the deadline: %v", err)
		}
		s.Cancel(ctx, le.ID)
		if _, err := s.Register(ctx, le.ID, a); !errors.Is(err, ErrEventCancelled) {
			t.Errorf("cancelled event: %v", err)
		}
		my, err := s.MyEvents(ctx, b)
		if err != nil || len(my) != 1 || my[0].ID != e.ID {
			t.Errorf("my events: %v %+v", err, my)
		}
	})
}

// TestModeration: a moderated event's registrations wait; approval gives
// the place (or the waiting list when full), rejection ends them, and a
// decision on a registration that awaits none is refused.
func TestModeration(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := newService(d), context.Background()
		ev := symposium(t)
		ev.Capacity, ev.Moderated = 1, true
		e, err := s.Create(ctx, ev, 0)
		if err != nil {
			t.Fatal(err)
		}
		a, b, c := addUser(t, d, "a@example.org", "es"), addUser(t, d, "b@example.org", ""), addUser(t, d, "c@example.org", "")
		for _, u := range []int64{a, b, c} {
			if st, err := s.Register(ctx, e.ID, u); err != nil || st != Pending {
				t.Fatalf("moderated registration: %q %v", st, err)
			}
		}
		if n, _ := s.Counts(ctx, e.ID); n.Pending != 3 || n.Confirmed != 0 {
			t.Fatalf("counts %+v", n)
		}
		if st, err := s.Decide(ctx, e.ID, a, true); err != nil || st != Confirmed {
			t.Errorf("approve into a free place: %q %v", st, err)
		}
		if st, err := s.Decide(ctx, e.ID, b, true); err != nil || st != Waitlisted {
			t.Errorf("approve when full: %q %v", st, err)
		}
		if st, err := s.Decide(ctx, e.ID, c, false); err != nil || st != "rejected" {
			t.Errorf("reject: %q %v", st, err)
		}
		if _, err := s.Decide(ctx, e.ID, a, false); !errors.Is(err, ErrNotPending) {
			t.Errorf("deciding twice: %v", err)
		}
		var subject string
		d.QueryRowContext(ctx, `SELECT subject FROM mail_outbox WHERE to_addr = 'a@example.org' ORDER BY id DESC LIMIT 1`).Scan(&subject)
		if !strings.HasPrefix(subject, "Inscripción confirmada") {
			t.Errorf("approval e-mail subject %q", subject)
		}
	})
}

// TestCustomFields: a required question left blank and an unknown key are
// refused by field before any seat is taken; answers are kept and listed
// with the participant.
func TestCustomFields(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s, ctx := newService(d), context.Background()
		ev := symposium(t)
		ev.Fields = []Field{{Label: "Affiliation", Required: true}, {Label: "Dietary needs"}}
		e, err := s.Create(ctx, ev, 0)
		if err != nil {
			t.Fatal(err)
		}
		u := addUser(t, d, "u@example.org", "")
		_, err = s.RegisterWith(ctx, e.ID, u, map[string]string{"f2": "none", "f9": "?"})
		if f := fields(t, err); f["f1"] != "events.error.answer_required" || f["f9"] != "events.error.answer_unknown" {
			t.Errorf("fields %v", f)
		}
		if c, _ := s.Counts(ctx, e.ID); c.Confirmed != 0 {
			t.Fatalf("a refused registration took a seat: %+v", c)
		}
		if st, err := s.RegisterWith(ctx, e.ID, u, map[string]string{"f1": " University of Nairobi ", "f2": "vegetarian"}); err != nil || st != Confirmed {
			t.Fatalf("%q %v", st, err)
		}
		ps, err := s.Participants(ctx, e.ID)
		if err != nil || len(ps) != 1 || ps[0].Answers["f1"] != "University of Nairobi" || ps[0].Answers["f2"] != "vegetarian" {
			t.Errorf("participants %v %+v", err, ps)
		}
		if got, _ := s.Get(ctx, e.ID); len(got.Fields) != 2 || got.Fields[1].Key != "f2" || !got.Fields[0].Required {
			t.Errorf("fields read back %+v", got.Fields)
		}
	})
}

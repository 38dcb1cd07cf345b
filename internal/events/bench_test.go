package events

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// benchEvents stores n events across six kinds and ten years (one in
// three with a registration deadline, one in twenty cancelled) in one
// transaction, and a timetable of twelve items in two tracks for the
// first; it returns the first's id.
func benchEvents(b *testing.B, d *db.DB, n int) int64 {
	b.Helper()
	ctx := context.Background()
	base := time.Date(2022, 1, 3, 8, 0, 0, 0, time.UTC)
	err := d.InTx(ctx, func(tx db.Tx) error {
		for i := 0; i < n; i++ {
			st := base.Add(time.Duration(i) * 17 * time.Hour)
			closes, status := int64(0), Scheduled
			if i%3 == 0 {
				closes = st.Add(-72 * time.Hour).Unix()
			}
			if i%20 == 0 {
				status = Cancelled
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO events_events (kind, title_en, title_fr, description_en, starts_at, ends_at, timezone, venue, status, capacity, registration_closes, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, 'Europe/Zurich', 'Geneva', $7, 100, $8, 0, 0)`,
				Kinds[i%len(Kinds)], fmt.Sprintf("Seminar %d on migration, labour; and rights", i), fmt.Sprintf("Séminaire %d", i),
				"A description long enough to be folded in the calendar, with commas, semicolons; and accents: émigré, Ñúñez.", st.Unix(), st.Add(3*time.Hour).Unix(), status, closes)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var first int64
	d.QueryRowContext(ctx, `SELECT MIN(id) FROM events_events`).Scan(&first)
	s := New(d)
	e, err := s.Get(ctx, first)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		st := e.Starts.Add(time.Duration(i/2) * 30 * time.Minute)
		if _, err := s.AddTalk(ctx, Talk{EventID: first, Kind: "talk", Track: fmt.Sprintf("Track %c", 'A'+i%2), Title: fmt.Sprintf("Talk %d", i),
			Starts: st, Ends: st.Add(30 * time.Minute), Speakers: []Speaker{{Name: "Ana Ruiz"}, {Name: "Kwame Mensah"}}}); err != nil {
			b.Fatal(err)
		}
	}
	return first
}

// BenchmarkEventsFeed5000: /events.ics's work with 5,000 events: read
// them all and write the calendar (VTIMEZONE, deadlines, alarms).
func BenchmarkEventsFeed5000(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			benchEvents(b, d, 5000)
			s, ctx := New(d), context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				evs, err := s.List(ctx, Filter{All: true})
				if err != nil || len(evs) != 5000 {
					b.Fatal(err, len(evs))
				}
				if err := WriteCalendar(io.Discard, evs, FeedOptions{BaseURL: "https://corridor.example", Host: "corridor.example", Lang: "en"}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEventPageData5000: the event page's reads among 5,000 events:
// the event with its twelve-item timetable and speakers, the counts,
// and the reader's registration.
func BenchmarkEventPageData5000(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			id := benchEvents(b, d, 5000)
			s, ctx := New(d), context.Background()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e, err := s.Get(ctx, id)
				if err != nil || len(e.Talks) != 12 {
					b.Fatal(err)
				}
				if _, err := s.Counts(ctx, id); err != nil {
					b.Fatal(err)
				}
				if _, err := s.Status(ctx, id, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

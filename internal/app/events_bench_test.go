package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/events"
	"corridor/internal/web/webtest"
)

// BenchmarkEventsHTTP measures the events pillar through the whole
// application over real HTTP with many clients at once (RunParallel, 8
// goroutines per processor), with 5,000 events stored: the event page
// (a twelve-item timetable in two tracks), a registration and its
// cancellation by signed-in members through the API, the /events.ics
// feed of all 5,000 events, the same feed answered 304 to a calendar that
// has it (If-None-Match), and the home page as the yardstick.
func BenchmarkEventsHTTP(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			a := openTestApp(b, engine)
			id := benchStoreEvents(b, a, 5000)
			members := benchMembers(b, a, 32)
			feedTag := ""
			if resp, err := http.Get(a.URL + "/events.ics"); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				feedTag = resp.Header.Get("ETag")
			}
			get := func(path, etag string, want int) func(*testing.B) {
				return func(b *testing.B) {
					b.ReportAllocs()
					b.SetParallelism(8)
					var bad atomic.Int64
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							req, _ := http.NewRequest("GET", a.URL+path, nil)
							if etag != "" {
								req.Header.Set("If-None-Match", etag)
							}
							resp, err := http.DefaultClient.Do(req)
							if err != nil {
								bad.Add(1)
								continue
							}
							io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							if resp.StatusCode != want {
								bad.Add(1)
							}
						}
					})
					if n := bad.Load(); n > 0 {
						b.Fatalf("%s: %d requests failed", path, n)
					}
				}
			}
			b.Run("yardstick-home", get("/", "", http.StatusOK))
			b.Run("event-page", get(fmt.Sprintf("/events/%d", id), "", http.StatusOK))
			b.Run("events.ics-5000", get("/events.ics", "", http.StatusOK))
			b.Run("events.ics-5000-304", get("/events.ics", feedTag, http.StatusNotModified))
			b.Run("register-and-cancel", func(b *testing.B) {
				b.ReportAllocs()
				b.SetParallelism(8)
				var next, bad atomic.Int64
				path := fmt.Sprintf("%s/api/v1/events/%d/registrations", a.URL, id)
				b.RunParallel(func(pb *testing.PB) {
					c := members[int(next.Add(1)-1)%len(members)]
					do := func(method string, want int) {
						req, _ := http.NewRequest(method, path, nil)
						req.Header.Set("X-CSRF-Token", c.CSRF)
						resp, err := c.HTTP.Do(req)
						if err != nil {
							bad.Add(1)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != want {
							bad.Add(1)
						}
					}
					for pb.Next() {
						do("POST", http.StatusCreated)
						do("DELETE", http.StatusOK)
					}
				})
				if n := bad.Load(); n > 0 {
					b.Fatalf("%d registration requests failed", n)
				}
			})
		})
	}
}

// benchStoreEvents stores n events over ten years (six kinds, one in three
// with a registration deadline, one in twenty cancelled) and a twelve-item
// timetable in two tracks for the first, whose id it returns; the first
// has no capacity limit and takes registrations until 2030.
func benchStoreEvents(b *testing.B, a *testApp, n int) int64 {
	b.Helper()
	ctx := context.Background()
	base := time.Date(2022, 1, 3, 8, 0, 0, 0, time.UTC)
	first, err := a.Events.Create(ctx, events.Event{Kind: "symposium", TimeZone: "Europe/Zurich", Title: map[string]string{"en": "Symposium on mobility and rights"},
		Starts: time.Date(2030, 3, 1, 8, 0, 0, 0, time.UTC), Ends: time.Date(2030, 3, 2, 17, 0, 0, 0, time.UTC), Venue: "Geneva"}, 0)
	if err != nil {
		b.Fatal(err)
	}
	err = a.DB.InTx(ctx, func(tx db.Tx) error {
		for i := 1; i < n; i++ {
			st := base.Add(time.Duration(i) * 17 * time.Hour)
			closes, status := int64(0), events.Scheduled
			if i%3 == 0 {
				closes = st.Add(-72 * time.Hour).Unix()
			}
			if i%20 == 0 {
				status = events.Cancelled
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO events_events (kind, title_en, title_fr, description_en, starts_at, ends_at, timezone, venue, status, capacity, registration_closes, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, 'Europe/Zurich', 'Geneva', $7, 100, $8, 0, 0)`,
				events.Kinds[i%len(events.Kinds)], fmt.Sprintf("Seminar %d on migration, labour; and rights", i), fmt.Sprintf("Séminaire %d", i),
				"A description long enough to be folded in the calendar, with commas, semicolons; and accents: émigré, Ñúñez.", st.Unix(), st.Add(3*time.Hour).Unix(), status, closes); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 12; i++ {
		st := first.Starts.Add(time.Duration(i/2) * 30 * time.Minute)
		if _, err := a.Events.AddTalk(ctx, events.Talk{EventID: first.ID, Kind: "talk", Track: fmt.Sprintf("Track %c", 'A'+i%2), Title: fmt.Sprintf("Talk %d", i),
			Starts: st, Ends: st.Add(30 * time.Minute), Speakers: []events.Speaker{{Name: "Ana Ruiz"}, {Name: "Kwame Mensah"}}}); err != nil {
			b.Fatal(err)
		}
	}
	return first.ID
}

// benchMembers makes n active members, each with a signed-in client.
func benchMembers(b *testing.B, a *testApp, n int) []*webtest.Client {
	b.Helper()
	var out []*webtest.Client
	for i := 0; i < n; i++ {
		var uid int64
		if err := a.DB.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at) VALUES ($1, $2, 'x', 'member', 'active', 0, 0) RETURNING id`,
			fmt.Sprintf("bench-%d@corridor.test", i), fmt.Sprintf("Bench member %d", i)).Scan(&uid); err != nil {
			b.Fatal(err)
		}
		u, err := a.Accounts.ByID(context.Background(), uid)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, webtest.SignedIn(b, a.URL, a.Accounts, u))
	}
	return out
}

package app

import (
	"context"
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/events"
	"corridor/internal/review"
	"corridor/internal/web/webtest"
)

// An abstract accepted in a call whose target is an event becomes that
// event's contribution with its authors as speakers, once per
// submission, and shows on the event page.
func TestReviewAcceptsAbstractsIntoAnEvent(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			e, err := a.Events.Create(ctx, events.Event{Kind: "conference", TimeZone: "Asia/Manila", Title: map[string]string{"en": "Conference"},
				Starts: time.Date(2030, 9, 1, 9, 0, 0, 0, time.UTC), Ends: time.Date(2030, 9, 2, 9, 0, 0, 0, time.UTC)}, 0)
			if err != nil {
				t.Fatal(err)
			}
			pub := ReviewPublisher(a.Services)
			w := review.AcceptedWork{SubmissionID: 77, Target: events.EventKey(e.ID).String(), Title: "Care workers' remittances",
				Abstract: "An abstract.", Authors: []review.Author{{Name: "Maria Santos"}, {Name: "Jun Reyes"}}}
			key, url, err := pub.PublishAccepted(ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			again, _, err := pub.PublishAccepted(ctx, w)
			if err != nil || again != key {
				t.Errorf("accepting again: %s %v, want %s", again, err, key)
			}
			var talk int64
			if _, err := fmt.Sscanf(key, "events:talk:%d", &talk); err != nil || url != fmt.Sprintf("/events/%d/talks/%d", e.ID, talk) {
				t.Fatalf("key %q url %q", key, url)
			}
			got, err := a.Events.Get(ctx, e.ID)
			if err != nil || len(got.Talks) != 1 || got.Talks[0].Kind != events.Contribution || len(got.Talks[0].Speakers) != 2 || got.Talks[0].Speakers[1].Name != "Jun Reyes" || got.Sequence != 1 {
				t.Fatalf("event after acceptance: %v %+v", err, got)
			}
			_, page := webtest.NewClient(t, a.URL).Get(fmt.Sprintf("/events/%d", e.ID))
			if !strings.Contains(page, "Care workers&#39; remittances") || !strings.Contains(page, "Maria Santos") {
				t.Error("the contribution is not on the event page")
			}
			if _, _, err := pub.PublishAccepted(ctx, review.AcceptedWork{SubmissionID: 78, Target: "law:instrument:V-2", Title: "x"}); err == nil {
				t.Error("a call feeding a law instrument was published somewhere")
			}
		})
	}
}

// TestEventScheduleContribution: an accepted abstract arrives in the
// track the editors chose, unscheduled; the organiser schedules it from
// the event page. Times outside the event come back as the page with the
// values kept and the error by the field; good times put it in the
// timetable and raise the event's sequence.
func TestEventScheduleContribution(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			e, err := a.Events.Create(ctx, events.Event{Kind: "conference", TimeZone: "Europe/Zurich", Title: map[string]string{"en": "Conference"},
				Starts: time.Date(2030, 9, 1, 7, 0, 0, 0, time.UTC), Ends: time.Date(2030, 9, 1, 16, 0, 0, 0, time.UTC)}, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, url, err := ReviewPublisher(a.Services).PublishAccepted(ctx, review.AcceptedWork{SubmissionID: 91, Target: events.EventKey(e.ID).String(),
				Title: "Seasonal workers in Valais", Track: "Labour migration", Authors: []review.Author{{Name: "Núria Puig"}}})
			if err != nil {
				t.Fatal(err)
			}
			var talk int64
			fmt.Sscanf(url, fmt.Sprintf("/events/%d/talks/%%d", e.ID), &talk)
			got, _ := a.Events.Get(ctx, e.ID)
			if len(got.Talks) != 1 || got.Talks[0].Track != "Labour migration" || got.Talks[0].Scheduled() {
				t.Fatalf("contribution: %+v", got.Talks)
			}
			seq := got.Sequence
			editor := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
			page := fmt.Sprintf("/events/%d", e.ID)
			if _, body := editor.Get(page); !strings.Contains(body, fmt.Sprintf(`action="/events/%d/talks/%d/schedule"`, e.ID, talk)) {
				t.Fatal("no scheduling form on the event page")
			}
			resp, body := editor.Post(fmt.Sprintf("%s/talks/%d/schedule", page, talk), neturl.Values{"track": {"Labour"}, "starts": {"2030-09-01T19:00"}, "ends": {"2030-09-01T19:30"}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-starts"`) || !strings.Contains(body, `value="2030-09-01T19:00"`) || !strings.Contains(body, `value="Labour"`) {
				t.Errorf("times after the event: %d, form not kept", resp.StatusCode)
			}
			if !strings.Contains(body, "aria-invalid") {
				t.Error("no error by the field")
			}
			if got, _ := a.Events.Get(ctx, e.ID); got.Talks[0].Scheduled() || got.Sequence != seq {
				t.Error("a refused schedule changed the event")
			}
			// 14:00 in Zurich in September (UTC+2) is 12:00 UTC.
			if resp, _ := editor.Post(fmt.Sprintf("%s/talks/%d/schedule", page, talk), neturl.Values{"track": {"Labour migration"}, "starts": {"2030-09-01T14:00"}, "ends": {"2030-09-01T14:30"}}); resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("schedule: %d", resp.StatusCode)
			}
			got, _ = a.Events.Get(ctx, e.ID)
			if !got.Talks[0].Starts.Equal(time.Date(2030, 9, 1, 12, 0, 0, 0, time.UTC)) || got.Sequence != seq+1 {
				t.Errorf("after scheduling: %v seq %d", got.Talks[0].Starts, got.Sequence)
			}
			if _, body := editor.Get(page); !strings.Contains(body, "14:00–14:30") || strings.Contains(body, `/schedule"`) {
				t.Error("the contribution is not in the timetable, or still listed to schedule")
			}
			// A talk that is not a contribution is refused.
			tk, err := a.Events.AddTalk(ctx, events.Talk{EventID: e.ID, Kind: "break", Title: "Coffee", Starts: time.Date(2030, 9, 1, 8, 0, 0, 0, time.UTC), Ends: time.Date(2030, 9, 1, 8, 30, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			if resp, _ := editor.Post(fmt.Sprintf("%s/talks/%d/schedule", page, tk.ID), neturl.Values{"starts": {"2030-09-01T15:00"}, "ends": {"2030-09-01T15:30"}}); resp.StatusCode != http.StatusConflict {
				t.Errorf("scheduling a break: %d, want 409", resp.StatusCode)
			}
		})
	}
}

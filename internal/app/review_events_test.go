package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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

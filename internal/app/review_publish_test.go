package app

import (
	"context"
	"fmt"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/publishing"
	"corridor/internal/review"
)

// The review engine's accepted paper becomes a publication of the series
// its call feeds, through the publisher internal/app wires.
func TestReviewPublishesIntoTheSeries(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			s, err := a.Publishing.SaveSeries(ctx, publishing.Series{Titles: map[string]string{"en": "Migration Research Series"}})
			if err != nil {
				t.Fatal(err)
			}
			pub := ReviewPublisher(a.Services)
			if pub == nil {
				t.Fatal("no publisher wired")
			}
			w := review.AcceptedWork{SubmissionID: 41, Target: fmt.Sprintf("publishing:series:%d", s.ID), Title: "Remittances after the border closed",
				Abstract: "An abstract.", Language: "en", Authors: []review.Author{{Name: "Thi Lan Nguyễn", Affiliation: "Hanoi"}}}
			key, url, err := pub.PublishAccepted(ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			again, _, err := pub.PublishAccepted(ctx, w)
			if err != nil || again != key {
				t.Errorf("second publish: %s, %v; want the same %s", again, err, key)
			}
			var id int64
			if _, err := fmt.Sscanf(key, "publishing:publication:%d", &id); err != nil || url != fmt.Sprintf("/publications/%d", id) {
				t.Fatalf("key %q, url %q", key, url)
			}
			p, err := a.Publishing.Get(ctx, id, 0)
			if err != nil {
				t.Fatal(err)
			}
			if p.Series == nil || p.Series.ID != s.ID || len(p.Meta.Authors) != 1 || p.Meta.Authors[0].Family != "Nguyễn" || p.Meta.Authors[0].Given != "Thi Lan" {
				t.Errorf("published %+v in series %+v", p.Meta.Authors, p.Series)
			}
			if p.Meta.Number != "1" {
				t.Errorf("the first paper of the series is No. %q, want 1", p.Meta.Number)
			}
			// A paper numbered by hand (No. 12) is followed by No. 13.
			p.Meta.Number = "12"
			if err := a.Publishing.Update(ctx, id, p.Meta, p.Revision); err != nil {
				t.Fatal(err)
			}
			w.SubmissionID, w.Title = 43, "A second accepted paper"
			key2, _, err := pub.PublishAccepted(ctx, w)
			var id2 int64
			fmt.Sscanf(key2, "publishing:publication:%d", &id2)
			if p2, err2 := a.Publishing.Get(ctx, id2, 0); err != nil || err2 != nil || p2.Meta.Number != "13" {
				t.Errorf("the next paper: %v %v %+v", err, err2, p2)
			}
			// A target nothing publishes into is refused, not guessed.
			if _, _, err := pub.PublishAccepted(ctx, review.AcceptedWork{SubmissionID: 42, Target: "publishing:nowhere:3", Title: "x"}); err == nil {
				t.Error("an accepted work was published into an unknown target")
			}
		})
	}
}

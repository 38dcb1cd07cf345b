package review_test

import (
	"context"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/demo"
	"corridor/internal/review"
)

func TestLoadDemo(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		acc := accounts.NewService(d, accounts.SignupClosed, "")
		if _, err := demo.Load(ctx, d, acc, review.LoadDemo); err != nil {
			t.Fatal(err)
		}
		svc := review.New(d, nil, review.Config{People: review.Accounts(acc)})
		open, err := svc.Calls(ctx, true)
		if err != nil || len(open) != 1 || open[0].Target != "publishing:series:1" || open[0].Mode != review.ModeDouble {
			t.Fatalf("open calls: %+v %v", open, err)
		}
		rev, _ := acc.ByEmail(ctx, "reviewer@corridor.test")
		vs, err := svc.MyReviews(ctx, review.Actor{UserID: rev.ID})
		if err != nil || len(vs) != 1 || vs[0].Submission.Stage != review.StageReview || len(vs[0].Authors) != 0 {
			t.Fatalf("the demo reviewer's assignments: %+v %v", vs, err)
		}
	})
}

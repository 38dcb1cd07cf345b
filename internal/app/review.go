package app

import (
	"context"
	"time"

	"corridor/internal/review"
	"corridor/internal/review/reviewweb"
)

// ReviewPublisher gives the review engine the hook that turns an accepted
// submission into a publication of its call's target. It is the
// publishing domain's job (wired when the publishing service exists);
// until then nil, and the engine refuses the "publish" decision with a
// clear error. Tests may set it before Open to a fake.
var ReviewPublisher = func(s *Services) review.Publisher { return nil }

// ReviewStrip cleans PDF review copies of their author metadata; nil is
// docfile.StripMetadata. Tests may set it before Open.
var ReviewStrip func([]byte) ([]byte, error)

// reviewSweepEvery is how often reminders and overdue notices are sent
// and pending review copies retried.
const reviewSweepEvery = time.Hour

func openReview(s *Services) *review.Service {
	return review.New(s.DB, s.Blobs, review.Config{People: review.Accounts(s.Accounts), Publisher: ReviewPublisher(s), BaseURL: s.Config.BaseURL,
		Strip: ReviewStrip})
}

// mountReview mounts the review engine: its pages, API, and the periodic
// sweep (reminders, overdue notices, review copies).
func mountReview(a *App) error {
	if _, err := reviewweb.Mount(a.Web, a.Review); err != nil {
		return err
	}
	a.Jobs.Handle(review.SweepJob, a.Review.SweepHandler(reviewSweepEvery))
	_, err := a.Review.ScheduleSweep(context.Background(), reviewSweepEvery)
	return err
}

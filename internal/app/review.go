package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"corridor/internal/events"
	"corridor/internal/publishing"
	"corridor/internal/review"
	"corridor/internal/review/reviewweb"
)

// ReviewPublisher gives the review engine the hook that turns an accepted
// submission into a thing of its call's target, chosen by the target's
// key: a publishing series' next paper (publishing:series:N) or an
// event's contribution (events:event:N). Tests may set it before Open to
// a fake.
var ReviewPublisher = func(s *Services) review.Publisher {
	out := targetPublisher{}
	if s.Publishing != nil {
		out["publishing:series:"] = seriesPublisher{s.Publishing}
	}
	if s.Events != nil {
		out["events:event:"] = eventPublisher{s.Events}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// targetPublisher dispatches an accepted work by its call's target prefix.
type targetPublisher map[string]review.Publisher

func (p targetPublisher) PublishAccepted(ctx context.Context, w review.AcceptedWork) (string, string, error) {
	for prefix, pub := range p {
		if strings.HasPrefix(w.Target, prefix) {
			return pub.PublishAccepted(ctx, w)
		}
	}
	return "", "", fmt.Errorf("review: the call feeds %q, which nothing publishes into", w.Target)
}

// eventPublisher turns an accepted abstract into a contribution of the
// event its call feeds (target events:event:ID), its authors speakers.
type eventPublisher struct{ ev *events.Service }

func (p eventPublisher) PublishAccepted(ctx context.Context, w review.AcceptedWork) (string, string, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(w.Target, "events:event:"), 10, 64)
	if err != nil {
		return "", "", fmt.Errorf("review: the call feeds %q, not an event", w.Target)
	}
	var speakers []events.Speaker
	for _, a := range w.Authors {
		speakers = append(speakers, events.Speaker{Name: strings.TrimSpace(a.Name)})
	}
	t, err := p.ev.AddContribution(ctx, id, w.SubmissionID, w.Title, w.Abstract, w.Track, speakers)
	if err != nil {
		return "", "", err
	}
	return events.TalkKey(t.ID).String(), fmt.Sprintf("/events/%d/talks/%d", id, t.ID), nil
}

// seriesPublisher publishes an accepted paper as the next publication of
// the series its call feeds (target publishing:series:ID).
type seriesPublisher struct{ pub *publishing.Service }

func (p seriesPublisher) PublishAccepted(ctx context.Context, w review.AcceptedWork) (string, string, error) {
	idText, ok := strings.CutPrefix(w.Target, "publishing:series:")
	seriesID, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil {
		return "", "", fmt.Errorf("review: the call feeds %q, not a publishing series", w.Target)
	}
	in := publishing.FromSubmission{SubmissionID: w.SubmissionID, SeriesID: seriesID, Title: w.Title, Abstract: w.Abstract,
		Language: w.Language, Keywords: w.Keywords}
	for _, a := range w.Authors {
		// The review engine keeps a name as written; the repository
		// wants given and family names: the last word is the family name.
		name := strings.TrimSpace(a.Name)
		given, family := "", name
		if i := strings.LastIndex(name, " "); i > 0 {
			given, family = name[:i], name[i+1:]
		}
		in.Authors = append(in.Authors, publishing.Author{Family: family, Given: given, ORCID: a.ORCID, Affiliation: a.Affiliation})
	}
	for _, f := range w.Files {
		in.Files = append(in.Files, publishing.SubmissionFile{BlobKey: f.BlobKey, Name: f.Name, ContentType: f.ContentType})
	}
	id, err := p.pub.PublishSubmission(ctx, in)
	if err != nil {
		return "", "", err
	}
	return fmt.Sprintf("publishing:publication:%d", id), fmt.Sprintf("/publications/%d", id), nil
}

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

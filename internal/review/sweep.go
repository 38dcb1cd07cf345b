package review

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/jobs"
)

// SweepJob is the periodic job that sends reminders and overdue notices
// and retries pending review copies.
const SweepJob = "review.sweep"

// ReminderDays is how long before the due date a reviewer is reminded.
const ReminderDays = 3

// Sweep sends each open assignment of a submission in review its one
// reminder (ReminderDays before its due date) and its one overdue notice
// (the day after), each marked sent in the transaction that queues it,
// and retries the review copies still pending.
func (s *Service) Sweep(ctx context.Context) (reminded, overdue int, err error) {
	now := s.cfg.Now().UTC()
	day := today(now)
	soon := today(now.AddDate(0, 0, ReminderDays))
	as, err := listAssignments(ctx, s.DB, `WHERE status IN ('invited', 'accepted') AND (reminded_at = 0 OR overdue_at = 0)
		AND submission_id IN (SELECT id FROM review_submissions WHERE stage = 'review') ORDER BY id LIMIT 1000`)
	if err != nil {
		return 0, 0, err
	}
	for i := range as {
		a := &as[i]
		kind, column := "", ""
		switch {
		case a.Due < day:
			kind, column = "overdue", "overdue_at"
		case a.Due <= soon:
			kind, column = "reminder", "reminded_at"
		default:
			continue
		}
		p, err := s.cfg.People.PersonByID(ctx, a.ReviewerID)
		if err != nil || !p.Active {
			continue
		}
		sent := false
		err = s.DB.InTx(ctx, func(tx db.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET `+column+` = $1 WHERE id = $2 AND `+column+` = 0`, now.Unix(), a.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil
			}
			if kind == "overdue" {
				// An overdue review needs no reminder any more.
				if _, err := tx.ExecContext(ctx, `UPDATE review_assignments SET reminded_at = $1 WHERE id = $2 AND reminded_at = 0`, now.Unix(), a.ID); err != nil {
					return err
				}
			}
			sent = true
			return s.mailReviewer(ctx, tx, a, p, kind)
		})
		if err != nil {
			return reminded, overdue, fmt.Errorf("review: sweep assignment %d: %w", a.ID, err)
		}
		if sent && kind == "overdue" {
			overdue++
		} else if sent {
			reminded++
		}
	}
	if _, err := s.retryReviewCopies(ctx); err != nil {
		return reminded, overdue, err
	}
	return reminded, overdue, nil
}

// SweepHandler runs Sweep and queues the next run every.
func (s *Service) SweepHandler(every time.Duration) jobs.Handler {
	return func(ctx context.Context, _ *jobs.Job, _ func(int64, int64)) error {
		_, _, err := s.Sweep(ctx)
		if _, serr := s.ScheduleSweep(ctx, every); serr != nil && err == nil {
			err = serr
		}
		return err
	}
}

// ScheduleSweep queues the next sweep, unless one is queued.
func (s *Service) ScheduleSweep(ctx context.Context, every time.Duration) (bool, error) {
	return jobs.ScheduleOnce(ctx, s.DB, SweepJob, struct{}{}, s.cfg.Now().Add(every))
}

package community

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/jobs"
)

// RetentionJob is the periodic job deleting the personal data of decided
// applications older than the retention period.
const RetentionJob = "community.retention"

// DefaultRetentionDays applies until an admin sets another period.
const DefaultRetentionDays = 365

// RetentionDays is how many days after its decision an application is
// kept.
func (s *Service) RetentionDays(ctx context.Context) (int, error) {
	var v string
	err := s.DB.QueryRowContext(ctx, `SELECT value FROM community_settings WHERE name = 'retention_days'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultRetentionDays, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// SetRetentionDays sets the retention period (1 to 3650 days).
func (s *Service) SetRetentionDays(ctx context.Context, days int) (err error) {
	defer errs.Wrap(&err, "community: set retention")
	if days < 1 || days > 3650 {
		return errs.Fields{"retention_days": "community.error.retention"}.Err()
	}
	old, err := s.RetentionDays(ctx)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_settings WHERE name = 'retention_days'`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_settings (name, value) VALUES ('retention_days', $1)`, strconv.Itoa(days)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.settings.update", "community_settings", "retention_days", old, days)
	})
}

// DeleteApplication erases an application and everything personal it
// holds: the row, its references, scores and notes, and the stored files.
// The profile made from an accepted application stays (it is the
// person's record now, edited like any other). why is "request" or
// "retention", kept in the audit entry.
func (s *Service) DeleteApplication(ctx context.Context, appID int64, why string) (err error) {
	defer errs.Wrap(&err, "community: delete application %d", appID)
	a, err := s.Application(ctx, appID)
	if err != nil {
		return err
	}
	keys := []string{a.CVKey, a.LetterKey}
	for _, r := range a.Referees {
		if r.key != "" {
			keys = append(keys, r.key)
		}
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, t := range []string{"community_scores", "community_notes", "community_references"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE application_id = $1`, appID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_applications WHERE id = $1`, appID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.application.delete", "community_application", appID, nil, map[string]any{"call": a.CallID, "why": why})
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		s.Blobs.Delete(ctx, k) // the rows are gone: a file left over is unreachable
	}
	return nil
}

// Sweep deletes the applications decided more than the retention period
// ago and reports how many.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	days, err := s.RetentionDays(ctx)
	if err != nil {
		return 0, err
	}
	cutoff := s.now() - int64(days)*86400
	ids, err := queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT id FROM community_applications WHERE decided_at > 0 AND decided_at < $1 ORDER BY id LIMIT 1000`, cutoff)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := s.DeleteApplication(ctx, id, "retention"); err != nil && !errors.Is(err, ErrNotFound) {
			return i, err
		}
	}
	return len(ids), nil
}

// SweepHandler runs Sweep and queues the next run every.
func (s *Service) SweepHandler(every time.Duration) jobs.Handler {
	return func(ctx context.Context, _ *jobs.Job, _ func(int64, int64)) error {
		_, err := s.Sweep(ctx)
		if _, serr := s.ScheduleSweep(ctx, every); serr != nil && err == nil {
			err = serr
		}
		return err
	}
}

// ScheduleSweep queues the next retention sweep, unless one is queued.
func (s *Service) ScheduleSweep(ctx context.Context, every time.Duration) (bool, error) {
	return jobs.ScheduleOnce(ctx, s.DB, RetentionJob, struct{}{}, s.Now().Add(every))
}

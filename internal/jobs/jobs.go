// Package jobs is Corridor's background job queue. Jobs live in the
// database, so any `corridor serve` process may run them; on PostgreSQL
// several processes claim different jobs with row locks (SKIP LOCKED).
// A job whose process dies is claimed again once its lease runs out.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
)

// Job is one unit of background work.
type Job struct {
	ID            int64           `json:"id"`
	Kind          string          `json:"kind"`
	Payload       json.RawMessage `json:"payload"`
	Status        string          `json:"status"`
	Attempts      int             `json:"attempts"`
	MaxAttempts   int             `json:"max_attempts"`
	RunAt         int64           `json:"run_at"`
	Progress      int64           `json:"progress"`
	ProgressTotal int64           `json:"progress_total"`
	LastError     string          `json:"last_error,omitempty"`
	// CancelRequested: an admin asked the running job to stop.
	CancelRequested bool  `json:"cancel_requested,omitempty"`
	CreatedAt       int64 `json:"created_at"`
	UpdatedAt       int64 `json:"updated_at"`
}

// Handler runs a job. Returning an error retries it with back-off until
// MaxAttempts; a Permanent error fails it at once.
type Handler func(ctx context.Context, job *Job, progress func(done, total int64)) error

// Permanent marks an error that retrying cannot fix.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// Enqueue adds a job using q (pass the write's transaction so the job
// exists exactly when the write does) and returns its id.
func Enqueue(ctx context.Context, q db.Querier, kind string, payload any) (int64, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return 0, fmt.Errorf("jobs: payload: %w", err)
	}
	now := db.Now()
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO jobs (kind, payload, run_at, created_at, updated_at) VALUES ($1, $2, $3, $3, $3) RETURNING id`,
		kind, string(b), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
	}
	return id, nil
}

// ScheduleOnce queues a job of kind with payload to run at at, unless one
// of that kind with the same payload is queued already: periodic jobs queue
// their next run this way, and of several processes starting at once only
// one queues it (PostgreSQL serialises them on an advisory lock; SQLite's
// single writer already does). It reports whether it queued one.
func ScheduleOnce(ctx context.Context, d *db.DB, kind string, payload any, at time.Time) (bool, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return false, fmt.Errorf("jobs: schedule %s: payload: %w", kind, err)
	}
	var queued bool
	err = d.InTx(ctx, func(tx db.Tx) error {
		if d.Engine == db.Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('jobs.schedule'), hashtext($1))`, kind); err != nil {
				return err
			}
		}
		now := db.Now()
		res, err := tx.ExecContext(ctx, `INSERT INTO jobs (kind, payload, run_at, created_at, updated_at)
			SELECT $1, $2, $3, $4, $4 WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $1 AND payload = $2 AND status = 'queued')`,
			kind, string(b), at.Unix(), now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		queued = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("jobs: schedule %s: %w", kind, err)
	}
	return queued, nil
}

// Runner claims and runs jobs.
type Runner struct {
	DB       *db.DB
	Handlers map[string]Handler
	// Lease is how long a claimed job stays ours without a heartbeat.
	Lease time.Duration
	// Poll is the pause between empty claims.
	Poll   time.Duration
	Logger *slog.Logger
	// Worker names this process in locked_by.
	Worker string
	// Heartbeat is how often a running job's progress is written and its
	// cancel request read (default 2 s, at most a third of Lease).
	Heartbeat time.Duration

	wg sync.WaitGroup
}

// NewRunner returns a runner with the default lease and poll interval.
func NewRunner(d *db.DB, logger *slog.Logger) *Runner {
	host, _ := os.Hostname()
	return &Runner{
		DB: d, Handlers: map[string]Handler{}, Lease: 5 * time.Minute, Poll: time.Second, Logger: logger,
		Worker: host + ":" + strconv.Itoa(os.Getpid()),
	}
}

// Handle registers the handler of a job kind.
func (r *Runner) Handle(kind string, h Handler) { r.Handlers[kind] = h }

// Run claims and runs jobs until ctx is done, then waits for the job in
// hand. A job interrupted by shutdown is put back in the queue, not failed.
func (r *Runner) Run(ctx context.Context) {
	r.wg.Add(1)
	defer r.wg.Done()
	for ctx.Err() == nil {
		ran, err := r.RunOne(ctx)
		if err != nil && ctx.Err() == nil {
			r.Logger.Error("job runner", "err", err)
		}
		if !ran {
			select {
			case <-ctx.Done():
			case <-time.After(r.Poll):
			}
		}
	}
}

// Wait blocks until Run has returned.
func (r *Runner) Wait() { r.wg.Wait() }

// RunOne claims one due job and runs it. It reports whether it found one.
//
// The handler's progress reports only touch memory: a heartbeat beside the
// handler writes them, renews the lease and watches for a cancel request.
// A handler may hold SQLite's single write connection for a long time, so
// nothing the handler calls may wait for the database.
func (r *Runner) RunOne(ctx context.Context) (bool, error) {
	job, err := r.claim(ctx)
	if err != nil || job == nil {
		return false, err
	}
	h, ok := r.Handlers[job.Kind]
	if !ok {
		return true, r.finish(job, Permanent{fmt.Errorf("no handler for job kind %q", job.Kind)}, false)
	}
	jobCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var done, total atomic.Int64
	progress := func(d, t int64) {
		done.Store(d)
		total.Store(t)
	}
	beat := make(chan struct{})
	beaten := make(chan struct{})
	go func() {
		defer close(beaten)
		r.heartbeat(jobCtx, job.ID, &done, &total, beat, cancel)
	}()
	runErr := safeRun(jobCtx, h, job, progress)
	close(beat)
	<-beaten
	cancelled := errors.Is(context.Cause(jobCtx), ErrCancelled)
	if runErr != nil && ctx.Err() != nil && !cancelled {
		// Shut down mid-job: give it back without spending an attempt.
		_, err := r.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_by = '', locked_until = 0, updated_at = $1 WHERE id = $2`, db.Now(), job.ID)
		if err != nil {
			return true, fmt.Errorf("jobs: requeue %d: %w", job.ID, err)
		}
		return true, nil
	}
	// The last report may be newer than the last heartbeat; finish keeps it.
	job.Progress, job.ProgressTotal = done.Load(), total.Load()
	// A job that finished before it saw a cancel request is done, not
	// cancelled.
	return true, r.finish(job, runErr, cancelled && runErr != nil)
}

// ErrCancelled is the cause of a running job's context when an admin
// cancelled it.
var ErrCancelled = errors.New("jobs: cancelled by an administrator")

// heartbeat writes the job's progress and renews its lease every
// Heartbeat until stop closes, and cancels the job when an admin asked.
func (r *Runner) heartbeat(ctx context.Context, id int64, done, total *atomic.Int64, stop <-chan struct{}, cancel context.CancelCauseFunc) {
	every := r.Heartbeat
	if every <= 0 {
		every = 2 * time.Second
	}
	if every > r.Lease/3 && r.Lease > 0 {
		every = r.Lease / 3
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		r.writeProgress(ctx, id, done.Load(), total.Load())
		var requested int
		if err := r.DB.QueryRowContext(context.WithoutCancel(ctx), `SELECT cancel_requested FROM jobs WHERE id = $1`, id).Scan(&requested); err == nil && requested != 0 {
			cancel(ErrCancelled)
		}
	}
}

// writeProgress records progress and extends the lease. It runs outside the
// handler, so waiting here for the write connection stalls nobody.
func (r *Runner) writeProgress(ctx context.Context, id, done, total int64) {
	_, err := r.DB.ExecContext(context.WithoutCancel(ctx), `UPDATE jobs SET progress = $1, progress_total = $2, locked_until = $3, updated_at = $4 WHERE id = $5 AND status = 'running'`,
		done, total, time.Now().Add(r.Lease).Unix(), db.Now(), id)
	if err != nil {
		r.Logger.Warn("job heartbeat", "job", id, "err", err)
	}
}

func safeRun(ctx context.Context, h Handler, job *Job, progress func(int64, int64)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("job panicked: %v", p)
		}
	}()
	return h(ctx, job, progress)
}

func (r *Runner) claim(ctx context.Context) (*Job, error) {
	now := time.Now()
	var job Job
	var payload string
	err := r.DB.InTx(ctx, func(tx db.Tx) error {
		// A running job whose lease ran out belongs to a dead process; if
		// an admin had asked it to stop, it stops here.
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = CASE WHEN cancel_requested <> 0 THEN 'cancelled' ELSE 'queued' END, locked_by = '', updated_at = $1
			WHERE status = 'running' AND locked_until < $1`, now.Unix()); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $2, updated_at = $3
			WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= $3 ORDER BY run_at, id LIMIT 1`+r.DB.SkipLocked()+`)
			RETURNING id, kind, payload, status, attempts, max_attempts, run_at, created_at`,
			r.Worker, now.Add(r.Lease).Unix(), now.Unix()).Scan(&job.ID, &job.Kind, &payload, &job.Status, &job.Attempts, &job.MaxAttempts, &job.RunAt, &job.CreatedAt)
		if db.IsNoRows(err) {
			// Nothing due; the recovery above still commits.
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: claim: %w", err)
	}
	if job.ID == 0 {
		return nil, nil
	}
	job.Payload = json.RawMessage(payload)
	return &job, nil
}

func (r *Runner) finish(job *Job, runErr error, cancelled bool) error {
	ctx := context.Background()
	now := time.Now()
	if runErr == nil {
		_, err := r.DB.ExecContext(ctx, `UPDATE jobs SET status = 'done', progress = $1, progress_total = $2, locked_by = '', locked_until = 0, last_error = '', updated_at = $3 WHERE id = $4`,
			job.Progress, job.ProgressTotal, now.Unix(), job.ID)
		if err != nil {
			return fmt.Errorf("jobs: finish %d: %w", job.ID, err)
		}
		return nil
	}
	if cancelled {
		r.Logger.Info("job cancelled", "job", job.ID, "kind", job.Kind)
		_, err := r.DB.ExecContext(ctx, `UPDATE jobs SET status = 'cancelled', locked_by = '', locked_until = 0, last_error = $1, updated_at = $2 WHERE id = $3`,
			ErrCancelled.Error(), now.Unix(), job.ID)
		if err != nil {
			return fmt.Errorf("jobs: cancel %d: %w", job.ID, err)
		}
		return nil
	}
	var perm Permanent
	failed := errors.As(runErr, &perm) || job.Attempts >= job.MaxAttempts
	r.Logger.Warn("job failed", "job", job.ID, "kind", job.Kind, "attempt", job.Attempts, "final", failed, "err", runErr)
	status := "queued"
	if failed {
		status = "failed"
	}
	// Exponential back-off: 2, 4, 8, ... seconds.
	runAt := now.Add(time.Duration(1<<min(job.Attempts, 12)) * time.Second).Unix()
	_, err := r.DB.ExecContext(ctx, `UPDATE jobs SET status = $1, run_at = $2, locked_by = '', locked_until = 0, last_error = $3, updated_at = $4 WHERE id = $5`,
		status, runAt, runErr.Error(), now.Unix(), job.ID)
	if err != nil {
		return fmt.Errorf("jobs: finish %d: %w", job.ID, err)
	}
	return nil
}

// List returns jobs newest first, before the id cursor (0: from the newest).
func List(ctx context.Context, q db.Querier, status string, beforeID int64, limit int) ([]Job, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := q.QueryContext(ctx, `SELECT id, kind, payload, status, attempts, max_attempts, run_at, progress, progress_total, last_error, cancel_requested, created_at, updated_at
		FROM jobs WHERE ($1 = '' OR status = $1) AND ($2 = 0 OR id < $2) ORDER BY id DESC LIMIT $3`, status, beforeID, limit)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		var j Job
		var payload string
		var cancelRequested int
		if err := rows.Scan(&j.ID, &j.Kind, &payload, &j.Status, &j.Attempts, &j.MaxAttempts, &j.RunAt, &j.Progress, &j.ProgressTotal, &j.LastError, &cancelRequested, &j.CreatedAt, &j.UpdatedAt); err != nil {
			return nil, err
		}
		j.Payload = json.RawMessage(payload)
		j.CancelRequested = cancelRequested != 0
		out = append(out, j)
	}
	return out, rows.Err()
}

// Get returns one job.
func Get(ctx context.Context, q db.Querier, id int64) (*Job, error) {
	jobs, err := List(ctx, q, "", id+1, 1)
	if err != nil || len(jobs) == 0 || jobs[0].ID != id {
		return nil, err
	}
	return &jobs[0], nil
}

// Retry puts a failed or cancelled job back in the queue with fresh attempts.
func Retry(ctx context.Context, d *db.DB, id int64) error {
	return d.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued', attempts = 0, cancel_requested = 0, run_at = $1, last_error = '', updated_at = $1
			WHERE id = $2 AND status IN ('failed', 'cancelled')`, db.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("jobs: job %d is neither failed nor cancelled", id)
		}
		return audit.Record(ctx, tx, "job.retry", "job", id, nil, nil)
	})
}

// ErrNotCancellable is returned when a job has already ended.
var ErrNotCancellable = errors.New("jobs: the job has already ended")

// Cancel stops a job: a queued one at once; a running one is asked to stop
// and its runner rolls its work back within a heartbeat. It reports the
// job's status after the call ("cancelled" or "running").
func Cancel(ctx context.Context, d *db.DB, id int64) (string, error) {
	var status string
	err := d.InTx(ctx, func(tx db.Tx) error {
		// One conditional statement each, so a job the runner claims or
		// finishes meanwhile is never half-cancelled.
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'cancelled', last_error = $1, updated_at = $2 WHERE id = $3 AND status = 'queued'`,
			ErrCancelled.Error(), db.Now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			status = "cancelled"
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE jobs SET cancel_requested = 1, updated_at = $1 WHERE id = $2 AND status = 'running'`, db.Now(), id)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrNotCancellable
			}
			status = "running"
		}
		return audit.Record(ctx, tx, "job.cancel", "job", id, nil, map[string]any{"status": status})
	})
	if err != nil {
		return "", fmt.Errorf("jobs: cancel %d: %w", id, err)
	}
	return status, nil
}

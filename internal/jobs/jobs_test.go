package jobs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func quietRunner(d *db.DB, worker string) *Runner {
	r := NewRunner(d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	r.Worker = worker
	r.Poll = 10 * time.Millisecond
	return r
}

func status(t *testing.T, d *db.DB, id int64) *Job {
	j, err := Get(context.Background(), d, id)
	if err != nil || j == nil {
		t.Fatalf("job %d: %v", id, err)
	}
	return j
}

func TestRetriesThenFails(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, _ := Enqueue(ctx, d, "flaky", map[string]int{"n": 1})
		d.Exec(`UPDATE jobs SET max_attempts = 2 WHERE id = $1`, id)
		r := quietRunner(d, "w1")
		r.Handle("flaky", func(context.Context, *Job, func(int64, int64)) error { return errors.New("boom") })
		r.RunOne(ctx)
		if j := status(t, d, id); j.Status != "queued" || j.Attempts != 1 || j.LastError != "boom" || j.RunAt <= time.Now().Unix() {
			t.Fatalf("after first failure: %+v", j)
		}
		d.Exec(`UPDATE jobs SET run_at = 0`)
		r.RunOne(ctx)
		if j := status(t, d, id); j.Status != "failed" || j.Attempts != 2 {
			t.Fatalf("after last attempt: %+v", j)
		}
		if err := Retry(ctx, d, id); err != nil {
			t.Fatal(err)
		}
		if j := status(t, d, id); j.Status != "queued" || j.Attempts != 0 {
			t.Fatalf("after retry: %+v", j)
		}
	})
}

func TestPermanentErrorAndUnknownKindFailAtOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, _ := Enqueue(ctx, d, "bad-input", nil)
		b, _ := Enqueue(ctx, d, "no-such-kind", nil)
		r := quietRunner(d, "w1")
		r.Handle("bad-input", func(context.Context, *Job, func(int64, int64)) error {
			return Permanent{errors.New("row 3: not a number")}
		})
		r.RunOne(ctx)
		r.RunOne(ctx)
		if j := status(t, d, a); j.Status != "failed" || j.Attempts != 1 {
			t.Fatalf("permanent error: %+v", j)
		}
		if j := status(t, d, b); j.Status != "failed" {
			t.Fatalf("unknown kind: %+v", j)
		}
	})
}

func TestProgressAndPanics(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, _ := Enqueue(ctx, d, "import", nil)
		b, _ := Enqueue(ctx, d, "crash", nil)
		r := quietRunner(d, "w1")
		r.Handle("import", func(_ context.Context, _ *Job, progress func(int64, int64)) error {
			progress(40, 100)
			return nil
		})
		r.Handle("crash", func(context.Context, *Job, func(int64, int64)) error { panic("nil map") })
		r.RunOne(ctx)
		r.RunOne(ctx)
		if j := status(t, d, a); j.Status != "done" || j.Progress != 40 || j.ProgressTotal != 100 {
			t.Fatalf("progress: %+v", j)
		}
		if j := status(t, d, b); j.Status != "queued" || j.LastError != "job panicked: nil map" {
			t.Fatalf("panic: %+v", j)
		}
	})
}

// TestDeadWorkersJobIsReclaimed: a job whose lease ran out (its process
// died) is claimed again.
func TestDeadWorkersJobIsReclaimed(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, _ := Enqueue(ctx, d, "work", nil)
		d.Exec(`UPDATE jobs SET status = 'running', locked_by = 'dead:1', locked_until = $1, attempts = 1 WHERE id = $2`, time.Now().Add(-time.Minute).Unix(), id)
		r := quietRunner(d, "alive")
		ran := 0
		r.Handle("work", func(context.Context, *Job, func(int64, int64)) error { ran++; return nil })
		r.RunOne(ctx)
		if ran != 1 || status(t, d, id).Status != "done" {
			t.Fatalf("stale job not reclaimed: ran=%d %+v", ran, status(t, d, id))
		}
	})
}

// TestShutdownRequeuesTheJobInHand: a job interrupted by shutdown goes back
// to the queue without spending an attempt.
func TestShutdownRequeuesTheJobInHand(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		id, _ := Enqueue(context.Background(), d, "slow", nil)
		r := quietRunner(d, "w1")
		started := make(chan struct{})
		r.Handle("slow", func(ctx context.Context, _ *Job, _ func(int64, int64)) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		ctx, cancel := context.WithCancel(context.Background())
		go r.Run(ctx)
		<-started
		cancel()
		time.Sleep(50 * time.Millisecond)
		r.Wait()
		if j := status(t, d, id); j.Status != "queued" || j.Attempts != 0 {
			t.Fatalf("interrupted job: %+v", j)
		}
	})
}

// TestSeveralRunnersRunEachJobOnce: runners on separate connections (as
// separate processes would be) never run a job twice.
func TestSeveralRunnersRunEachJobOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const n = 40
		for i := 0; i < n; i++ {
			Enqueue(ctx, d, "count", i)
		}
		var mu sync.Mutex
		runs := map[int64]int{}
		var total atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			r := quietRunner(d, "w"+string(rune('a'+w)))
			r.Handle("count", func(_ context.Context, j *Job, _ func(int64, int64)) error {
				mu.Lock()
				runs[j.ID]++
				mu.Unlock()
				total.Add(1)
				time.Sleep(2 * time.Millisecond)
				return nil
			})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ran, err := r.RunOne(ctx)
					if err != nil {
						t.Error(err)
						return
					}
					if !ran {
						return
					}
				}
			}()
		}
		wg.Wait()
		if total.Load() != n || len(runs) != n {
			t.Fatalf("ran %d times over %d jobs, want %d each once", total.Load(), len(runs), n)
		}
		for id, c := range runs {
			if c != 1 {
				t.Errorf("job %d ran %d times", id, c)
			}
		}
	})
}

// A handler that reports progress from inside its own write transaction
// used to wait forever on SQLite: the report needed the one write
// connection the transaction held.
func TestProgressInsideAWriteTransactionDoesNotWait(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.Exec(`CREATE TABLE job_rows (n INTEGER NOT NULL)`)
		id, _ := Enqueue(ctx, d, "import", nil)
		r := quietRunner(d, "w1")
		r.Heartbeat = 5 * time.Millisecond
		r.Handle("import", func(ctx context.Context, _ *Job, progress func(int64, int64)) error {
			return d.InTx(ctx, func(tx db.Tx) error {
				for i := int64(1); i <= 200; i++ {
					if _, err := tx.ExecContext(ctx, `INSERT INTO job_rows (n) VALUES ($1)`, i); err != nil {
						return err
					}
					progress(i, 200)
					if i%50 == 0 {
						time.Sleep(20 * time.Millisecond) // let heartbeats fire mid-transaction
					}
				}
				return nil
			})
		})
		finished := make(chan error, 1)
		go func() { _, err := r.RunOne(ctx); finished <- err }()
		select {
		case err := <-finished:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the job is stuck: its progress report waits for the connection its own transaction holds")
		}
		j := status(t, d, id)
		if j.Status != "done" || j.Progress != 200 || j.ProgressTotal != 200 {
			t.Fatalf("after the job: %+v", j)
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM job_rows`).Scan(&n)
		if n != 200 {
			t.Fatalf("rows written: %d, want 200", n)
		}
	})
}

func TestCancelQueuedJob(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, _ := Enqueue(ctx, d, "slow", nil)
		st, err := Cancel(ctx, d, id)
		if err != nil || st != "cancelled" {
			t.Fatalf("cancel: %q, %v", st, err)
		}
		r := quietRunner(d, "w1")
		ran := false
		r.Handle("slow", func(context.Context, *Job, func(int64, int64)) error { ran = true; return nil })
		if found, _ := r.RunOne(ctx); found || ran {
			t.Fatal("a cancelled job was run")
		}
		if j := status(t, d, id); j.Status != "cancelled" {
			t.Fatalf("status %q", j.Status)
		}
		if _, err := Cancel(ctx, d, id); !errors.Is(err, ErrNotCancellable) {
			t.Fatalf("second cancel: %v", err)
		}
		if err := Retry(ctx, d, id); err != nil {
			t.Fatalf("retry a cancelled job: %v", err)
		}
		if j := status(t, d, id); j.Status != "queued" || j.CancelRequested {
			t.Fatalf("after retry: %+v", j)
		}
	})
}

// A running job asked to stop sees its context cancelled with ErrCancelled
// and ends as cancelled, not failed or queued again. Like the importers, the
// handler writes in short transactions, so the admin's request (a write of
// its own) gets SQLite's writer between them.
func TestCancelRunningJob(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		d.Exec(`CREATE TABLE job_rows (n INTEGER NOT NULL)`)
		id, _ := Enqueue(ctx, d, "endless", nil)
		r := quietRunner(d, "w1")
		r.Heartbeat = 5 * time.Millisecond
		started := make(chan struct{})
		var cause error
		r.Handle("endless", func(ctx context.Context, _ *Job, progress func(int64, int64)) error {
			for i := int64(1); ; i++ {
				if i == 10 {
					close(started)
				}
				err := d.InTx(ctx, func(tx db.Tx) error {
					_, err := tx.ExecContext(ctx, `INSERT INTO job_rows (n) VALUES ($1)`, i)
					return err
				})
				if ctx.Err() != nil {
					cause = context.Cause(ctx)
					return ctx.Err()
				}
				if err != nil {
					return err
				}
				progress(i, 0)
				time.Sleep(time.Millisecond)
			}
		})
		finished := make(chan error, 1)
		go func() { _, err := r.RunOne(ctx); finished <- err }()
		<-started
		if st, err := Cancel(ctx, d, id); err != nil || st != "running" {
			t.Fatalf("cancel: %q, %v", st, err)
		}
		select {
		case err := <-finished:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(60 * time.Second):
			t.Fatal("the running job did not stop")
		}
		if !errors.Is(cause, ErrCancelled) {
			t.Fatalf("the handler's context ended with %v", cause)
		}
		j := status(t, d, id)
		if j.Status != "cancelled" || j.LastError != ErrCancelled.Error() || j.Progress == 0 {
			t.Fatalf("after cancel: %+v", j)
		}
	})
}

// A job asked to stop whose process died is cancelled when its lease ends,
// not run again.
func TestCancelRequestedJobOfADeadProcessEndsCancelled(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		id, _ := Enqueue(ctx, d, "orphan", nil)
		d.Exec(`UPDATE jobs SET status = 'running', locked_by = 'dead:1', locked_until = 1, cancel_requested = 1 WHERE id = $1`, id)
		r := quietRunner(d, "w1")
		r.Handle("orphan", func(context.Context, *Job, func(int64, int64)) error { t.Error("ran a cancelled job"); return nil })
		r.RunOne(ctx)
		if j := status(t, d, id); j.Status != "cancelled" {
			t.Fatalf("status %q", j.Status)
		}
	})
}

// Periodic jobs queue their next run once, however many processes start.
func TestScheduleOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		at := time.Now().Add(time.Hour)
		var queued atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, err := ScheduleOnce(ctx, d, "digest", map[string]bool{"scheduled": true}, at); err != nil {
					t.Error(err)
				} else if ok {
					queued.Add(1)
				}
			}()
		}
		wg.Wait()
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'digest'`).Scan(&n)
		if n != 1 || queued.Load() != 1 {
			t.Fatalf("%d queued (%d said so), want 1", n, queued.Load())
		}
		var runAt int64
		d.QueryRow(`SELECT MIN(run_at) FROM jobs WHERE kind = 'digest'`).Scan(&runAt)
		if runAt != at.Unix() {
			t.Errorf("run_at %d, want %d", runAt, at.Unix())
		}
		// Another payload is another schedule; a job that ran does not count.
		if ok, _ := ScheduleOnce(ctx, d, "digest", map[string]bool{"scheduled": false}, at); !ok {
			t.Error("a different payload was not queued")
		}
		d.Exec(`UPDATE jobs SET status = 'done' WHERE kind = 'digest'`)
		if ok, _ := ScheduleOnce(ctx, d, "digest", map[string]bool{"scheduled": true}, at); !ok {
			t.Error("the next run was not queued after the last one ran")
		}
	})
}

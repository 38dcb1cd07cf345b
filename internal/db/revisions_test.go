package db_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// Of several edits made at once from the same revision, exactly one is
// saved, on either engine, whether the record was edited before or not.
func TestBumpLetsOneOfConcurrentEditsThrough(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, start := range []int64{0, 3} {
			id := 100 + start
			for range start {
				if _, err := db.Bump(ctx, d, "thing", id, db.AnyRevision); err != nil {
					t.Fatal(err)
				}
			}
			if rev, _ := db.Revision(ctx, d, "thing", id); rev != start {
				t.Fatalf("revision %d, want %d", rev, start)
			}
			const editors = 8
			var wg sync.WaitGroup
			results := make([]error, editors)
			for i := range editors {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i] = d.InTx(ctx, func(tx db.Tx) error {
						_, err := db.Bump(ctx, tx, "thing", id, start)
						return err
					})
				}()
			}
			wg.Wait()
			saved, stale := 0, 0
			for _, err := range results {
				switch {
				case err == nil:
					saved++
				case errors.Is(err, db.ErrStale):
					stale++
				default:
					t.Errorf("edit from revision %d: %v", start, err)
				}
			}
			if saved != 1 || stale != editors-1 {
				t.Errorf("from revision %d: %d saved, %d stale; want 1 and %d", start, saved, stale, editors-1)
			}
			if rev, _ := db.Revision(ctx, d, "thing", id); rev != start+1 {
				t.Errorf("revision after the edits: %d, want %d", rev, start+1)
			}
			// A revision never reached is stale too.
			if _, err := db.Bump(ctx, d, "thing", id, start+5); !errors.Is(err, db.ErrStale) {
				t.Errorf("edit from a future revision: %v", err)
			}
		}
	})
}

package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func TestMigrateIsIdempotentOnBothEngines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", n)
		}
		pending, err := d.Pending(ctx)
		if err != nil || pending != 0 {
			t.Fatalf("Pending = %d, %v", pending, err)
		}
		tables, err := d.Tables(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(tables, ","), "users") {
			t.Fatalf("tables %v lack users", tables)
		}
	})
}

func TestInTxRollsBackOnError(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(tx db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "a", "1"); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "a", "2")
			return err // duplicate key
		})
		if err == nil {
			t.Fatal("duplicate insert did not fail")
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM settings`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d rows after rolled back transaction", n)
		}
	})
}

func TestSQLiteHasFTS5(t *testing.T) {
	d := dbtest.OpenTest(t, db.SQLite)
	if _, err := d.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		t.Fatalf("FTS5 unavailable: %v", err)
	}
	d.Exec(`INSERT INTO t (body) VALUES ('Convention relative au statut des réfugiés')`)
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM t WHERE t MATCH 'refugies'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("FTS5 match = %d, %v", n, err)
	}
}

// TestReadsDoNotWaitForAWrite: while a write transaction is open, a read
// outside it answers at once with the last committed state (db.SQLite's read
// pool beside its one writer; PostgreSQL's MVCC), and a write read through
// QueryRow (INSERT … RETURNING) still reaches the writer.
func TestReadsDoNotWaitForAWrite(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var key string
		if err := d.QueryRowContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) RETURNING key`, "before", "1").Scan(&key); err != nil || key != "before" {
			t.Fatalf("INSERT … RETURNING through QueryRowContext: %q, %v", key, err)
		}
		err := d.InTx(ctx, func(tx db.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)`, "during", "2"); err != nil {
				return err
			}
			readCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			done := make(chan error, 1)
			var n int
			go func() { done <- d.QueryRowContext(readCtx, `SELECT COUNT(*) FROM settings`).Scan(&n) }()
			select {
			case err := <-done:
				if err != nil {
					return err
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a read waited for the open write transaction")
			}
			if n != 1 {
				t.Errorf("the read saw %d rows, want the 1 committed", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil || n != 2 {
			t.Errorf("after commit: %d rows, %v", n, err)
		}
	})
}

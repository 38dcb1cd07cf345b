package db

import (
	"context"
	"strings"
	"testing"
)

func TestMigrateIsIdempotentOnBothEngines(t *testing.T) {
	ForEachEngine(t, func(t *testing.T, d *DB) {
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
	ForEachEngine(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(tx Tx) error {
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
	d := OpenTest(t, SQLite)
	if _, err := d.Exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		t.Fatalf("FTS5 unavailable: %v", err)
	}
	d.Exec(`INSERT INTO t (body) VALUES ('Convention relative au statut des réfugiés')`)
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM t WHERE t MATCH 'refugies'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("FTS5 match = %d, %v", n, err)
	}
}

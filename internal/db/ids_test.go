package db_test

import (
	"context"
	"slices"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func TestQueryIDs(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE ids_test (id BIGINT PRIMARY KEY, keep INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for _, r := range [][2]int{{3, 1}, {1, 1}, {2, 0}, {9, 1}} {
			if _, err := d.ExecContext(ctx, `INSERT INTO ids_test (id, keep) VALUES ($1, $2)`, r[0], r[1]); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.QueryIDs(ctx, d, `SELECT id FROM ids_test WHERE keep = $1 ORDER BY id`, 1)
		if err != nil || !slices.Equal(got, []int64{1, 3, 9}) {
			t.Fatalf("QueryIDs = %v, %v", got, err)
		}
		if got, err := db.QueryIDs(ctx, d, `SELECT id FROM ids_test WHERE keep = 7`); err != nil || len(got) != 0 {
			t.Errorf("no rows: %v, %v", got, err)
		}
		if _, err := db.QueryIDs(ctx, d, `SELECT nope FROM ids_test`); err == nil {
			t.Error("a bad query gave no error")
		}
	})
}

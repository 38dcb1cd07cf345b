package data

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// An import stopped halfway (an admin cancelled its job, or the server shut
// down) leaves nothing behind: no dataset, no observations, no staged rows,
// no kept file; and what was stored before is untouched.
func TestImportStoppedHalfwayLeavesNothing(t *testing.T) {
	path := testutil.SharedData(t, "unhcr-refugees", "population.csv.gz")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		blobs := &blob.DBStore{DB: d}
		s := NewService(d, blobs, nil)
		csv := "origin,destination,year,sex,measure,value\nMexico,United States of America,2019,total,migrant_stock,11489684\n"
		if _, err := s.Import(context.Background(), ImportRequest{Format: "tidy-csv", FileName: "before.csv", Content: strings.NewReader(csv), Size: int64(len(csv))}); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var stopAt int64
		progress := func(done, total int64) {
			// Stop once a good part of the file is staged.
			if stopAt == 0 && done > total/3 {
				stopAt = done
				cancel()
			}
		}
		_, err = s.Import(ctx, ImportRequest{Format: "unhcr-population", FileName: "population.csv.gz", Content: f, Size: st.Size(), Progress: progress})
		if !errors.Is(err, context.Canceled) || stopAt == 0 {
			t.Fatalf("stopped import: %v (stopped at %d)", err, stopAt)
		}
		if n := count(t, d, "data_datasets"); n != 1 {
			t.Errorf("%d datasets, want only the one imported before", n)
		}
		if n := count(t, d, "data_observations"); n != 1 {
			t.Errorf("%d observations, want only the one imported before", n)
		}
		if n := count(t, d, "data_import_rows") + count(t, d, "data_import_stages"); n != 0 {
			t.Errorf("%d staged rows or stages left", n)
		}
		keys, err := blob.Older(context.Background(), d, "data/imports/", time.Now().Add(time.Hour).Unix())
		if err != nil || len(keys) != 1 {
			t.Errorf("kept files after the stopped import: %v", keys)
		}
	})
}

// Stages a dead process left behind are swept after a day, not before.
func TestSweepStages(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		old := leftStage(t, d, 3)
		d.Exec(`UPDATE data_import_stages SET created_at = $1 WHERE id = $2`, time.Now().Add(-25*time.Hour).Unix(), old)
		fresh := leftStage(t, d, 0)
		n, err := sweepStages(ctx, d, time.Now())
		if err != nil || n != 1 {
			t.Fatalf("swept %d, %v; want the old stage only", n, err)
		}
		if rows := count(t, d, "data_import_rows"); rows != 0 {
			t.Errorf("%d rows of the swept stage left", rows)
		}
		var left int64
		d.QueryRow(`SELECT id FROM data_import_stages`).Scan(&left)
		if left != fresh {
			t.Errorf("stage %d left, want the fresh one %d", left, fresh)
		}
	})
}

// leftStage writes a stage with rows as an earlier version's import did.
func leftStage(t *testing.T, d *db.DB, rows int) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRow(`INSERT INTO data_import_stages (created_at) VALUES ($1) RETURNING id`, db.Now()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rows; i++ {
		if _, err := d.Exec(`INSERT INTO data_import_rows (stage_id, measure, origin, destination, year, sex, value, flag) VALUES ($1, 'migrant_stock', 'MEX', 'USA', $2, 'total', $3, '')`, id, 2000+i, float64(i)); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

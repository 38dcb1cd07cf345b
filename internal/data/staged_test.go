package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/jobs"
)

// A staged upload left for more than a day without its mapping is deleted;
// a recent one, a dataset's kept file, a file a queued or failed import job
// still names and files outside the uploads are left alone. The job queues
// its next run.
func TestCleanStagedUploads(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := &blob.DBStore{DB: d}
		s := NewService(d, store, nil)
		now := time.Now()
		old := now.Add(-StagedUploadTTL - time.Hour).Unix()
		put := func(key string, createdAt int64) {
			t.Helper()
			if _, err := store.Put(ctx, key, "text/csv", strings.NewReader("origin,destination,year,sex,measure,value\nMEX,USA,2019,total,migrant_stock,1\n")); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(`UPDATE blobs SET created_at = $1 WHERE key = $2`, createdAt, key); err != nil {
				t.Fatal(err)
			}
		}
		abandoned, recent := uploadPrefix+strings.Repeat("a", 32), uploadPrefix+strings.Repeat("b", 32)
		kept, queued, failed := uploadPrefix+strings.Repeat("c", 32), uploadPrefix+strings.Repeat("d", 32), uploadPrefix+strings.Repeat("e", 32)
		other := "law/attachments/old.pdf"
		put(abandoned, old)
		put(recent, now.Add(-time.Hour).Unix())
		put(kept, old)
		put(queued, old)
		put(failed, old)
		put(other, old)
		// A dataset imported from its upload keeps the file.
		csv := "origin,destination,year,sex,measure,value\nMEX,USA,2019,total,migrant_stock,1\n"
		if _, err := s.Import(ctx, ImportRequest{Format: "tidy-csv", FileName: "kept.csv", Content: strings.NewReader(csv), Size: int64(len(csv)), BlobKey: kept}); err != nil {
			t.Fatal(err)
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM data_datasets WHERE blob_key = $1`, kept).Scan(&n)
		if n != 1 {
			t.Fatalf("the dataset does not keep %s", kept)
		}
		for key, status := range map[string]string{queued: "queued", failed: "failed"} {
			id, err := jobs.Enqueue(ctx, d, JobImport, ImportPayload{Format: "tidy-csv", BlobKey: key, FileName: "x.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Exec(`UPDATE jobs SET status = $1, run_at = $2 WHERE id = $3`, status, now.Add(time.Hour).Unix(), id); err != nil {
				t.Fatal(err)
			}
		}
		deleted, err := s.CleanStagedUploads(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if deleted != 1 {
			t.Errorf("deleted %d files, want 1 (the abandoned upload)", deleted)
		}
		if _, _, err := store.Get(ctx, abandoned); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("the abandoned upload is still there: %v", err)
		}
		for _, key := range []string{recent, kept, queued, failed, other} {
			if _, _, err := store.Get(ctx, key); err != nil {
				t.Errorf("%s was deleted: %v", key, err)
			}
		}
		var audited int
		d.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'data.import.clean_staged'`).Scan(&audited)
		if audited != 1 {
			t.Errorf("%d audit entries for the cleanup, want 1", audited)
		}
		// The job runs the cleanup and queues the next run, once.
		if err := s.HandleCleanStagedJob(ctx, &jobs.Job{}, func(int64, int64) {}); err != nil {
			t.Fatal(err)
		}
		if err := s.ScheduleStagedCleanup(ctx); err != nil {
			t.Fatal(err)
		}
		var next int
		var runAt int64
		d.QueryRow(`SELECT COUNT(*), MAX(run_at) FROM jobs WHERE kind = $1 AND status = 'queued'`, JobCleanStaged).Scan(&next, &runAt)
		if next != 1 || runAt <= now.Unix() {
			t.Errorf("%d queued cleanup runs (next at %d, now %d), want 1 in the future", next, runAt, now.Unix())
		}
	})
}

// An import killed between storing its file and committing its dataset
// leaves the file under data/imports/ with nothing naming it; a process
// killed inside the dir store's Put leaves a temporary file, or a file
// without its row. After the grace period the sweep removes them all and
// keeps what is in use or recent.
func TestCleanStagedUploadsSweepsWhatAKilledImportLeft(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		root := t.TempDir()
		store := &blob.Dir{Root: root, DB: d}
		s := NewService(d, store, nil)
		now := time.Now()
		old := now.Add(-StagedUploadTTL - time.Hour)
		csv := "origin,destination,year,sex,measure,value\nMEX,USA,2019,total,migrant_stock,1\n"
		put := func(key string, at time.Time) {
			t.Helper()
			if _, err := store.Put(ctx, key, "text/csv", strings.NewReader(csv)); err != nil {
				t.Fatal(err)
			}
			d.Exec(`UPDATE blobs SET created_at = $1 WHERE key = $2`, at.Unix(), key)
			os.Chtimes(filepath.Join(root, filepath.FromSlash(key)), at, at)
		}
		onDisk := func(rel string, at time.Time) {
			t.Helper()
			p := filepath.Join(root, filepath.FromSlash(rel))
			os.MkdirAll(filepath.Dir(p), 0o750)
			if err := os.WriteFile(p, []byte(csv), 0o640); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(p, at, at)
		}
		// A dataset's file, imported normally.
		res, err := s.Import(ctx, ImportRequest{Format: "tidy-csv", FileName: "kept.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
		if err != nil {
			t.Fatal(err)
		}
		kept := res.Dataset.BlobKey
		d.Exec(`UPDATE blobs SET created_at = $1 WHERE key = $2`, old.Unix(), kept)
		killedImport, inFlight := "data/imports/"+strings.Repeat("f", 64), "data/imports/"+strings.Repeat("9", 64)
		put(killedImport, old)
		put(inFlight, now.Add(-time.Minute))
		tempFile, unrecorded, freshUnrecorded := "data/uploads/.upload-123456", "data/imports/"+strings.Repeat("7", 64), "data/uploads/"+strings.Repeat("8", 32)
		onDisk(tempFile, old)
		onDisk(unrecorded, old)
		onDisk(freshUnrecorded, now)

		n, err := s.CleanStagedUploads(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("swept %d files, want 3 (the killed import's, the temporary and the unrecorded one)", n)
		}
		if _, _, err := store.Get(ctx, killedImport); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("the killed import's file is still there: %v", err)
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(killedImport))); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the killed import's file is still on disk: %v", err)
		}
		for _, rel := range []string{tempFile, unrecorded} {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s is still on disk: %v", rel, err)
			}
		}
		for _, key := range []string{kept, inFlight} {
			if _, _, err := store.Get(ctx, key); err != nil {
				t.Errorf("%s was swept: %v", key, err)
			}
		}
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(freshUnrecorded))); err != nil {
			t.Errorf("a file written a moment ago (an upload in flight) was swept: %v", err)
		}
	})
}

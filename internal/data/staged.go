package data

import (
	"context"
	"encoding/json"
	"time"

	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/jobs"
)

// JobCleanStaged removes the data domain's files nothing uses: staged
// uploads never confirmed, and files an import kept before it was killed.
const JobCleanStaged = "data.clean_staged"

// StagedUploadTTL is how long an upload waits for its column mapping:
// after a day the curator has left, and the file only takes space. It is
// also the grace period of every file the sweep looks at, far longer than
// any upload or import in flight takes between storing its file and
// committing the row that names it.
const StagedUploadTTL = 24 * time.Hour

// blobPrefix is where the data domain keeps its files: staged uploads
// (uploadPrefix) and imported datasets' files (data/imports/).
const blobPrefix = "data/"

// cleanStagedEvery is how often the cleanup job runs; a staged file is
// gone at most this long after its day is up.
const cleanStagedEvery = 6 * time.Hour

// cleanPayload marks the scheduled run (one queued at a time).
type cleanPayload struct {
	Scheduled bool `json:"scheduled"`
}

// CleanStagedUploads deletes the files kept under data/ before
// now − StagedUploadTTL that nothing uses: no dataset keeps them (a
// dataset's file stays there) and no import job that is queued, running,
// failed or cancelled (an admin may retry it) names them. Those are staged
// uploads never confirmed, and files an import stored before it was killed
// or failed without cleaning up. With the dir store it also removes files on
// disk that no blobs row records (a process killed while storing one). It
// returns how many it deleted, and records the run in the audit log when
// it deleted any.
func (s *Service) CleanStagedUploads(ctx context.Context, now time.Time) (_ int, err error) {
	defer errs.Wrap(&err, "data: clean staged uploads")
	if s.Blobs == nil {
		return 0, nil
	}
	before := now.Add(-StagedUploadTTL)
	keys, err := blob.Older(ctx, s.DB, blobPrefix, before.Unix())
	if err != nil {
		return 0, err
	}
	var deleted []string
	for _, key := range keys {
		used, err := s.uploadInUse(ctx, key)
		if err != nil {
			return len(deleted), err
		}
		if used {
			continue
		}
		if err := s.Blobs.Delete(ctx, key); err != nil {
			return len(deleted), err
		}
		deleted = append(deleted, key)
	}
	var unrecorded []string
	if dir, ok := s.Blobs.(*blob.Dir); ok {
		if unrecorded, err = dir.SweepUnrecorded(ctx, before); err != nil {
			return len(deleted), err
		}
	}
	if len(deleted)+len(unrecorded) == 0 {
		return 0, nil
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		after := map[string]any{"deleted": deleted, "older_than_hours": StagedUploadTTL.Hours()}
		if len(unrecorded) > 0 {
			after["unrecorded_files"] = unrecorded
		}
		return audit.Record(ctx, tx, "data.import.clean_staged", "upload", "", nil, after)
	})
	return len(deleted) + len(unrecorded), err
}

// uploadInUse reports whether a dataset keeps the file or an import job
// that may still run names it.
func (s *Service) uploadInUse(ctx context.Context, key string) (bool, error) {
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM data_datasets WHERE blob_key = $1`, key).Scan(&n); err != nil {
		return false, err
	}
	if n > 0 {
		return true, nil
	}
	quoted, _ := json.Marshal(key)
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE kind IN ($1, $2) AND status IN ('queued', 'running', 'failed', 'cancelled') AND payload LIKE $3`,
		JobImport, JobRerun, "%"+string(quoted)+"%").Scan(&n)
	return n > 0, err
}

// ScheduleStagedCleanup queues the next cleanup run, cleanStagedEvery from
// now, unless one is queued already (several processes may start).
func (s *Service) ScheduleStagedCleanup(ctx context.Context) error {
	_, err := jobs.ScheduleOnce(ctx, s.DB, JobCleanStaged, cleanPayload{Scheduled: true}, time.Now().Add(cleanStagedEvery))
	return err
}

// HandleCleanStagedJob runs the cleanup (staged uploads, and import stages
// left by a process that died mid-import) and queues the next run.
func (s *Service) HandleCleanStagedJob(ctx context.Context, _ *jobs.Job, _ func(done, total int64)) error {
	if _, err := s.CleanStagedUploads(ctx, time.Now()); err != nil {
		return err
	}
	if _, err := sweepStages(ctx, s.DB, time.Now()); err != nil {
		return err
	}
	return s.ScheduleStagedCleanup(ctx)
}

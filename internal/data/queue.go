package data

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"corridor/internal/audit"
	"corridor/internal/data/importers"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/jobs"
)

// MaxUpload caps an uploaded data file.
const MaxUpload = 200 << 20

// PreviewRows is how many rows the mapping form shows.
const PreviewRows = 10

// Job kinds.
const (
	JobImport = "data.import"
	JobRerun  = "data.rerun"
)

// uploadPrefix is where uploads wait: for their import job, or for their
// column mapping.
const uploadPrefix = "data/uploads/"

// ImportPayload is a queued import (or re-run, with Dataset set).
type ImportPayload struct {
	Format   string `json:"format"`
	BlobKey  string `json:"blob_key"`
	FileName string `json:"file_name"`
	Release  string `json:"release,omitempty"`
	Title    string `json:"title,omitempty"`
	Strict   bool   `json:"strict,omitempty"`
	UserID   int64  `json:"user_id"`
	Dataset  int64  `json:"dataset,omitempty"`
	// Mapping is the curator's column mapping of a tidy file.
	Mapping *importers.Mapping `json:"mapping,omitempty"`
}

// ImportJobs lists the newest import and re-run jobs (of the last 100 jobs).
func (s *Service) ImportJobs(ctx context.Context) (_ []jobs.Job, err error) {
	js, err := jobs.List(ctx, s.DB, "", 0, 100)
	if err != nil {
		return nil, fmt.Errorf("data: import jobs: %w", err)
	}
	var mine []jobs.Job
	for _, j := range js {
		if j.Kind == JobImport || j.Kind == JobRerun {
			mine = append(mine, j)
		}
	}
	return mine, nil
}

// QueueUpload keeps an uploaded file and queues its import (p.BlobKey is
// set here). The queued job is recorded in the audit log; on failure the
// kept file is deleted.
func (s *Service) QueueUpload(ctx context.Context, p ImportPayload, content io.ReaderAt, size int64) (err error) {
	if s.Blobs == nil {
		return fmt.Errorf("data: queue import of %s: no blob store", p.FileName)
	}
	p.BlobKey = uploadPrefix + randomHex()
	if _, err := s.Blobs.Put(ctx, p.BlobKey, "application/octet-stream", io.NewSectionReader(content, 0, size)); err != nil {
		return fmt.Errorf("data: queue import of %s: %w", p.FileName, err)
	}
	if err := s.enqueue(ctx, JobImport, "data.import.queue", p); err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), p.BlobKey)
		return fmt.Errorf("data: queue import of %s: %w", p.FileName, err)
	}
	return nil
}

// StageUpload keeps an uploaded tidy file until the curator maps its
// columns, and returns its upload id. The kept file is recorded in the
// audit log.
func (s *Service) StageUpload(ctx context.Context, format, name string, content io.ReaderAt, size int64) (_ string, err error) {
	if s.Blobs == nil {
		return "", fmt.Errorf("data: stage %s: no blob store", name)
	}
	id := randomHex()
	key := uploadPrefix + id
	if _, err := s.Blobs.Put(ctx, key, "application/octet-stream", io.NewSectionReader(content, 0, size)); err != nil {
		return "", fmt.Errorf("data: stage %s: %w", name, err)
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		return audit.Record(ctx, tx, "data.import.upload", "upload", id, nil, map[string]any{"format": format, "file": name, "size": size})
	})
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), key)
		return "", fmt.Errorf("data: stage %s: %w", name, err)
	}
	return id, nil
}

// StagedPreview reads the first PreviewRows rows of a staged upload in a
// tidy format. A missing upload (or a malformed id) is not found; a file
// that cannot be read (a sheet that is not there…) is invalid.
func (s *Service) StagedPreview(ctx context.Context, id, format, name, sheet string) (*importers.Preview, importers.Format, error) {
	f, ok := importers.Lookup(format)
	if !ok || !importers.IsTidy(format) || !validUploadID(id) || s.Blobs == nil {
		return nil, f, errs.New(errs.NotFound, "data.error.no_upload")
	}
	tmp, size, err := s.blobToTemp(ctx, uploadPrefix+id)
	if err != nil {
		return nil, f, errs.New(errs.NotFound, "data.error.no_upload")
	}
	defer tmp.close()
	p, err := importers.ReadPreview(importers.Input{Name: name, R: tmp.f, Size: size}, f.Kind, sheet, PreviewRows)
	if err != nil {
		return nil, f, invalid(err)
	}
	return p, f, nil
}

// QueueStaged queues the import of the staged upload id with the
// curator's choices (p.BlobKey is set here).
func (s *Service) QueueStaged(ctx context.Context, id string, p ImportPayload) (err error) {
	if !validUploadID(id) {
		return errs.New(errs.NotFound, "data.error.no_upload")
	}
	p.BlobKey = uploadPrefix + id
	if err := s.enqueue(ctx, JobImport, "data.import.queue", p); err != nil {
		return fmt.Errorf("data: queue import of upload %s: %w", id, err)
	}
	return nil
}

// QueueRerun queues re-reading a dataset's file (after names were mapped).
func (s *Service) QueueRerun(ctx context.Context, dataset, userID int64) (err error) {
	if _, err := s.Dataset(ctx, dataset); err != nil {
		return err
	}
	if err := s.enqueue(ctx, JobRerun, "data.rerun.queue", ImportPayload{Dataset: dataset, UserID: userID}); err != nil {
		return fmt.Errorf("data: queue re-run of dataset %d: %w", dataset, err)
	}
	return nil
}

// enqueue adds a job and its audit entry in one transaction.
func (s *Service) enqueue(ctx context.Context, kind, action string, p ImportPayload) error {
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := jobs.Enqueue(ctx, tx, kind, p)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, "job", id, nil, p)
	})
}

func validUploadID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func randomHex() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// HandleImportJob runs a queued import.
func (s *Service) HandleImportJob(ctx context.Context, job *jobs.Job, progress func(done, total int64)) error {
	var p ImportPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return jobs.Permanent{Err: err}
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: p.UserID, Label: "job " + strconv.FormatInt(job.ID, 10)})
	tmp, size, err := s.blobToTemp(ctx, p.BlobKey)
	if err != nil {
		return err
	}
	defer tmp.close()
	res, err := s.Import(ctx, ImportRequest{Format: p.Format, FileName: p.FileName, Content: tmp.f, Size: size, Release: p.Release, Title: p.Title, Strict: p.Strict, BlobKey: p.BlobKey, Progress: progress, Mapping: p.Mapping})
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			s.Blobs.Delete(context.WithoutCancel(ctx), p.BlobKey)
			return jobs.Permanent{Err: err}
		}
		return err
	}
	if res.NoOp && res.Dataset.BlobKey != p.BlobKey { // (the same upload queued twice keeps its file)
		s.Blobs.Delete(context.WithoutCancel(ctx), p.BlobKey)
	}
	progress(size, size)
	return nil
}

// HandleRerunJob re-reads a dataset's file after names were mapped.
func (s *Service) HandleRerunJob(ctx context.Context, job *jobs.Job, progress func(done, total int64)) error {
	var p ImportPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return jobs.Permanent{Err: err}
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: p.UserID, Label: "job " + strconv.FormatInt(job.ID, 10)})
	_, err := s.Rerun(ctx, p.Dataset, progress)
	if err != nil && errs.KindOf(err) != errs.Internal {
		return jobs.Permanent{Err: err}
	}
	return err
}

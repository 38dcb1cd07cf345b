package publishing

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/docfile"
	"corridor/internal/errs"
	"corridor/internal/jobs"
)

// TextJob is the job kind that extracts a PDF's text for search.
const TextJob = "publishing.extract-text"

// NewFile is an upload to a publication's latest version.
type NewFile struct {
	Name         string
	Body         io.Reader
	Access       Access
	EmbargoUntil string // YYYY-MM-DD, for Embargoed
}

func checkAccess(a Access, until string) error {
	switch a {
	case Open, Restricted:
		if until != "" {
			return errs.Fields{"embargo_until": "pub.error.embargo_only"}.Err()
		}
	case Embargoed:
		if len(until) != 10 || !dateForm.MatchString(until) {
			return errs.Fields{"embargo_until": "pub.error.embargo_date"}.Err()
		}
	default:
		return errs.Fields{"access": "pub.error.access"}.Err()
	}
	return nil
}

// cleanName keeps a file name's last path element, printable and short.
func cleanName(name string) (string, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), "\\", "/"))
	if name == "." || name == "/" || name == "" || !printable(name) || strings.ContainsAny(name, "\"\r\n") || utf8.RuneCountInString(name) > 200 {
		return "", errs.Fields{"file": "pub.error.file_name"}.Err()
	}
	return name, nil
}

// readLimited reads at most max bytes, a TooLarge error beyond.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "pub.error.file_large", Fields: map[string]string{"file": "pub.error.file_large"}}
	}
	return b, nil
}

// checkUpload sniffs an upload and, for a PDF, checks it is a whole PDF.
func checkUpload(name string, body []byte) (string, error) {
	ct, err := docfile.Sniff(name, body[:min(len(body), 512)])
	if err == nil && ct == docfile.PDF {
		err = docfile.CheckPDF(body)
	}
	if err != nil {
		return "", &errs.Error{Kind: errs.Invalid, Message: "pub.error.file_bad", Fields: map[string]string{"file": err.Error()}, Err: err}
	}
	return ct, nil
}

func newBlobKey(workID int64) string {
	b := make([]byte, 12)
	rand.Read(b)
	return fmt.Sprintf("publications/%d/%s", workID, hex.EncodeToString(b))
}

// AddFile stores an upload on the latest version of a publication and, for
// a PDF, queues the extraction of its text for search.
func (s *Service) AddFile(ctx context.Context, workID int64, in NewFile) (_ *File, err error) {
	defer errs.Wrap(&err, "publishing: add file to %d", workID)
	name, err := cleanName(in.Name)
	if err != nil {
		return nil, err
	}
	if err := checkAccess(in.Access, in.EmbargoUntil); err != nil {
		return nil, err
	}
	body, err := readLimited(in.Body, s.MaxFileBytes)
	if err != nil {
		return nil, err
	}
	ct, err := checkUpload(name, body)
	if err != nil {
		return nil, err
	}
	if _, err := s.liveWork(ctx, s.DB, workID); err != nil {
		return nil, err
	}
	return s.storeFile(ctx, workID, name, ct, body, in.Access, in.EmbargoUntil, nil)
}

// storeFile puts the bytes in the blob store, then records the file (and
// its text job) in one transaction; the blob is removed when that fails.
// extra runs inside the transaction.
func (s *Service) storeFile(ctx context.Context, workID int64, name, ct string, body []byte, access Access, until string, extra func(db.Tx) error) (*File, error) {
	key := newBlobKey(workID)
	if _, err := s.Blobs.Put(ctx, key, ct, bytes.NewReader(body)); err != nil {
		return nil, err
	}
	var f *File
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if f, err = s.insertFile(ctx, tx, workID, name, ct, int64(len(body)), key, access, until); err != nil {
			return err
		}
		if extra != nil {
			if err := extra(tx); err != nil {
				return err
			}
		}
		if err := s.index(ctx, tx, workID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.file.create", "publication", workID, nil, f)
	})
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), key)
		return nil, err
	}
	return f, nil
}

// insertFile records a stored blob as a file of the work's latest
// version, queues its text job (PDFs) and bumps the work's datestamp, in
// the caller's transaction.
func (s *Service) insertFile(ctx context.Context, tx db.Tx, workID int64, name, ct string, size int64, key string, access Access, until string) (*File, error) {
	w, err := s.liveWork(ctx, tx, workID)
	if err != nil {
		return nil, err
	}
	status := "none"
	if ct == docfile.PDF {
		status = "pending"
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO pub_files (work_id, version_n, name, content_type, size, blob_key, access, embargo_until, text_status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		workID, w.latest, name, ct, size, key, string(access), until, status, s.now().Unix()).Scan(&id)
	if err != nil {
		return nil, err
	}
	if status == "pending" {
		if _, err := jobs.Enqueue(ctx, tx, TextJob, textPayload{FileID: id}); err != nil {
			return nil, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pub_works SET datestamp = $2, revision = revision + 1 WHERE id = $1`, workID, s.now().Unix()); err != nil {
		return nil, err
	}
	return getFile(ctx, tx, workID, id)
}

// SetAccess changes who may read a file; the search index follows at once.
func (s *Service) SetAccess(ctx context.Context, workID, fileID int64, access Access, until string) (err error) {
	defer errs.Wrap(&err, "publishing: file %d access", fileID)
	if err := checkAccess(access, until); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := s.liveWork(ctx, tx, workID); err != nil {
			return err
		}
		before, err := getFile(ctx, tx, workID, fileID)
		if err != nil {
			return err
		}
		// Every version's row of the same stored file follows: access is
		// about the file, not about one version's list of files.
		if _, err := tx.ExecContext(ctx, `UPDATE pub_files SET access = $3, embargo_until = $4 WHERE work_id = $1 AND blob_key = $2`,
			workID, before.BlobKey, string(access), until); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pub_works SET datestamp = $2, revision = revision + 1 WHERE id = $1`, workID, s.now().Unix()); err != nil {
			return err
		}
		if err := s.index(ctx, tx, workID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.file.access", "publication", workID, before, map[string]any{"file": fileID, "access": access, "embargo_until": until})
	})
}

// ErrNoAccess is a file the reader may not read.
var ErrNoAccess = &errs.Error{Kind: errs.Forbidden, Message: "pub.error.file_access"}

// OpenFile returns a file of a publication for a reader: NotFound when
// the publication or file does not exist, ErrNoAccess when the reader may
// not read it (an embargo not yet over, a restricted file for the public).
func (s *Service) OpenFile(ctx context.Context, workID, fileID int64, a Audience) (_ *File, _ io.ReadCloser, err error) {
	defer errs.Wrap(&err, "publishing: open file %d", fileID)
	if _, err := s.liveWork(ctx, s.DB, workID); err != nil {
		return nil, nil, err
	}
	f, err := getFile(ctx, s.DB, workID, fileID)
	if err != nil {
		return nil, nil, err
	}
	if !f.ReadableBy(a, s.today()) {
		return nil, nil, ErrNoAccess
	}
	rc, _, err := s.Blobs.Get(ctx, f.BlobKey)
	if err != nil {
		return nil, nil, err
	}
	return f, rc, nil
}

type textPayload struct {
	FileID int64 `json:"file_id"`
}

// TextHandler is the job that extracts a PDF's text with docfile.Text and
// reindexes its publication. A PDF whose text cannot be read is recorded
// as failed on the file (its reason shown to editors) and the job ends:
// the file stays downloadable and the metadata searchable.
func (s *Service) TextHandler(ctx context.Context, job *jobs.Job, _ func(done, total int64)) error {
	var p textPayload
	if err := json.Unmarshal(job.Payload, &p); err != nil {
		return jobs.Permanent{Err: fmt.Errorf("publishing: text job payload: %w", err)}
	}
	var workID int64
	var key string
	err := s.DB.QueryRowContext(ctx, `SELECT work_id, blob_key FROM pub_files WHERE id = $1`, p.FileID).Scan(&workID, &key)
	if err != nil {
		return jobs.Permanent{Err: fmt.Errorf("publishing: text job: file %d: %w", p.FileID, err)}
	}
	rc, _, err := s.Blobs.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("publishing: text job: file %d: %w", p.FileID, err)
	}
	body, err := io.ReadAll(io.LimitReader(rc, s.MaxFileBytes+1))
	rc.Close()
	if err != nil {
		return err
	}
	text, terr := docfile.Text(ctx, body, MaxTextBytes)
	if terr != nil && errors.Is(ctx.Err(), terr) {
		return terr
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		// Every version's row of this stored file gets the text.
		if terr != nil {
			_, err := tx.ExecContext(ctx, `UPDATE pub_files SET text_status = 'failed', text_error = $2, text = '' WHERE blob_key = $1`, key, clip(terr.Error(), 500))
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pub_files SET text_status = 'done', text_error = '', text = $2 WHERE blob_key = $1`, key, clip(strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", " "), " "), MaxTextBytes)); err != nil {
			return err
		}
		return s.index(ctx, tx, workID)
	})
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

package review

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
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
)

// Files. The original is kept for editors and the authors. Reviewers read
// a review copy: for a PDF, a copy without its author metadata
// (docfile.StripMetadata, the document information dictionary and XMP);
// until the cleaning succeeds the copy stays pending and reviewers do not
// see the file (the periodic sweep tries again). Under double and triple
// anonymous review only PDFs are accepted: a DOCX or ODT keeps its author
// in its own metadata and is not converted, so the author is asked for a
// PDF. Other modes show reviewers the author anyway, so any accepted
// document is its own review copy.

// AddFile uploads a file to a submission: its submitter while it is
// being submitted or revised, or an editor.
func (s *Service) AddFile(ctx context.Context, actor Actor, subID int64, name string, r io.Reader) (*File, error) {
	name = cleanName(name)
	sub, err := s.submission(ctx, subID)
	if err != nil {
		return nil, err
	}
	if !actor.Editor && sub.SubmitterID != actor.UserID {
		return nil, errs.New(errs.NotFound, "review.error.no_submission")
	}
	if !actor.Editor && sub.Stage != StageSubmission && sub.Status != StatusRevisionsRequested {
		return nil, errs.New(errs.Conflict, "review.error.files_closed")
	}
	call, err := getCall(ctx, s.DB, sub.CallID)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, s.cfg.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("review: read upload: %w", err)
	}
	if int64(len(data)) > s.cfg.MaxFileBytes {
		return nil, invalid(errs.Fields{"file": "review.error.file_too_large"})
	}
	ct, err := docfile.Sniff(name, head(data))
	if errors.Is(err, docfile.ErrEmpty) {
		return nil, invalid(errs.Fields{"file": "review.error.file_empty"})
	}
	if err != nil {
		return nil, invalid(errs.Fields{"file": err.Error()})
	}
	if ct == docfile.PDF {
		if err := docfile.CheckPDF(data); err != nil {
			return nil, invalid(errs.Fields{"file": "review.error.file_pdf"})
		}
	} else if call.Mode.AuthorsHiddenFromReviewers() {
		return nil, invalid(errs.Fields{"file": "review.error.pdf_needed"})
	}
	// The blobs go first, outside the transaction (the store may be a
	// directory); a failed insert deletes them again.
	nonce := randomHex()
	key := fmt.Sprintf("review/%d/%s-orig", subID, nonce)
	if _, err := s.Blobs.Put(ctx, key, ct, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("review: store file: %w", err)
	}
	reviewKey, status := "", "ready"
	switch {
	case ct == docfile.PDF:
		reviewKey = fmt.Sprintf("review/%d/%s-review", subID, nonce)
		if err := s.storeReviewCopy(ctx, reviewKey, data); err != nil {
			reviewKey, status = "", "pending"
		}
	default:
		reviewKey = key
	}
	var f *File
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO review_files (submission_id, round, revision, name, content_type, size, blob_key, review_blob_key, review_status, uploaded_by, created_at)
			VALUES ($1, $2, (SELECT revision FROM review_submissions WHERE id = $1), $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			subID, sub.Round, name, ct, len(data), key, reviewKey, status, nullID(actor.UserID), db.Now()).Scan(&id); err != nil {
			return fmt.Errorf("review: add file: %w", err)
		}
		var err error
		if f, err = getFile(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.file.create", "review_file", id, nil, map[string]any{"submission": subID, "name": name, "type": ct, "size": len(data), "review_copy": status})
	})
	if err != nil {
		s.Blobs.Delete(context.WithoutCancel(ctx), key)
		if reviewKey != "" && reviewKey != key {
			s.Blobs.Delete(context.WithoutCancel(ctx), reviewKey)
		}
		return nil, err
	}
	return f, nil
}

func randomHex() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func head(b []byte) []byte {
	if len(b) > 512 {
		return b[:512]
	}
	return b
}

// cleanName keeps the base of an uploaded file's name, printable, at most
// 200 bytes.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name[:len(name)-len(path.Ext(name))])
		name = name[:len(name)-len(path.Ext(name))-size] + path.Ext(name)
	}
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	return name
}

func (s *Service) storeReviewCopy(ctx context.Context, key string, pdf []byte) error {
	clean, err := s.cfg.Strip(pdf)
	if err != nil {
		return err
	}
	_, err = s.Blobs.Put(ctx, key, docfile.PDF, bytes.NewReader(clean))
	return err
}

// retryReviewCopies makes the pending review copies it can; the sweep
// calls it.
func (s *Service) retryReviewCopies(ctx context.Context) (made int, err error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+fileColumns+` FROM review_files WHERE review_status = 'pending' ORDER BY id LIMIT 200`)
	if err != nil {
		return 0, fmt.Errorf("review: pending copies: %w", err)
	}
	var pending []File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		pending = append(pending, *f)
	}
	rows.Close()
	for _, f := range pending {
		rc, _, err := s.Blobs.Get(ctx, f.BlobKey)
		if err != nil {
			return made, fmt.Errorf("review: file %d: %w", f.ID, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return made, fmt.Errorf("review: file %d: %w", f.ID, err)
		}
		key := strings.TrimSuffix(f.BlobKey, "-orig") + "-review"
		if err := s.storeReviewCopy(ctx, key, data); err != nil {
			continue // still pending; the next sweep tries again
		}
		if _, err := s.DB.ExecContext(ctx, `UPDATE review_files SET review_blob_key = $1, review_status = 'ready' WHERE id = $2 AND review_status = 'pending'`, key, f.ID); err != nil {
			return made, fmt.Errorf("review: file %d: %w", f.ID, err)
		}
		made++
	}
	return made, nil
}

// SubmissionFile returns an original file for its submission's submitter
// or an editor (under triple-anonymous review, under its label unless the
// editor may see authors).
func (s *Service) SubmissionFile(ctx context.Context, actor Actor, subID, fileID int64) (blobKey, name, contentType string, err error) {
	f, err := getFile(ctx, s.DB, fileID)
	if err != nil || f.SubmissionID != subID {
		return "", "", "", errs.New(errs.NotFound, "review.error.no_file")
	}
	if actor.Editor {
		v, err := s.EditorView(ctx, actor, subID)
		if err != nil {
			return "", "", "", err
		}
		for _, vf := range v.Files {
			if vf.ID == fileID {
				key := f.BlobKey
				if v.AuthorsHidden && f.ReviewStatus == "ready" {
					key = f.ReviewBlobKey // the cleaned copy: the original's metadata names the authors
				} else if v.AuthorsHidden {
					return "", "", "", errs.New(errs.Conflict, "review.error.copy_pending")
				}
				return key, vf.Name, f.ContentType, nil
			}
		}
	}
	v, err := s.AuthorView(ctx, actor, subID)
	if err != nil {
		return "", "", "", err
	}
	_ = v
	return f.BlobKey, f.Name, f.ContentType, nil
}

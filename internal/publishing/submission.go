package publishing

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// FromSubmission is an accepted paper the review workflow publishes.
type FromSubmission struct {
	SubmissionID int64
	SeriesID     int64
	Type         Type // default WorkingPaper
	Title        string
	Abstract     string
	Language     string // default "en"
	Authors      []Author
	Keywords     []string
	Date         string // default today
	Licence      string
	Files        []SubmissionFile
}

// SubmissionFile is a file of the accepted paper, already in the blob store.
type SubmissionFile struct {
	BlobKey, Name, ContentType string
}

// PublishSubmission turns an accepted submission into a publication in its
// series, with its metadata and files carried over (files are copied, so
// the review's copies may be cleaned up), and returns its id. It is
// idempotent per submission: a second call returns the first publication.
func (s *Service) PublishSubmission(ctx context.Context, in FromSubmission) (id int64, err error) {
	defer errs.Wrap(&err, "publishing: publish submission %d", in.SubmissionID)
	if in.SubmissionID <= 0 {
		return 0, errs.Fields{"submission_id": "pub.error.submission"}.Err()
	}
	if id, err = s.bySubmission(ctx, in.SubmissionID); err != nil || id != 0 {
		return id, err
	}
	if in.Type == "" {
		in.Type = WorkingPaper
	}
	if in.Language == "" {
		in.Language = "en"
	}
	if in.Date == "" {
		in.Date = s.today()
	}
	m := Meta{Type: in.Type, Titles: map[string]string{in.Language: in.Title}, Abstracts: map[string]string{in.Language: in.Abstract},
		Authors: in.Authors, SeriesID: in.SeriesID, Date: in.Date, Language: in.Language, Licence: in.Licence, Keywords: in.Keywords}
	if err := s.checkMeta(ctx, &m); err != nil {
		return 0, err
	}
	type upload struct {
		name, ct string
		body     []byte
	}
	var ups []upload
	for _, f := range in.Files {
		rc, _, err := s.Blobs.Get(ctx, f.BlobKey)
		if err != nil {
			return 0, err
		}
		body, err := readLimited(rc, s.MaxFileBytes)
		rc.Close()
		if err != nil {
			return 0, err
		}
		name, err := cleanName(f.Name)
		if err != nil {
			return 0, err
		}
		ct, err := checkUpload(name, body)
		if err != nil {
			return 0, err
		}
		ups = append(ups, upload{name, ct, body})
	}
	// The files go to the blob store first; the work, its files and their
	// text jobs are then recorded in one transaction, so a failure leaves
	// no publication without its files (and the stored copies are removed).
	var keys []string
	cleanup := func() {
		for _, k := range keys {
			s.Blobs.Delete(context.WithoutCancel(ctx), k)
		}
	}
	for _, u := range ups {
		key := newBlobKey(0)
		if _, err := s.Blobs.Put(ctx, key, u.ct, bytes.NewReader(u.body)); err != nil {
			cleanup()
			return 0, err
		}
		keys = append(keys, key)
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if m.SeriesID != 0 && m.Number == "" {
			if m.Number, err = nextSeriesNumber(ctx, tx, m.SeriesID); err != nil {
				return err
			}
		}
		id, err = s.insertWork(ctx, tx, &m, in.SubmissionID, 0)
		if err != nil {
			return err
		}
		for i, u := range ups {
			if _, err := s.insertFile(ctx, tx, id, u.name, u.ct, int64(len(u.body)), keys[i], Open, ""); err != nil {
				return err
			}
		}
		if err := s.index(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.publication.create", "publication", id, nil, map[string]any{"submission": in.SubmissionID, "metadata": m, "files": len(ups)})
	})
	if err != nil {
		cleanup()
		// Lost a race with another call for the same submission.
		if again, err2 := s.bySubmission(ctx, in.SubmissionID); err2 == nil && again != 0 {
			return again, nil
		}
		return 0, err
	}
	return id, nil
}

func (s *Service) bySubmission(ctx context.Context, sub int64) (int64, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT id FROM pub_works WHERE submission_id = $1`, sub).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// nextSeriesNumber is the number after the highest in the series (papers
// numbered by hand with letters are skipped), so an accepted paper becomes
// "No. 37" of its series. The series row is written first: on PostgreSQL
// that locks it until the transaction ends, so two papers published at once
// never get the same number (SQLite serialises the writes anyway).
func nextSeriesNumber(ctx context.Context, tx db.Querier, seriesID int64) (string, error) {
	if _, err := tx.ExecContext(ctx, `UPDATE pub_series SET revision = revision WHERE id = $1`, seriesID); err != nil {
		return "", err
	}
	rows, err := tx.QueryContext(ctx, `SELECT series_number FROM pub_works WHERE series_id = $1`, seriesID)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	highest := 0
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		if v, err := strconv.Atoi(strings.TrimSpace(n)); err == nil && v > highest {
			highest = v
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return strconv.Itoa(highest + 1), nil
}

package publishing

import (
	"context"
	"time"

	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Service is the publishing repository's rules and queries.
type Service struct {
	DB    *db.DB
	Blobs blob.Store
	// Now is the clock (UTC); tests set it.
	Now func() time.Time
	// MaxFileBytes bounds one uploaded file (default 50 MiB).
	MaxFileBytes int64
}

// New builds the service.
func New(d *db.DB, blobs blob.Store) *Service {
	return &Service{DB: d, Blobs: blobs, Now: func() time.Time { return time.Now().UTC() }, MaxFileBytes: 50 << 20}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Second) }

// today is the day file embargoes are judged on.
func (s *Service) today() string { return s.now().Format("2006-01-02") }

func stale() error { return &errs.Error{Kind: errs.Conflict, Message: "pub.error.stale"} }

// --- series ---

// Series returns one series.
func (s *Service) Series(ctx context.Context, id int64) (_ *Series, err error) {
	defer errs.Wrap(&err, "publishing: series %d", id)
	return getSeries(ctx, s.DB, id)
}

// AllSeries lists every series.
func (s *Service) AllSeries(ctx context.Context) (_ []Series, err error) {
	defer errs.Wrap(&err, "publishing: list series")
	return listSeries(ctx, s.DB)
}

// SaveSeries creates a series (ID 0) or updates one whose revision is
// still in.Revision (else a Conflict: someone saved meanwhile). Updating a
// series bumps the datestamp of its publications, whose Dublin Core names it.
func (s *Service) SaveSeries(ctx context.Context, in Series) (_ *Series, err error) {
	defer errs.Wrap(&err, "publishing: save series")
	if err := in.clean(); err != nil {
		return nil, err
	}
	now := s.now().Unix()
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var before *Series
		if in.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO pub_series (title_en, title_fr, title_es, issn, publisher, description, sample, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				in.Titles["en"], in.Titles["fr"], in.Titles["es"], in.ISSN, in.Publisher, in.Description, boolInt(in.Sample), now).Scan(&in.ID)
			if err != nil {
				return err
			}
		} else {
			if before, err = getSeries(ctx, tx, in.ID); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE pub_series SET title_en = $2, title_fr = $3, title_es = $4, issn = $5, publisher = $6, description = $7,
				revision = revision + 1, updated_at = $8 WHERE id = $1 AND revision = $9`,
				in.ID, in.Titles["en"], in.Titles["fr"], in.Titles["es"], in.ISSN, in.Publisher, in.Description, now, in.Revision)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return stale()
			}
			if _, err := tx.ExecContext(ctx, `UPDATE pub_works SET datestamp = $2 WHERE series_id = $1 AND deleted_at = 0`, in.ID, now); err != nil {
				return err
			}
		}
		after, err := getSeries(ctx, tx, in.ID)
		if err != nil {
			return err
		}
		in = *after
		action := "publishing.series.create"
		if before != nil {
			action = "publishing.series.update"
		}
		return audit.Record(ctx, tx, action, "publishing_series", in.ID, before, after)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// --- publications ---

// Create adds a publication (version 1) and returns its id.
func (s *Service) Create(ctx context.Context, m Meta, by int64) (id int64, err error) {
	defer errs.Wrap(&err, "publishing: create")
	if err := s.checkMeta(ctx, &m); err != nil {
		return 0, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err = s.insertWork(ctx, tx, &m, 0, by)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.publication.create", "publication", id, nil, m)
	})
	return id, err
}

func (s *Service) insertWork(ctx context.Context, tx db.Tx, m *Meta, submission int64, by int64) (int64, error) {
	now := s.now()
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO pub_works (submission_id, type, datestamp, created_at, updated_at) VALUES ($1, $2, $3, $3, $3) RETURNING id`,
		nullID(submission), string(m.Type), now.Unix()).Scan(&id)
	if err != nil {
		return 0, err
	}
	if err := insertVersion(ctx, tx, id, 1, m, "", by, now); err != nil {
		return 0, err
	}
	if err := writeWorkColumns(ctx, tx, id, 1, m, now); err != nil {
		return 0, err
	}
	return id, s.index(ctx, tx, id)
}

// checkMeta cleans the metadata and checks that its series exists.
func (s *Service) checkMeta(ctx context.Context, m *Meta) error {
	if err := m.clean(); err != nil {
		return err
	}
	if m.SeriesID != 0 {
		if _, err := getSeries(ctx, s.DB, m.SeriesID); err != nil {
			if err == ErrNotFound {
				return errs.Fields{"series_id": "pub.error.series"}.Err()
			}
			return err
		}
	}
	return nil
}

// Update corrects the latest version's metadata in place, when the work's
// revision is still revision (else a Conflict).
func (s *Service) Update(ctx context.Context, id int64, m Meta, revision int64) (err error) {
	defer errs.Wrap(&err, "publishing: update %d", id)
	if err := s.checkMeta(ctx, &m); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		w, err := s.liveWork(ctx, tx, id)
		if err != nil {
			return err
		}
		if w.revision != revision {
			return stale()
		}
		before, err := getMeta(ctx, tx, id, w.latest)
		if err != nil {
			return err
		}
		if err := updateVersion(ctx, tx, id, w.latest, &m); err != nil {
			return err
		}
		if err := writeWorkColumns(ctx, tx, id, w.latest, &m, s.now()); err != nil {
			return err
		}
		if err := s.index(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.publication.update", "publication", id, before, m)
	})
}

// NewVersion adds version n+1 with new metadata; the files of version n
// are carried over (the same stored files) until replaced.
func (s *Service) NewVersion(ctx context.Context, id int64, m Meta, note string, by int64) (n int, err error) {
	defer errs.Wrap(&err, "publishing: new version of %d", id)
	if err := s.checkMeta(ctx, &m); err != nil {
		return 0, err
	}
	if tooLong(note, MaxField) || !printable(note) {
		return 0, errs.Fields{"note": "pub.error.field_long"}.Err()
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		w, err := s.liveWork(ctx, tx, id)
		if err != nil {
			return err
		}
		n = w.latest + 1
		now := s.now()
		if err := insertVersion(ctx, tx, id, n, &m, note, by, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pub_files (work_id, version_n, name, content_type, size, blob_key, access, embargo_until, text_status, text_error, text, created_at)
			SELECT work_id, $3, name, content_type, size, blob_key, access, embargo_until, text_status, text_error, text, created_at FROM pub_files WHERE work_id = $1 AND version_n = $2 ORDER BY id`,
			id, w.latest, n); err != nil {
			return err
		}
		if err := writeWorkColumns(ctx, tx, id, n, &m, now); err != nil {
			return err
		}
		if err := s.index(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.publication.version", "publication", id, nil, map[string]any{"version": n, "note": note, "metadata": m})
	})
	return n, err
}

// Delete withdraws a publication: it leaves the pages, search and links,
// and stays in OAI-PMH as a deleted record with the deletion's datestamp.
func (s *Service) Delete(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "publishing: delete %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := s.liveWork(ctx, tx, id); err != nil {
			return err
		}
		now := s.now().Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE pub_works SET deleted_at = $2, datestamp = $2, revision = revision + 1 WHERE id = $1`, id, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pub_index WHERE work_id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "publishing.publication.delete", "publication", id, nil, nil)
	})
}

// liveWork is a work that exists and is not deleted.
func (s *Service) liveWork(ctx context.Context, q db.Querier, id int64) (*workRow, error) {
	w, err := getWork(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if w.deletedAt != 0 {
		return nil, ErrNotFound
	}
	return w, nil
}

// Get returns publication id at version n (0: the latest) with the files
// of that version and the list of versions. A deleted publication is
// ErrGone.
func (s *Service) Get(ctx context.Context, id int64, n int) (_ *Publication, err error) {
	defer errs.Wrap(&err, "publishing: get %d", id)
	w, err := getWork(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	if w.deletedAt != 0 {
		return nil, ErrGone
	}
	if n == 0 {
		n = w.latest
	}
	m, err := getMeta(ctx, s.DB, id, n)
	if err != nil {
		return nil, err
	}
	p := &Publication{ID: id, Version: n, Latest: w.latest, Meta: *m, Datestamp: time.Unix(w.datestamp, 0).UTC(), Revision: w.revision, SubmissionID: w.submissionID.Int64}
	if m.SeriesID != 0 {
		if p.Series, err = getSeries(ctx, s.DB, m.SeriesID); err != nil {
			return nil, err
		}
	}
	if p.Files, err = files(ctx, s.DB, id, n); err != nil {
		return nil, err
	}
	if p.Versions, err = versions(ctx, s.DB, id); err != nil {
		return nil, err
	}
	return p, nil
}

// ErrGone is a publication that was withdrawn.
var ErrGone = &errs.Error{Kind: errs.NotFound, Message: "pub.error.gone"}

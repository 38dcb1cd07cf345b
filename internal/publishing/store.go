package publishing

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// ErrNotFound is returned for a publication, version, series or file that
// does not exist (or that the reader may not see).
var ErrNotFound = &errs.Error{Kind: errs.NotFound, Message: "pub.error.not_found"}

func itoa(n int) string { return strconv.Itoa(n) }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// --- series ---

const seriesCols = `id, title_en, title_fr, title_es, issn, publisher, description, sample, revision, updated_at`

func scanSeries(row interface{ Scan(...any) error }) (*Series, error) {
	s := &Series{Titles: map[string]string{}}
	var en, fr, es string
	var sample int
	if err := row.Scan(&s.ID, &en, &fr, &es, &s.ISSN, &s.Publisher, &s.Description, &sample, &s.Revision, &s.UpdatedAt); err != nil {
		return nil, err
	}
	for l, t := range map[string]string{"en": en, "fr": fr, "es": es} {
		if t != "" {
			s.Titles[l] = t
		}
	}
	s.Sample = sample != 0
	return s, nil
}

func getSeries(ctx context.Context, q db.Querier, id int64) (*Series, error) {
	s, err := scanSeries(q.QueryRowContext(ctx, `SELECT `+seriesCols+` FROM pub_series WHERE id = $1`, id))
	return s, notFound(err)
}

func listSeries(ctx context.Context, q db.Querier) ([]Series, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+seriesCols+` FROM pub_series ORDER BY title_en, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Series
	for rows.Next() {
		s, err := scanSeries(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

// --- works and versions ---

type workRow struct {
	id, seriesID, datestamp, deletedAt, revision int64
	submissionID                                 sql.NullInt64
	latest                                       int
	typ, indexUntil                              string
}

func getWork(ctx context.Context, q db.Querier, id int64) (*workRow, error) {
	w := &workRow{id: id}
	var series sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT latest, series_id, submission_id, type, datestamp, deleted_at, revision, index_until FROM pub_works WHERE id = $1`, id).
		Scan(&w.latest, &series, &w.submissionID, &w.typ, &w.datestamp, &w.deletedAt, &w.revision, &w.indexUntil)
	w.seriesID = series.Int64
	return w, notFound(err)
}

func getMeta(ctx context.Context, q db.Querier, workID int64, n int) (*Meta, error) {
	var raw string
	err := q.QueryRowContext(ctx, `SELECT meta FROM pub_versions WHERE work_id = $1 AND n = $2`, workID, n).Scan(&raw)
	if err != nil {
		return nil, notFound(err)
	}
	m := &Meta{}
	if err := json.Unmarshal([]byte(raw), m); err != nil {
		return nil, fmt.Errorf("publication %d version %d: metadata: %w", workID, n, err)
	}
	return m, nil
}

func versions(ctx context.Context, q db.Querier, workID int64) ([]Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT n, note, created_at FROM pub_versions WHERE work_id = $1 ORDER BY n DESC`, workID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.N, &v.Note, &v.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// writeWorkColumns copies what browsing, filters and OAI-PMH select on
// from the latest version's metadata onto the work, and bumps its
// datestamp and revision.
func writeWorkColumns(ctx context.Context, q db.Querier, id int64, latest int, m *Meta, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE pub_works SET latest = $2, series_id = $3, series_number = $4, type = $5, pub_date = $6, year = $7,
		language = $8, topics = $9, countries = $10, title = $11, datestamp = $12, updated_at = $12, revision = revision + 1 WHERE id = $1`,
		id, latest, nullID(m.SeriesID), m.Number, string(m.Type), m.Date, m.Year(), m.Language,
		strings.Join(m.Topics, ","), strings.Join(m.Countries, ","), m.Title("en"), now.Unix())
	return err
}

func insertVersion(ctx context.Context, q db.Querier, workID int64, n int, m *Meta, note string, by int64, now time.Time) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO pub_versions (work_id, n, meta, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		workID, n, string(raw), note, nullID(by), now.Unix())
	return err
}

func updateVersion(ctx context.Context, q db.Querier, workID int64, n int, m *Meta) error {
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE pub_versions SET meta = $3 WHERE work_id = $1 AND n = $2`, workID, n, string(raw))
	return err
}

// --- files ---

const fileCols = `id, version_n, name, content_type, size, blob_key, access, embargo_until, text_status, text_error, created_at`

func scanFile(row interface{ Scan(...any) error }) (*File, error) {
	f := &File{}
	var access string
	err := row.Scan(&f.ID, &f.Version, &f.Name, &f.ContentType, &f.Size, &f.BlobKey, &access, &f.EmbargoUntil, &f.TextStatus, &f.TextError, &f.CreatedAt)
	f.Access = Access(access)
	return f, err
}

func files(ctx context.Context, q db.Querier, workID int64, n int) ([]File, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+fileCols+` FROM pub_files WHERE work_id = $1 AND version_n = $2 ORDER BY id`, workID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []File
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

func getFile(ctx context.Context, q db.Querier, workID, fileID int64) (*File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileCols+` FROM pub_files WHERE work_id = $1 AND id = $2`, workID, fileID))
	return f, notFound(err)
}

// fileTexts are the extracted texts of a version's files, by file id.
func fileTexts(ctx context.Context, q db.Querier, workID int64, n int) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, text FROM pub_files WHERE work_id = $1 AND version_n = $2 AND text_status = 'done'`, workID, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		out[id] = t
	}
	return out, rows.Err()
}

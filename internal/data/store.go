package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"corridor/internal/data/importers"
	"corridor/internal/db"
	"corridor/internal/errs"
)

const datasetCols = `id, source, release, title, licence, url, citation, format, file_name, sha256, size, blob_key, notes, observations, unmatched, imported_by, imported_at, status, basis`

func scanDataset(row interface{ Scan(...any) error }) (*Dataset, error) {
	var d Dataset
	var by sql.NullInt64
	err := row.Scan(&d.ID, &d.Source, &d.Release, &d.Title, &d.Licence, &d.URL, &d.Citation, &d.Format, &d.FileName, &d.SHA256, &d.Size, &d.BlobKey, &d.Notes, &d.Observations, &d.Unmatched, &by, &d.ImportedAt, &d.Status, &d.Basis)
	if err != nil {
		return nil, err
	}
	if by.Valid {
		d.ImportedBy = &by.Int64
	}
	return &d, nil
}

// Dataset returns one dataset.
func (s *Service) Dataset(ctx context.Context, id int64) (_ *Dataset, err error) {
	defer errs.Wrap(&err, "data: dataset %d", id)
	d, err := scanDataset(s.DB.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM data_datasets WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.New(errs.NotFound, "data.error.no_dataset")
	}
	return d, err
}

func (s *Service) datasetBySum(ctx context.Context, q db.Querier, source, sum string) (*Dataset, error) {
	d, err := scanDataset(q.QueryRowContext(ctx, `SELECT `+datasetCols+` FROM data_datasets WHERE source = $1 AND sha256 = $2`, source, sum))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return d, err
}

// Datasets lists datasets, newest first, after the id cursor (0: from the
// newest); draft and superseded estimates only when drafts is set (for
// curators).
func (s *Service) Datasets(ctx context.Context, before int64, limit int, drafts bool) (_ []Dataset, err error) {
	defer errs.Wrap(&err, "data: list datasets")
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+datasetCols+` FROM data_datasets WHERE id < $1`+publicOnly(drafts)+` ORDER BY id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Dataset
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// DatasetsAfter lists up to limit datasets with an id above the cursor
// after, oldest first (the API's pages).
func (s *Service) DatasetsAfter(ctx context.Context, after int64, limit int, drafts bool) (_ []Dataset, err error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+datasetCols+` FROM data_datasets WHERE id > $1`+publicOnly(drafts)+` ORDER BY id LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("data: datasets after %d: %w", after, err)
	}
	defer rows.Close()
	out := []Dataset{}
	for rows.Next() {
		d, err := scanDataset(rows)
		if err != nil {
			return nil, fmt.Errorf("data: datasets after %d: %w", after, err)
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// DatasetMeasure is one measure a dataset holds: the unit its values are
// in (empty when the source does not say) and how many values it has.
type DatasetMeasure struct {
	Measure      string `json:"measure"`
	Unit         string `json:"unit"`
	Observations int64  `json:"observations"`
}

// unitKeys are the catalog keys of the units, for pages.
var unitKeys = map[string]string{
	importers.UnitPeople: "data.unit.people", importers.UnitThousands: "data.unit.thousands", importers.UnitPercent: "data.unit.percent",
	importers.UnitPercentPerYear: "data.unit.percent_per_year", importers.UnitUSDMillion: "data.unit.usd_million",
}

// UnitKey is the catalog key of the measure's unit ("data.unit.none" when
// none was recorded).
func (m DatasetMeasure) UnitKey() string {
	if k, ok := unitKeys[m.Unit]; ok {
		return k
	}
	return "data.unit.none"
}

// Measures lists the measures of a dataset with their units.
func (s *Service) Measures(ctx context.Context, id int64) (_ []DatasetMeasure, err error) {
	defer errs.Wrap(&err, "data: measures of dataset %d", id)
	rows, err := s.DB.QueryContext(ctx, `SELECT measure, unit, observations FROM data_dataset_measures WHERE dataset_id = $1 ORDER BY measure`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DatasetMeasure{}
	for rows.Next() {
		var m DatasetMeasure
		if err := rows.Scan(&m.Measure, &m.Unit, &m.Observations); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// DatasetCoverage is what a dataset covers: its years and how many
// countries and territories (not aggregates) have a value on each side.
type DatasetCoverage struct {
	FirstYear    int `json:"first_year,omitempty"`
	LastYear     int `json:"last_year,omitempty"`
	Destinations int `json:"destinations"`
	Origins      int `json:"origins"`
}

// Coverage returns the years and places dataset id has values for.
func (s *Service) Coverage(ctx context.Context, id int64) (_ DatasetCoverage, err error) {
	defer errs.Wrap(&err, "data: coverage of dataset %d", id)
	var c DatasetCoverage
	d, err := s.Dataset(ctx, id)
	if err != nil {
		return c, err
	}
	table := valueTable(d)
	var first, last sql.NullInt64
	if err := s.DB.QueryRowContext(ctx, `SELECT MIN(year), MAX(year) FROM `+table+` WHERE dataset_id = $1 AND value IS NOT NULL`, id).Scan(&first, &last); err != nil {
		return c, err
	}
	c.FirstYear, c.LastYear = int(first.Int64), int(last.Int64)
	// Country codes are letters; M49 aggregates are digits.
	for _, side := range []struct {
		col string
		n   *int
	}{{"destination", &c.Destinations}, {"origin", &c.Origins}} {
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(DISTINCT `+side.col+`) FROM `+table+` WHERE dataset_id = $1 AND `+side.col+` >= 'A' AND value IS NOT NULL`, id).Scan(side.n); err != nil {
			return c, err
		}
	}
	return c, nil
}

// saveMeasures records the measures a (re)import stored, replacing what an
// earlier run recorded; the unit comes from the importers' list.
func saveMeasures(ctx context.Context, tx db.Tx, id int64, counts map[string]int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM data_dataset_measures WHERE dataset_id = $1`, id); err != nil {
		return err
	}
	names := make([]string, 0, len(counts))
	for m := range counts {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		if _, err := tx.ExecContext(ctx, `INSERT INTO data_dataset_measures (dataset_id, measure, unit, observations) VALUES ($1, $2, $3, $4)`,
			id, m, importers.Units[m], counts[m]); err != nil {
			return err
		}
	}
	return nil
}

// DatasetMap loads the datasets (up to 10,000) by id.
func (s *Service) DatasetMap(ctx context.Context) (map[int64]Dataset, error) {
	ds, err := s.Datasets(ctx, 0, 10000, true)
	if err != nil {
		return nil, fmt.Errorf("data: datasets: %w", err)
	}
	m := map[int64]Dataset{}
	for _, d := range ds {
		m[d.ID] = d
	}
	return m, nil
}

// Unmatched lists the names an import could not match.
func (s *Service) Unmatched(ctx context.Context, datasetID int64) (_ []Unmatched, err error) {
	defer errs.Wrap(&err, "data: unmatched names of dataset %d", datasetID)
	q := `SELECT id, dataset_id, name, location, occurrences FROM data_unmatched`
	args := []any{}
	if datasetID > 0 {
		q += ` WHERE dataset_id = $1`
		args = append(args, datasetID)
	}
	rows, err := s.DB.QueryContext(ctx, q+` ORDER BY dataset_id, name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unmatched
	for rows.Next() {
		var u Unmatched
		if err := rows.Scan(&u.ID, &u.DatasetID, &u.Name, &u.Location, &u.Occurrences); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Aliases lists the curators' name aliases.
func (s *Service) Aliases(ctx context.Context) ([]Alias, error) { return aliases(ctx, s.DB) }

func aliases(ctx context.Context, q db.Querier) ([]Alias, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, code FROM data_aliases ORDER BY name_key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Alias
	for rows.Next() {
		var a Alias
		if err := rows.Scan(&a.ID, &a.Name, &a.Code); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func newResolver(ctx context.Context, q db.Querier) (*resolver, error) {
	as, err := aliases(ctx, q)
	if err != nil {
		return nil, err
	}
	r := &resolver{aliases: map[string]string{}}
	for _, a := range as {
		r.aliases[nameKey(a.Name)] = a.Code
	}
	return r, nil
}

// obsInserter writes observations in prepared multi-row INSERTs.
type obsInserter struct {
	into   insertTarget
	ctx    context.Context
	tx     db.Tx
	engine db.Engine
	batch  int // rows per statement
	stmt   *sql.Stmt
	args   []any
	n      int
	total  int64
}

// newInserter: 100 rows (800 parameters) per statement on both engines.
// SQLite gets positional `?` parameters: with `$N` names it looks every
// name up among the statement's, which cost a third of an import.
func newInserter(ctx context.Context, tx db.Tx, engine db.Engine, into insertTarget) *obsInserter {
	const b = 100
	return &obsInserter{into: into, ctx: ctx, tx: tx, engine: engine, batch: b, args: make([]any, 0, 8*b)}
}

// insertTarget is a table observations are written to, and the column that
// takes Observation.DatasetID there.
type insertTarget struct{ table, owner string }

var observationRows = insertTarget{"data_observations", "dataset_id"}

func (w *obsInserter) close() {
	if w.stmt != nil {
		w.stmt.Close()
	}
}

func (w *obsInserter) add(o Observation) error {
	var v any
	if o.Value != nil {
		v = *o.Value
	}
	return w.addRow(o.DatasetID, o.Measure, o.Origin, o.Destination, o.Year, o.Sex, v, o.Flag)
}

// addRow queues one row; value is a float64 or nil (missing).
func (w *obsInserter) addRow(dataset int64, measure, origin, destination string, year int, sex string, value any, flag string) error {
	w.args = append(w.args, dataset, measure, origin, destination, year, sex, value, flag)
	w.n++
	if w.n == w.batch {
		return w.flush()
	}
	return nil
}

func (w *obsInserter) flush() error {
	if w.n == 0 {
		return nil
	}
	if w.n == w.batch && w.stmt == nil {
		stmt, err := w.tx.PrepareContext(w.ctx, w.into.insertSQL(w.n, w.engine))
		if err != nil {
			return fmt.Errorf("data: prepare insert: %w", err)
		}
		w.stmt = stmt
	}
	var err error
	if w.n == w.batch {
		_, err = w.stmt.ExecContext(w.ctx, w.args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, w.into.insertSQL(w.n, w.engine), w.args...)
	}
	if err != nil {
		return fmt.Errorf("data: insert into %s: %w", w.into.table, err)
	}
	w.total += int64(w.n)
	clear(w.args)
	w.args = w.args[:0]
	w.n = 0
	return nil
}

func (t insertTarget) insertSQL(n int, engine db.Engine) string {
	var b strings.Builder
	if engine == db.SQLite {
		// The rows were checked for duplicates before: OR ROLLBACK spares
		// SQLite the statement journal a multi-row INSERT otherwise writes
		// to undo itself halfway (a failure ends the whole transaction
		// instead, which the caller rolls back anyway).
		b.WriteString(`INSERT OR ROLLBACK INTO ` + t.table + ` (` + t.owner + `, measure, origin, destination, year, sex, value, flag) VALUES `)
	} else {
		b.WriteString(`INSERT INTO ` + t.table + ` (` + t.owner + `, measure, origin, destination, year, sex, value, flag) VALUES `)
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if engine == db.SQLite {
			b.WriteString("(?,?,?,?,?,?,?,?)")
			continue
		}
		p := i * 8
		fmt.Fprintf(&b, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+8)
	}
	return b.String()
}

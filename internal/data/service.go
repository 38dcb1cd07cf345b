package data

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/data/importers"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Service is the data domain: storage, imports and queries.
type Service struct {
	DB     *db.DB
	Blobs  blob.Store // may be nil (then uploaded files are not kept)
	Logger *slog.Logger
}

// NewService returns the data service.
func NewService(d *db.DB, blobs blob.Store, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, Blobs: blobs, Logger: logger}
}

// ImportRequest is one file to import.
type ImportRequest struct {
	Format   string
	FileName string
	Content  io.ReaderAt
	Size     int64
	// Release and Title override the format's (needed for tidy CSV files).
	Release, Title string
	// Meta, when set, replaces the format's description of the source
	// (the bundled demo samples say which real file they come from).
	Meta *importers.Meta
	// Strict fails the import when any name is unmatched, instead of
	// storing the matched rows and reporting the rest.
	Strict bool
	// BlobKey is set when the file is already in the blob store.
	BlobKey string
	// Progress is told how far the import is (bytes or rows of a total).
	Progress func(done, total int64)
	// Mapping, for the generic tidy formats, says which column holds what
	// (the curator's choice on the mapping form).
	Mapping *importers.Mapping
}

// ImportResult says what an import did.
type ImportResult struct {
	Dataset   *Dataset
	NoOp      bool // the same file was imported before: nothing changed
	Unmatched []Unmatched
}

// Import reads a file into a new dataset, all or nothing. Re-importing a
// file with the same checksum for the same source changes nothing.
func (s *Service) Import(ctx context.Context, req ImportRequest) (*ImportResult, error) {
	f, ok := importers.Lookup(req.Format)
	if !ok {
		return nil, errs.New(errs.Invalid, "unknown format %q (known: %s)", req.Format, formatNames())
	}
	in := importers.Input{Name: req.FileName, R: req.Content, Size: req.Size, Progress: req.Progress}
	if err := f.Check(in); err != nil {
		return nil, invalid(err)
	}
	mapping := ""
	if req.Mapping != nil {
		if !importers.IsTidy(f.Name) {
			return nil, errs.New(errs.Invalid, "a column mapping applies to the tidy formats only, not %q", f.Name)
		}
		f = importers.WithMapping(f, *req.Mapping)
		b, err := json.Marshal(req.Mapping)
		if err != nil {
			return nil, err
		}
		mapping = string(b)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(req.Content, 0, req.Size)); err != nil {
		return nil, err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	meta := f.Meta
	if req.Meta != nil {
		meta = *req.Meta
	}
	if existing, err := s.datasetBySum(ctx, s.DB, meta.Source, sum); err != nil {
		return nil, err
	} else if existing != nil {
		return &ImportResult{Dataset: existing, NoOp: true}, nil
	}
	if req.Title != "" {
		meta.Title = req.Title
	}
	if req.Release != "" {
		meta.Release = req.Release
	}
	if meta.Title == "" || meta.Source == "tidy-csv" && req.Title == "" && req.Meta == nil {
		meta.Title = req.FileName
	}
	blobKey := req.BlobKey
	if blobKey == "" && s.Blobs != nil {
		blobKey = "data/imports/" + sum
		if _, err := s.Blobs.Put(ctx, blobKey, "application/octet-stream", io.NewSectionReader(req.Content, 0, req.Size)); err != nil {
			return nil, fmt.Errorf("data: keep the file: %w", err)
		}
	}
	dropBlob := func() {
		if req.BlobKey == "" && s.Blobs != nil && blobKey != "" {
			s.Blobs.Delete(context.WithoutCancel(ctx), blobKey)
		}
	}
	p, err := s.parse(ctx, f, in, req.Strict)
	if err != nil {
		dropBlob()
		return nil, err
	}
	res := &ImportResult{}
	err = s.importTx(ctx, func(tx db.Tx, conn *sql.Conn) error {
		// Another import of the same file may have finished while this one
		// was parsing.
		if existing, err := s.datasetBySum(ctx, tx, meta.Source, sum); err != nil {
			return err
		} else if existing != nil {
			res.Dataset, res.NoOp = existing, true
			return nil
		}
		actor := audit.ActorFrom(ctx)
		var by any
		if actor.ID > 0 {
			by = actor.ID
		}
		ds := &Dataset{Source: meta.Source, Release: meta.Release, Title: meta.Title, Licence: meta.Licence, URL: meta.URL, Citation: meta.Citation,
			Format: f.Name, FileName: req.FileName, SHA256: sum, Size: req.Size, BlobKey: blobKey, Notes: meta.Notes, ImportedAt: db.Now()}
		err := tx.QueryRowContext(ctx, `INSERT INTO data_datasets (source, release, title, licence, url, citation, format, file_name, sha256, size, blob_key, notes, imported_by, imported_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
			ds.Source, ds.Release, ds.Title, ds.Licence, ds.URL, ds.Citation, ds.Format, ds.FileName, ds.SHA256, ds.Size, ds.BlobKey, ds.Notes, by, ds.ImportedAt).Scan(&ds.ID)
		if err != nil {
			return fmt.Errorf("data: insert dataset: %w", err)
		}
		if mapping != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE data_datasets SET mapping = $1 WHERE id = $2`, mapping, ds.ID); err != nil {
				return fmt.Errorf("data: dataset %d: save mapping: %w", ds.ID, err)
			}
		}
		if res.Unmatched, err = s.publish(ctx, tx, conn, ds, p); err != nil {
			return err
		}
		if ds.Release == "" && p.minYear > 0 {
			ds.Release = strconv.Itoa(p.minYear) + "–" + strconv.Itoa(p.maxYear)
			if _, err := tx.ExecContext(ctx, `UPDATE data_datasets SET release = $1 WHERE id = $2`, ds.Release, ds.ID); err != nil {
				return fmt.Errorf("data: dataset %d: save release: %w", ds.ID, err)
			}
		}
		res.Dataset = ds
		after := map[string]any{
			"source": ds.Source, "release": ds.Release, "format": ds.Format, "file": ds.FileName, "sha256": ds.SHA256,
			"observations": ds.Observations, "unmatched": ds.Unmatched}
		if req.Mapping != nil {
			after["mapping"] = req.Mapping
		}
		return audit.Record(ctx, tx, "data.import", "dataset", ds.ID, nil, after)
	})
	if err != nil {
		dropBlob()
		return nil, fmt.Errorf("data: import %s: %w", req.FileName, err)
	}
	return res, nil
}

// Rerun reads a dataset's kept file again — after curators mapped its
// unmatched names — and replaces its observations, all or nothing.
func (s *Service) Rerun(ctx context.Context, id int64, progress func(done, total int64)) (*ImportResult, error) {
	ds, err := s.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	f, ok := importers.Lookup(ds.Format)
	if !ok || ds.BlobKey == "" || s.Blobs == nil {
		return nil, errs.New(errs.Invalid, "data.error.no_file")
	}
	var mapping string
	if err := s.DB.QueryRowContext(ctx, `SELECT mapping FROM data_datasets WHERE id = $1`, id).Scan(&mapping); err != nil {
		return nil, err
	}
	if mapping != "" {
		var m importers.Mapping
		if err := json.Unmarshal([]byte(mapping), &m); err != nil {
			return nil, fmt.Errorf("data: dataset %d: bad stored mapping: %w", id, err)
		}
		f = importers.WithMapping(f, m)
	}
	tmp, size, err := s.blobToTemp(ctx, ds.BlobKey)
	if err != nil {
		return nil, err
	}
	defer tmp.close()
	p, err := s.parse(ctx, f, importers.Input{Name: ds.FileName, R: tmp.f, Size: size, Progress: progress}, false)
	if err != nil {
		return nil, err
	}
	res := &ImportResult{Dataset: ds}
	err = s.importTx(ctx, func(tx db.Tx, conn *sql.Conn) error {
		var err error
		before := map[string]any{"observations": ds.Observations, "unmatched": ds.Unmatched}
		for _, q := range []string{`DELETE FROM data_observations WHERE dataset_id = $1`, `DELETE FROM data_unmatched WHERE dataset_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("data: dataset %d: clear for rerun: %w", id, err)
			}
		}
		if res.Unmatched, err = s.publish(ctx, tx, conn, ds, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "data.rerun", "dataset", id, before, map[string]any{"observations": ds.Observations, "unmatched": ds.Unmatched})
	})
	if err != nil {
		return nil, fmt.Errorf("data: rerun dataset %d: %w", id, err)
	}
	return res, nil
}

// parsed is a file read into memory, not yet visible to anyone.
type parsed struct {
	rows             *parsedRows
	minYear, maxYear int
	perMeasure       map[string]int64
	missing          []Unmatched // names no area matched, sorted
}

// parse reads the input into memory (see parsedRows); it holds no
// transaction while it reads, so SQLite's one writer stays free for
// everyone else until the import publishes.
func (s *Service) parse(ctx context.Context, f importers.Format, in importers.Input, strict bool) (*parsed, error) {
	res, err := newResolver(ctx, s.DB)
	if err != nil {
		return nil, fmt.Errorf("data: load aliases: %w", err)
	}
	return s.parseInto(ctx, res, f, in, strict)
}

func (s *Service) parseInto(ctx context.Context, res *resolver, f importers.Format, in importers.Input, strict bool) (*parsed, error) {
	type miss struct {
		loc   string
		count int64
	}
	missing := map[string]*miss{}
	p := &parsed{rows: newParsedRows(), perMeasure: map[string]int64{}}
	resolve := func(pl importers.Place, l importers.Loc) (string, bool) {
		code, skip, ok := res.resolve(pl)
		if !ok {
			name := pl.String()
			if m := missing[name]; m != nil {
				m.count++
			} else {
				missing[name] = &miss{loc: l.String(), count: 1}
			}
			return "", false
		}
		return code, !skip
	}
	n := 0
	emit := func(r importers.Record) error {
		if n++; n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		o, okO := resolve(r.Origin, r.Loc)
		d, okD := resolve(r.Destination, r.Loc)
		if !okO || !okD {
			return nil
		}
		kept, err := p.rows.add(r, o, d, f.RepeatsOK)
		if err != nil || !kept {
			return err
		}
		if p.minYear == 0 || r.Year < p.minYear {
			p.minYear = r.Year
		}
		if r.Year > p.maxYear {
			p.maxYear = r.Year
		}
		p.perMeasure[r.Measure]++
		return nil
	}
	if err := f.Parse(in, emit); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, invalid(err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.rows.done()
	names := make([]string, 0, len(missing))
	for n := range missing {
		names = append(names, n)
	}
	sort.Strings(names)
	if strict && len(names) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d name(s) match no country or region; map them (data curators: aliases) and import again:", len(names))
		for _, n := range names {
			fmt.Fprintf(&b, "\n  %q at %s (%d values)", n, missing[n].loc, missing[n].count)
		}
		return nil, errs.New(errs.Invalid, "%s", b.String())
	}
	for _, n := range names {
		p.missing = append(p.missing, Unmatched{Name: n, Location: missing[n].loc, Occurrences: missing[n].count})
	}
	return p, nil
}

// publish makes a parsed file ds's observations, inside tx: the rows, the
// measures, the unmatched names and the counts.
func (s *Service) publish(ctx context.Context, tx db.Tx, conn *sql.Conn, ds *Dataset, p *parsed) ([]Unmatched, error) {
	var n int64
	if s.DB.Engine == db.Postgres {
		var err error
		if n, err = p.rows.copyRows(ctx, conn, ds.ID); err != nil {
			return nil, fmt.Errorf("data: dataset %d: %w", ds.ID, err)
		}
	} else {
		w := newInserter(ctx, tx, s.DB.Engine, observationRows)
		defer w.close()
		if err := p.rows.write(w, ds.ID); err != nil {
			return nil, fmt.Errorf("data: dataset %d: %w", ds.ID, err)
		}
		n = w.total
	}
	if err := saveMeasures(ctx, tx, ds.ID, p.perMeasure); err != nil {
		return nil, fmt.Errorf("data: dataset %d: save measures: %w", ds.ID, err)
	}
	var unmatched []Unmatched
	for _, u := range p.missing {
		u.DatasetID = ds.ID
		if err := tx.QueryRowContext(ctx, `INSERT INTO data_unmatched (dataset_id, name, location, occurrences) VALUES ($1,$2,$3,$4) RETURNING id`,
			u.DatasetID, u.Name, u.Location, u.Occurrences).Scan(&u.ID); err != nil {
			return nil, fmt.Errorf("data: dataset %d: save unmatched name: %w", ds.ID, err)
		}
		unmatched = append(unmatched, u)
	}
	ds.Observations, ds.Unmatched = n, int64(len(p.missing))
	if _, err := tx.ExecContext(ctx, `UPDATE data_datasets SET observations = $1, unmatched = $2 WHERE id = $3`, ds.Observations, ds.Unmatched, ds.ID); err != nil {
		return nil, fmt.Errorf("data: dataset %d: save counts: %w", ds.ID, err)
	}
	return unmatched, nil
}

// invalid turns a file error into an input error that keeps its location.
func invalid(err error) error {
	var ie *importers.Error
	if errors.As(err, &ie) {
		return &errs.Error{Kind: errs.Invalid, Message: ie.Error()}
	}
	return err
}

func formatNames() string {
	var names []string
	for _, f := range importers.Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// SetAlias maps a source's name to an area code ("-": not a place).
func (s *Service) SetAlias(ctx context.Context, name, code string) (_ *Alias, err error) {
	defer errs.Wrap(&err, "data: set alias %q", name)
	name = strings.TrimSpace(name)
	code = strings.TrimSpace(code)
	fields := errs.Fields{}
	if name == "" || len(name) > 200 {
		fields.Add("name", "data.error.alias_name")
	}
	if code != "-" {
		a, ok := LookupArea(code, "en")
		if !ok {
			fields.Add("code", "data.error.alias_code")
		} else {
			code = a.Code
		}
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	a := &Alias{Name: name, Code: code}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var by any
		if id := audit.ActorFrom(ctx).ID; id > 0 {
			by = id
		}
		var before *Alias
		var old Alias
		if err := tx.QueryRowContext(ctx, `SELECT id, name, code FROM data_aliases WHERE name_key = $1`, nameKey(name)).Scan(&old.ID, &old.Name, &old.Code); err == nil {
			before = &old
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO data_aliases (name_key, name, code, created_by, created_at) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, code = excluded.code, created_by = excluded.created_by, created_at = excluded.created_at
			RETURNING id`, nameKey(name), name, code, by, db.Now()).Scan(&a.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "data.alias.set", "data_alias", a.ID, before, a)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

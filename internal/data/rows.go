package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"runtime/debug"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"corridor/internal/data/importers"
	"corridor/internal/db"
)

// parsedRows holds an import's values in memory between parsing and
// publishing, compactly: every string (measure, area code, sex, flag,
// the source's spelling of a place, a location without its row) is stored
// once and rows refer to it by number. The UNHCR population file's 277,494
// values take about 15 MB here, where a row table in the database cost a
// second write of every value and a map of string keys cost 150 MB.
type parsedRows struct {
	strs  []string
	strID map[string]uint32
	// places and locs are the source's spellings and the locations of the
	// first occurrence of each value, for the duplicate check's message.
	places  []importers.Place
	placeID map[importers.Place]uint32
	locs    []importers.Loc
	locID   map[importers.Loc]uint32
	chunks  [][]parsedRow // rows in chunks of rowChunk, never copied to grow
	n       int
	// seen finds the row that already holds a key.
	seen map[rowKey]int32
}

type parsedRow struct {
	value                             float64
	measure, origin, destination, sex uint32
	flag                              uint32
	year                              int32
	srcOrigin, srcDestination         uint32
	loc                               uint32 // locs entry (its Row is 0)
	locRow                            int32
	missing                           bool
}

const rowChunk = 8192

func (p *parsedRows) row(i int) *parsedRow { return &p.chunks[i/rowChunk][i%rowChunk] }

// rowKey is what makes a value unique in a dataset.
type rowKey struct {
	measure, origin, destination, sex uint32
	year                              int32
}

func newParsedRows() *parsedRows {
	return &parsedRows{strID: map[string]uint32{}, placeID: map[importers.Place]uint32{}, locID: map[importers.Loc]uint32{}, seen: map[rowKey]int32{}}
}

func (p *parsedRows) str(s string) uint32 {
	if id, ok := p.strID[s]; ok {
		return id
	}
	id := uint32(len(p.strs))
	p.strs = append(p.strs, s)
	p.strID[s] = id
	return id
}

func (p *parsedRows) place(pl importers.Place) uint32 {
	if id, ok := p.placeID[pl]; ok {
		return id
	}
	id := uint32(len(p.places))
	p.places = append(p.places, pl)
	p.placeID[pl] = id
	return id
}

func (p *parsedRows) loc(l importers.Loc) (uint32, int32) {
	row := int32(l.Row)
	l.Row = 0
	if id, ok := p.locID[l]; ok {
		return id, row
	}
	id := uint32(len(p.locs))
	p.locs = append(p.locs, l)
	p.locID[l] = id
	return id, row
}

// add keeps r under the resolved codes o and d. A repeat of a key is kept
// once when the source names the same area under two labels (UN DESA lists
// a region both as a geographic and as an SDG region) or the format allows
// repeats, and its value is the same; any other repeat is an error naming
// both places in the file. kept says whether r was a new value.
func (p *parsedRows) add(r importers.Record, o, d string, repeatsOK bool) (kept bool, err error) {
	k := rowKey{measure: p.str(r.Measure), origin: p.str(o), destination: p.str(d), sex: p.str(r.Sex), year: int32(r.Year)}
	if int(k.year) != r.Year {
		return false, &importers.Error{Loc: r.Loc, Msg: fmt.Sprintf("year %d out of range", r.Year)}
	}
	srcO, srcD := p.place(r.Origin), p.place(r.Destination)
	if i, dup := p.seen[k]; dup {
		prev := p.row(int(i))
		if (repeatsOK || prev.srcOrigin != srcO || prev.srcDestination != srcD) && prev.value == r.Value && prev.missing == r.Missing {
			return false, nil
		}
		first := p.locs[prev.loc]
		first.Row = int(prev.locRow)
		return false, &importers.Error{Loc: r.Loc, Msg: fmt.Sprintf("duplicated value: %s, %s → %s, %d, %s was already given at %s", r.Measure, r.Origin, r.Destination, r.Year, r.Sex, first)}
	}
	loc, locRow := p.loc(r.Loc)
	row := parsedRow{measure: k.measure, origin: k.origin, destination: k.destination, sex: k.sex, year: k.year,
		value: r.Value, flag: p.str(r.Flag), srcOrigin: srcO, srcDestination: srcD, loc: loc, locRow: locRow, missing: r.Missing}
	p.seen[k] = int32(p.n)
	if p.n%rowChunk == 0 {
		p.chunks = append(p.chunks, make([]parsedRow, 0, rowChunk))
	}
	c := &p.chunks[len(p.chunks)-1]
	*c = append(*c, row)
	p.n++
	return true, nil
}

// done ends parsing: the duplicate check's index is no longer needed, and
// the memory the parse churned through (CSV records, XML tokens) goes back
// to the system before the write grows SQLite's page cache; together they
// kept the UNHCR population import above 100 MB.
func (p *parsedRows) done() {
	p.seen = nil
	p.placeID, p.locID = nil, nil
	debug.FreeOSMemory()
}

// write inserts every row as dataset id's observations through w.
func (p *parsedRows) write(w *obsInserter, id int64) error {
	for i := 0; i < p.n; i++ {
		r := p.row(i)
		var v any
		if !r.missing {
			v = r.value
		}
		if err := w.addRow(id, p.strs[r.measure], p.strs[r.origin], p.strs[r.destination], int(r.year), p.strs[r.sex], v, p.strs[r.flag]); err != nil {
			return err
		}
	}
	return w.flush()
}

// importTx runs fn, which publishes an import, in one transaction on one
// connection of its own, which fn's writer (see publish) also uses.
//
// On SQLite the writer connection's foreign-key checks are off while it
// runs: with them on, SQLite journals every page a multi-row INSERT
// touches so it can undo the statement halfway (a checked foreign key "may
// abort"), which doubled the writes of an import. Every row it writes
// belongs to the dataset created in the same transaction, and duplicates
// were refused while parsing.
func (s *Service) importTx(ctx context.Context, fn func(tx db.Tx, conn *sql.Conn) error) error {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data: import: connection: %w", err)
	}
	defer conn.Close()
	if s.DB.Engine == db.SQLite {
		restore, err := sqliteBulkMode(ctx, conn)
		if err != nil {
			return err
		}
		defer restore()
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: import: begin: %w", err)
	}
	if err := fn(tx, conn); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: import: commit: %w", err)
	}
	return nil
}

// sqliteBulkMode turns the connection's foreign-key checks off and gives it
// a bigger page cache, 12 MB (with the default 2 MB, SQLite spilled half-written
// index pages to the log and read them back); restore puts both back, or
// discards the connection when it cannot.
func sqliteBulkMode(ctx context.Context, conn *sql.Conn) (restore func(), err error) {
	var cache int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return nil, fmt.Errorf("data: import: %w", err)
	}
	restore = func() {
		q := fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA foreign_keys = ON`, cache)
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), q); err != nil {
			// Never hand the connection back without its checks.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF; PRAGMA cache_size = -12288`); err != nil {
		restore()
		return nil, fmt.Errorf("data: import: %w", err)
	}
	return restore, nil
}

// copyRows writes the rows as dataset id's observations with PostgreSQL's
// COPY, on the connection that holds the import's transaction: one round
// trip instead of one per 100 rows.
func (p *parsedRows) copyRows(ctx context.Context, conn *sql.Conn, id int64) (n int64, err error) {
	err = conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("data: copy rows: not a PostgreSQL connection (%T)", dc)
		}
		row := make([]any, 8)
		src := pgx.CopyFromSlice(p.n, func(i int) ([]any, error) {
			r := p.row(i)
			var v any
			if !r.missing {
				v = r.value
			}
			row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] = id, p.strs[r.measure], p.strs[r.origin], p.strs[r.destination], int32(r.year), p.strs[r.sex], v, p.strs[r.flag]
			return row, nil
		})
		n, err = pc.Conn().CopyFrom(ctx, pgx.Identifier{"data_observations"}, []string{"dataset_id", "measure", "origin", "destination", "year", "sex", "value", "flag"}, src)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("data: copy rows into data_observations: %w", err)
	}
	return n, nil
}

package data

import (
	"context"
	"database/sql/driver"
	"fmt"

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
	rows    []parsedRow
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
		prev := &p.rows[i]
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
	p.seen[k] = int32(len(p.rows))
	p.rows = append(p.rows, row)
	return true, nil
}

// parsed is done: the duplicate check's index is no longer needed.
func (p *parsedRows) done() {
	p.seen = nil
	p.placeID, p.locID = nil, nil
}

// write inserts every row as dataset id's observations through w.
func (p *parsedRows) write(w *obsInserter, id int64) error {
	for i := range p.rows {
		r := &p.rows[i]
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

// importTx runs fn, which publishes an import, in one transaction. On
// SQLite the writer connection's foreign-key checks are off while it runs:
// with them on, SQLite journals every page a multi-row INSERT touches so
// it can undo the statement halfway (a checked foreign key "may abort"),
// which doubled the writes of an import. Every row it writes belongs to
// the dataset created in the same transaction, and the duplicates were
// refused while parsing.
func (s *Service) importTx(ctx context.Context, fn func(tx db.Tx) error) error {
	if s.DB.Engine != db.SQLite {
		return s.DB.InTx(ctx, fn)
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("data: import: writer connection: %w", err)
	}
	defer conn.Close()
	// A bigger page cache while the import writes: with the default 2 MB,
	// SQLite spilled half-written index pages to the log and read them back.
	var cache int64
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return fmt.Errorf("data: import: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("data: import: %w", err)
	}
	defer func() {
		restore := fmt.Sprintf(`PRAGMA cache_size = %d; PRAGMA foreign_keys = ON`, cache)
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), restore); err != nil {
			// Never hand the connection back without its checks.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if _, err := conn.ExecContext(ctx, `PRAGMA cache_size = -32768`); err != nil {
		return fmt.Errorf("data: import: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: import: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: import: commit: %w", err)
	}
	return nil
}

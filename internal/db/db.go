// Package db opens Corridor's database — embedded SQLite by default,
// PostgreSQL when a postgres:// URL is given — and applies the migrations.
//
// Every domain writes one SQL text for both engines: `$1` placeholders,
// RETURNING, ON CONFLICT and integer unix timestamps work on both. Where the
// engines differ the difference lives in a Dialect method, never in a domain.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names the database engine behind a DB.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is a database handle that knows its engine.
type DB struct {
	*sql.DB
	Engine Engine
	// Path is the SQLite file (empty for PostgreSQL).
	Path string
	// URL is the PostgreSQL connection URL (empty for SQLite).
	URL string
	// reader is SQLite's pool of read-only connections: reads outside a
	// transaction run there, beside the one writer, so pages and searches
	// neither queue behind each other nor behind an import (WAL lets
	// readers see the last commit while a write is under way).
	reader *sql.DB
	// prepared holds the statements QueryPrepared made, by query text.
	prepared *sync.Map
}

// readerConns is the size of SQLite's read pool.
const readerConns = 8

// QueryContext runs a query; on SQLite a SELECT outside a transaction goes
// to the read pool.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.poolFor(query).QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query expected to return at most one row; on
// SQLite a SELECT outside a transaction goes to the read pool.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.poolFor(query).QueryRowContext(ctx, query, args...)
}

// QueryPrepared runs a read whose statement is prepared once per handle
// and then reused. It is for the few hot reads (a search's steps) whose
// long statement costs SQLite more to parse than to run; the query text
// must be one of a fixed few, never built from input. PostgreSQL's driver
// caches its statements already, so only SQLite handles keep prepared ones
// (prepared is nil otherwise) and elsewhere it is QueryContext.
func (d *DB) QueryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if d.prepared == nil {
		return d.QueryContext(ctx, query, args...)
	}
	if st, ok := d.prepared.Load(query); ok {
		return st.(*sql.Stmt).QueryContext(ctx, args...)
	}
	st, err := d.poolFor(query).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := d.prepared.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return st.QueryContext(ctx, args...)
}

// Close closes the writer and the read pool.
func (d *DB) Close() error {
	if d.prepared != nil {
		d.prepared.Range(func(_, st any) bool {
			st.(*sql.Stmt).Close()
			return true
		})
	}
	if d.reader != nil {
		d.reader.Close()
	}
	return d.DB.Close()
}

func (d *DB) poolFor(query string) *sql.DB {
	if d.reader != nil && isSelect(query) {
		return d.reader
	}
	return d.DB
}

// isSelect reports whether a statement only reads: it starts with SELECT
// (an INSERT … RETURNING, read through QueryRow, must go to the writer).
func isSelect(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "select")
}

// Open opens the database named by dsn: a postgres:// (or postgresql://)
// URL selects PostgreSQL, anything else is a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgresURL(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// IsPostgresURL reports whether dsn selects PostgreSQL.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("db: empty SQLite path")
	}
	if path != ":memory:" {
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			return nil, fmt.Errorf("db: create data directory: %w", err)
		}
	}
	sqldb, err := openSQLitePool(ctx, path, 1, "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)")
	if err != nil {
		return nil, err
	}
	d := &DB{DB: sqldb, Engine: SQLite, Path: path, prepared: &sync.Map{}}
	if path != ":memory:" {
		// Opened after the writer has switched the file to WAL.
		// Readers map the file (shared with the OS's page cache) rather
		// than copy each page in with a system call: a broad search
		// visits thousands of pages.
		if d.reader, err = openSQLitePool(ctx, path, readerConns, "query_only(1)", "mmap_size(1073741824)"); err != nil {
			sqldb.Close()
			return nil, err
		}
	}
	return d, nil
}

// openSQLitePool opens conns connections to the file with these pragmas.
// The writer gets one: SQLite has one writer, and one connection avoids
// SQLITE_BUSY storms and keeps transactions serialised, which the job queue
// relies on.
func openSQLitePool(ctx context.Context, path string, conns int, pragmas ...string) (*sql.DB, error) {
	q := url.Values{}
	for _, p := range append([]string{"busy_timeout(10000)"}, pragmas...) {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	sqldb, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(conns)
	sqldb.SetMaxIdleConns(conns)
	sqldb.SetConnMaxLifetime(0)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	return sqldb, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	sqldb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	sqldb.SetMaxOpenConns(20)
	// As many kept open as may be open: database/sql keeps two by default,
	// so a burst of requests closed and reopened connections — a new server
	// process each, its prepared statements lost — on every other query.
	sqldb.SetMaxIdleConns(20)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqldb.PingContext(pingCtx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("db: connect to postgres: %w", err)
	}
	return &DB{DB: sqldb, Engine: Postgres, URL: dsn}, nil
}

// InTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise, so a failed write leaves nothing half-done.
func (d *DB) InTx(ctx context.Context, fn func(tx Tx) error) error {
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Querier is what both *sql.DB and *sql.Tx offer; stores take it so that a
// caller can put several stores' writes in one transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// SkipLocked is the clause that lets several processes claim different queue
// rows at once. SQLite serialises writers, so it needs none.
func (d *DB) SkipLocked() string {
	if d.Engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// Now returns the current time as the unix seconds stored in every table.
func Now() int64 { return time.Now().Unix() }

// Tx is a transaction handle.
type Tx = *sql.Tx

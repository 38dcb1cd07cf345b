package backup

import (
	"context"
	"errors"
	"fmt"
	"os"

	"corridor/internal/db"
)

// ErrInUse is returned by a restore while another process has the
// database open.
var ErrInUse = errors.New("the database is in use by another corridor process (serve, user, backup…); stop it, then restore")

// lockClass is the first key of PostgreSQL's two-key advisory locks that
// Corridor takes; the second is the schema's hash, so two Corridors in two
// schemas of one database do not block each other.
const lockClass = 0x636f72 // "cor"

// LockPath is the lock file kept beside a SQLite database.
func LockPath(dbPath string) string { return dbPath + ".lock" }

// HoldInUse marks d as open by this process until release is called (or
// the process ends, even by a kill: the operating system or PostgreSQL
// drops the lock with the process). Any number of processes may hold it
// together; a restore needs it alone, so it refuses while one is held.
//
// On SQLite it is a shared flock on LockPath; on PostgreSQL a shared
// session advisory lock on a connection kept aside for it, which works
// across machines too.
func HoldInUse(ctx context.Context, d *db.DB) (release func(), err error) {
	if d.Engine == db.SQLite {
		f, err := lockFile(LockPath(d.Path), false)
		if err != nil {
			return nil, err
		}
		return func() { f.Close() }, nil
	}
	conn, err := d.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock_shared($1, hashtext(current_schema()))`, lockClass).Scan(&ok); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock: %w", err)
	}
	if !ok {
		conn.Close()
		return nil, errors.New("a restore of this database is under way; start corridor again once it has finished")
	}
	// Closing the connection ends the session and with it the lock.
	return func() { conn.Close() }, nil
}

// lockFile opens path and takes its flock, shared or exclusive, without
// waiting. The lock lasts as long as the returned file is open.
func lockFile(path string, exclusive bool) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := flock(f, exclusive); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			if exclusive {
				return nil, fmt.Errorf("%s: %w", path, ErrInUse)
			}
			return nil, fmt.Errorf("%s: a restore of this database is under way; start corridor again once it has finished", path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

// lockPostgresAlone takes the exclusive advisory lock for a restore on a
// connection of its own, or returns ErrInUse when a corridor process
// holds the shared one.
func lockPostgresAlone(ctx context.Context, dsn string) (release func(), err error) {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	conn, err := d.Conn(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	var ok bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, hashtext(current_schema()))`, lockClass).Scan(&ok); err != nil {
		conn.Close()
		d.Close()
		return nil, fmt.Errorf("restore: lock: %w", err)
	}
	if !ok {
		conn.Close()
		d.Close()
		return nil, fmt.Errorf("restore: %w", ErrInUse)
	}
	return func() { conn.Close(); d.Close() }, nil
}

// OthersInUse returns how many other processes hold the database's in-use
// lock. Only PostgreSQL can tell (SQLite serves one machine, and its file
// lock does not say who holds it), so it returns 0 there.
func OthersInUse(ctx context.Context, d *db.DB) (int, error) {
	if d.Engine != db.Postgres {
		return 0, nil
	}
	var n int
	err := d.QueryRowContext(ctx, `SELECT COUNT(DISTINCT pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::oid
		AND objid = hashtext(current_schema())::oid AND pid <> pg_backend_pid()`, lockClass).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("lock: who else uses the database: %w", err)
	}
	// This process's own lock is on a connection of its own, not the one
	// that asked.
	return max(n-1, 0), nil
}

// Package backup makes and restores consistent copies of Corridor's
// database: SQLite's VACUUM INTO while the server runs, or pg_dump and
// pg_restore for PostgreSQL, with the uploaded files of the dir blob store
// beside it in an archive (archive.go).
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"corridor/internal/db"
)

// DefaultName returns a time-stamped backup file name: .tar for an archive
// that holds uploaded files too, else .db or .pgdump for the engine.
func DefaultName(dir string, engine db.Engine, withFiles bool, now time.Time) string {
	ext := ".db"
	if engine == db.Postgres {
		ext = ".pgdump"
	}
	if withFiles {
		ext = ".tar"
	}
	return filepath.Join(dir, "corridor-"+now.UTC().Format("20060102T150405Z")+ext)
}

// Create writes a consistent copy of d to path. On SQLite it is an online
// copy (VACUUM INTO, readers and the writer go on); on PostgreSQL it runs
// pg_dump in custom format, which must be installed.
func Create(ctx context.Context, d *db.DB, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	if d.Engine == db.SQLite {
		if _, err := d.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		return nil
	}
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return errors.New("backup: pg_dump is not installed; install the PostgreSQL client (Debian: postgresql-client) or back up with your provider's tools")
	}
	conn, schema := libpqURL(d.URL)
	args := []string{"--format=custom", "--no-owner", "--file=" + path, "--dbname=" + conn}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	out, err := exec.CommandContext(ctx, pgDump, args...).CombinedOutput()
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
	}
	return nil
}

// restoreSQLite replaces the SQLite database at dbPath with the backup at
// from, after checking the backup's integrity. The caller holds the lock.
func restoreSQLite(ctx context.Context, from, dbPath string) error {
	check, err := db.Open(ctx, from)
	if err != nil {
		return fmt.Errorf("restore: %s is not a Corridor SQLite backup: %w", from, err)
	}
	var result string
	err = check.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result)
	if err == nil && result != "ok" {
		err = errors.New(result)
	}
	var n int
	if err == nil {
		err = check.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	}
	check.Close()
	// Opening in WAL mode leaves side files next to the backup; remove them.
	os.Remove(from + "-wal")
	os.Remove(from + "-shm")
	if err != nil {
		return fmt.Errorf("restore: %s failed its check: %w", from, err)
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		return err
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(dbPath + side)
	}
	return os.Rename(tmp, dbPath)
}

// restorePostgres loads a pg_dump custom-format file into the database at
// dbURL, replacing the objects it contains. The caller holds the lock.
func restorePostgres(ctx context.Context, pgRestore, from, dbURL string) error {
	conn, _ := libpqURL(dbURL)
	out, err := exec.CommandContext(ctx, pgRestore, "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname="+conn, from).CombinedOutput()
	if err != nil {
		return fmt.Errorf("restore: pg_restore: %v: %s", err, out)
	}
	return nil
}

// libpqURL removes the search_path parameter, which pgx understands and
// libpq's tools refuse, and returns it as the schema to dump.
func libpqURL(raw string) (conn, schema string) {
	u, err := url.Parse(raw)
	if err != nil {
		return raw, ""
	}
	q := u.Query()
	schema = q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

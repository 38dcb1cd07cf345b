package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"corridor/internal/blob"
	"corridor/internal/db"
)

// An archive is a tar file holding the database copy, under
// archiveDBName, and every uploaded file of the blob directory under
// "blobs/<key>". A plain database copy (.db, .pgdump) is what Create writes
// when the files live in the database; Restore reads both.
const archiveBlobs = "blobs/"

func archiveDBName(engine db.Engine) string {
	if engine == db.Postgres {
		return "corridor.pgdump"
	}
	return "corridor.db"
}

// CreateArchive writes a consistent copy of d and the files under blobRoot
// (the dir blob store) into one tar archive at path. The database is
// copied first: a file its copy names was written before its row (uploads
// are stored, then recorded), so it is on disk when the files are read.
func CreateArchive(ctx context.Context, d *db.DB, path, blobRoot string) (err error) {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists already", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	dbCopy := path + ".database-part"
	os.Remove(dbCopy)
	if err := Create(ctx, d, dbCopy); err != nil {
		return err
	}
	defer os.Remove(dbCopy)
	out, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			out.Close()
			os.Remove(path)
		}
	}()
	tw := tar.NewWriter(out)
	if err := addFile(tw, dbCopy, archiveDBName(d.Engine)); err != nil {
		return err
	}
	err = filepath.WalkDir(blobRoot, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == blobRoot {
			return filepath.SkipDir // no upload yet
		}
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(blobRoot, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if blob.CheckKey(key) != nil || !e.Type().IsRegular() {
			return nil // an upload being written (.upload-*), or not ours
		}
		return addFile(tw, p, archiveBlobs+key)
	})
	if err != nil {
		return fmt.Errorf("backup: files: %w", err)
	}
	if err := tw.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return out.Close()
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted since the database was copied
		}
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// isArchive reports whether the file at path is a tar archive (the POSIX
// magic at offset 257) rather than a plain database copy.
func isArchive(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	head := make([]byte, 262)
	if _, err := io.ReadFull(f, head); err != nil {
		return false, nil // too short for a tar; the database check names the problem
	}
	return bytes.Equal(head[257:262], []byte("ustar")), nil
}

// Restore replaces the database at dsn (a SQLite path or a PostgreSQL URL)
// with the backup at from and, when from is an archive, the files under
// blobRoot with the archive's. A plain database copy from before archives
// existed restores the database alone. It refuses with ErrInUse while
// another corridor process has the database open, and changes nothing
// when the backup fails its checks.
func Restore(ctx context.Context, from, dsn, blobRoot string) error {
	archive, err := isArchive(from)
	if err != nil {
		return err
	}
	engine, pgRestore := db.SQLite, ""
	if db.IsPostgresURL(dsn) {
		engine = db.Postgres
		if pgRestore, err = exec.LookPath("pg_restore"); err != nil {
			return errors.New("restore: pg_restore is not installed; install the PostgreSQL client (Debian: postgresql-client)")
		}
		release, err := lockPostgresAlone(ctx, dsn)
		if err != nil {
			return err
		}
		defer release()
	} else {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o750); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		lock, err := lockFile(LockPath(dsn), true)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		defer lock.Close()
	}
	restoreDB := func(file string) error {
		if engine == db.Postgres {
			return restorePostgres(ctx, pgRestore, file, dsn)
		}
		return restoreSQLite(ctx, file, dsn)
	}
	if !archive {
		return restoreDB(from)
	}
	// Unpack beside the blob directory, so the files move in by a rename.
	if err := os.MkdirAll(filepath.Dir(blobRoot), 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	work, err := os.MkdirTemp(filepath.Dir(blobRoot), ".restore-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(work)
	dbFile, files := filepath.Join(work, archiveDBName(engine)), filepath.Join(work, "blobs")
	if err := unpack(from, engine, dbFile, files); err != nil {
		return err
	}
	if err := restoreDB(dbFile); err != nil {
		return fmt.Errorf("%w (the database unpacked from %s)", err, from)
	}
	old := blobRoot + ".before-restore"
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("restore: files: %w", err)
	}
	if err := os.Rename(blobRoot, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("restore: files: %w", err)
	}
	if err := os.Rename(files, blobRoot); err != nil {
		return fmt.Errorf("restore: files: %w", err)
	}
	return os.RemoveAll(old)
}

// unpack writes the archive's database copy to dbFile and its uploaded
// files under files, refusing any entry that is not one of those.
func unpack(from string, engine db.Engine, dbFile, files string) error {
	f, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	if err := os.MkdirAll(files, 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	sawDB := false
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("restore: %s: %w", from, err)
		}
		var to string
		switch key, isFile := strings.CutPrefix(h.Name, archiveBlobs); {
		case h.Name == archiveDBName(engine):
			to, sawDB = dbFile, true
		case h.Name == "corridor.db" || h.Name == "corridor.pgdump":
			return fmt.Errorf("restore: %s holds %s, a copy of the other database engine than this Corridor's (%s)", from, h.Name, engine)
		case isFile && blob.CheckKey(key) == nil:
			to = filepath.Join(files, filepath.FromSlash(key))
		default:
			return fmt.Errorf("restore: %s: unexpected entry %q; not a Corridor backup", from, h.Name)
		}
		if h.Typeflag != tar.TypeReg {
			return fmt.Errorf("restore: %s: entry %q is not a regular file", from, h.Name)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		if err := writeFrom(tr, to); err != nil {
			return fmt.Errorf("restore: %s: %w", h.Name, err)
		}
	}
	if !sawDB {
		return fmt.Errorf("restore: %s has no %s; not a Corridor backup of this engine", from, archiveDBName(engine))
	}
	return nil
}

func writeFrom(r io.Reader, to string) error {
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

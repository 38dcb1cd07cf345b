// Package blob stores uploaded files behind a small interface: a local
// directory by default, or the database, which every process of a
// scale-out deployment shares.
package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"corridor/internal/db"
)

// ErrNotFound is returned for a missing key.
var ErrNotFound = errors.New("blob: not found")

// Info describes a stored file.
type Info struct {
	Key         string
	ContentType string
	Size        int64
	SHA256      string
}

// Store keeps files by key.
type Store interface {
	Put(ctx context.Context, key, contentType string, r io.Reader) (Info, error)
	Get(ctx context.Context, key string) (io.ReadCloser, Info, error)
	Delete(ctx context.Context, key string) error
}

var validKey = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{0,200}(/[a-zA-Z0-9][a-zA-Z0-9._-]{0,200}){0,4}$`)

// CheckKey refuses a key that could leave the store's directory or name a
// temporary file: one to five segments of letters, digits, '.', '_' and
// '-', each starting with a letter or digit.
func CheckKey(key string) error {
	if !validKey.MatchString(key) {
		return fmt.Errorf("blob: invalid key %q", key)
	}
	return nil
}

// Dir stores files in a local directory (shared storage, such as NFS, when
// several machines serve Corridor). Metadata is kept in the blobs table.
type Dir struct {
	Root string
	DB   *db.DB
}

func (d *Dir) Put(ctx context.Context, key, contentType string, r io.Reader) (Info, error) {
	if err := CheckKey(key); err != nil {
		return Info{}, err
	}
	path := filepath.Join(d.Root, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return Info{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return Info{}, err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Info{}, fmt.Errorf("blob: write %s: %w", key, err)
	}
	info := Info{Key: key, ContentType: contentType, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return Info{}, err
	}
	return info, putMeta(ctx, d.DB, info, nil)
}

func (d *Dir) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := CheckKey(key); err != nil {
		return nil, Info{}, err
	}
	info, _, err := getMeta(ctx, d.DB, key, false)
	if err != nil {
		return nil, Info{}, err
	}
	f, err := os.Open(filepath.Join(d.Root, filepath.FromSlash(key)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, Info{}, ErrNotFound
	}
	return f, info, err
}

func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := CheckKey(key); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(d.Root, filepath.FromSlash(key))); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	_, err := d.DB.ExecContext(ctx, `DELETE FROM blobs WHERE key = $1`, key)
	return err
}

// SweepUnrecorded removes the files under Root last written before before
// that no blobs row records: what a process killed inside Put leaves, a
// temporary .upload-* file or a file renamed into place whose row was
// never written. Files recorded in blobs are left to the domains, which
// know what references them. It returns the removed paths, relative to
// Root with forward slashes.
func (d *Dir) SweepUnrecorded(ctx context.Context, before time.Time) ([]string, error) {
	var removed []string
	err := filepath.WalkDir(d.Root, func(p string, e fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == d.Root {
			return filepath.SkipDir
		}
		if err != nil || e.IsDir() || !e.Type().IsRegular() {
			return err
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(before) {
			return err
		}
		rel, err := filepath.Rel(d.Root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if CheckKey(key) == nil {
			var n int
			if err := d.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM blobs WHERE key = $1`, key).Scan(&n); err != nil || n > 0 {
				return err
			}
		} else if !strings.HasPrefix(e.Name(), ".upload-") {
			return nil // not a file this store wrote
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removed = append(removed, key)
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("blob: sweep %s: %w", d.Root, err)
	}
	return removed, nil
}

// DBStore keeps file contents in the blobs table.
type DBStore struct{ DB *db.DB }

func (d *DBStore) Put(ctx context.Context, key, contentType string, r io.Reader) (Info, error) {
	if err := CheckKey(key); err != nil {
		return Info{}, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return Info{}, err
	}
	sum := sha256.Sum256(data)
	info := Info{Key: key, ContentType: contentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	return info, putMeta(ctx, d.DB, info, data)
}

func (d *DBStore) Get(ctx context.Context, key string) (io.ReadCloser, Info, error) {
	if err := CheckKey(key); err != nil {
		return nil, Info{}, err
	}
	info, data, err := getMeta(ctx, d.DB, key, true)
	if err != nil {
		return nil, Info{}, err
	}
	return io.NopCloser(bytes.NewReader(data)), info, nil
}

func (d *DBStore) Delete(ctx context.Context, key string) error {
	_, err := d.DB.ExecContext(ctx, `DELETE FROM blobs WHERE key = $1`, key)
	return err
}

func putMeta(ctx context.Context, d *db.DB, info Info, data []byte) error {
	_, err := d.ExecContext(ctx, `INSERT INTO blobs (key, content_type, size, sha256, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (key) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, sha256 = excluded.sha256, data = excluded.data, created_at = excluded.created_at`,
		info.Key, info.ContentType, info.Size, info.SHA256, data, db.Now())
	if err != nil {
		return fmt.Errorf("blob: record %s: %w", info.Key, err)
	}
	return nil
}

func getMeta(ctx context.Context, d *db.DB, key string, withData bool) (Info, []byte, error) {
	info := Info{Key: key}
	var data []byte
	q := `SELECT content_type, size, sha256, NULL FROM blobs WHERE key = $1`
	if withData {
		q = `SELECT content_type, size, sha256, data FROM blobs WHERE key = $1`
	}
	err := d.QueryRowContext(ctx, q, key).Scan(&info.ContentType, &info.Size, &info.SHA256, &data)
	if db.IsNoRows(err) {
		return Info{}, nil, ErrNotFound
	}
	return info, data, err
}

// Older lists the keys under prefix (such as "data/uploads/") of files
// stored before the Unix time before. Both stores keep their metadata in
// the blobs table, so one query serves either.
func Older(ctx context.Context, q db.Querier, prefix string, before int64) ([]string, error) {
	if strings.ContainsAny(prefix, `%_\`) {
		return nil, fmt.Errorf("blob: prefix %q has a LIKE wildcard", prefix)
	}
	rows, err := q.QueryContext(ctx, `SELECT key FROM blobs WHERE key LIKE $1 AND created_at < $2 ORDER BY key`, prefix+"%", before)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

package data

import (
	"context"
	"io"
	"os"
)

type tempFile struct{ f *os.File }

func (t *tempFile) close() {
	t.f.Close()
	os.Remove(t.f.Name())
}

// blobToTemp copies a kept file to a temporary file, since the parsers
// need random access (XLSX is a ZIP archive).
func (s *Service) blobToTemp(ctx context.Context, key string) (*tempFile, int64, error) {
	rc, _, err := s.Blobs.Get(ctx, key)
	if err != nil {
		return nil, 0, err
	}
	defer rc.Close()
	return spool(rc)
}

// spool copies r to a temporary file.
func spool(r io.Reader) (*tempFile, int64, error) {
	f, err := os.CreateTemp("", "corridor-data-*")
	if err != nil {
		return nil, 0, err
	}
	t := &tempFile{f: f}
	n, err := io.Copy(f, r)
	if err != nil {
		t.close()
		return nil, 0, err
	}
	return t, n, nil
}

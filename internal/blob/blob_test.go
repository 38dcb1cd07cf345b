package blob

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

func TestStoresRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		for name, s := range map[string]Store{"dir": &Dir{Root: t.TempDir(), DB: d}, "db": &DBStore{DB: d}} {
			t.Run(name, func(t *testing.T) {
				ctx := context.Background()
				info, err := s.Put(ctx, "uploads/a.csv", "text/csv", strings.NewReader("x,y\n1,2\n"))
				if err != nil {
					t.Fatal(err)
				}
				// sha256 of "x,y\n1,2\n" computed by sha256sum.
				if info.Size != 8 || info.SHA256 != "81bf9fa83c6f7f151bd491a98cd7d933de3965289e3ebd77c6c425f7eaa16392" {
					t.Fatalf("info %+v", info)
				}
				rc, got, err := s.Get(ctx, "uploads/a.csv")
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				if string(b) != "x,y\n1,2\n" || got.ContentType != "text/csv" {
					t.Fatalf("got %q %+v", b, got)
				}
				if err := s.Delete(ctx, "uploads/a.csv"); err != nil {
					t.Fatal(err)
				}
				if _, _, err := s.Get(ctx, "uploads/a.csv"); !errors.Is(err, ErrNotFound) {
					t.Fatalf("after delete: %v", err)
				}
				if _, err := s.Put(ctx, "../etc/passwd", "text/plain", strings.NewReader("x")); err == nil {
					t.Fatal("path traversal key accepted")
				}
			})
		}
	})
}

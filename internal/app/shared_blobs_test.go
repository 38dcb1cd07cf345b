package app

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// syncBuffer is a log sink several goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Two processes on one PostgreSQL database with uploads in each machine's
// own directory lose files between them: the second one says so at start.
func TestWarnsWhenProcessesShareThePostgresDatabaseWithDirBlobs(t *testing.T) {
	dsn := dbtest.TestDSN(t, db.Postgres)
	open := func(blobStore string, log *syncBuffer) *App {
		cfg := Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), DatabaseURL: dsn, SignupMode: "approval", BlobStore: blobStore, LogFormat: "text", MaxBody: 1 << 20, BaseURL: "http://corridor.test"}
		a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(log, nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	var first, second, third syncBuffer
	a := open("dir", &first)
	a.warnSharedDirBlobs(context.Background())
	if strings.Contains(first.String(), "CORRIDOR_BLOB_STORE=db") {
		t.Fatalf("a process alone was warned: %s", first.String())
	}
	b := open("dir", &second)
	b.warnSharedDirBlobs(context.Background())
	if !strings.Contains(second.String(), "CORRIDOR_BLOB_STORE=db") || !strings.Contains(second.String(), "other_processes=1") {
		t.Errorf("the second process on the database was not warned: %s", second.String())
	}
	c := open("db", &third)
	c.warnSharedDirBlobs(context.Background())
	if strings.Contains(third.String(), "CORRIDOR_BLOB_STORE=db") {
		t.Errorf("a process with the db blob store was warned: %s", third.String())
	}
}

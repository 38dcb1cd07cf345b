package backup

import (
	"archive/tar"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/mail"
)

// fill writes rows into every foundation table through the services.
func fill(t *testing.T, d *db.DB) {
	ctx := context.Background()
	acc := accounts.NewService(d, accounts.SignupEmail, "http://x")
	u, err := acc.Create(ctx, accounts.NewUser{Email: "ana@example.org", Name: "Ana Pérez", Password: "ana-password", Role: accounts.RoleAdmin}, accounts.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	acc.SignUp(ctx, accounts.NewUser{Email: "ben@example.org", Name: "Ben", Password: "ben-password"})
	acc.Login(ctx, "ana@example.org", "ana-password", "10.0.0.1", "test")
	acc.Login(ctx, "ana@example.org", "wrong", "10.0.0.1", "test")
	acc.CreateAPIToken(ctx, u.ID, "script")
	acc.RequestPasswordReset(ctx, "ana@example.org")
	mail.Enqueue(ctx, d, "ana@example.org", "Hello", "Body with accents: é ñ")
	(&blob.DBStore{DB: d}).Put(ctx, "uploads/x.csv", "text/csv", strings.NewReader("a,b\n1,2\n"))
	d.Exec(`INSERT INTO settings (key, value) VALUES ('site_name', 'Corridor')`)
}

// dump renders every row of every table, in a stable order.
func dump(t *testing.T, d *db.DB) map[string][]string {
	tables, err := d.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := d.Query(`SELECT * FROM ` + table + ` ORDER BY 1`) // table names come from the catalog
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			var b strings.Builder
			for i, v := range vals {
				if by, ok := v.([]byte); ok {
					v = string(by)
				}
				fmt.Fprintf(&b, "%s=%v;", cols[i], v)
			}
			out[table] = append(out[table], b.String())
		}
		rows.Close()
	}
	return out
}

func compare(t *testing.T, want, got map[string][]string) {
	total := 0
	for table, rows := range want {
		total += len(rows)
		if strings.Join(rows, "\n") != strings.Join(got[table], "\n") {
			t.Errorf("table %s differs after restore:\nwant %d rows\n got %d rows", table, len(rows), len(got[table]))
		}
	}
	for _, table := range []string{"users", "sessions", "audit_log", "jobs", "mail_outbox", "api_tokens", "user_tokens", "login_attempts", "blobs", "settings"} {
		if len(want[table]) == 0 {
			t.Errorf("test setup wrote no rows into %s", table)
		}
	}
	t.Logf("%d rows in %d tables compared", total, len(want))
}

func TestSQLiteBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "corridor.db")
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	d.Migrate(ctx)
	fill(t, d)
	want := dump(t, d)
	file := DefaultName(filepath.Join(dir, "backups"), db.SQLite, false, time.Now())
	if err := Create(ctx, d, file); err != nil {
		t.Fatal(err)
	}
	if err := Create(ctx, d, file); err == nil {
		t.Fatal("a second backup overwrote the first")
	}
	// Damage the live database, then restore.
	d.Exec(`DELETE FROM audit_log`)
	d.Exec(`DELETE FROM users WHERE email = 'ben@example.org'`)
	d.Exec(`UPDATE settings SET value = 'changed'`)
	d.Close()
	if err := Restore(ctx, file, path, filepath.Join(dir, "blobs")); err != nil {
		t.Fatal(err)
	}
	d, err = db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	compare(t, want, dump(t, d))
}

func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "corridor.db")
	d, _ := db.Open(ctx, live)
	d.Migrate(ctx)
	fill(t, d)
	want := dump(t, d)
	d.Close()
	notDB := filepath.Join(dir, "notes.txt")
	writeFile(t, notDB, "this is not a database")
	if err := Restore(ctx, notDB, live, filepath.Join(dir, "blobs")); err == nil {
		t.Fatal("a text file was restored")
	}
	empty := filepath.Join(dir, "empty.db")
	e, _ := db.Open(ctx, empty)
	e.Close()
	if err := Restore(ctx, empty, live, filepath.Join(dir, "blobs")); err == nil {
		t.Fatal("a database without Corridor's schema was restored")
	}
	d, _ = db.Open(ctx, live)
	defer d.Close()
	compare(t, want, dump(t, d))
}

func TestPostgresBackupRestoreRoundTrip(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump not installed")
	}
	ctx := context.Background()
	dsn := dbtest.TestDSN(t, db.Postgres)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fill(t, d)
	want := dump(t, d)
	file := filepath.Join(t.TempDir(), "corridor.pgdump")
	if err := Create(ctx, d, file); err != nil {
		t.Fatal(err)
	}
	d.Exec(`DELETE FROM audit_log`)
	d.Exec(`UPDATE settings SET value = 'changed'`)
	d.Close()
	if err := Restore(ctx, file, dsn, filepath.Join(t.TempDir(), "blobs")); err != nil {
		t.Fatal(err)
	}
	d, err = db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	compare(t, want, dump(t, d))
}

func writeFile(t *testing.T, path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A restore while a server has the database open would replace the file
// under it (SQLite) or its tables (PostgreSQL); the server's acknowledged
// writes would be lost. It must refuse and leave the live data as it is.
func TestRestoreRefusesWhileTheDatabaseIsInUse(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			if engine == db.Postgres {
				if _, err := exec.LookPath("pg_dump"); err != nil {
					t.Skip("pg_dump not installed")
				}
			}
			ctx := context.Background()
			dsn := dbtest.TestDSN(t, engine)
			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			// The server holds the lock with the function app.Open uses.
			release, err := HoldInUse(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			fill(t, d)
			file := filepath.Join(t.TempDir(), "backup")
			if err := Create(ctx, d, file); err != nil {
				t.Fatal(err)
			}
			restore := func() error { return Restore(ctx, file, dsn, filepath.Join(t.TempDir(), "blobs")) }
			if engine == db.Postgres {
				restore = func() error { return Restore(ctx, file, dsn, filepath.Join(t.TempDir(), "blobs")) }
			}
			// Writes acknowledged after the backup.
			d.Exec(`UPDATE settings SET value = 'written after the backup'`)
			want := dump(t, d)

			err = restore()
			if !errors.Is(err, ErrInUse) {
				t.Fatalf("restore while the database is in use: got %v, want ErrInUse", err)
			}
			if !strings.Contains(err.Error(), "stop it") {
				t.Errorf("the refusal does not say what to do: %v", err)
			}
			compare(t, want, dump(t, d))

			// A second process may hold it beside the first; a restore
			// still refuses while either does.
			release2, err := HoldInUse(ctx, d)
			if err != nil {
				t.Fatalf("a second corridor process could not open the database: %v", err)
			}
			release()
			if err := restore(); !errors.Is(err, ErrInUse) {
				t.Fatalf("restore while a second process has the database: got %v", err)
			}
			release2()
			d.Close()

			// Once every process has stopped, the restore runs, and
			// nothing can open the database until it is done.
			if err := restore(); err != nil {
				t.Fatalf("restore with the database free: %v", err)
			}
			d, err = db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var v string
			d.QueryRow(`SELECT value FROM settings WHERE key = 'site_name'`).Scan(&v)
			if v != "Corridor" {
				t.Errorf("after restore, settings.site_name = %q, want the backup's", v)
			}
		})
	}
}

// An archive whose entries would land outside the blob directory, or that
// is not a Corridor archive at all, is refused before anything changes.
func TestRestoreRefusesAHostileArchive(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "corridor.db")
	d, _ := db.Open(ctx, live)
	d.Migrate(ctx)
	fill(t, d)
	want := dump(t, d)
	good := filepath.Join(dir, "good.db")
	if err := Create(ctx, d, good); err != nil {
		t.Fatal(err)
	}
	d.Close()
	blobs := filepath.Join(dir, "blobs")
	os.MkdirAll(blobs, 0o750)
	writeFile(t, filepath.Join(blobs, "kept"), "kept")
	for name, entries := range map[string][]tarEntry{
		"escaping key":   {{name: "corridor.db", file: good}, {name: "blobs/../../escaped", body: "x"}},
		"absolute path":  {{name: "corridor.db", file: good}, {name: "/tmp/escaped", body: "x"}},
		"symlink":        {{name: "corridor.db", file: good}, {name: "blobs/link", link: "/etc/passwd"}},
		"no database":    {{name: "blobs/a", body: "x"}},
		"other engine":   {{name: "corridor.pgdump", body: "PGDMP"}},
		"not a database": {{name: "corridor.db", body: strings.Repeat("not sqlite ", 100)}},
	} {
		t.Run(name, func(t *testing.T) {
			archive := filepath.Join(t.TempDir(), "b.tar")
			writeTar(t, archive, entries)
			err := Restore(ctx, archive, live, blobs)
			if err == nil {
				t.Fatal("restored")
			}
			t.Log(err)
			if _, err := os.Stat(filepath.Join(dir, "escaped")); err == nil {
				t.Fatal("an entry was written outside the blob directory")
			}
			if b, _ := os.ReadFile(filepath.Join(blobs, "kept")); string(b) != "kept" {
				t.Fatal("the live files changed")
			}
			d, _ := db.Open(ctx, live)
			defer d.Close()
			compare(t, want, dump(t, d))
		})
	}
}

type tarEntry struct{ name, body, file, link string }

func writeTar(t *testing.T, path string, entries []tarEntry) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	tw := tar.NewWriter(f)
	for _, e := range entries {
		body := []byte(e.body)
		if e.file != "" {
			body, _ = os.ReadFile(e.file)
		}
		h := &tar.Header{Name: e.name, Mode: 0o600, Size: int64(len(body)), Typeflag: tar.TypeReg}
		if e.link != "" {
			h = &tar.Header{Name: e.name, Linkname: e.link, Typeflag: tar.TypeSymlink}
			body = nil
		}
		tw.WriteHeader(h)
		tw.Write(body)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

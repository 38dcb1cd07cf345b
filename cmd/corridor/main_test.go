package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// TestMain lets the test binary act as the corridor command, so the tests
// can start real `corridor serve` processes without building anything.
func TestMain(m *testing.M) {
	if os.Getenv("CORRIDOR_TEST_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// corridor runs the command in this process and returns its output.
func corridor(t *testing.T, env []string, args ...string) (string, int) {
	t.Helper()
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		t.Setenv(k, v)
	}
	var out bytes.Buffer
	code := run(context.Background(), args, &out, &out)
	return out.String(), code
}

// migrated applies the migrations to the database env names, as an
// operator does before the first command (only serve and migrate migrate).
func migrated(t *testing.T, env []string) []string {
	t.Helper()
	if out, code := corridor(t, env, "migrate"); code != 0 {
		t.Fatalf("migrate: %s", out)
	}
	return env
}

func TestHelpListsEveryCommand(t *testing.T) {
	out, code := corridor(t, nil, "help")
	if code != 0 {
		t.Fatal(code)
	}
	for name := range commands {
		if !strings.Contains(out, "  "+name) {
			t.Errorf("help lacks %s", name)
		}
		if _, code := corridor(t, nil, name, "-h"); code != 0 {
			t.Errorf("%s -h exited %d", name, code)
		}
	}
	if _, code := corridor(t, nil, "frobnicate"); code != 2 {
		t.Errorf("unknown command exited %d, want 2", code)
	}
}

func TestUserCommands(t *testing.T) {
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + t.TempDir(), "CORRIDOR_PASSWORD=long-enough-password"})
	if out, code := corridor(t, env, "user", "add", "-email", "ana@example.org", "-name", "Ana", "-role", "legal_officer"); code != 0 {
		t.Fatal(out)
	}
	if out, code := corridor(t, env, "user", "add", "-email", "ana@example.org", "-name", "Ana"); code == 0 {
		t.Fatalf("duplicate e-mail accepted: %s", out)
	}
	if out, code := corridor(t, env, "user", "set-role", "-email", "ana@example.org", "-role", "king"); code == 0 || !strings.Contains(out, "role") {
		t.Fatalf("unknown role: %d %s", code, out)
	}
	corridor(t, env, "user", "set-role", "-email", "ana@example.org", "-role", "editor")
	corridor(t, env, "user", "disable", "-email", "ana@example.org")
	out, _ := corridor(t, env, "user", "list")
	if !regexp.MustCompile(`ana@example.org\s+Ana\s+editor\s+disabled`).MatchString(out) {
		t.Fatalf("list:\n%s", out)
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + dir, "CORRIDOR_PASSWORD=long-enough-password"})
	corridor(t, env, "user", "add", "-email", "ana@example.org", "-name", "Ana")
	out, code := corridor(t, env, "backup", "-out", filepath.Join(dir, "b.db"))
	if code != 0 {
		t.Fatal(out)
	}
	corridor(t, env, "user", "add", "-email", "ben@example.org", "-name", "Ben")
	if out, code := corridor(t, env, "restore", filepath.Join(dir, "b.db")); code != 0 {
		t.Fatal(out)
	}
	out, _ = corridor(t, env, "user", "list")
	if !strings.Contains(out, "ana@example.org") || strings.Contains(out, "ben@example.org") {
		t.Fatalf("after restore:\n%s", out)
	}
}

// TestBackupKeepsUploadedFiles: with uploads kept in the data directory
// (the default), a backup holds them beside the database, and a restore
// brings back both.
func TestBackupKeepsUploadedFiles(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			env := []string{"CORRIDOR_DATA_DIR=" + dir, "CORRIDOR_BLOB_STORE=dir"}
			dsn := filepath.Join(dir, "corridor.db")
			if engine == db.Postgres {
				if _, err := exec.LookPath("pg_restore"); err != nil {
					t.Skip("pg_restore not installed")
				}
				dsn = dbtest.TestDSN(t, db.Postgres)
				env = append(env, "CORRIDOR_DATABASE_URL="+dsn)
			}
			if out, code := corridor(t, env, "migrate"); code != 0 {
				t.Fatal(out)
			}
			ctx := context.Background()
			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			files := &blob.Dir{Root: filepath.Join(dir, "blobs"), DB: d}
			const content = "country,year,stock\nFRA,2020,8524876\n"
			if _, err := files.Put(ctx, "data/imports/kept", "text/csv", strings.NewReader(content)); err != nil {
				t.Fatal(err)
			}
			out, code := corridor(t, env, "backup", "-out", filepath.Join(dir, "b.backup"))
			if code != 0 {
				t.Fatal(out)
			}
			// The file is lost after the backup.
			if err := files.Delete(ctx, "data/imports/kept"); err != nil {
				t.Fatal(err)
			}
			d.Close()
			if out, code := corridor(t, env, "restore", filepath.Join(dir, "b.backup")); code != 0 {
				t.Fatal(out)
			}
			d, err = db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			files.DB = d
			r, _, err := files.Get(ctx, "data/imports/kept")
			if err != nil {
				t.Fatalf("the uploaded file is not back after the restore: %v", err)
			}
			defer r.Close()
			if got, _ := io.ReadAll(r); string(got) != content {
				t.Fatalf("restored file = %q, want %q", got, content)
			}
		})
	}
}

// TestRestoreRefusesWhileServeRuns: a restore under a running server would
// lose the server's acknowledged writes; it refuses, says why, and the live
// database keeps them.
func TestRestoreRefusesWhileServeRuns(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			env := []string{"CORRIDOR_DATA_DIR=" + dir, "CORRIDOR_PASSWORD=long-enough-password"}
			if engine == db.Postgres {
				if _, err := exec.LookPath("pg_restore"); err != nil {
					t.Skip("pg_restore not installed")
				}
				env = append(env, "CORRIDOR_DATABASE_URL="+dbtest.TestDSN(t, db.Postgres))
			}
			migrated(t, env)
			backupFile := filepath.Join(dir, "b.backup")
			if out, code := corridor(t, env, "backup", "-out", backupFile); code != 0 {
				t.Fatal(out)
			}
			startServe(t, env)
			if out, code := corridor(t, env, "user", "add", "-email", "ana@example.org", "-name", "Ana"); code != 0 {
				t.Fatal(out)
			}
			out, code := corridor(t, env, "restore", backupFile)
			if code == 0 || !strings.Contains(out, "in use by another corridor process") {
				t.Fatalf("restore under a running serve: exit %d\n%s", code, out)
			}
			if out, _ := corridor(t, env, "user", "list"); !strings.Contains(out, "ana@example.org") {
				t.Fatalf("the write made while serve ran is gone:\n%s", out)
			}
		})
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts `corridor serve` as a separate process and waits until
// it is ready.
func startServe(t *testing.T, env []string, extra ...string) string {
	addr := freeAddr(t)
	cmd := exec.Command(os.Args[0], append([]string{"serve", "-addr", addr}, extra...)...)
	cmd.Env = append(append(os.Environ(), "CORRIDOR_TEST_AS_MAIN=1"), env...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve did not shut down cleanly: %v\n%s", err, logs.String())
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Errorf("serve did not stop within 20 s after SIGINT")
		}
	})
	url := "http://" + addr
	for start := time.Now(); time.Since(start) < 60*time.Second; time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(url + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url
			}
		}
	}
	t.Fatalf("serve not ready:\n%s", logs.String())
	return ""
}

// TestTwoServeProcessesShareSessions: a user logged in through one process
// is logged in on the other (sessions live in the database).
func TestTwoServeProcessesShareSessions(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			env := []string{"CORRIDOR_DATA_DIR=" + t.TempDir()}
			if engine == db.Postgres {
				env = append(env, "CORRIDOR_DATABASE_URL="+dbtest.TestDSN(t, db.Postgres))
			}
			first := startServe(t, env, "--demo")
			second := startServe(t, env)
			c := webtest.NewClient(t, first)
			c.Get("/login")
			resp, _ := c.Post("/login", map[string][]string{"email": {"admin@corridor.test"}, "password": {"corridor-demo-admin"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("login on the first process: %d", resp.StatusCode)
			}
			// Same cookies, other process.
			c.BaseURL = second
			for _, cookie := range c.HTTP.Jar.Cookies(mustURL(first)) {
				c.SetCookie(cookie.Name, cookie.Value)
			}
			resp, body := c.Get("/account")
			if resp.StatusCode != 200 || !strings.Contains(body, "Demo Administrator") {
				t.Fatalf("second process does not know the session: %d", resp.StatusCode)
			}
			// Logging out on the second ends the session on the first.
			c.Post("/logout", nil)
			c.BaseURL = first
			if resp, _ := c.Get("/account"); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("after logout on the other process: %d", resp.StatusCode)
			}
		})
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// The read-only commands neither migrate nor write: `law status` leaves the
// database as it found it (the full application would queue its scheduled
// jobs), and a command on a database that is not migrated says what to run
// instead of changing it.
func TestReadOnlyCommandsDoNotMigrate(t *testing.T) {
	dir := t.TempDir()
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + dir})
	d, err := db.Open(context.Background(), filepath.Join(dir, "corridor.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	snapshot := func() string {
		var jobs, migrations int
		var changes int64
		d.QueryRow(`SELECT COUNT(*) FROM jobs`).Scan(&jobs)
		d.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&migrations)
		d.QueryRow(`PRAGMA data_version`).Scan(&changes)
		return fmt.Sprintf("%d jobs, %d migrations, data version %d", jobs, migrations, changes)
	}
	before := snapshot()
	if out, code := corridor(t, env, "law", "status", "--instrument", "V-2", "--on", "1960-01-01"); code == 0 || !strings.Contains(out, "V-2") {
		t.Fatalf("law status of an instrument not in the database: %d %s", code, out)
	}
	corridor(t, env, "user", "list")
	if after := snapshot(); after != before {
		t.Errorf("read-only commands changed the database: %s, then %s", before, after)
	}
	out, code := corridor(t, []string{"CORRIDOR_DATA_DIR=" + t.TempDir()}, "user", "list")
	if code == 0 || !strings.Contains(out, "corridor migrate") {
		t.Fatalf("a command on a database not migrated: %d %s", code, out)
	}
}

// Package dbtest gives each test a database of its own, on every engine
// the tests run on. Only tests import it, so the testing package stays out
// of the corridor binary.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"corridor/internal/db"
)

// PostgresTestEnv holds the PostgreSQL DSN that switches tests to PostgreSQL.
const PostgresTestEnv = "CORRIDOR_TEST_POSTGRES"

// TestEngines returns the engines the tests run on: SQLite always,
// PostgreSQL too when CORRIDOR_TEST_POSTGRES holds a DSN.
func TestEngines() []db.Engine {
	if os.Getenv(PostgresTestEnv) != "" {
		return []db.Engine{db.SQLite, db.Postgres}
	}
	return []db.Engine{db.SQLite}
}

// OpenTest opens a fresh, migrated database for one test: a SQLite file in
// the test's temporary folder, or a PostgreSQL schema of its own that is
// dropped when the test ends, so tests never see each other's rows.
func OpenTest(tb testing.TB, engine db.Engine) *db.DB {
	tb.Helper()
	ctx := context.Background()
	dsn := TestDSN(tb, engine)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return d
}

// TestDSN returns a DSN for a fresh, empty database of the given engine.
// Several processes may open it (the two-server test does).
func TestDSN(tb testing.TB, engine db.Engine) string {
	tb.Helper()
	if engine == db.SQLite {
		return filepath.Join(tb.TempDir(), "corridor.db")
	}
	base := os.Getenv(PostgresTestEnv)
	if base == "" {
		tb.Skip(PostgresTestEnv + " not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := db.Open(context.Background(), base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil { // schema is our own hex name
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// ForEachEngine runs fn as a subtest on every test engine.
func ForEachEngine(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	for _, e := range TestEngines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, OpenTest(t, e))
		})
	}
}

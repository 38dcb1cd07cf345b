package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// testApp is the whole application on a fresh database of one engine,
// served by httptest, with one active user per role.
type testApp struct {
	*App
	URL   string
	Users map[accounts.Role]*accounts.User
}

func openTestApp(t testing.TB, engine db.Engine) *testApp {
	t.Helper()
	cfg := Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), SignupMode: "approval", BlobStore: "dir", LogFormat: "text", MaxBody: 1 << 20, BaseURL: "http://corridor.test"}
	if engine == db.Postgres {
		cfg.DatabaseURL = dbtest.TestDSN(t, db.Postgres)
	}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ta := &testApp{App: a, Users: map[accounts.Role]*accounts.User{}}
	for _, r := range accounts.Roles {
		u, err := a.Accounts.Create(context.Background(), accounts.NewUser{Email: string(r) + "@corridor.test", Name: "User " + string(r), Password: "password-" + string(r), Role: r}, accounts.StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		ta.Users[r] = u
	}
	srv := httptest.NewServer(a.Web.Handler())
	t.Cleanup(srv.Close)
	ta.URL = srv.URL
	return ta
}

// throwawayUser inserts a pending account for destructive routes to act on.
func (a *testApp) throwawayUser(t *testing.T) int64 {
	var id int64
	err := a.DB.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at)
		VALUES ('victim-' || CAST((SELECT COUNT(*) FROM users) AS TEXT) || '@corridor.test', 'Victim', 'x', 'member', 'pending', 0, 0) RETURNING id`).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fillPath puts real values into a route pattern. Each domain registers
// the wildcards it uses in pathFillers.
func (a *testApp) fillPath(t *testing.T, pattern string) string {
	p := strings.TrimSuffix(pattern, "{$}")
	for wildcard, fill := range pathFillers {
		if strings.Contains(p, wildcard) {
			p = strings.ReplaceAll(p, wildcard, fill(t, a))
		}
	}
	if strings.Contains(p, "{") {
		t.Fatalf("no filler for a wildcard in %s: add it to pathFillers", pattern)
	}
	return p
}

// pathFillers give a value for each path wildcard of any route.
var pathFillers = map[string]func(t *testing.T, a *testApp) string{
	"{id}":      func(t *testing.T, a *testApp) string { return fmt.Sprint(a.throwawayUser(t)) },
	"{section}": func(*testing.T, *testApp) string { return "data" },
	"{path...}": func(*testing.T, *testApp) string { return "css/corridor.css" },
}

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// testEnv is a server on a fresh database with one user per role.
type testEnv struct {
	t     testing.TB
	srv   *Server
	http  *httptest.Server
	acc   *accounts.Service
	db    *db.DB
	users map[accounts.Role]*accounts.User
}

func newBenchEnv(b *testing.B, e db.Engine) *testEnv { return newTestEnv(b, dbtest.OpenTest(b, e)) }

func newTestEnv(t testing.TB, d *db.DB) *testEnv {
	t.Helper()
	ctx := context.Background()
	acc := accounts.NewService(d, accounts.SignupApproval, "http://corridor.test")
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{BaseURL: "http://corridor.test", MaxBodyBytes: 64 << 10}, d, acc, &blob.DBStore{DB: d}, logger, "test")
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{t: t, srv: srv, acc: acc, db: d, users: map[accounts.Role]*accounts.User{}}
	for _, r := range accounts.Roles {
		u, err := acc.Create(ctx, accounts.NewUser{Email: string(r) + "@corridor.test", Name: "User " + string(r), Password: "password-" + string(r), Role: r}, accounts.StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		env.users[r] = u
	}
	env.http = httptest.NewServer(srv.Handler())
	t.Cleanup(env.http.Close)
	return env
}

func (env *testEnv) client() *webtest.Client { return webtest.NewClient(env.t, env.http.URL) }

// as returns a client signed in with role r (anonymous for RoleAnonymous).
func (env *testEnv) as(r accounts.Role) *webtest.Client {
	return webtest.SignedIn(env.t, env.http.URL, env.acc, env.users[r])
}

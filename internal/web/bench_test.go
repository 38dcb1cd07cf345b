package web

import (
	"net/http"
	"net/url"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
)

// The benchmarks run against a real server over loopback on both engines:
// go test -bench . -benchmem ./internal/web (PostgreSQL with
// CORRIDOR_TEST_POSTGRES set). Results are in docs/benchmarks.md.

func benchEngines(b *testing.B, fn func(b *testing.B, env *testEnv)) {
	for _, e := range dbtest.TestEngines() {
		b.Run(string(e), func(b *testing.B) {
			env := newBenchEnv(b, e)
			b.ResetTimer()
			fn(b, env)
		})
	}
}

func BenchmarkHomePage(b *testing.B) {
	benchEngines(b, func(b *testing.B, env *testEnv) {
		c := env.as(accounts.RoleMember)
		for b.Loop() {
			if resp, _ := c.Get("/"); resp.StatusCode != http.StatusOK {
				b.Fatal(resp.StatusCode)
			}
		}
	})
}

// BenchmarkLogin includes the argon2id hash check, on purpose: it is the
// cost of a login.
func BenchmarkLogin(b *testing.B) {
	benchEngines(b, func(b *testing.B, env *testEnv) {
		c := env.as(accounts.RoleAnonymous)
		form := url.Values{"email": {"member@corridor.test"}, "password": {"password-member"}}
		for b.Loop() {
			// Successful logins do not count towards the rate limit.
			if resp, _ := c.Post("/login", form); resp.StatusCode != http.StatusSeeOther {
				b.Fatal(resp.StatusCode)
			}
		}
	})
}

func BenchmarkAPIUserList(b *testing.B) {
	benchEngines(b, func(b *testing.B, env *testEnv) {
		ctx := b.Context()
		for i := 0; i < 500; i++ {
			env.db.ExecContext(ctx, `INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at) VALUES ($1, $2, 'x', 'member', 'active', 0, 0)`,
				"user"+itoa(int64(i))+"@example.org", "User "+itoa(int64(i)))
		}
		c := env.as(accounts.RoleAdmin)
		for b.Loop() {
			if resp, _ := c.API("GET", "/api/v1/users?limit=100", ""); resp.StatusCode != http.StatusOK {
				b.Fatal(resp.StatusCode)
			}
		}
	})
}

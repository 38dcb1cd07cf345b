package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// `corridor user token` gives scripts an API token without a browser: the
// token it prints authenticates as that account, its creation is audited
// with the command line as actor, and an unknown or disabled account gets
// a clear refusal.
func TestUserTokenCommand(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			env := []string{"CORRIDOR_DATA_DIR=" + dir, "CORRIDOR_PASSWORD=long-enough-password"}
			dsn := filepath.Join(dir, "corridor.db")
			if engine == db.Postgres {
				dsn = dbtest.TestDSN(t, db.Postgres)
				env = append(env, "CORRIDOR_DATABASE_URL="+dsn)
			}
			env = migrated(t, env)
			if out, code := corridor(t, env, "user", "add", "-email", "Ana@Example.org", "-name", "Ana Pérez", "-role", "editor"); code != 0 {
				t.Fatal(out)
			}
			out, code := corridor(t, env, "user", "token", "-email", "ana@example.org", "-name", "harvest script")
			if code != 0 {
				t.Fatalf("token: %d %s", code, out)
			}
			token := strings.TrimSpace(out)
			if !strings.HasPrefix(token, "cor_") || strings.ContainsAny(token, " \n") {
				t.Fatalf("token output = %q; want the token alone on its line", out)
			}
			second, _ := corridor(t, env, "user", "token", "-email", "ana@example.org")
			if strings.TrimSpace(second) == token {
				t.Fatal("a second token repeats the first")
			}

			// Unknown and disabled accounts are refused, naming why.
			out, code = corridor(t, env, "user", "token", "-email", "nobody@example.org")
			if code == 0 || !strings.Contains(out, `no account has the e-mail "nobody@example.org"`) {
				t.Errorf("unknown e-mail: %d %s", code, out)
			}
			corridor(t, env, "user", "add", "-email", "gone@example.org", "-name", "Gone")
			corridor(t, env, "user", "disable", "-email", "gone@example.org")
			out, code = corridor(t, env, "user", "token", "-email", "gone@example.org")
			if code == 0 || !strings.Contains(out, "disabled") {
				t.Errorf("disabled account: %d %s", code, out)
			}
			if out, code := corridor(t, env, "user", "token"); code == 0 || !strings.Contains(out, "-email is required") {
				t.Errorf("no -email: %d %s", code, out)
			}

			// The creation is in the audit log, by the command line.
			d, err := db.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			var n int
			var actor string
			if err := d.QueryRow(`SELECT COUNT(*), COALESCE(MIN(actor), '') FROM audit_log WHERE action = 'api_token.create'`).Scan(&n, &actor); err != nil {
				t.Fatal(err)
			}
			d.Close()
			if n != 2 || !strings.HasPrefix(actor, "cli") {
				t.Errorf("audit: %d api_token.create entries by %q; want 2 by the cli", n, actor)
			}

			// The token works against the API of a running server.
			url := startServe(t, env)
			req, _ := http.NewRequest("GET", url+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !strings.Contains(string(body), "ana@example.org") {
				t.Fatalf("GET /api/v1/me with the token: %d %s", resp.StatusCode, body)
			}
			req.Header.Set("Authorization", "Bearer "+token+"x")
			if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
				t.Fatalf("a wrong token: %v %v", resp, err)
			}
		})
	}
}

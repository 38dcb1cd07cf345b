package main

import (
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// `corridor credentials`: a key rotation prints the new key id (an RFC 7638
// thumbprint, 43 characters), an unknown code is refused by name.
func TestCredentialsCommand(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			dir := t.TempDir()
			env := []string{"CORRIDOR_DATA_DIR=" + dir}
			if engine == db.Postgres {
				env = append(env, "CORRIDOR_DATABASE_URL="+dbtest.TestDSN(t, db.Postgres))
			}
			env = migrated(t, env)
			out, code := corridor(t, env, "credentials", "rotate-key")
			if code != 0 || !strings.HasPrefix(out, "new signing key ") || len(strings.TrimSpace(strings.TrimPrefix(out, "new signing key "))) != 43 {
				t.Fatalf("rotate-key: %d %q", code, out)
			}
			out, code = corridor(t, env, "credentials", "verify", "zzzz-zzzz-zzzz")
			if code == 0 || !strings.Contains(out, `no certificate has the code "zzzz-zzzz-zzzz"`) {
				t.Errorf("unknown code: %d %s", code, out)
			}
			if out, code := corridor(t, env, "credentials", "programmes"); code != 0 || strings.TrimSpace(out) != "[]" {
				t.Errorf("programmes: %d %q", code, out)
			}
		})
	}
}

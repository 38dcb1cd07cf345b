package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// TestRealUploadKeepsTheServerWritable uploads UNHCR's real population
// table (138,893 rows) through the web form and runs it as a job beside
// the server. Before imports staged their rows in short transactions, the
// job's first progress report waited for the SQLite write connection its
// own transaction held, and every later write (a login, an edit) waited
// behind it forever. Now progress moves, logins answer during the import,
// and the dataset appears.
func TestRealUploadKeepsTheServerWritable(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a real 139k-row file")
	}
	file, err := os.ReadFile(testutil.SharedData(t, "unhcr-refugees", "population.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			a.Jobs.Heartbeat = 50 * time.Millisecond
			a.Jobs.Poll = 20 * time.Millisecond
			curator := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			curator.Get("/data/import")
			resp := uploadData(t, curator, "unhcr-population", "population.csv.gz", string(file))
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d", resp.StatusCode)
			}
			var jobID int64
			if err := a.DB.QueryRow(`SELECT id FROM jobs WHERE kind = 'data.import' ORDER BY id DESC LIMIT 1`).Scan(&jobID); err != nil {
				t.Fatal(err)
			}
			ctx, stop := context.WithCancel(context.Background())
			runnerDone := make(chan struct{})
			go func() { a.Jobs.Run(ctx); close(runnerDone) }()
			defer func() { stop(); <-runnerDone }()

			// Watch the job; sign in while it runs.
			progressSeen := map[int64]bool{}
			var logins []time.Duration
			deadline := time.Now().Add(10 * time.Minute)
			status := ""
			for time.Now().Before(deadline) {
				var progress int64
				if err := a.DB.QueryRow(`SELECT status, progress FROM jobs WHERE id = $1`, jobID).Scan(&status, &progress); err != nil {
					t.Fatal(err)
				}
				if status != "running" && status != "queued" {
					break
				}
				if status == "running" && progress > 0 {
					progressSeen[progress] = true
					if len(logins) < 3 {
						logins = append(logins, timedLogin(t, a.URL, "admin@corridor.test", "password-admin"))
					}
				}
				time.Sleep(100 * time.Millisecond)
			}
			if status != "done" {
				var lastErr string
				a.DB.QueryRow(`SELECT last_error FROM jobs WHERE id = $1`, jobID).Scan(&lastErr)
				t.Fatalf("job ended %q: %s", status, lastErr)
			}
			if len(progressSeen) < 2 {
				t.Errorf("progress took %d distinct values while the job ran, want it to move", len(progressSeen))
			}
			if len(logins) == 0 {
				t.Fatal("no login was tried during the import")
			}
			// A login hashes a password (argon2id) and writes a session; it
			// must not wait for the import. Judged on the fastest of the
			// tries, with room for a loaded machine.
			fastest := logins[0]
			for _, d := range logins {
				fastest = min(fastest, d)
			}
			t.Logf("logins during the import: %v", logins)
			if fastest > 3*time.Second {
				t.Errorf("a login during the import took %v", fastest)
			}
			var id, obs int64
			if err := a.DB.QueryRow(`SELECT id, observations FROM data_datasets WHERE file_name = 'population.csv.gz'`).Scan(&id, &obs); err != nil {
				t.Fatalf("no dataset after the import: %v", err)
			}
			if obs < 200000 {
				t.Errorf("%d observations from a 138,893-row file of two measures", obs)
			}
			var staged int
			a.DB.QueryRow(`SELECT COUNT(*) FROM data_import_rows`).Scan(&staged)
			if staged != 0 {
				t.Errorf("%d staged rows left after the import", staged)
			}
			resp, body := webtest.NewClient(t, a.URL).Get(fmt.Sprintf("/data/datasets/%d", id))
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "UNHCR Refugee Population Statistics") {
				t.Errorf("the dataset's page: %d", resp.StatusCode)
			}
		})
	}
}

// timedLogin signs in through the login form and returns how long the
// POST took to answer.
func timedLogin(t *testing.T, base, email, password string) time.Duration {
	t.Helper()
	c := webtest.NewClient(t, base)
	c.Get("/login")
	start := time.Now()
	resp, _ := c.Post("/login", url.Values{"email": {email}, "password": {password}})
	took := time.Since(start)
	if resp == nil || resp.StatusCode != http.StatusSeeOther {
		code := 0
		if resp != nil {
			code = resp.StatusCode
		}
		t.Errorf("login during the import: %d", code)
	}
	return took
}

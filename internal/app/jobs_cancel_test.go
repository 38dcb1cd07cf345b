package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/jobs"
	"corridor/internal/web/webtest"
)

// An admin cancels a queued job from Administration → Jobs and through the
// API; a job that has ended cannot be cancelled (409); others may not.
func TestAdminCancelsJobs(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			first, _ := jobs.Enqueue(ctx, a.DB, "data.import", map[string]string{"file": "a.csv"})
			second, _ := jobs.Enqueue(ctx, a.DB, "data.import", map[string]string{"file": "b.csv"})
			admin := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleAdmin])
			_, body := admin.Get("/admin/jobs")
			if !strings.Contains(body, fmt.Sprintf(`action="/admin/jobs/%d/cancel"`, first)) {
				t.Fatal("the jobs page offers no cancel button for a queued job")
			}
			resp, _ := admin.Post(fmt.Sprintf("/admin/jobs/%d/cancel", first), nil)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("cancel form: %d", resp.StatusCode)
			}
			resp, body = admin.API("POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", second), "")
			if resp.StatusCode != http.StatusAccepted || !strings.Contains(body, `"status": "cancelled"`) {
				t.Fatalf("cancel API: %d %s", resp.StatusCode, body)
			}
			for _, id := range []int64{first, second} {
				if j, _ := jobs.Get(ctx, a.DB, id); j == nil || j.Status != "cancelled" {
					t.Errorf("job %d: %+v", id, j)
				}
			}
			resp, _ = admin.API("POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", first), "")
			if resp.StatusCode != http.StatusConflict {
				t.Errorf("cancelling a cancelled job: %d, want 409", resp.StatusCode)
			}
			_, body = admin.Get("/admin/jobs?status=cancelled")
			if !strings.Contains(body, fmt.Sprintf(`action="/admin/jobs/%d/retry"`, first)) {
				t.Error("a cancelled job cannot be retried from the jobs page")
			}
			third, _ := jobs.Enqueue(ctx, a.DB, "data.import", nil)
			curator := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			resp, _ = curator.API("POST", fmt.Sprintf("/api/v1/jobs/%d/cancel", third), "")
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("a curator cancelling a job: %d, want 403", resp.StatusCode)
			}
			if j, _ := jobs.Get(ctx, a.DB, third); j.Status != "queued" {
				t.Errorf("refused cancel changed the job: %q", j.Status)
			}
		})
	}
}

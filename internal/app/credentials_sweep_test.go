package app

import (
	"context"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/db/dbtest"
	"corridor/internal/learning"
)

// TestCredentialsDemoAndSweep: the demo programme over the demo course and
// the demo learner's certificate; then the sweep, reading completions from
// the learning domain through the app's adapter, issues the programme's
// certificate to a member who completed the course with 80 % and not to
// one with 50 % (the programme asks for 60 %).
func TestCredentialsDemoAndSweep(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			if err := learning.LoadDemo(ctx, a.DB); err != nil {
				t.Fatal(err)
			}
			for _, load := range a.credentialsDemoLoaders() {
				if err := load(ctx, a.DB); err != nil {
					t.Fatal(err)
				}
			}
			code := a.DemoCertificate(ctx)
			c, err := a.Credentials.ByCode(ctx, code)
			if err != nil || c.LearnerName != "Nguyễn Thị Minh Khai" || c.StatusAt(c.IssuedAt) != credentials.Valid {
				t.Fatalf("demo certificate %q: %+v %v", code, c, err)
			}
			courses, _ := a.Learning.Catalogue(ctx, "en", true)
			family := courses[0].Family
			member, editor := a.Users[accounts.RoleMember].ID, a.Users[accounts.RoleEditor].ID
			for u, grade := range map[int64]float64{member: 80, editor: 50} {
				if err := a.Learning.Enrol(ctx, family, u); err != nil {
					t.Fatal(err)
				}
				// What learning records when a learner completes the course.
				if _, err := a.DB.Exec(`UPDATE learning_enrolments SET completed_at = 1780000000, grade = $1 WHERE course_id = $2 AND user_id = $3`, grade, family, u); err != nil {
					t.Fatal(err)
				}
			}
			n, err := a.Credentials.Sweep(ctx)
			if err != nil || n != 1 {
				t.Fatalf("sweep issued %d, %v; want 1", n, err)
			}
			if cs, _ := a.Credentials.ForUser(ctx, member); len(cs) != 1 || cs[0].Method != "auto" || cs[0].CompletedAt != 1780000000 {
				t.Errorf("member's certificates: %+v", cs)
			}
			if cs, _ := a.Credentials.ForUser(ctx, editor); len(cs) != 0 {
				t.Errorf("a grade of 50 earned %+v", cs)
			}
		})
	}
}

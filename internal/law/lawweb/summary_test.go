package lawweb_test

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db"
)

// Atom feeds write change summaries in the reader's language: a public
// feed in the request's, a personal feed in its user's.
func TestFeedSummariesInTheReadersLanguage(t *testing.T) {
	a, base := openSite(t, db.SQLite)
	ctx := context.Background()
	s := a.Law
	if _, err := s.ImportActionsCSV(ctx, strings.NewReader("treaty,state,kind,action_date\nV-2,TTO,denunciation,2020-01-02\n"), "one.csv"); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"fr": "V-2\u00a0: 1 acte conventionnel\u00a0: TTO Dénonciation 2020-01-02", "es": "V-2: 1 acto relativo al tratado: TTO Denuncia 2020-01-02"} {
		if _, body := get(t, base+"/law/instruments/V-2/feed.atom", lang); !strings.Contains(body, want) {
			t.Errorf("%s feed lacks %q", lang, want)
		}
	}
	u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "lectora@example.org", Name: "Lectora", Password: "password-lectora", Role: accounts.RoleMember, Lang: "es"}, accounts.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.FollowTarget(ctx, u.ID, "instrument", "V-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportActionsCSV(ctx, strings.NewReader("treaty,state,kind,action_date\nV-2,GUY,accession,2021-01-02\n"), "two.csv"); err != nil {
		t.Fatal(err)
	}
	tok, err := s.NewFeedToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, base+"/law/feeds/"+tok+".atom", "en"); !strings.Contains(body, "V-2: 1 acto relativo al tratado: GUY Adhesión 2021-01-02") {
		t.Errorf("personal feed not in the user's language: %.1500s", body)
	}
}

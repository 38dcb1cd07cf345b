package lawdb

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// Event summaries are written in the reader's language: the digest mail
// and Text give the kinds of the actions, statements and policy areas from
// the catalogs.
func TestEventSummariesInTheReadersLanguage(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		if _, err := s.ImportActionsCSV(ctx, strings.NewReader("treaty,state,kind,action_date,effective_date\nV-2,TTO,denunciation,2020-01-02,2021-01-02\n"), "one.csv"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddPolicyChange(ctx, PolicyChange{Country: "NLD", Date: "2016-01-01", Area: "exit", Restrictiveness: 1, Magnitude: 2, Summary: "Return rules"}); err != nil {
			t.Fatal(err)
		}
		evs, err := s.InstrumentEvents(ctx, "V-2", 1)
		if err != nil || len(evs) != 1 {
			t.Fatalf("events %v %v", evs, err)
		}
		pol, err := s.CountryEvents(ctx, "NLD", 1)
		if err != nil || len(pol) != 1 {
			t.Fatalf("policy events %v %v", pol, err)
		}
		for _, c := range []struct{ lang, action, policy string }{
			{"en", "V-2: 1 treaty action: TTO Denunciation 2020-01-02", "NLD: 1 policy change: 2016-01-01 Exit +1 Return rules"},
			{"fr", "V-2\u00a0: 1 acte conventionnel\u00a0: TTO Dénonciation 2020-01-02", "NLD\u00a0: 1 changement de politique\u00a0: 2016-01-01 Sortie +1 Return rules"},
			{"es", "V-2: 1 acto relativo al tratado: TTO Denuncia 2020-01-02", "NLD: 1 cambio de política: 2016-01-01 Salida +1 Return rules"},
		} {
			if got := evs[0].Text(c.lang); got != c.action {
				t.Errorf("%s: %q, want %q", c.lang, got, c.action)
			}
			if got := pol[0].Text(c.lang); got != c.policy {
				t.Errorf("%s: %q, want %q", c.lang, got, c.policy)
			}
			if _, body := DigestMail(c.lang, "https://corridor.test", evs); !strings.Contains(body, c.action) {
				t.Errorf("%s digest lacks %q:\n%s", c.lang, c.action, body)
			}
		}
		// an event recorded without parts keeps its stored text
		if got := (Event{Kind: "action", Summary: "old text"}).Text("fr"); got != "old text" {
			t.Errorf("event without parts: %q", got)
		}
	})
}

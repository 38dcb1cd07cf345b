package lawdb

import (
	"context"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/treaty"
	"corridor/internal/testutil"
)

// TestDemoLoadsTheSharedSets loads the embedded demo and checks it against
// the shared data sets it was made from (read here from their own
// folders): the 1951 Convention has its text with article 33, every treaty
// of the UNTC snapshot (every chapter) has all its actions, the Dutch acts
// all their versions, and a French search for "réfugié" finds what the
// texts hold. A second load adds nothing.
func TestDemoLoadsTheSharedSets(t *testing.T) {
	snap, err := treaty.LoadSnapshot(testutil.SharedData(t, "untc-status-snapshot"))
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// serve --demo's part: the treaties at once, the rest queued once
		start := time.Now()
		for range 2 {
			if err := LoadDemo(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("engine=%s LoadDemo (treaties, job queued) %s", d.Engine, time.Since(start).Round(time.Millisecond))
		var queued, treaties int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = $1 AND status = 'queued'`, JobDemoLoad).Scan(&queued)
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_instruments`).Scan(&treaties)
		if queued != 1 || treaties != len(snap.Treaties) {
			t.Errorf("after LoadDemo: %d jobs queued, %d instruments; want 1 and the snapshot's %d treaties", queued, treaties, len(snap.Treaties))
		}
		if p, active, err := DemoLoadState(ctx, d); err != nil || !active || p != 0 {
			t.Errorf("demo load state %d %v %v, want 0 %% and active", p, active, err)
		}
		start = time.Now()
		var steps []int64
		if err := LoadDemoNow(ctx, d, func(done, total int64) { steps = append(steps, done*100/total) }); err != nil {
			t.Fatal(err)
		}
		t.Logf("engine=%s demo load %s", d.Engine, time.Since(start).Round(time.Millisecond))
		if len(steps) != len(demoSteps) || steps[len(steps)-1] != 100 {
			t.Errorf("progress %v, want one report per data set ending at 100", steps)
		}
		s := New(d)

		// the 1951 Convention's text, article 33 (non-refoulement)
		in, err := s.Instrument(ctx, "V-2")
		if err != nil {
			t.Fatal(err)
		}
		vs, err := s.Versions(ctx, in.ID)
		if err != nil || len(vs) == 0 {
			t.Fatalf("V-2 versions: %d, %v", len(vs), err)
		}
		provs, err := s.Provisions(ctx, vs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		art33 := ""
		for _, p := range provs {
			if p.ArticleEID == "art_33" || p.EID == "art_33" {
				art33 += " " + p.Heading + " " + p.Text
			}
		}
		if !strings.Contains(art33, "refouler") || !strings.Contains(strings.ToLower(art33), "expulsion or return") {
			t.Errorf("V-2 article 33: %.200q", art33)
		}
		var articles int
		for _, p := range provs {
			if p.Kind == "article" {
				articles++
			}
		}
		if articles != 46 {
			t.Errorf("V-2: %d articles, want the Convention's 46", articles)
		}

		// every treaty of every chapter in the snapshot has its status
		chapters := map[int]int{}
		for key, tr := range snap.Treaties {
			cid, _ := treaty.ParseChapterID(key)
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_treaty_actions a JOIN law_identifiers x ON x.instrument_id = a.instrument_id
				WHERE x.scheme = 'untc-key' AND x.value = $1`, key).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != len(tr.Actions) {
				t.Errorf("%s: %d actions stored, the snapshot has %d", key, n, len(tr.Actions))
			}
			if len(tr.Actions) > 0 {
				chapters[cid.Chapter]++
			}
		}
		for _, ch := range []int{4, 5, 18} {
			if chapters[ch] == 0 {
				t.Errorf("chapter %d: no treaty with status", ch)
			}
		}
		if st, err := s.StatusOn(ctx, "XVIII-12-b", time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil || len(st) < 100 {
			t.Errorf("Smuggling Protocol status in 2015: %d States, %v", len(st), err)
		}

		// all versions of the Dutch Aliens Act (VERSIONS.csv has ten)
		var aliens int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id WHERE i.slug = 'BWBR0011823'`).Scan(&aliens); err != nil || aliens != 10 {
			t.Errorf("Aliens Act 2000: %d versions, %v; want 10", aliens, err)
		}

		// "réfugié" asked in French: the set has no French text, so
		// nothing matches in French; across languages the root of the
		// French word finds the English "refugee" texts, article 33 of the
		// 1951 Convention among them (the search page does both)
		q, err := ParseQuery("réfugié", "fr")
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, q, SearchFilter{Lang: "fr"}, 50)
		if err != nil {
			t.Fatal(err)
		}
		langs, err := s.TextLanguages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hasFR := false
		for _, l := range langs {
			hasFR = hasFR || l == "fr"
		}
		if hasFR != (res.Total > 0) {
			t.Errorf("French search: %d hits, French texts loaded: %v", res.Total, hasFR)
		}
		for _, h := range res.Hits {
			if h.Language != "fr" {
				t.Errorf("French search found a %s text: %s %s", h.Language, h.Slug, h.EID)
			}
		}
		t.Logf("text languages %v; French hits %d", langs, res.Total)
		q, _ = ParseQuery("réfugié", "")
		all, err := s.Search(ctx, CrossLanguage(q), SearchFilter{}, 1000)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range all.Hits {
			if h.Slug == "V-2" && (h.EID == "art_33" || h.ArticleEID == "art_33") {
				found = true
			}
		}
		if !found {
			t.Errorf("search for réfugié in every language: %d hits, none in article 33 of V-2", all.Total)
		}

		// loading again (a resumed job) adds nothing
		var before, after int
		count := `SELECT (SELECT COUNT(*) FROM law_versions) + (SELECT COUNT(*) FROM law_treaty_actions) + (SELECT COUNT(*) FROM law_status_sources) + (SELECT COUNT(*) FROM law_policy_changes)`
		d.QueryRowContext(ctx, count).Scan(&before)
		if err := LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		d.QueryRowContext(ctx, count).Scan(&after)
		if before != after {
			t.Errorf("a second load changed the row count from %d to %d", before, after)
		}
	})
}

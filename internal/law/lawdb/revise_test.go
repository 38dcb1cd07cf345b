package lawdb

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

// searchEIDs returns "validFrom/article eId" of the provisions a query finds in
// one instrument.
func searchEIDs(t *testing.T, s *Store, q, slug string) []string {
	t.Helper()
	pq, err := ParseQuery(q, "en")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(context.Background(), pq, SearchFilter{Lang: "en"}, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		if h.Slug == slug {
			out = append(out, h.ValidFrom+"/"+h.ArticleEID)
		}
	}
	return out
}

// checkIndexHoldsCurrentOnly checks that every provision carries its
// version's current flag and that the full-text index holds exactly the
// current versions' provisions (migration 0231).
func checkIndexHoldsCurrentOnly(t *testing.T, d *db.DB, when string) {
	t.Helper()
	var wrong, current, indexed int
	if err := d.QueryRow(`SELECT COUNT(*) FROM law_provisions p JOIN law_versions v ON v.id = p.version_id WHERE p.is_current <> v.is_current`).Scan(&wrong); err != nil {
		t.Fatal(err)
	}
	d.QueryRow(`SELECT COUNT(*) FROM law_provisions p JOIN law_versions v ON v.id = p.version_id WHERE v.is_current = 1`).Scan(&current)
	indexedSQL := `SELECT COUNT(*) FROM law_fts`
	if d.Engine == db.Postgres {
		// what the partial index covers
		indexedSQL = `SELECT COUNT(*) FROM law_provisions WHERE is_current = 1`
	}
	d.QueryRow(indexedSQL).Scan(&indexed)
	if wrong != 0 || indexed != current {
		t.Errorf("%s: %d provisions disagree with their version's flag; %d indexed, %d current", when, wrong, indexed, current)
	}
}

// lastAudit returns the action, before and after of the newest audit entry.
func lastAudit(t *testing.T, d *db.DB) (action, before, after string) {
	t.Helper()
	if err := d.QueryRow(`SELECT action, COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&action, &before, &after); err != nil {
		t.Fatal(err)
	}
	return
}

func kindOf(err error) errs.Kind { return errs.KindOf(err) }

const (
	textHousing = "### Article 1\n\nRefugees shall receive housing.\n\n### Article 2\n\nThis act enters into force at once.\n"
	textShelter = "### Article 1\n\nRefugees shall receive shelter.\n\n### Article 3\n\nThe minister reports every year.\n"
)

// TestDeleteVersion deletes the latest of two versions: search (both
// engines) no longer finds the deleted text and finds the earlier version's
// instead, the instrument page's current text is the earlier one, and
// deleting the only version left is refused.
func TestDeleteVersion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		if _, err := s.CreateInstrument(ctx, InstrumentInput{Slug: "REV-1", Title: "Reception Act", Level: "national", Type: "act", Jurisdiction: "NLD"}); err != nil {
			t.Fatal(err)
		}
		v1, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-1", Language: "en", ValidFrom: "2001-01-01", Format: "markdown", Text: []byte(textHousing)})
		if err != nil {
			t.Fatal(err)
		}
		v2, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-1", Language: "en", ValidFrom: "2005-01-01", Format: "markdown", Text: []byte(textShelter)})
		if err != nil {
			t.Fatal(err)
		}
		// only the current (2005) text is searched
		if got := searchEIDs(t, s, "shelter", "REV-1"); strings.Join(got, ",") != "2005-01-01/art_1" {
			t.Fatalf("shelter before the deletion: %v", got)
		}
		// an older version added after the current one is not searched
		v0, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-1", Language: "en", ValidFrom: "1999-01-01", Format: "markdown",
			Text: []byte("### Article 1\n\nRefugees shall receive a pension.\n")})
		if err != nil {
			t.Fatal(err)
		}
		if got := searchEIDs(t, s, "pension", "REV-1"); len(got) != 0 {
			t.Errorf("an older version added later is searched: %v", got)
		}
		checkIndexHoldsCurrentOnly(t, d, "three versions")
		if got := searchEIDs(t, s, "housing", "REV-1"); len(got) != 0 {
			t.Fatalf("housing (an old version's word) found before the deletion: %v", got)
		}
		plan, err := s.PlanVersionDeletion(ctx, "REV-1", v2)
		if err != nil || plan.Refused != nil || !plan.WasCurrent || plan.NewCurrent == nil || plan.NewCurrent.ID != v1 {
			t.Fatalf("plan: %+v, %v", plan, err)
		}
		if err := s.DeleteVersion(ctx, "REV-1", v2); err != nil {
			t.Fatal(err)
		}
		if got := searchEIDs(t, s, "shelter", "REV-1"); len(got) != 0 {
			t.Errorf("the deleted version's text is still found: %v", got)
		}
		if got := searchEIDs(t, s, "minister", "REV-1"); len(got) != 0 {
			t.Errorf("the deleted version's article 3 is still found: %v", got)
		}
		if got := searchEIDs(t, s, "housing", "REV-1"); strings.Join(got, ",") != "2001-01-01/art_1" {
			t.Errorf("the remaining version is not searched: %v", got)
		}
		checkIndexHoldsCurrentOnly(t, d, "after the deletion")
		var provs int
		d.QueryRow(`SELECT COUNT(*) FROM law_provisions WHERE version_id = $1`, v2).Scan(&provs)
		if provs != 0 {
			t.Errorf("%d provisions of the deleted version are left", provs)
		}
		inst, _ := s.Instrument(ctx, "REV-1")
		vs, _ := s.Versions(ctx, inst.ID)
		if cur := VersionOn(vs, "en", ""); cur == nil || cur.ID != v1 {
			t.Errorf("current version after the deletion: %+v", cur)
		}
		if a, before, after := lastAudit(t, d); a != "law.version.delete" || !strings.Contains(before, `"valid_from":"2005-01-01"`) || after != "" {
			t.Errorf("audit %s %s %s", a, before, after)
		}
		if _, err := s.VersionOf(ctx, "REV-1", v2); kindOf(err) != errs.NotFound {
			t.Errorf("deleted version: %v", err)
		}

		// a past version deleted: the current one is still searched
		if err := s.DeleteVersion(ctx, "REV-1", v0); err != nil {
			t.Fatal(err)
		}
		if got := searchEIDs(t, s, "housing", "REV-1"); strings.Join(got, ",") != "2001-01-01/art_1" {
			t.Errorf("after deleting a past version: %v", got)
		}
		checkIndexHoldsCurrentOnly(t, d, "after deleting a past version")

		// the only version left: refused, nothing changes
		before := counts(t, d)
		err = s.DeleteVersion(ctx, "REV-1", v1)
		if e, ok := errs.As(err); !ok || e.Kind != errs.Conflict || e.Fields["version"] != "law.error.last_version" {
			t.Errorf("deleting the only version: %v", err)
		}
		sameCounts(t, "refused deletion", before, counts(t, d))
		// a version of another instrument is not found through this one
		if err := s.DeleteVersion(ctx, "V-2", v1); kindOf(err) != errs.NotFound {
			t.Errorf("version through another instrument: %v", err)
		}
	})
}

// TestDeleteVersionKeepsReferencedArticles refuses to delete or replace a
// version when a relationship, policy change or reservation names an
// article only it has.
func TestDeleteVersionKeepsReferencedArticles(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		if _, err := s.CreateInstrument(ctx, InstrumentInput{Slug: "REV-2", Title: "Reception Act", Level: "national", Type: "act", Jurisdiction: "NLD"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-2", Language: "en", ValidFrom: "2001-01-01", Format: "markdown", Text: []byte(textHousing)}); err != nil {
			t.Fatal(err)
		}
		v2, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-2", Language: "en", ValidFrom: "2005-01-01", Format: "markdown", Text: []byte(textShelter)})
		if err != nil {
			t.Fatal(err)
		}
		rid, err := s.AddRelationship(ctx, NewRelation{From: "REV-2", Kind: "implements", To: "V-2", FromEID: "art_3"})
		if err != nil {
			t.Fatal(err)
		}
		err = s.DeleteVersion(ctx, "REV-2", v2)
		if e, ok := errs.As(err); !ok || e.Kind != errs.Conflict || !strings.Contains(err.Error(), "art_3") {
			t.Fatalf("deleting a version whose article 3 a relationship names: %v", err)
		}
		// a corrected text without article 3 is refused the same way
		err = s.ReplaceVersion(ctx, v2, NewVersion{Instrument: "REV-2", Format: "markdown", Text: []byte(textHousing)})
		if kindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "art_3") {
			t.Errorf("replacing it without article 3: %v", err)
		}
		// art_1 is in both versions: naming it does not block
		if err := s.ReplaceRelationship(ctx, "REV-2", rid, NewRelation{Kind: "implements", To: "V-2", FromEID: "art_1"}); err != nil {
			t.Fatal(err)
		}
		// a reservation naming article 3 blocks too
		inst, _ := s.Instrument(ctx, "REV-2")
		if _, err := d.Exec(`INSERT INTO law_statements (instrument_id, state, kind, text, eids) VALUES ($1, 'FRA', 'reservation', 'Article 3 does not apply.', 'art_1,art_3')`, inst.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteVersion(ctx, "REV-2", v2); kindOf(err) != errs.Conflict || !strings.Contains(err.Error(), "art_3") || strings.Contains(err.Error(), "art_1") {
			t.Errorf("deleting a version whose article 3 a reservation names: %v", err)
		}
		if _, err := d.Exec(`UPDATE law_statements SET eids = 'art_1' WHERE instrument_id = $1`, inst.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteVersion(ctx, "REV-2", v2); err != nil {
			t.Errorf("deleting once nothing names an article only it has: %v", err)
		}
	})
}

// TestReplaceVersion corrects a version's text: same id, language and
// date, new provisions searched, the old words gone; the language and the
// date cannot change, and a bad text leaves the version as it was.
func TestReplaceVersion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		if _, err := s.CreateInstrument(ctx, InstrumentInput{Slug: "REV-3", Title: "Reception Act", Level: "national", Type: "act"}); err != nil {
			t.Fatal(err)
		}
		vid, err := s.AddVersion(ctx, NewVersion{Instrument: "REV-3", Language: "en", ValidFrom: "2001-01-01", Format: "markdown", Text: []byte(textHousing)})
		if err != nil {
			t.Fatal(err)
		}
		var events int
		d.QueryRow(`SELECT COUNT(*) FROM law_events`).Scan(&events)
		if err := s.ReplaceVersion(ctx, vid, NewVersion{Instrument: "REV-3", Language: "EN", Title: "Reception Act (corrected)", Format: "markdown", Text: []byte(textShelter)}); err != nil {
			t.Fatal(err)
		}
		v, err := s.VersionOf(ctx, "REV-3", vid)
		if err != nil || v.Language != "en" || v.ValidFrom != "2001-01-01" || v.Title != "Reception Act (corrected)" || v.Provisions != 4 {
			t.Fatalf("replaced version: %+v, %v", v, err)
		}
		if got := searchEIDs(t, s, "shelter", "REV-3"); strings.Join(got, ",") != "2001-01-01/art_1" {
			t.Errorf("the corrected text is not searched: %v", got)
		}
		if got := searchEIDs(t, s, "housing", "REV-3"); len(got) != 0 {
			t.Errorf("the replaced text is still found: %v", got)
		}
		checkIndexHoldsCurrentOnly(t, d, "after the correction")
		doc, err := s.Document(ctx, vid)
		if err != nil || doc.Find("art_3") == nil || doc.Find("art_2") != nil {
			t.Errorf("document after the correction: %v", err)
		}
		a, before, after := lastAudit(t, d)
		if a != "law.version.replace" || !strings.Contains(before, `"title":"Reception Act"`) || !strings.Contains(after, `"title":"Reception Act (corrected)"`) {
			t.Errorf("audit %s %s %s", a, before, after)
		}
		var eventsAfter int
		d.QueryRow(`SELECT COUNT(*) FROM law_events`).Scan(&eventsAfter)
		if eventsAfter != events {
			t.Errorf("a correction added %d law events", eventsAfter-events)
		}

		state := counts(t, d)
		for name, nv := range map[string]NewVersion{
			"other language": {Language: "fr", Format: "markdown", Text: []byte(textHousing)},
			"other date":     {ValidFrom: "2002-01-01", Format: "markdown", Text: []byte(textHousing)},
			"bad XML":        {Format: "akn", Text: []byte("<akomaNtoso><act>")},
			"empty":          {Format: "markdown", Text: []byte("  ")},
		} {
			nv.Instrument = "REV-3"
			if err := s.ReplaceVersion(ctx, vid, nv); kindOf(err) != errs.Invalid {
				t.Errorf("%s: %v, want a field error", name, err)
			}
		}
		sameCounts(t, "refused corrections", state, counts(t, d))
		if got := searchEIDs(t, s, "shelter", "REV-3"); len(got) != 1 {
			t.Errorf("a refused correction changed the text: %v", got)
		}
	})
}

// TestReplaceAndDeleteRelationship replaces a relationship (validated as
// a new one, its own old value not counting as a duplicate) and deletes it
// through either end.
func TestReplaceAndDeleteRelationship(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		a, err := s.AddRelationship(ctx, NewRelation{From: "V-5", Kind: "cites", To: "V-2"})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.AddRelationship(ctx, NewRelation{From: "V-5", Kind: "supplements", To: "V-2"})
		if err != nil {
			t.Fatal(err)
		}
		// unchanged is fine; the other's value is a duplicate
		if err := s.ReplaceRelationship(ctx, "V-5", a, NewRelation{Kind: "cites", To: "5-2"}); err != nil {
			t.Errorf("replacing with its own value: %v", err)
		}
		if err := s.ReplaceRelationship(ctx, "V-5", a, NewRelation{Kind: "supplements", To: "V-2"}); fieldOf(err, "target") != "law.error.relation_exists" {
			t.Errorf("replacing with another's value: %v", err)
		}
		if err := s.ReplaceRelationship(ctx, "V-5", a, NewRelation{Kind: "nonsense", To: "V-5"}); fieldOf(err, "kind") == "" || fieldOf(err, "target") != "law.error.relation_self" {
			t.Errorf("bad replacement: %v", err)
		}
		if err := s.ReplaceRelationship(ctx, "V-2", a, NewRelation{Kind: "amends", To: "V-2", ToEID: "art_1"}); err != nil {
			t.Fatalf("replacing through the other end: %v", err)
		}
		r, err := s.RelationOf(ctx, "V-5", a)
		if err != nil || r.From != "V-5" || r.Kind != "amends" || r.To != "V-2" || r.ToEID != "art_1" {
			t.Errorf("replaced: %+v, %v", r, err)
		}
		if act, before, after := lastAudit(t, d); act != "law.relationship.update" || !strings.Contains(before, `"kind":"cites"`) || !strings.Contains(after, `"kind":"amends"`) {
			t.Errorf("audit %s %s %s", act, before, after)
		}
		// a relationship of other instruments is not found through V-5
		if _, err := s.RelationOf(ctx, "C097", a); kindOf(err) != errs.NotFound && !strings.Contains(err.Error(), "unknown") {
			t.Errorf("through an unrelated instrument: %v", err)
		}
		if err := s.DeleteRelationship(ctx, "V-2", b); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRelationship(ctx, "V-2", b); kindOf(err) != errs.NotFound {
			t.Errorf("deleted twice: %v", err)
		}
		inst, _ := s.Instrument(ctx, "V-5")
		rels, _ := s.Relations(ctx, inst.ID)
		for _, x := range rels {
			if x.ID == b {
				t.Error("the deleted relationship is still listed")
			}
		}
		if act, before, _ := lastAudit(t, d); act != "law.relationship.delete" || !strings.Contains(before, `"kind":"supplements"`) {
			t.Errorf("audit %s %s", act, before)
		}
	})
}

// TestUpdatePolicyChange updates a coding with the checks of a new one.
func TestUpdatePolicyChange(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		id, err := s.AddPolicyChange(ctx, PolicyChange{Country: "FRA", Date: "2010-05-01", Area: "integration", TargetGroup: "family", OriginGroup: "all", Restrictiveness: 1, Magnitude: 2, Summary: "x", Source: "src:1"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.UpdatePolicyChange(ctx, id, PolicyChange{Country: "esp", Date: "2011-02-03", Instrument: "V-2", ArticleEID: "art_1", Area: "exit",
			TargetGroup: "students", OriginGroup: "citizens", Restrictiveness: -1, Magnitude: 4, Summary: " corrected "}); err != nil {
			t.Fatal(err)
		}
		p, err := s.PolicyChangeByID(ctx, id)
		want := PolicyChange{ID: id, Country: "ESP", Date: "2011-02-03", Instrument: "V-2", ArticleEID: "art_1", Area: "exit", TargetGroup: "students",
			OriginGroup: "citizens", Restrictiveness: -1, Magnitude: 4, Summary: "corrected", Source: "src:1"}
		if err != nil || *p != want {
			t.Errorf("updated: %+v, %v; want %+v", p, err, want)
		}
		act, before, after := lastAudit(t, d)
		var b, a PolicyChange
		json.Unmarshal([]byte(before), &b)
		json.Unmarshal([]byte(after), &a)
		if act != "law.policy_change.update" || b.Country != "FRA" || a.Country != "ESP" {
			t.Errorf("audit %s %s %s", act, before, after)
		}
		err = s.UpdatePolicyChange(ctx, id, PolicyChange{Country: "XXX", Date: "2011-13-01", Area: "nowhere", Restrictiveness: 2, Magnitude: 9})
		for _, f := range []string{"country", "date", "pol_area", "change_restrict", "change_level"} {
			if fieldOf(err, f) == "" {
				t.Errorf("bad update: no error for %s (%v)", f, err)
			}
		}
		if p2, _ := s.PolicyChangeByID(ctx, id); *p2 != want {
			t.Errorf("a refused update changed the row: %+v", p2)
		}
		if err := s.UpdatePolicyChange(ctx, id+1000, want); kindOf(err) != errs.NotFound {
			t.Errorf("unknown change: %v", err)
		}
	})
}

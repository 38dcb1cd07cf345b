package lawdb

import (
	"context"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// TestRepealTakesOutOfForce: article 122 of the Dutch Aliens Act 2000
// (BWBR0011823, in the shared data: "De Vreemdelingenwet wordt
// ingetrokken.") repeals the Aliens Act of 13 January 1965 (Stb. 1965, 40).
// The Act of 2000 entered into force on 1 April 2001 (wetten.overheid.nl,
// BWBR0011823, first version in force from 01-04-2001), so the 1965 Act is
// in force until 31 March 2001 and not from 1 April 2001.
func TestRepealTakesOutOfForce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		if _, err := s.CreateInstrument(ctx, InstrumentInput{Slug: "NL-VW-1965", Title: "Vreemdelingenwet (1965)", Level: "national", Type: "act",
			Jurisdiction: "NLD", AdoptedOn: "1965-01-13", InForceOn: "1967-01-01", Languages: []string{"nl"}, Identifiers: "gazette:Stb. 1965, 40"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRelationship(ctx, NewRelation{From: "BWBR0011823", Kind: "repeals", To: "NL-VW-1965", FromEID: "art_122"}); err != nil {
			t.Fatal(err)
		}
		inst := func(ref string) *Instrument {
			in, err := s.Instrument(ctx, ref)
			if err != nil {
				t.Fatal(err)
			}
			return in
		}
		// the repealing act has no entry-into-force date yet: the repeal is undated
		if in := inst("NL-VW-1965"); in.EndedOn != "" || !in.InForceAt("2005-01-01") {
			t.Errorf("undated repeal: ended %q, in force in 2005 %v", in.EndedOn, in.InForceAt("2005-01-01"))
		}
		vw, err := s.InstrumentInputOf(ctx, "BWBR0011823")
		if err != nil {
			t.Fatal(err)
		}
		vw.InForceOn = "2001-04-01"
		if err := s.UpdateInstrument(ctx, "BWBR0011823", *vw); err != nil {
			t.Fatal(err)
		}
		old, act := inst("NL-VW-1965"), inst("BWBR0011823")
		for _, c := range []struct {
			in   *Instrument
			day  string
			want bool
		}{
			{old, "1966-12-31", false}, {old, "1967-01-01", true}, {old, "2001-03-31", true}, {old, "2001-04-01", false}, {old, "2020-01-01", false},
			{act, "2001-03-31", false}, {act, "2001-04-01", true},
		} {
			if got := c.in.InForceAt(c.day); got != c.want {
				t.Errorf("%s in force on %s: %v, want %v", c.in.Slug, c.day, got, c.want)
			}
		}
		if old.EndedOn != "2001-04-01" {
			t.Errorf("1965 Act ended on %q, want 2001-04-01", old.EndedOn)
		}
		// the bulk export's listing says so too
		all, err := s.AllInstruments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range all {
			if in.Slug == "NL-VW-1965" && (in.EndedOn != "2001-04-01" || in.InForce) {
				t.Errorf("listed 1965 Act: ended_on %q in force %v", in.EndedOn, in.InForce)
			}
		}
	})
}

// The general rules, on made-up instruments: the earliest of an explicit
// end of validity, a repeal's recorded date and the repealing instrument's
// entry into force; a repeal of one article does not end the instrument;
// the search facet follows.
func TestInForceRulesAndSearchFacet(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		mk := func(slug, inForce string) {
			t.Helper()
			if _, err := s.CreateInstrument(ctx, InstrumentInput{Slug: slug, Title: slug, Level: "national", Type: "act", AdoptedOn: "1999-01-01", InForceOn: inForce}); err != nil {
				t.Fatal(err)
			}
		}
		mk("T-ACT", "2000-01-01")
		mk("T-NEW", "2010-01-01")
		mk("T-PART", "2005-01-01")
		if _, err := s.AddVersion(ctx, NewVersion{Instrument: "T-ACT", Language: "en", ValidFrom: "2000-01-01", Format: "markdown", Text: []byte(mdText)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddRelationship(ctx, NewRelation{From: "T-PART", Kind: "repeals", To: "T-ACT", ToEID: "art_2"}); err != nil {
			t.Fatal(err)
		}
		ended := func() string {
			in, err := s.Instrument(ctx, "T-ACT")
			if err != nil {
				t.Fatal(err)
			}
			return in.EndedOn
		}
		if e := ended(); e != "" {
			t.Errorf("a repeal of article 2 ended the act on %q", e)
		}
		if _, err := s.AddRelationship(ctx, NewRelation{From: "T-NEW", Kind: "repeals", To: "T-ACT"}); err != nil {
			t.Fatal(err)
		}
		if e := ended(); e != "2010-01-01" {
			t.Errorf("repealed by T-NEW: ended %q, want its entry into force 2010-01-01", e)
		}
		search := func(inForce, today string) int {
			q, err := ParseQuery("seasonal", "en")
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(ctx, q, SearchFilter{Lang: "en", InForce: inForce, Today: today}, 20)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, h := range res.Hits {
				if h.Slug == "T-ACT" {
					n++
				}
			}
			return n
		}
		for _, c := range []struct {
			inForce, today string
			want           int
		}{{"yes", "2009-12-31", 1}, {"no", "2009-12-31", 0}, {"yes", "2010-01-01", 0}, {"no", "2010-01-01", 1}, {"", "2010-01-01", 1}, {"no", "1999-06-01", 1}} {
			if got := search(c.inForce, c.today); got != c.want {
				t.Errorf("in_force=%s on %s: %d hits of T-ACT, want %d", c.inForce, c.today, got, c.want)
			}
		}
		// a date recorded on the repeal, and an end of validity: the earliest wins
		in, _ := s.InstrumentInputOf(ctx, "T-ACT")
		in.EndsOn = "2012-01-01"
		if err := s.UpdateInstrument(ctx, "T-ACT", *in); err != nil {
			t.Fatal(err)
		}
		if e := ended(); e != "2010-01-01" {
			t.Errorf("with a later end of validity: ended %q", e)
		}
		mk("T-OTHER", "2020-01-01")
		if _, err := s.AddRelationship(ctx, NewRelation{From: "T-OTHER", Kind: "repeals", To: "T-ACT", EffectiveOn: "2008-06-30"}); err != nil {
			t.Fatal(err)
		}
		if e := ended(); e != "2008-06-30" {
			t.Errorf("repeal dated 2008-06-30: ended %q", e)
		}
		// bad end of validity and bad relationship date
		in.EndsOn = "1998-01-01"
		if err := s.UpdateInstrument(ctx, "T-ACT", *in); fieldOf(err, "ends_on") != "law.error.ends_before_in_force" {
			t.Errorf("end before entry into force: %v", err)
		}
		if _, err := s.AddRelationship(ctx, NewRelation{From: "T-PART", Kind: "repeals", To: "T-ACT", EffectiveOn: "2008-02-30"}); fieldOf(err, "effective_on") != "law.error.bad_date" {
			t.Errorf("bad relationship date: %v", err)
		}
	})
}

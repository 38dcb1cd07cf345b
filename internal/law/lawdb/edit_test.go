package lawdb

import (
	"context"
	"errors"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

// counts returns the number of rows of the tables an edit may write.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range []string{"law_instruments", "law_identifiers", "law_versions", "law_provisions", "law_relationships", "law_events", "audit_log"} {
		var n int
		if err := d.QueryRow(`SELECT COUNT(*) FROM ` + tb).Scan(&n); err != nil { // fixed table names
			t.Fatal(err)
		}
		out[tb] = n
	}
	return out
}

func sameCounts(t *testing.T, what string, before, after map[string]int) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s: %s went from %d to %d rows, want nothing stored", what, k, v, after[k])
		}
	}
}

// fieldOf returns the message of a field error, or "".
func fieldOf(err error, field string) string {
	if e, ok := errs.As(err); ok && e.Kind == errs.Invalid {
		return e.Fields[field]
	}
	return ""
}

func demoStore(t *testing.T, d *db.DB) *Store {
	t.Helper()
	if err := LoadDemoNow(context.Background(), d, nil); err != nil {
		t.Fatal(err)
	}
	return New(d)
}

const mdText = "##Test Act\n\n### Article 1\n\n####Scope\n\nThis act applies to seasonal workers.\n\n### Article 2\n\n1. Workers have equal treatment.\n"

func TestCreateAndUpdateInstrument(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		good := InstrumentInput{Title: "Seasonal Workers Agreement", Level: "bilateral", Type: "agreement", Jurisdiction: "NLD",
			IssuingBody: "Staten-Generaal", AdoptedOn: "2001-02-03", SignedOn: "2001-02-03", InForceOn: "2002-01-01",
			Languages: []string{"en, fr"}, Topics: []string{"labour-migration"}, TargetGroups: []string{"low-skilled", "all-workers"},
			Identifiers: "other:SWA-2001\n\neli: https://example.org/eli/swa/2001\n"}

		bad := []struct {
			name, field, msg string
			edit             func(*InstrumentInput)
		}{
			{"no title", "title", "law.error.title_required", func(in *InstrumentInput) { in.Title = " " }},
			{"bad level", "level", "law.error.unknown_level", func(in *InstrumentInput) { in.Level = "galactic" }},
			{"no type", "type", "law.error.unknown_type", func(in *InstrumentInput) { in.Type = "" }},
			{"bad date", "adopted_on", "law.error.bad_date", func(in *InstrumentInput) { in.AdoptedOn = "3 Feb 2001" }},
			{"impossible date", "signed_on", "law.error.bad_date", func(in *InstrumentInput) { in.SignedOn = "2001-02-30" }},
			{"order", "in_force_on", "law.error.in_force_before_adoption", func(in *InstrumentInput) { in.InForceOn = "2000-01-01" }},
			{"language", "languages", "law.error.bad_language_code", func(in *InstrumentInput) { in.Languages = []string{"english"} }},
			{"topic", "topics", "law.error.topic_choice", func(in *InstrumentInput) { in.Topics = []string{"cooking"} }},
			{"group", "target_groups", "law.error.unknown_group", func(in *InstrumentInput) { in.TargetGroups = []string{"tourists"} }},
			{"scheme", "identifiers", "law.error.unknown_scheme", func(in *InstrumentInput) { in.Identifiers = "isbn:123" }},
			{"line", "identifiers", "law.error.identifier_line", func(in *InstrumentInput) { in.Identifiers = "just-a-value" }},
			{"untc value", "identifiers", "law.error.identifier_value", func(in *InstrumentInput) { in.Identifiers = "untc:not a number" }},
			{"taken", "identifiers", "law.error.identifier_taken", func(in *InstrumentInput) { in.Identifiers = "other:x\nuntc:V-2" }},
			{"taken other form", "identifiers", "law.error.identifier_taken", func(in *InstrumentInput) { in.Identifiers = "untc-key:5-5" }},
			{"slug taken", "slug", "law.error.slug_taken", func(in *InstrumentInput) { in.Slug = "v-2" }},
			{"slug reserved", "slug", "law.error.slug", func(in *InstrumentInput) { in.Slug = "new" }},
			{"slug chars", "slug", "law.error.slug", func(in *InstrumentInput) { in.Slug = "a/b" }},
		}
		for _, b := range bad {
			in := good
			b.edit(&in)
			before := counts(t, d)
			_, err := s.CreateInstrument(ctx, in)
			if got := fieldOf(err, b.field); got != b.msg {
				t.Errorf("%s: field %s = %q (%v), want %q", b.name, b.field, got, err, b.msg)
			}
			sameCounts(t, b.name, before, counts(t, d))
		}
		// the detail names the offending line
		in := good
		in.Identifiers = "other:ok\nfoo:bar"
		_, err := s.CreateInstrument(ctx, in)
		var det FieldDetails
		if !errors.As(err, &det) || !strings.Contains(det["identifiers"], "line 2: foo:bar") {
			t.Errorf("no line detail: %v", err)
		}

		before := counts(t, d)
		slug, err := s.CreateInstrument(ctx, good)
		if err != nil || slug != "SWA-2001" {
			t.Fatalf("create: %q %v", slug, err)
		}
		after := counts(t, d)
		if after["law_instruments"] != before["law_instruments"]+1 || after["law_identifiers"] != before["law_identifiers"]+3 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("create wrote %v → %v", before, after)
		}
		for _, ref := range []string{"swa-2001", "https://example.org/eli/swa/2001"} {
			inst, err := s.Instrument(ctx, ref)
			if err != nil || inst.Title != good.Title || inst.InForceOn != "2002-01-01" || strings.Join(inst.Languages, ",") != "en,fr" || inst.Jurisdiction != "NLD" {
				t.Errorf("found by %s: %+v %v", ref, inst, err)
			}
		}
		var action, obj string
		d.QueryRow(`SELECT action, object_id FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&action, &obj)
		if action != "law.instrument.create" || obj != "SWA-2001" {
			t.Errorf("audit %q %q", action, obj)
		}
		inst, _ := s.Instrument(ctx, "SWA-2001")
		if g := inst.TargetGroups; strings.Join(g, ",") != "all-workers,low-skilled" {
			t.Errorf("target groups %v", g)
		}
		// the same identifier again is taken now
		again := good
		again.Slug = "SWA-2"
		if _, err := s.CreateInstrument(ctx, again); fieldOf(err, "identifiers") != "law.error.identifier_taken" {
			t.Errorf("duplicate identifier accepted: %v", err)
		}

		// update: keep own identifiers, replace the rest; errors store nothing
		upd := good
		upd.Title = "Seasonal Workers Agreement (amended title)"
		upd.Identifiers = "other:SWA-2001\ncelex:22001A0203(01)"
		upd.TargetGroups = []string{"students"}
		upd.InForceOn = ""
		wrong := upd
		wrong.InForceOn = "1999-12-31"
		before = counts(t, d)
		if err := s.UpdateInstrument(ctx, "SWA-2001", wrong); fieldOf(err, "in_force_on") != "law.error.in_force_before_adoption" {
			t.Errorf("bad update: %v", err)
		}
		wrong = upd
		wrong.Identifiers = "untc:V-2"
		if err := s.UpdateInstrument(ctx, "SWA-2001", wrong); fieldOf(err, "identifiers") != "law.error.identifier_taken" {
			t.Errorf("bad update: %v", err)
		}
		sameCounts(t, "bad update", before, counts(t, d))
		if err := s.UpdateInstrument(ctx, "SWA-2001", upd); err != nil {
			t.Fatal(err)
		}
		got, err := s.InstrumentInputOf(ctx, "22001A0203(01)")
		if err != nil || got.Title != upd.Title || got.InForceOn != "" || got.Identifiers != "other:SWA-2001\ncelex:22001A0203(01)" || strings.Join(got.TargetGroups, ",") != "students" {
			t.Errorf("after update: %+v %v", got, err)
		}
		if _, err := s.Instrument(ctx, "https://example.org/eli/swa/2001"); !errors.Is(err, ErrUnknownInstrument) {
			t.Errorf("removed identifier still finds the instrument: %v", err)
		}
		var before_, after_ string
		d.QueryRow(`SELECT action, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&action, &before_, &after_)
		if action != "law.instrument.update" || !strings.Contains(before_, "2002-01-01") || !strings.Contains(after_, "amended title") {
			t.Errorf("update audit %q %s %s", action, before_, after_)
		}
		if err := s.UpdateInstrument(ctx, "NOPE-1", upd); !errors.Is(err, ErrUnknownInstrument) {
			t.Errorf("update of an unknown instrument: %v", err)
		}
	})
}

func TestAddVersion(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		bad := []struct {
			name, field, msg string
			nv               NewVersion
		}{
			{"no date", "valid_from", "law.error.bad_date", NewVersion{Format: "markdown", Language: "en", Text: []byte(mdText)}},
			{"no language", "language", "law.error.language_required", NewVersion{Format: "markdown", ValidFrom: "2020-01-01", Text: []byte(mdText)}},
			{"empty", "text", "law.error.text_empty", NewVersion{Format: "markdown", Language: "en", ValidFrom: "2020-01-01", Text: []byte(" \n")}},
			{"format", "format", "law.error.version_format", NewVersion{Format: "docx", Language: "en", ValidFrom: "2020-01-01", Text: []byte(mdText)}},
			{"too large", "text", "law.error.text_too_large", NewVersion{Format: "markdown", Language: "en", ValidFrom: "2020-01-01", Text: []byte(strings.Repeat("a", MaxVersionMarkdown+1))}},
			{"exists", "valid_from", "law.error.version_exists", NewVersion{Format: "markdown", Language: "en", ValidFrom: "1967-01-31", Text: []byte(mdText)}},
			{"bad xml", "file", "law.error.akn_invalid_xml", NewVersion{Format: "akn", ValidFrom: "2020-01-01", Text: []byte(`<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>`)}},
			{"html", "file", "law.error.akn_not_akn", NewVersion{Format: "akn", ValidFrom: "2020-01-01", Text: []byte("<html><body><script>alert(1)</script><p>x</body></html>")}},
			{"not akn", "file", "law.error.akn_not_akn", NewVersion{Format: "akn", ValidFrom: "2020-01-01", Text: []byte(`<?xml version="1.0"?><doc/>`)}},
			{"dup eid", "file", "law.error.duplicate_eid", NewVersion{Format: "akn", ValidFrom: "2020-01-01", Text: []byte(strings.Replace(aknDoc, `<article eId="art_2">`, `<article eId="art_1">`, 1))}},
			{"too deep", "file", "law.error.akn_too_complex", NewVersion{Format: "akn", ValidFrom: "2020-01-01", Text: []byte(strings.Replace(aknDoc, `<article eId="art_2">`, `<article eId="art_2">`+strings.Repeat(`<level>`, 13_000)+strings.Repeat(`</level>`, 13_000), 1))}},
		}
		// the demo has the 1967 Protocol in English valid from its adoption
		vs, _ := s.Versions(ctx, mustID(t, s, "V-5"))
		if len(vs) == 0 || vs[0].Language != "en" {
			t.Fatalf("demo versions %+v", vs)
		}
		bad[5].nv.ValidFrom = vs[0].ValidFrom
		for _, b := range bad {
			b.nv.Instrument = "V-5"
			before := counts(t, d)
			_, err := s.AddVersion(ctx, b.nv)
			if got := fieldOf(err, b.field); got != b.msg {
				t.Errorf("%s: field %s = %q (%v), want %q", b.name, b.field, got, err, b.msg)
			}
			sameCounts(t, b.name, before, counts(t, d))
		}
		_, err := s.AddVersion(ctx, NewVersion{Instrument: "V-5", Format: "akn", ValidFrom: "2020-01-01", Text: []byte("<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n<act>\n</akomaNtoso>")})
		var det FieldDetails
		if !errors.As(err, &det) || !strings.Contains(det["file"], "line") {
			t.Errorf("no line in the XML error: %v", err)
		}
		deep := bad[len(bad)-1].nv
		deep.Instrument = "V-5"
		_, err = s.AddVersion(ctx, deep)
		if det = nil; !errors.As(err, &det) || !strings.Contains(det["file"], "line 6: <level> is nested more than 100 elements deep") {
			t.Errorf("the nesting limit is not named: %v %v", err, det)
		}
		if _, err := s.AddVersion(ctx, NewVersion{Instrument: "NOPE-1", Format: "markdown", Language: "en", ValidFrom: "2020-01-01", Text: []byte(mdText)}); !errors.Is(err, ErrUnknownInstrument) {
			t.Errorf("unknown instrument: %v", err)
		}

		// Markdown: stored with its provisions, a law event and an audit entry
		before := counts(t, d)
		vid, err := s.AddVersion(ctx, NewVersion{Instrument: "5-5", Format: "markdown", Language: "DE", ValidFrom: "2020-01-01", Text: []byte(mdText)})
		if err != nil {
			t.Fatal(err)
		}
		after := counts(t, d)
		if after["law_versions"] != before["law_versions"]+1 || after["law_events"] != before["law_events"]+1 || after["audit_log"] != before["audit_log"]+1 || after["law_provisions"] <= before["law_provisions"] {
			t.Errorf("markdown version wrote %v → %v", before, after)
		}
		doc, err := s.Document(ctx, vid)
		if err != nil || doc.Find("art_1") == nil || doc.Find("art_2") == nil || doc.Title != "Test Act" {
			t.Errorf("stored document: %+v %v", doc, err)
		}
		inst, _ := s.Instrument(ctx, "V-5")
		if !contains(inst.Languages, "de") {
			t.Errorf("languages %v", inst.Languages)
		}
		var kind, summary string
		d.QueryRow(`SELECT kind, summary FROM law_events ORDER BY id DESC LIMIT 1`).Scan(&kind, &summary)
		if kind != "version" || !strings.Contains(summary, "de valid from 2020-01-01") {
			t.Errorf("event %q %q", kind, summary)
		}

		// Akoma Ntoso: the language from the document, original bytes kept
		vid, err = s.AddVersion(ctx, NewVersion{Instrument: "V-5", Format: "akn", ValidFrom: "2021-05-01", Text: []byte(aknDoc), FileName: "p.xml"})
		if err != nil {
			t.Fatal(err)
		}
		var lang, format, source string
		var orig []byte
		d.QueryRow(`SELECT language, format, source, original FROM law_versions WHERE id = $1`, vid).Scan(&lang, &format, &source, &orig)
		if lang != "fr" || format != "akn" || source != "manual:p.xml" || string(orig) != aknDoc {
			t.Errorf("akn version: %q %q %q %d bytes", lang, format, source, len(orig))
		}
		d.QueryRow(`SELECT action FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&kind)
		if kind != "law.version.create" {
			t.Errorf("audit %q", kind)
		}
	})
}

func mustID(t *testing.T, s *Store, ref string) int64 {
	t.Helper()
	id, err := s.FindID(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAddRelationship(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := demoStore(t, d)
		// the demo has the 1967 Protocol's text (art_I) and none for V-2's
		bad := []struct {
			name, field, msg string
			nr               NewRelation
		}{
			{"kind", "kind", "law.error.relation_kind", NewRelation{Kind: "likes", To: "V-2"}},
			{"unknown", "target", "law.error.unknown_instrument", NewRelation{Kind: "cites", To: "XX-999"}},
			{"self", "target", "law.error.relation_self", NewRelation{Kind: "cites", To: "5-5"}},
			{"exists", "target", "law.error.relation_exists", NewRelation{Kind: "protocol-to", To: "V-2"}},
			{"from eid", "from_eid", "law.error.unknown_provision", NewRelation{Kind: "cites", To: "V-2", FromEID: "art_99"}},
			{"bad eid", "to_eid", "law.error.unknown_provision", NewRelation{Kind: "cites", To: "V-2", ToEID: "art 1 <b>"}},
		}
		for _, b := range bad {
			b.nr.From = "V-5"
			before := counts(t, d)
			_, err := s.AddRelationship(ctx, b.nr)
			if got := fieldOf(err, b.field); got != b.msg {
				t.Errorf("%s: field %s = %q (%v), want %q", b.name, b.field, got, err, b.msg)
			}
			sameCounts(t, b.name, before, counts(t, d))
		}
		before := counts(t, d)
		if _, err := s.AddRelationship(ctx, NewRelation{From: "V-5", Kind: "cites", To: "5-2", FromEID: "art_I", ToEID: "art_1"}); err != nil {
			t.Fatal(err)
		}
		after := counts(t, d)
		if after["law_relationships"] != before["law_relationships"]+1 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("relationship wrote %v → %v", before, after)
		}
		// both ways
		for ref, incoming := range map[string]bool{"V-5": false, "V-2": true} {
			rs, err := s.Relations(ctx, mustID(t, s, ref))
			found := false
			for _, r := range rs {
				found = found || r.Kind == "cites" && r.Incoming == incoming && r.FromEID == "art_I" && r.ToEID == "art_1"
			}
			if !found || err != nil {
				t.Errorf("%s: relations %+v %v", ref, rs, err)
			}
		}
	})
}

// aknDoc is a small French Akoma Ntoso act with two articles.
const aknDoc = `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="protocol"><meta><identification source="#x">
<FRBRWork><FRBRthis value="/akn/aa-un/act/protocol/1967-01-31/p/!main"/><FRBRuri value="/akn/aa-un/act/protocol/1967-01-31/p"/><FRBRdate date="1967-01-31" name="adoption"/><FRBRauthor href="#x"/><FRBRcountry value="aa-un"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/aa-un/act/protocol/1967-01-31/p/fra@2021-05-01/!main"/><FRBRuri value="/akn/aa-un/act/protocol/1967-01-31/p/fra@2021-05-01"/><FRBRdate date="2021-05-01" name="version"/><FRBRauthor href="#x"/><FRBRlanguage language="fra"/></FRBRExpression>
<FRBRManifestation><FRBRthis value="/akn/aa-un/act/protocol/1967-01-31/p/fra@2021-05-01/!main.xml"/><FRBRuri value="/akn/aa-un/act/protocol/1967-01-31/p/fra@2021-05-01.akn"/><FRBRdate date="2026-01-01" name="transform"/><FRBRauthor href="#x"/></FRBRManifestation>
</identification></meta><body><article eId="art_1"><num>Article premier</num><content><p>Les États parties s'engagent.</p></content></article><article eId="art_2"><num>Article 2</num><content><p>Coopération.</p></content></article></body></act></akomaNtoso>`

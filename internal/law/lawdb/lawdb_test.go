package lawdb

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/law/akn"
	"corridor/internal/law/treaty"
	"corridor/internal/testutil"
)

// importAll loads every shared data set into a fresh store.
func importAll(t testing.TB, d *db.DB) *Store {
	t.Helper()
	ctx := context.Background()
	s := New(d)
	if _, err := s.ImportSnapshot(ctx, testutil.SharedData(t, "untc-status-snapshot")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportBWB(ctx, testutil.SharedData(t, "nl-bwb-migration-md")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(testutil.SharedData(t, "akn-example-1967-protocol", "protocol-status-refugees-1967.eng.akn.xml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := s.ImportAKN(ctx, f, "protocol-status-refugees-1967.eng.akn.xml"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportOpenTreaties(ctx, testutil.SharedData(t, "open-treaties-text")); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestStatusFromDBMatchesSnapshot checks that the status read from the
// database equals treaty.StatusOn on the snapshot itself (the outside
// source) for every participant of five treaties on several dates.
func TestStatusFromDBMatchesSnapshot(t *testing.T) {
	dir := testutil.SharedData(t, "untc-status-snapshot")
	snap, err := treaty.LoadSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		for _, key := range []string{"5-2", "5-5", "4-13", "18-12-a", "18-12-b"} {
			tr, err := snap.Treaty(key)
			if err != nil {
				t.Fatal(err)
			}
			cid, _ := treaty.ParseChapterID(key)
			for _, ref := range []string{key, cid.UNTC()} {
				for _, day := range []string{"1952-01-01", "1960-01-01", "1975-06-30", "1995-01-01", "2004-01-01", "2010-12-31", "2030-01-01"} {
					on, _ := time.Parse(time.DateOnly, day)
					got, err := s.StatusOn(ctx, ref, on)
					if err != nil {
						t.Fatal(err)
					}
					want := tr.StatusOn(on)
					if want == nil {
						want = []treaty.StateStatus{}
					}
					gj, _ := json.Marshal(got)
					wj, _ := json.Marshal(want)
					if string(gj) != string(wj) {
						t.Errorf("%s on %s: database and snapshot differ\n got %.300s\nwant %.300s", ref, day, gj, wj)
					}
				}
			}
			if len(tr.StatusOn(time.Now())) == 0 {
				t.Errorf("%s: no participants", key)
			}
		}
		if _, err := s.StatusOn(ctx, "V-999", time.Now()); !errors.Is(err, ErrUnknownInstrument) {
			t.Errorf("unknown instrument: %v", err)
		}
		for _, ref := range []string{"V-2", "5-2", "v-2", "XVIII-12-a", "18-12-a", "C097", "BWBR0011823", "https://wetten.overheid.nl/BWBR0011823"} {
			if _, err := s.FindID(ctx, ref); err != nil {
				t.Errorf("find %s: %v", ref, err)
			}
		}
	})
}

func TestSearchStemming(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		if _, err := s.ImportAKN(ctx, strings.NewReader(sampleFR), "fr.xml"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportAKN(ctx, strings.NewReader(sampleES), "es.xml"); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			q, lang, wantWord string
		}{
			{"réfugié", "fr", "réfugiés"},
			{"réfugié", "", "réfugiés"},
			{"refugie", "", "réfugiés"},
			{"trabajador", "es", "trabajadores"},
			{"trabajador", "", "trabajadores"},
			{`"trabajador migratorio"`, "es", "trabajadores"},
			{"trabaj*", "", "trabajadores"},
			{"réfug*", "", "réfugiés"},
		}
		for _, c := range cases {
			q, err := ParseQuery(c.q, c.lang)
			if err != nil {
				t.Fatal(c.q, err)
			}
			res, err := s.Search(ctx, q, SearchFilter{Lang: c.lang}, 20)
			if err != nil {
				t.Fatal(c.q, err)
			}
			found := false
			for _, h := range res.Hits {
				for _, sp := range h.Snippet {
					if sp.Hit && strings.EqualFold(sp.Text, c.wantWord) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%q (%s): no highlighted %q in %d hits", c.q, c.lang, c.wantWord, len(res.Hits))
			}
		}
		q, _ := ParseQuery(`"migratorio trabajador"`, "es")
		if res, _ := s.Search(ctx, q, SearchFilter{}, 20); len(res.Hits) != 0 {
			t.Errorf("reversed phrase matched %d", len(res.Hits))
		}
		for _, bad := range []string{"", `"unbalanced`, "*", "a*", `""`} {
			if _, err := ParseQuery(bad, ""); errs.KindOf(err) != errs.Invalid {
				t.Errorf("query %q: %v", bad, err)
			}
		}
	})
}

const sampleFR = `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="convention"><meta><identification source="#x">
<FRBRWork><FRBRthis value="/akn/aa-un/act/1951-07-28/refugies/!main"/><FRBRuri value="/akn/aa-un/act/1951-07-28/refugies"/><FRBRdate date="1951-07-28" name="adoption"/><FRBRauthor href="#x"/><FRBRcountry value="aa-un"/><FRBRnumber value="test-fr"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/aa-un/act/1951-07-28/refugies/fra@1951-07-28/!main"/><FRBRuri value="/akn/aa-un/act/1951-07-28/refugies/fra@1951-07-28"/><FRBRdate date="1951-07-28" name="adoption"/><FRBRauthor href="#x"/><FRBRlanguage language="fra"/></FRBRExpression>
<FRBRManifestation><FRBRthis value="/akn/aa-un/act/1951-07-28/refugies/fra@1951-07-28/!main.xml"/><FRBRuri value="/akn/aa-un/act/1951-07-28/refugies/fra@1951-07-28.akn"/><FRBRdate date="2026-01-01" name="transform"/><FRBRauthor href="#x"/></FRBRManifestation>
</identification></meta><body><article eId="art_33"><num>Article 33</num><heading>Défense d'expulsion</heading><content><p>Aucun des États contractants n'expulsera ou ne refoulera les réfugiés sur les frontières des territoires.</p></content></article></body></act></akomaNtoso>`

var sampleES = strings.NewReplacer("refugies", "trabajadores", "test-fr", "test-es", "fra@", "spa@", `language="fra"`, `language="spa"`,
	"Défense d'expulsion", "Derechos", "Aucun des États contractants n'expulsera ou ne refoulera les réfugiés sur les frontières des territoires.",
	"Los trabajadores migratorios y sus familiares gozarán de igualdad de trato.").Replace(sampleFR)

func TestDocumentRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		path := testutil.SharedData(t, "akn-example-1967-protocol", "protocol-status-refugees-1967.eng.akn.xml")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportAKN(ctx, strings.NewReader(string(raw)), filepath.Base(path)); err != nil {
			t.Fatal(err)
		}
		id, err := s.FindID(ctx, "5-5")
		if err != nil {
			t.Fatal(err)
		}
		vs, _ := s.Versions(ctx, id)
		if len(vs) != 1 {
			t.Fatalf("versions %v", vs)
		}
		doc, err := s.Document(ctx, vs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if doc.Source == nil || string(doc.Source.Bytes) != string(raw) {
			t.Errorf("AKN original not restored (fingerprint differs after the round trip)")
		}
	})
}

// TestAKNExportOfStoredVersions exports every stored version (AKN, Dutch
// Markdown, open-treaties) from the database and validates the files
// against the OASIS Akoma Ntoso 3.0 schema with xmllint.
func TestAKNExportOfStoredVersions(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not found (Debian package libxml2-utils): XSD validation skipped")
	}
	schema := filepath.Join(filepath.Dir(testutil.SharedDataRoot()), "schemas", "akn", "akomantoso30.xsd")
	if _, err := os.Stat(schema); err != nil {
		t.Skipf("schema not found: %v", err)
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := importAll(t, d)
		ctx := context.Background()
		rows, err := d.QueryContext(ctx, `SELECT v.id, i.slug, v.language, v.valid_from FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id ORDER BY v.id`)
		if err != nil {
			t.Fatal(err)
		}
		type ver struct {
			id                int64
			slug, lang, valid string
		}
		var vs []ver
		for rows.Next() {
			var v ver
			if err := rows.Scan(&v.id, &v.slug, &v.lang, &v.valid); err != nil {
				t.Fatal(err)
			}
			vs = append(vs, v)
		}
		rows.Close()
		if len(vs) < 50 {
			t.Fatalf("only %d versions stored", len(vs))
		}
		dir := t.TempDir()
		var files []string
		for _, v := range vs {
			doc, err := s.Document(ctx, v.id)
			if err != nil {
				t.Fatal(err)
			}
			b, err := akn.Export(doc)
			if err != nil {
				t.Fatalf("%s %s %s: %v", v.slug, v.lang, v.valid, err)
			}
			f := filepath.Join(dir, fmt.Sprintf("v%d.xml", v.id))
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
			// the exported text reads back with the same provisions
			back, _, err := akn.Import(strings.NewReader(string(b)))
			if err != nil {
				t.Fatalf("%s: re-import: %v", v.slug, err)
			}
			if got, want := len(back.Articles()), len(doc.Articles()); got != want {
				t.Errorf("%s %s: %d articles after the round trip, want %d", v.slug, v.valid, got, want)
			}
		}
		out, err := exec.Command(xmllint, append([]string{"--noout", "--schema", schema}, files...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("xmllint: %v\n%.3000s", err, out)
		}
		for _, f := range files {
			if !strings.Contains(string(out), f+" validates") {
				t.Errorf("%s does not validate", f)
			}
		}
	})
}

// TestNastyQueries: odd input is either a clear Invalid error or a search
// that runs, on both engines; never an SQL error.
func TestNastyQueries(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		if _, err := s.ImportAKN(ctx, strings.NewReader(sampleFR), "fr.xml"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`NEAR(a b)`, `a AND OR NOT b`, `'; DROP TABLE law_provisions; --`, `"a" "b"`, `c097`, `abc日本`,
			`x:*`, `a & b | !c`, `(((`, `é*`, `ÉTATS`, `l'étranger`, `"l'état contractant"`, `🙂`, `a-b-c`, `**`, `ab**`, `"" x`,
			strings.Repeat("word ", 20), `\u0000`, "tab\tsep", `refug* "frontières des"`} {
			pq, err := ParseQuery(q, "")
			if err != nil {
				if errs.KindOf(err) != errs.Invalid {
					t.Errorf("%q: %v", q, err)
				}
				continue
			}
			if _, err := s.Search(ctx, pq, SearchFilter{}, 10); err != nil {
				t.Errorf("%q: search failed: %v (fts5 %s, tsquery %s)", q, err, pq.FTS5(), pq.TSQuery())
			}
		}
	})
}

func TestPolicyCSVAndIndex(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		good := "country,date,pol_area,pol_tool,target_group,origin,change_restrict,change_level,summary\n" +
			"NLD,2001-04-01,legal-entry-stay,visa,family,all-foreign,1,4,a\n" +
			"NLD,2001-09-01,integration,,,,-1,1,b\n" +
			"NLD,2004-01-01,exit,,,,1,2,c\n"
		if _, err := s.ImportPolicyCSV(ctx, strings.NewReader(good), "good.csv"); err != nil {
			t.Fatal(err)
		}
		bad := "country,date,pol_area,change_restrict,change_level\nFRA,2010-01-01,integration,1,2\nZZZ,2010-01-01,integration,2,9\n"
		_, err := s.ImportPolicyCSV(ctx, strings.NewReader(bad), "bad.csv")
		if err == nil || !strings.Contains(err.Error(), "row 3") {
			t.Fatalf("bad CSV: %v", err)
		}
		ps, err := s.PolicyChanges(ctx, "")
		if err != nil || len(ps) != 3 {
			t.Fatalf("after a failed import: %d changes (%v), want the 3 good ones only", len(ps), err)
		}
		idx := RestrictivenessIndex(ps)
		want := []IndexPoint{{2001, 3, 2}, {2002, 3, 0}, {2003, 3, 0}, {2004, 5, 1}}
		if fmt.Sprint(idx) != fmt.Sprint(want) {
			t.Errorf("index %v, want %v", idx, want)
		}
		// the form's validation
		if _, err := s.AddPolicyChange(ctx, PolicyChange{Country: "XXX", Date: "2020-13-01", Area: "nope", Restrictiveness: 3, Magnitude: 0}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("invalid change accepted: %v", err)
		} else if e, _ := errs.As(err); len(e.Fields) != 5 {
			t.Errorf("field errors %v", e.Fields)
		}
	})
}

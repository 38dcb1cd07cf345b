package publishing

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/jobs"
	"corridor/internal/publishing/oai"
	"corridor/internal/textsearch"
)

func newService(t testing.TB, d *db.DB) *Service {
	s := New(d, &blob.DBStore{DB: d})
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { now = now.Add(time.Second); return now }
	return s
}

func sampleMeta(series int64) Meta {
	return Meta{
		Type:      WorkingPaper,
		Titles:    map[string]string{"en": "Remittances and resilience", "fr": "Transferts de fonds et résilience"},
		Abstracts: map[string]string{"en": "We study households receiving remittances."},
		Authors: []Author{{Family: "Müller", Given: "Anna", ORCID: "https://orcid.org/0000-0002-1825-0097", ROR: "https://ror.org/05mfk0n09"},
			{Family: "Ñúñez", Given: "José", Corresponding: true}},
		SeriesID: series, Number: "12", Date: "2025-06-30", Language: "en", Licence: "CC-BY-4.0",
		Keywords: []string{"remittances"}, Topics: []string{"remittances"}, Countries: []string{"mex", "USA"},
	}
}

// runTextJobs runs the queued text jobs with a stand-in extractor (the
// PDF text of the sample PDFs is known), as the runner would.
func runTextJobs(t *testing.T, s *Service, d *db.DB) {
	t.Helper()
	r := jobs.NewRunner(d, nil)
	r.Handle(TextJob, s.TextHandler)
	for {
		ran, err := r.RunOne(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			return
		}
	}
}

func TestPublicationsLifecycle(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		sr, err := s.SaveSeries(ctx, Series{Titles: map[string]string{"en": "Migration Research Series"}, ISSN: "2309-3927", Publisher: "Corridor Institute"})
		if err != nil {
			t.Fatal(err)
		}
		id, err := s.Create(ctx, sampleMeta(sr.ID), 0)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Get(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		if p.Meta.Authors[0].ORCID != "0000-0002-1825-0097" || p.Meta.Authors[0].ROR != "05mfk0n09" || p.Meta.Countries[0] != "MEX" {
			t.Errorf("metadata not normalised: %+v", p.Meta.Authors[0])
		}
		d1 := p.Datestamp
		// A stale save is refused; a fresh one bumps the datestamp.
		m := p.Meta
		m.Titles["es"] = "Remesas y resiliencia"
		if err := s.Update(ctx, id, m, p.Revision-1); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("stale update: %v", err)
		}
		if err := s.Update(ctx, id, m, p.Revision); err != nil {
			t.Fatal(err)
		}
		p, _ = s.Get(ctx, id, 0)
		if !p.Datestamp.After(d1) || p.Meta.Titles["es"] == "" {
			t.Errorf("update: datestamp %v after %v, titles %v", p.Datestamp, d1, p.Meta.Titles)
		}
		// Versions: v2 carries v1's files; v1 stays readable.
		if _, err := s.AddFile(ctx, id, NewFile{Name: "paper.pdf", Body: bytes.NewReader(SamplePDF("Paper", "text")), Access: Open}); err != nil {
			t.Fatal(err)
		}
		m.Titles["en"] = "Remittances and resilience, revised"
		n, err := s.NewVersion(ctx, id, m, "revised", 0)
		if err != nil || n != 2 {
			t.Fatalf("new version: %d %v", n, err)
		}
		v1, err := s.Get(ctx, id, 1)
		if err != nil || v1.Meta.Titles["en"] != "Remittances and resilience" || v1.Latest != 2 {
			t.Fatalf("version 1: %+v %v", v1, err)
		}
		v2, _ := s.Get(ctx, id, 0)
		if v2.Version != 2 || len(v2.Files) != 1 || len(v2.Versions) != 2 {
			t.Errorf("latest: version %d, %d files, %d versions", v2.Version, len(v2.Files), len(v2.Versions))
		}
		// Bad input names its field.
		bad := sampleMeta(sr.ID)
		bad.Authors[0].ORCID = "0000-0002-1825-0098"
		bad.Licence = "CC-BY-5.0"
		bad.Countries = []string{"XXX"}
		_, err = s.Create(ctx, bad, 0)
		e, ok := errs.As(err)
		if !ok || e.Fields["authors.1.orcid"] == "" || e.Fields["licence"] == "" || e.Fields["countries"] == "" {
			t.Errorf("bad metadata: %v", err)
		}
		// Fake and empty PDFs are refused.
		for name, body := range map[string]string{"fake.pdf": "<html>hi</html>", "empty.pdf": "", "cut.pdf": "%PDF-1.4\n1 0 obj"} {
			if _, err := s.AddFile(ctx, id, NewFile{Name: name, Body: strings.NewReader(body), Access: Open}); errs.KindOf(err) != errs.Invalid {
				t.Errorf("%s: %v", name, err)
			}
		}
		// Delete leaves a tombstone with a later datestamp.
		if err := s.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, id, 0); err != ErrGone {
			t.Errorf("get deleted: %v", err)
		}
		repo := s.OAI("https://corridor.example.org", "Corridor", nil)
		rec, err := repo.Record(ctx, repo.Identifier(id))
		if err != nil || !rec.Deleted || !rec.Datestamp.After(p.Datestamp) {
			t.Errorf("tombstone: %+v %v", rec.Header, err)
		}
	})
}

func TestSearchHidesTextReadersMayNotRead(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		ids := map[Access]int64{}
		for _, a := range []Access{Open, Embargoed, Restricted} {
			m := sampleMeta(0)
			m.Titles = map[string]string{"en": "Paper " + string(a)}
			id, err := s.Create(ctx, m, 0)
			if err != nil {
				t.Fatal(err)
			}
			until := ""
			if a == Embargoed {
				until = "2099-01-01"
			}
			if _, err := s.AddFile(ctx, id, NewFile{Name: "p.pdf", Body: bytes.NewReader(SamplePDF("x")), Access: a, EmbargoUntil: until}); err != nil {
				t.Fatal(err)
			}
			// Stand in for docfile.Text: the extracted text of the file.
			if _, err := d.ExecContext(ctx, `UPDATE pub_files SET text_status = 'done', text = $2 WHERE work_id = $1`, id, "The zanzibarite corridor "+string(a)+" fieldwork"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Reindex(ctx, id); err != nil {
				t.Fatal(err)
			}
			ids[a] = id
		}
		found := func(a Audience) map[int64]bool {
			res, err := s.Search(ctx, Filter{Q: "zanzibarite"}, a)
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]bool{}
			for _, it := range res.Items {
				out[it.ID] = true
				for _, sp := range it.Snippet {
					if strings.Contains(sp.Text, "embargoed") && a != Editors || strings.Contains(sp.Text, "restricted") && a == Public {
						t.Errorf("%s sees %q in a snippet", a, sp.Text)
					}
				}
				if !textsearch.HasHit(it.Snippet) {
					t.Errorf("%s: snippet of %d marks no hit: %v", a, it.ID, it.Snippet)
				}
			}
			return out
		}
		if got := found(Public); !got[ids[Open]] || got[ids[Embargoed]] || got[ids[Restricted]] || len(got) != 1 {
			t.Errorf("public found %v", got)
		}
		if got := found(Member); !got[ids[Restricted]] || got[ids[Embargoed]] || len(got) != 2 {
			t.Errorf("member found %v", got)
		}
		if got := found(Editors); len(got) != 3 {
			t.Errorf("editor found %v", got)
		}
		// Metadata matches for everyone, stemmed across languages.
		res, err := s.Search(ctx, Filter{Q: "résilience"}, Public)
		if err != nil || res.Total != 0 {
			// titles were replaced above: no match expected
			t.Errorf("résilience: %v %v", res, err)
		}
		res, err = s.Search(ctx, Filter{Q: "households", Country: "MEX"}, Public)
		if err != nil || res.Total != 3 || res.Facets["country"][0].Count != 3 {
			t.Errorf("households: %+v %v", res, err)
		}
		// The file itself is refused to those who may not read it.
		p, _ := s.Get(ctx, ids[Embargoed], 0)
		if _, _, err := s.OpenFile(ctx, p.ID, p.Files[0].ID, Member); err != ErrNoAccess {
			t.Errorf("embargoed file to a member: %v", err)
		}
		p, _ = s.Get(ctx, ids[Restricted], 0)
		if _, _, err := s.OpenFile(ctx, p.ID, p.Files[0].ID, Public); err != ErrNoAccess {
			t.Errorf("restricted file to the public: %v", err)
		}
		if _, rc, err := s.OpenFile(ctx, p.ID, p.Files[0].ID, Member); err != nil {
			t.Errorf("restricted file to a member: %v", err)
		} else {
			rc.Close()
		}
		// A bad query is a clear error.
		if _, err := s.Search(ctx, Filter{Q: `"unbalanced`}, Public); errs.KindOf(err) != errs.Invalid {
			t.Errorf("bad query: %v", err)
		}
	})
}

// TestTextJob extracts a PDF's text with docfile.Text so that search
// finds words only in the PDF. (A failed extraction is recorded on the
// file by TextHandler; docfile.CheckPDF now refuses at upload the PDFs it
// cannot open, so no fixture reaches that branch.)
func TestTextJob(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		good, err := s.Create(ctx, sampleMeta(0), 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddFile(ctx, good, NewFile{Name: "p.pdf", Body: bytes.NewReader(SamplePDF("Zanzibarite fieldwork notes")), Access: Open}); err != nil {
			t.Fatal(err)
		}
		// Header and end marker but no PDF inside: refused at upload.
		if _, err := s.AddFile(ctx, good, NewFile{Name: "b.pdf", Body: strings.NewReader("%PDF-1.4\nnot really a pdf\n%%EOF\n"), Access: Open}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a PDF that cannot be read was accepted: %v", err)
		}
		runTextJobs(t, s, d)
		p, _ := s.Get(ctx, good, 0)
		if f := p.Files[0]; f.TextStatus != "done" {
			t.Fatalf("text of a readable PDF: %s (%q)", f.TextStatus, f.TextError)
		}
		res, err := s.Search(ctx, Filter{Q: "zanzibarite"}, Public)
		if err != nil || res.Total != 1 || res.Items[0].ID != good {
			t.Errorf("a word only in the PDF: %+v %v", res, err)
		}
		if len(p.Files) != 1 {
			t.Errorf("%d files after a refused upload", len(p.Files))
		}
	})
}

func TestOAIRepositoryPagesAndSets(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		sr, _ := s.SaveSeries(ctx, Series{Titles: map[string]string{"en": "S"}})
		for i := 0; i < 7; i++ {
			m := sampleMeta(0)
			if i%2 == 0 {
				m.SeriesID = sr.ID
				m.Type = Report
			}
			if _, err := s.Create(ctx, m, 0); err != nil {
				t.Fatal(err)
			}
		}
		repo := s.OAI("https://corridor.example.org", "Corridor", nil)
		var all []oai.Record
		q := oai.Query{Limit: 3}
		for {
			recs, err := repo.Records(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, recs...)
			if len(recs) < 3 {
				break
			}
			last := recs[len(recs)-1]
			q.After = &oai.Cursor{Datestamp: last.Datestamp, Identifier: last.Identifier}
		}
		if len(all) != 7 {
			t.Fatalf("harvested %d of 7", len(all))
		}
		for name, want := range map[string]int{"series": 4, "series:" + itoa(int(sr.ID)): 4, "type:report": 4, "type:working-paper": 3, "type": 7, "nonsense:1": 0} {
			recs, err := repo.Records(ctx, oai.Query{Set: name, Limit: 100})
			if err != nil || len(recs) != want {
				t.Errorf("set %s: %d records, want %d (%v)", name, len(recs), want, err)
			}
		}
		r := all[0]
		langs := map[string]bool{}
		for _, v := range r.Metadata.Title {
			langs[v.Lang] = true
		}
		if !langs["en"] || !langs["fr"] || r.Metadata.Creator[0].Text != "Müller, Anna" {
			t.Errorf("dc: %+v", r.Metadata)
		}
	})
}

func TestPublishSubmissionIsIdempotent(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d)
		if _, err := s.Blobs.Put(ctx, "review/1/paper", "application/pdf", bytes.NewReader(SamplePDF("Accepted"))); err != nil {
			t.Fatal(err)
		}
		in := FromSubmission{SubmissionID: 41, Title: "Accepted paper", Abstract: "A", Authors: []Author{{Family: "Nguyễn", Given: "Lan"}},
			Files: []SubmissionFile{{BlobKey: "review/1/paper", Name: "paper.pdf", ContentType: "application/pdf"}}}
		a, err := s.PublishSubmission(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.PublishSubmission(ctx, in)
		if err != nil || a != b {
			t.Fatalf("second call: %d %v (first %d)", b, err, a)
		}
		p, _ := s.Get(ctx, a, 0)
		if p.SubmissionID != 41 || len(p.Files) != 1 || p.Meta.Authors[0].Family != "Nguyễn" {
			t.Errorf("published: %+v", p)
		}
		// A fake PDF is refused and leaves no publication behind.
		s.Blobs.Put(ctx, "review/2/fake", "application/pdf", strings.NewReader("<html>not a pdf</html>"))
		bad := FromSubmission{SubmissionID: 42, Title: "Bad", Files: []SubmissionFile{{BlobKey: "review/2/fake", Name: "paper.pdf"}}}
		if _, err := s.PublishSubmission(ctx, bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("fake PDF: %v", err)
		}
		if id, _ := s.bySubmission(ctx, 42); id != 0 {
			t.Errorf("a refused submission left publication %d", id)
		}
		raw, _ := json.Marshal(p)
		if strings.Contains(string(raw), "review/1/paper") {
			t.Error("the blob key leaks into the JSON")
		}
	})
}

func TestISSNChecksum(t *testing.T) {
	// The ISSN of Nature (0028-0836).
	if !validISSN("0028-0836") || validISSN("0028-0837") {
		t.Error("ISSN check digit")
	}
}

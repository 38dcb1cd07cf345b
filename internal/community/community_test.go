package community

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/links"
	"corridor/internal/mail"
)

func addUser(t testing.TB, d *db.DB, email string) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at) VALUES ($1, $1, 'x', 'member', 'active', 0, 0) RETURNING id`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func newService(t testing.TB, d *db.DB, now time.Time) *Service {
	lk := links.New(d)
	s := New(d, &blob.DBStore{DB: d}, lk, "https://corridor.example")
	s.Now = func() time.Time { return now }
	if err := s.RegisterLinks(lk); err != nil {
		t.Fatal(err)
	}
	return s
}

// realPDF is a PDF printed by Chromium.
func realPDF(t *testing.T) []byte { return realPDFb(t) }

func realPDFb(t testing.TB) []byte {
	b, err := os.ReadFile("../docfile/testdata/chromium-skia.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fieldOf(err error, field string) string {
	if e, ok := errs.As(err); ok {
		return e.Fields[field]
	}
	return ""
}

// ORCID iDs from ORCID's own documentation of the check digit
// (support.orcid.org, "Structure of the ORCID Identifier"); the ROR id is
// CERN's record on ror.org.
func TestIdentifiers(t *testing.T) {
	for in, want := range map[string]string{
		"0000-0002-1825-0097": "0000-0002-1825-0097", "https://orcid.org/0000-0001-5109-3700": "0000-0001-5109-3700",
		"0000-0002-1694-233x": "0000-0002-1694-233X", "0000-0002-1825-0098": "", "0000-0002-1825-009": "",
	} {
		if got := NormalizeORCID(in); got != want {
			t.Errorf("NormalizeORCID(%q) = %q, want %q", in, got, want)
		}
	}
	if NormalizeROR("https://ror.org/01ggx4157") != "01ggx4157" || NormalizeROR("01ggx415") != "" || NormalizeROR("11ggx4157") != "" {
		t.Error("ROR ids misread")
	}
}

func TestPeopleAndProjectOutputs(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newService(t, d, time.Now().UTC())
		_, err := s.CreatePerson(ctx, Person{Name: "V", Roles: []string{"visiting_scholar"}, VisitFrom: "2026-05-01"})
		if fieldOf(err, "host") == "" {
			t.Errorf("a visiting scholar without dates and host was accepted: %v", err)
		}
		_, err = s.CreatePerson(ctx, Person{Name: "X", Roles: []string{"wizard"}, ORCID: "0000-0002-1825-0098", VisitFrom: "2026-05-01", VisitUntil: "2026-04-01"})
		if fieldOf(err, "roles") == "" || fieldOf(err, "orcid") == "" || fieldOf(err, "visit_until") == "" {
			t.Errorf("bad roles, ORCID and dates not all named: %v", err)
		}
		p, err := s.CreatePerson(ctx, Person{Name: "Aïcha", Roles: []string{"visiting_scholar"}, VisitFrom: "2026-05-01", VisitUntil: "2026-07-31", Host: "Law unit", ORCID: "https://orcid.org/0000-0002-1825-0097"})
		if err != nil || p.ORCID != "0000-0002-1825-0097" {
			t.Fatalf("person: %v %q", err, p.ORCID)
		}
		pr, err := s.CreateProject(ctx, Project{Title: "Law database", Starts: "2025-01-01", Ends: "2027-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, pr.ID, p.ID, "visiting scholar"); err != nil {
			t.Fatal(err)
		}
		call, err := s.CreateCall(ctx, Call{Kind: "job", Title: "Job", Deadline: time.Now().Unix() + 100, Criteria: []string{"A"}})
		if err != nil {
			t.Fatal(err)
		}
		editor := links.Reader{Role: accounts.RoleEditor}
		if err := s.AddOutput(ctx, pr.ID, CallKey(call.ID).String(), editor); err != nil {
			t.Fatal(err)
		}
		if err := s.AddOutput(ctx, pr.ID, "community:person:999", editor); fieldOf(err, "output") == "" {
			t.Errorf("an output that does not exist was linked: %v", err)
		}
		if err := s.AddOutput(ctx, pr.ID, CallKey(call.ID).String(), links.Reader{Role: accounts.RoleMember}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a member linked an output: %v", err)
		}
		g, err := s.Links.To(ctx, ProjectKey(pr.ID), links.Reader{})
		if err != nil {
			t.Fatal(err)
		}
		out := g.Of(links.ProducedBy)
		if len(out) != 1 || out[0].From.Title != "Job" || !strings.HasPrefix(out[0].From.URL, "/opportunities/") {
			t.Errorf("project outputs = %+v", out)
		}
		got, err := s.Project(ctx, pr.ID)
		if err != nil || len(got.Members) != 1 || got.Members[0].Person.Name != "Aïcha" {
			t.Errorf("members = %+v, %v", got.Members, err)
		}
	})
}

func openCall(t *testing.T, s *Service, kind string, deadline int64, project int64) Call {
	t.Helper()
	c, err := s.CreateCall(context.Background(), Call{Kind: kind, Title: "IML internship", Deadline: deadline, Criteria: []string{"Law", "Languages"},
		Starts: "2026-09-01", Ends: "2027-02-28", Host: "Migration law unit", ProjectID: project})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestApplicationBadInput(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		s := newService(t, d, now)
		u := addUser(t, d, "applicant@example.org")
		c := openCall(t, s, "internship", now.Unix()+3600, 0)
		good := NewApplication{CallID: c.ID, UserID: u, Name: "Ana", Email: "ana@example.org", CV: Doc{"cv.pdf", realPDF(t)}, Letter: Doc{"letter.pdf", realPDF(t)}}

		fake := good
		fake.CV = Doc{"cv.pdf", []byte("Curriculum vitae\nAna\n")}
		_, err := s.Apply(ctx, fake)
		if !strings.Contains(fieldOf(err, "cv"), "not a PDF") {
			t.Errorf("a text file named cv.pdf: %v", err)
		}
		cut := good
		cut.Letter = Doc{"letter.pdf", realPDF(t)[:len(realPDF(t))/2]}
		if _, err := s.Apply(ctx, cut); fieldOf(err, "letter") == "" {
			t.Errorf("a truncated PDF was accepted: %v", err)
		}
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM community_applications`).Scan(&n)
		if n != 0 {
			t.Errorf("refused applications left %d rows", n)
		}
		if _, err := s.Apply(ctx, good); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, good); errs.KindOf(err) != errs.Conflict {
			t.Errorf("a second application: %v", err)
		}
		s.Now = func() time.Time { return now.Add(2 * time.Hour) }
		late := good
		late.UserID = addUser(t, d, "late@example.org")
		if _, err := s.Apply(ctx, late); err != ErrDeadlinePassed {
			t.Errorf("after the deadline: %v", err)
		}
	})
}

func TestReferenceLinkWorksOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		s := newService(t, d, now)
		c := openCall(t, s, "internship", now.Unix()+3600, 0)
		a, err := s.Apply(ctx, NewApplication{CallID: c.ID, UserID: addUser(t, d, "a@example.org"), Name: "Ana", Email: "a@example.org", Lang: "es",
			CV: Doc{"cv.pdf", realPDF(t)}, Letter: Doc{"l.pdf", realPDF(t)}, Referees: []Referee{{Name: "Prof. R", Email: "ref@example.org"}}})
		if err != nil {
			t.Fatal(err)
		}
		msgs, _ := mail.List(ctx, d, 0, 10)
		var token string
		for _, m := range msgs {
			if m.To == "ref@example.org" {
				if i := strings.Index(m.Body, "/references?token="); i > 0 {
					token = strings.Fields(m.Body[i+len("/references?token="):])[0]
				}
				if !strings.HasPrefix(m.Body, "Estimado/a Prof. R") || !strings.Contains(m.Body, "https://corridor.example/references?token=") {
					t.Errorf("the referee's mail: %q", m.Body)
				}
			}
		}
		if token == "" {
			t.Fatal("no reference link mailed")
		}
		if err := s.SubmitReference(ctx, token, Doc{"ref.pdf", []byte("%PDF-1.4 not really")}); fieldOf(err, "letter") == "" {
			t.Errorf("a broken PDF letter: %v", err)
		}
		// Two uses at once: exactly one wins.
		var wg sync.WaitGroup
		results := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				results[i] = s.SubmitReference(ctx, token, Doc{"ref.pdf", realPDF(t)})
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if err != ErrReferenceUsed {
				t.Errorf("a losing use: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d uses of a one-time link succeeded", ok)
		}
		if err := s.SubmitReference(ctx, token, Doc{"ref.pdf", realPDF(t)}); err != ErrReferenceUsed {
			t.Errorf("the link used again: %v", err)
		}
		got, _ := s.Application(ctx, a.ID)
		if len(got.Referees) != 1 || !got.Referees[0].Received {
			t.Errorf("referees = %+v", got.Referees)
		}
		if _, err := s.Reference(ctx, "nope"); err != ErrReferenceUnknown {
			t.Errorf("an unknown token: %v", err)
		}
	})
}

func TestReviewDecisionAndRetention(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		s := newService(t, d, now)
		pr, _ := s.CreateProject(ctx, Project{Title: "Law database"})
		intern := openCall(t, s, "internship", now.Unix()+3600, pr.ID)
		visit := openCall(t, s, "visiting_scholar", now.Unix()+3600, 0)
		rev := addUser(t, d, "rev@example.org")
		apply := func(c Call, email, lang string) Application {
			a, err := s.Apply(ctx, NewApplication{CallID: c.ID, UserID: addUser(t, d, email), Name: "N " + email, Email: email, Lang: lang, CV: Doc{"cv.pdf", realPDF(t)}, Letter: Doc{"l.pdf", realPDF(t)}})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		a1, a2, a3 := apply(intern, "i1@example.org", "fr"), apply(intern, "i2@example.org", "en"), apply(visit, "v@example.org", "en")
		if err := s.Review(ctx, a1.ID, rev, []int{5}, ""); fieldOf(err, "score0") == "" {
			t.Errorf("one score for two criteria: %v", err)
		}
		if err := s.Review(ctx, a1.ID, rev, []int{6, 1}, ""); fieldOf(err, "score0") == "" {
			t.Errorf("a score over %d: %v", MaxScore, err)
		}
		if err := s.Review(ctx, a1.ID, rev, []int{4, 5}, "Good law courses."); err != nil {
			t.Fatal(err)
		}
		if err := s.Review(ctx, a2.ID, rev, []int{2, 3}, ""); err != nil {
			t.Fatal(err)
		}
		as, err := s.Applications(ctx, intern.ID)
		if err != nil || len(as) != 2 || as[0].ID != a1.ID || as[0].Total != 9 {
			t.Errorf("ranking = %+v, %v", as, err)
		}
		if err := s.Shortlist(ctx, a1.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, a1.ID, Accepted); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, a1.ID, Rejected); errs.KindOf(err) != errs.Conflict {
			t.Errorf("deciding twice: %v", err)
		}
		got, _ := s.Application(ctx, a1.ID)
		p, err := s.Person(ctx, got.PersonID)
		if err != nil || !p.Has("intern") || p.UserID != got.UserID {
			t.Errorf("accepted intern's profile = %+v, %v", p, err)
		}
		proj, _ := s.Project(ctx, pr.ID)
		if len(proj.Members) != 1 || proj.Members[0].Person.ID != p.ID {
			t.Errorf("the intern is not on the project: %+v", proj.Members)
		}
		if err := s.Decide(ctx, a3.ID, Accepted); err != nil {
			t.Fatal(err)
		}
		got3, _ := s.Application(ctx, a3.ID)
		v, _ := s.Person(ctx, got3.PersonID)
		if !v.Has("visiting_scholar") || v.VisitFrom != "2026-09-01" || v.VisitUntil != "2027-02-28" || v.Host != "Migration law unit" {
			t.Errorf("visiting scholar's profile = %+v", v)
		}
		msgs, _ := mail.List(ctx, d, 0, 50)
		var fr bool
		for _, m := range msgs {
			fr = fr || (m.To == "i1@example.org" && strings.Contains(m.Body, "a été retenue"))
		}
		if !fr {
			t.Error("the French acceptance e-mail was not queued")
		}

		// Retention: 30 days after their decision, a1 and a3 go; a2
		// (undecided) stays.
		if err := s.SetRetentionDays(ctx, 0); fieldOf(err, "retention_days") == "" {
			t.Errorf("a retention of 0 days: %v", err)
		}
		if err := s.SetRetentionDays(ctx, 30); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return now.AddDate(0, 0, 29) }
		if n, err := s.Sweep(ctx); err != nil || n != 0 {
			t.Errorf("sweep before the period: %d, %v", n, err)
		}
		s.Now = func() time.Time { return now.AddDate(0, 0, 31) }
		if n, err := s.Sweep(ctx); err != nil || n != 2 {
			t.Errorf("sweep after the period deleted %d, %v", n, err)
		}
		if _, err := s.Application(ctx, a1.ID); err != ErrNotFound {
			t.Errorf("a1 kept: %v", err)
		}
		if _, err := s.Application(ctx, a2.ID); err != nil {
			t.Errorf("a2 deleted: %v", err)
		}
		var scores int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM community_scores WHERE application_id = $1`, a1.ID).Scan(&scores)
		if scores != 0 {
			t.Errorf("%d scores of a deleted application remain", scores)
		}
		if _, _, err := s.Blobs.Get(ctx, a1.CVKey); err == nil {
			t.Error("a deleted application's CV is still stored")
		}
		// The applicant deletes a2 on request.
		if err := s.DeleteApplication(ctx, a2.ID, "request"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Blobs.Get(ctx, a2.LetterKey); err == nil {
			t.Error("a deleted application's letter is still stored")
		}
	})
}

// A JPEG with an EXIF block (as a phone writes, with GPS) comes back
// without it, scaled down to PhotoSide.
func TestCleanPhotoStripsMetadata(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for x := 0; x < 1200; x++ {
		img.Set(x, x%800, color.RGBA{200, 10, 10, 255})
	}
	var plain bytes.Buffer
	jpeg.Encode(&plain, img, nil)
	b := plain.Bytes()
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x1C}, []byte("Exif\x00\x00GPSLatitude 46.2N....")...)
	withExif := append(append(append([]byte{}, b[:2]...), exif...), b[2:]...)
	out, err := CleanPhoto("me.jpg", withExif)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS")) {
		t.Error("the metadata survived")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(out))
	if err != nil || cfg.Width != PhotoSide || cfg.Height != PhotoSide*800/1200 {
		t.Errorf("cleaned photo %dx%d, %v", cfg.Width, cfg.Height, err)
	}
	// A real screenshot (PNG) is accepted and scaled.
	shot, err := os.ReadFile("../../docs/screenshot-home.png")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := CleanPhoto("shot.png", shot); err != nil || len(out) == 0 {
		t.Errorf("a real PNG: %v", err)
	}
	if _, err := CleanPhoto("me.jpg", []byte("<svg onload=alert(1)>")); fieldOf(err, "photo") == "" {
		t.Errorf("SVG markup named .jpg: %v", err)
	}
	if _, err := CleanPhoto("cv.pdf", []byte("%PDF-1.4\n")); fieldOf(err, "photo") != "community.error.photo_type" {
		t.Errorf("a PDF as a photo: %v", err)
	}
}

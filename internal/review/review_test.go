package review_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/testutil"
)

// minimalPDF is a whole one-page PDF with an Author in its info
// dictionary.
var minimalPDF = testutil.PDF("Amina Diallo", "Borders and remittances: a manuscript")

type fakePublisher struct{ got []review.AcceptedWork }

func (p *fakePublisher) PublishAccepted(_ context.Context, w review.AcceptedWork) (string, string, error) {
	p.got = append(p.got, w)
	return "publishing:publication:42", "/publications/42", nil
}

type fixture struct {
	svc                    *review.Service
	pub                    *fakePublisher
	editor, author, r1, r2 review.Actor
	d                      *db.DB
}

func newFixture(t testing.TB, d *db.DB, strip func([]byte) ([]byte, error)) *fixture {
	t.Helper()
	ctx := context.Background()
	acc := accounts.NewService(d, accounts.SignupClosed, "http://corridor.test")
	mk := func(email, name string, role accounts.Role) review.Actor {
		u, err := acc.Create(ctx, accounts.NewUser{Email: email, Name: name, Password: "correct horse battery staple", Role: role}, accounts.StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		return review.Actor{UserID: u.ID, Name: u.Name, Editor: role == accounts.RoleEditor}
	}
	f := &fixture{d: d, pub: &fakePublisher{}}
	f.editor = mk("ed@corridor.test", "Edith Editor", accounts.RoleEditor)
	f.author = mk("amina@corridor.test", "Amina Diallo", accounts.RoleMember)
	f.r1 = mk("rev1@corridor.test", "Ravi Reviewer", accounts.RoleReviewer)
	f.r2 = mk("rev2@corridor.test", "Rosa Reviewer", accounts.RoleMember)
	f.svc = review.New(d, &blob.DBStore{DB: d}, review.Config{People: review.Accounts(acc), Publisher: f.pub, BaseURL: "http://corridor.test", Strip: strip})
	return f
}

func stripFake(pdf []byte) ([]byte, error) {
	return bytes.ReplaceAll(pdf, []byte("/Author(Amina Diallo)"), []byte("")), nil
}

func (f *fixture) call(t testing.TB, mode review.Mode, opens, closes string) *review.Call {
	t.Helper()
	c, err := f.svc.CreateCall(context.Background(), f.editor, review.NewCall{Title: "Migrant smuggling", Scope: "Papers on smuggling", Target: "publishing:series:1",
		Opens: opens, Closes: closes, Mode: mode})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(offset int) string { return time.Now().UTC().AddDate(0, 0, offset).Format("2006-01-02") }

func (f *fixture) submit(t *testing.T, callID int64) *review.Submission {
	t.Helper()
	s, err := f.svc.Submit(context.Background(), f.author, review.NewSubmission{CallID: callID, Title: "Smuggling routes in the Sahel", Abstract: "We study routes.",
		Authors: []review.Author{{Name: "Amina Diallo", Email: "amina@corridor.test", ORCID: "0000-0002-1825-0097", Affiliation: "Université Cheikh Anta Diop"}}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func kind(err error) errs.Kind { return errs.KindOf(err) }

func TestWorkflowToPublished(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, stripFake)
		c := f.call(t, review.ModeDouble, day(-1), day(10))
		s := f.submit(t, c.ID)
		if _, err := f.svc.AddFile(ctx, f.author, s.ID, "Diallo-2026-final.pdf", strings.NewReader(minimalPDF)); err != nil {
			t.Fatal(err)
		}
		a1, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "rev1@corridor.test", day(14))
		if err != nil {
			t.Fatal(err)
		}
		a2, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "REV2@corridor.test", day(14))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "rev1@corridor.test", day(14)); kind(err) != errs.Conflict {
			t.Errorf("assigning the same reviewer twice: %v, want a conflict", err)
		}
		if _, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "amina@corridor.test", day(14)); kind(err) != errs.Invalid {
			t.Errorf("assigning the author: %v, want invalid", err)
		}
		// Reviewer 2 cannot read reviewer 1's assignment; the author cannot read either.
		if _, err := f.svc.Review(ctx, f.r2, a1.ID); kind(err) != errs.NotFound {
			t.Errorf("another reviewer's assignment: %v, want not found", err)
		}
		if _, err := f.svc.Review(ctx, f.author, a1.ID); kind(err) != errs.NotFound {
			t.Errorf("author reading a review: %v, want not found", err)
		}
		v, err := f.svc.Review(ctx, f.r1, a1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Authors) != 0 || len(v.Files) != 1 || strings.Contains(v.Files[0].Label, "Diallo") {
			t.Errorf("double-anonymous view leaks: %+v", v)
		}
		if _, err := f.svc.Respond(ctx, f.r1, a1.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, a := range []struct {
			who review.Actor
			id  int64
			rec string
		}{{f.r1, a1.ID, "minor_revisions"}, {f.r2, a2.ID, "major_revisions"}} {
			if _, err := f.svc.SubmitReview(ctx, a.who, a.id, review.NewReview{Recommendation: a.rec, ForAuthor: "Tighten section 2.", ForEditor: "Solid."}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.SubmitReview(ctx, f.r1, a1.ID, review.NewReview{Recommendation: "accept"}); kind(err) != errs.Conflict {
			t.Errorf("second review: %v, want conflict", err)
		}
		if _, err := f.svc.Decide(ctx, f.editor, s.ID, "revisions", "Please revise", 1); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Decide(ctx, f.editor, s.ID, "revisions", "Please revise", 1); kind(err) != errs.Conflict {
			t.Errorf("double-submitted decision: %v, want conflict", err)
		}
		if _, err := f.svc.AddFile(ctx, f.author, s.ID, "revised.pdf", strings.NewReader(minimalPDF)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Resubmit(ctx, f.author, s.ID, "Revised as asked."); err != nil {
			t.Fatal(err)
		}
		av, err := f.svc.AuthorView(ctx, f.author, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(av.Reviews) != 2 || av.Reviews[0].Reviewer != "1" {
			t.Errorf("author's reviews: %+v (reviewers must be numbered, not named)", av.Reviews)
		}
		for _, dec := range []string{"accept", "send_to_production", "publish"} {
			if _, err := f.svc.Decide(ctx, f.editor, s.ID, dec, "", 0); err != nil {
				t.Fatalf("%s: %v", dec, err)
			}
		}
		got, err := f.svc.EditorView(ctx, f.editor, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Submission.Stage != review.StagePublished || got.Submission.PublishedKey != "publishing:publication:42" {
			t.Errorf("after publish: %s %q", got.Submission.Stage, got.Submission.PublishedKey)
		}
		if len(f.pub.got) != 1 || f.pub.got[0].Target != "publishing:series:1" || f.pub.got[0].Authors[0].ORCID != "0000-0002-1825-0097" ||
			len(f.pub.got[0].Files) != 1 || f.pub.got[0].Files[0].Name != "revised.pdf" {
			t.Errorf("published work: %+v", f.pub.got)
		}
		if _, err := f.svc.Decide(ctx, f.editor, s.ID, "publish", "", 0); kind(err) != errs.Conflict || len(f.pub.got) != 1 {
			t.Errorf("second publish: %v (%d works)", err, len(f.pub.got))
		}
	})
}

func TestBadInput(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, stripFake)
		closed := f.call(t, review.ModeDouble, day(-30), day(-1))
		_, err := f.svc.Submit(ctx, f.author, review.NewSubmission{CallID: closed.ID, Title: "Late", Authors: []review.Author{{Name: "A"}}})
		if e, ok := errs.As(err); !ok || e.Fields["call"] != "review.error.call_closed" {
			t.Errorf("after the deadline: %v", err)
		}
		open := f.call(t, review.ModeDouble, day(0), day(0))
		s := f.submit(t, open.ID)
		for name, body := range map[string]string{"empty.pdf": "", "fake.pdf": "<html>hi</html>", "cut.pdf": "%PDF-1.4\n1 0 obj", "paper.docx": "PK\x03\x04rest"} {
			_, err := f.svc.AddFile(ctx, f.author, s.ID, name, strings.NewReader(body))
			if kind(err) != errs.Invalid {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		var n int
		d.QueryRow(`SELECT COUNT(*) FROM review_files`).Scan(&n)
		if n != 0 {
			t.Errorf("%d files kept after refusals", n)
		}
		if _, err := f.svc.CreateCall(ctx, f.editor, review.NewCall{Title: "x", Opens: "2026-05-01", Closes: "2026-04-01", Mode: "secret"}); err == nil {
			t.Error("bad call accepted")
		} else if e, _ := errs.As(err); e.Fields["closes"] == "" || e.Fields["review_mode"] == "" {
			t.Errorf("bad call fields: %v", err)
		}
		if _, err := f.svc.CreateCall(ctx, f.author, review.NewCall{Title: "x", Opens: day(0), Closes: day(1), Mode: review.ModeOpen}); kind(err) != errs.Forbidden {
			t.Errorf("member creating a call: %v", err)
		}
	})
}

func TestReviewCopyPendingUntilStripped(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		broken := true
		f := newFixture(t, d, func(b []byte) ([]byte, error) {
			if broken {
				return nil, errors.New("not built yet")
			}
			return stripFake(b)
		})
		c := f.call(t, review.ModeDouble, day(0), day(3))
		s := f.submit(t, c.ID)
		file, err := f.svc.AddFile(ctx, f.author, s.ID, "a.pdf", strings.NewReader(minimalPDF))
		if err != nil || file.ReviewStatus != "pending" {
			t.Fatalf("%v %+v", err, file)
		}
		a, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "rev1@corridor.test", day(1))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.svc.Review(ctx, f.r1, a.ID); len(v.Files) != 0 {
			t.Fatal("a review copy with its metadata reached the reviewer")
		}
		broken = false
		reminded, overdue, err := f.svc.Sweep(ctx)
		if err != nil || reminded != 1 || overdue != 0 {
			t.Fatalf("sweep: %d %d %v", reminded, overdue, err)
		}
		v, _ := f.svc.Review(ctx, f.r1, a.ID)
		if len(v.Files) != 1 {
			t.Fatal("the sweep did not make the review copy")
		}
		key, _, _, err := f.svc.ReviewFile(ctx, f.r1, a.ID, v.Files[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		rc, _, err := f.svc.Blobs.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if strings.Contains(b.String(), "Diallo") {
			t.Error("the review copy still names the author")
		}
		if r, o, _ := f.svc.Sweep(ctx); r != 0 || o != 0 {
			t.Errorf("a second sweep sent %d reminders and %d notices again", r, o)
		}
	})
}

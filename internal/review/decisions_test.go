package review_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/review"
)

// TestAbstractDecisions: a call for abstracts (target an event) offers
// change_track, mark_duplicate and merge beside the usual decisions; a
// call for papers does not. Each takes its value, is recorded with it,
// audited and told to the authors; bad values are refused by field with
// nothing changed; the chosen track reaches the publisher.
func TestAbstractDecisions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, stripFake)
		papers := f.call(t, review.ModeOpen, day(-1), day(10))
		c, err := f.svc.CreateCall(ctx, f.editor, review.NewCall{Title: "Call for abstracts: labour mobility", Scope: "Abstracts", Target: "events:event:3",
			Opens: day(-1), Closes: day(10), Mode: review.ModeOpen})
		if err != nil {
			t.Fatal(err)
		}
		submit := func(callID int64, title string, authors ...review.Author) *review.Submission {
			s, err := f.svc.Submit(ctx, f.author, review.NewSubmission{CallID: callID, Title: title, Abstract: "An abstract.", Authors: authors})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		amina := review.Author{Name: "Amina Diallo", Email: "amina@corridor.test"}
		jun := review.Author{Name: "Jun Reyes", Email: "jun@example.org"}
		keep := submit(c.ID, "Care workers' remittances", amina)
		twin := submit(c.ID, "Care workers' remittances (again)", amina)
		joint := submit(c.ID, "Remittances of care workers in Hong Kong", jun, review.Author{Name: "amina diallo", Email: "AMINA@corridor.test"})
		paper := submit(papers.ID, "A paper", amina)

		// Offered on the call for abstracts only.
		v, err := f.svc.EditorView(ctx, f.editor, keep.ID)
		if err != nil || !slices.Contains(v.Rules, "change_track") || !slices.Contains(v.Rules, "merge") || !v.TakesParam {
			t.Fatalf("decisions on an abstract: %v %v", err, v.Rules)
		}
		if v, _ := f.svc.EditorView(ctx, f.editor, paper.ID); slices.Contains(v.Rules, "change_track") || slices.Contains(v.Rules, "mark_duplicate") {
			t.Errorf("a call for papers offers abstract decisions: %v", v.Rules)
		}
		if _, err := f.svc.DecideWith(ctx, f.editor, paper.ID, "change_track", "", "Track A", 0); fieldOf(err) != "decision" {
			t.Errorf("change_track on a paper: %v", err)
		}

		// Bad values, each named by its field; nothing changes.
		for _, bad := range []struct{ decision, param, field string }{
			{"change_track", "", "param"},
			{"change_track", strings.Repeat("x", 101), "param"},
			{"mark_duplicate", strconv.FormatInt(twin.ID, 10), "param"},  // itself
			{"mark_duplicate", "999999", "param"},                        // no such submission
			{"mark_duplicate", strconv.FormatInt(paper.ID, 10), "param"}, // another call
			{"accept", "Track A", "param"},                               // takes no value
		} {
			if _, err := f.svc.DecideWith(ctx, f.editor, twin.ID, bad.decision, "", bad.param, 0); fieldOf(err) != bad.field {
				t.Errorf("%s %q: %v, want an error on %s", bad.decision, bad.param, err, bad.field)
			}
		}
		if s := editorSub(t, f, twin.ID); s.Stage != review.StageSubmission || s.Track != "" || s.JoinedTo != 0 {
			t.Errorf("a refused decision changed the submission: %+v", s)
		}

		// change_track keeps stage and status, records the track.
		s, err := f.svc.DecideWith(ctx, f.editor, keep.ID, "change_track", "", "  Labour migration ", 0)
		if err != nil || s.Track != "Labour migration" || s.Stage != review.StageSubmission || s.Status != review.StatusSubmitted {
			t.Fatalf("change_track: %v %+v", err, s)
		}
		// mark_duplicate closes twin, pointing at keep.
		if s, err := f.svc.DecideWith(ctx, f.editor, twin.ID, "mark_duplicate", "", "#"+strconv.FormatInt(keep.ID, 10), 0); err != nil || s.Stage != review.StageDeclined || s.Status != review.StatusDuplicate || s.JoinedTo != keep.ID {
			t.Fatalf("mark_duplicate: %v %+v", err, s)
		}
		// Nothing is merged into a closed submission.
		if _, err := f.svc.DecideWith(ctx, f.editor, joint.ID, "merge", "", strconv.FormatInt(twin.ID, 10), 0); fieldOf(err) != "param" {
			t.Errorf("merge into a duplicate: %v", err)
		}
		// merge adds Jun Reyes to keep (Amina, the same e-mail, once).
		if s, err := f.svc.DecideWith(ctx, f.editor, joint.ID, "merge", "", strconv.FormatInt(keep.ID, 10), 0); err != nil || s.Status != review.StatusMerged || s.JoinedTo != keep.ID {
			t.Fatalf("merge: %v %+v", err, s)
		}
		kept := editorSub(t, f, keep.ID)
		if len(kept.Authors) != 2 || kept.Authors[0].Name != "Amina Diallo" || kept.Authors[1].Name != "Jun Reyes" {
			t.Errorf("authors after the merge: %+v", kept.Authors)
		}

		// Recorded with their values, audited, told to the authors.
		v, _ = f.svc.EditorView(ctx, f.editor, keep.ID)
		if len(v.Decisions) != 1 || v.Decisions[0].Decision != "change_track" || v.Decisions[0].Param != "Labour migration" {
			t.Errorf("decision record: %+v", v.Decisions)
		}
		for action, id := range map[string]int64{"review.decision.change_track": keep.ID, "review.decision.mark_duplicate": twin.ID, "review.decision.merge": joint.ID, "review.submission.merged": keep.ID} {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2`, action, strconv.FormatInt(id, 10)).Scan(&n); err != nil || n != 1 {
				t.Errorf("audit %s on %d: %d %v", action, id, n, err)
			}
		}
		for _, subject := range []string{"moves to the track Labour migration", "is a duplicate", "is merged"} {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox WHERE to_addr = 'amina@corridor.test' AND subject LIKE $1`, "%"+subject+"%").Scan(&n); err != nil || n != 1 {
				t.Errorf("mail %q: %d %v", subject, n, err)
			}
		}

		// Through review to the publisher, which gets the track.
		if _, err := f.svc.AddFile(ctx, f.author, keep.ID, "abstract.pdf", strings.NewReader(minimalPDF)); err != nil {
			t.Fatal(err)
		}
		for _, dec := range []string{"send_to_review", "accept", "send_to_production", "publish"} {
			if _, err := f.svc.Decide(ctx, f.editor, keep.ID, dec, "", 0); err != nil {
				t.Fatalf("%s: %v", dec, err)
			}
		}
		if len(f.pub.got) != 1 || f.pub.got[0].Track != "Labour migration" || len(f.pub.got[0].Authors) != 2 {
			t.Errorf("published: %+v", f.pub.got)
		}
	})
}

func fieldOf(err error) string {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Invalid {
		return ""
	}
	for k := range e.Fields {
		return k
	}
	return ""
}

func editorSub(t *testing.T, f *fixture, id int64) review.Submission {
	t.Helper()
	v, err := f.svc.EditorView(context.Background(), f.editor, id)
	if err != nil {
		t.Fatal(err)
	}
	return v.Submission
}

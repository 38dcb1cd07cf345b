package review_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/review"
)

// BenchmarkMyReviews builds a reviewer's list of 200 assignments, each
// with its allow-listed view (files, thread), as GET /api/v1/reviews does.
func BenchmarkMyReviews(b *testing.B) {
	d := dbtest.OpenTest(b, db.SQLite)
	f := newFixture(b, d, stripFake)
	ctx := context.Background()
	c := f.call(b, review.ModeDouble, day(-1), day(30))
	for i := range 200 {
		s, err := f.svc.Submit(ctx, f.author, review.NewSubmission{CallID: c.ID, Title: fmt.Sprintf("Paper %d", i),
			Authors: []review.Author{{Name: "Amina Diallo"}}})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.AddFile(ctx, f.author, s.ID, "p.pdf", strings.NewReader(minimalPDF)); err != nil {
			b.Fatal(err)
		}
		if _, err := f.svc.AssignReviewer(ctx, f.editor, s.ID, "rev1@corridor.test", day(10)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		vs, err := f.svc.MyReviews(ctx, f.r1)
		if err != nil || len(vs) != 200 {
			b.Fatal(err, len(vs))
		}
	}
}

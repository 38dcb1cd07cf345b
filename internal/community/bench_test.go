package community

import (
	"context"
	"fmt"
	"testing"
	"time"

	"corridor/internal/db/dbtest"
)

// BenchmarkApply measures one application with a real CV and letter (the
// checks, two blobs, the rows, the mails) and the reviewers' ranked list
// of 200 scored applications.
func BenchmarkApply(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			ctx := context.Background()
			s := newService(b, d, time.Now().UTC())
			c, err := s.CreateCall(ctx, Call{Kind: "job", Title: "Bench", Deadline: time.Now().Unix() + 86400, Criteria: []string{"A", "B", "C"}})
			if err != nil {
				b.Fatal(err)
			}
			pdf := realPDFb(b)
			rev := addUser(b, d, "rev@example.org")
			apply := func(b *testing.B, i int) int64 {
				u := addUser(b, d, fmt.Sprintf("u%d@example.org", i))
				a, err := s.Apply(ctx, NewApplication{CallID: c.ID, UserID: u, Name: "N", Email: fmt.Sprintf("u%d@example.org", i), CV: Doc{"cv.pdf", pdf}, Letter: Doc{"l.pdf", pdf},
					Referees: []Referee{{Name: "R", Email: "r@example.org"}}})
				if err != nil {
					b.Fatal(err)
				}
				return a.ID
			}
			next := 1000000
			b.Run("apply", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					next++
					apply(b, next)
				}
			})
			d.ExecContext(ctx, `DELETE FROM community_applications`)
			for i := 0; i < 200; i++ {
				id := apply(b, i)
				if err := s.Review(ctx, id, rev, []int{i % 6, (i / 6) % 6, 3}, ""); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("rank200", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if as, err := s.Applications(ctx, c.ID); err != nil || len(as) != 200 {
						b.Fatal(len(as), err)
					}
				}
			})
		})
	}
}

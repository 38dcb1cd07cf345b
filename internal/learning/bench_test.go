package learning

import (
	"context"
	"fmt"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// BenchmarkSubmit: one learner's whole attempt at the seven-question quiz
// (start, seven answers, submit and grade in one transaction), on each
// engine.
func BenchmarkSubmit(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			f := newBenchFixture(b, d)
			ctx := context.Background()
			right := f.rightAnswers()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				u := addUser(b, d, fmt.Sprintf("bench%d@example.org", i))
				if err := f.svc.Enrol(ctx, f.course.ID, u); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				a, err := f.svc.StartAttempt(ctx, f.quiz.ID, u)
				if err != nil {
					b.Fatal(err)
				}
				for qid, r := range f.forAttempt(a, right) {
					if err := f.svc.Answer(ctx, a.ID, u, qid, r); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := f.svc.Submit(ctx, a.ID, u, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSubmitOnly: the submission alone (grading seven answers,
// totals, completion), answers sent with it.
func BenchmarkSubmitOnly(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			f := newBenchFixture(b, d)
			ctx := context.Background()
			right := f.rightAnswers()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				u := addUser(b, d, fmt.Sprintf("only%d@example.org", i))
				if err := f.svc.Enrol(ctx, f.course.ID, u); err != nil {
					b.Fatal(err)
				}
				a, err := f.svc.StartAttempt(ctx, f.quiz.ID, u)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := f.svc.Submit(ctx, a.ID, u, f.forAttempt(a, right)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGrade: grading one response of each type, in memory.
func BenchmarkGrade(b *testing.B) {
	f := &fixture{qs: map[Kind]Question{}}
	for i, q := range readDocsBank(b) {
		if _, ok := f.qs[q.Kind]; !ok {
			q.ID = int64(i + 1)
			f.qs[q.Kind] = q
		}
	}
	right := f.rightAnswers()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range f.qs {
			q.Grade(right[q.ID])
		}
	}
}

// BenchmarkCourseAndProgress: what the course page reads: the course with
// its modules, lessons and quizzes, and the learner's progress.
func BenchmarkCourseAndProgress(b *testing.B) {
	for _, engine := range dbtest.TestEngines() {
		b.Run(string(engine), func(b *testing.B) {
			d := dbtest.OpenTest(b, engine)
			ctx := context.Background()
			if err := LoadDemo(ctx, d); err != nil {
				b.Fatal(err)
			}
			svc := New(d, nil)
			u := addUser(b, d, "reader@example.org")
			if err := svc.Enrol(ctx, 1, u); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := svc.CourseIn(ctx, 1, "fr"); err != nil {
					b.Fatal(err)
				}
				if _, err := svc.Progress(ctx, 1, u); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func newBenchFixture(b *testing.B, d *db.DB) *fixture {
	return newFixtureTB(b, d, Quiz{PassMark: 50, ShuffleQuestions: true, ShuffleOptions: true})
}

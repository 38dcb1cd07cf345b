package learning

import (
	"context"
	"math"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// The expected coefficients were computed with Python's
// statistics.correlation (3.10+), not with this code.
func TestCorrelationMatchesPython(t *testing.T) {
	cases := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 1, 0, 1, 0, 0}, []float64{5, 4, 3, 4, 1, 2}, 0.8682431421244593},
		{[]float64{1, 0.5, 0, 1, 0.25}, []float64{3, 2, 2.5, 4, 0}, 0.6312893777096925},
		{[]float64{1, 1, 1}, []float64{1, 2, 3}, 0},
	}
	for _, c := range cases {
		if got := Correlation(c.x, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Correlation(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

func TestQuestionStats(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, Quiz{PassMark: 50})
		// Three learners: one answers all right, one only the true/false,
		// one nothing.
		right := f.rightAnswers()
		tf := f.qs[TrueFalse].ID
		plans := []map[int64]Response{right, {tf: right[tf]}, {}}
		for i, plan := range plans {
			u := addUser(t, d, string(rune('a'+i))+"@example.org")
			if err := f.svc.Enrol(ctx, f.course.ID, u); err != nil {
				t.Fatal(err)
			}
			a, err := f.svc.StartAttempt(ctx, f.quiz.ID, u)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.Submit(ctx, a.ID, u, f.forAttempt(a, plan)); err != nil {
				t.Fatal(err)
			}
			if _, ok := plan[f.qs[Essay].ID]; ok {
				if err := f.svc.GradeAnswer(ctx, a.ID, f.qs[Essay].ID, 1, "", 0); err != nil {
					t.Fatal(err)
				}
			}
		}
		stats, err := f.svc.QuestionStats(ctx, f.quiz.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range stats {
			if st.Attempts != 3 {
				t.Fatalf("%+v", st)
			}
			switch st.QuestionID {
			case tf:
				// item 1,1,0; rest 6,0,0 → r = 0.5 (statistics.correlation)
				if math.Abs(st.Difficulty-2.0/3) > 1e-9 || math.Abs(st.Discrimination-0.5) > 1e-9 {
					t.Errorf("true/false: %+v", st)
				}
			default:
				// item 1,0,0; rest 6,1,0 → r = 0.9878291611472619
				if math.Abs(st.Difficulty-1.0/3) > 1e-9 || math.Abs(st.Discrimination-0.9878291611472619) > 1e-9 {
					t.Errorf("%s: %+v", st.Kind, st)
				}
			}
		}
		rep, err := f.svc.LearnerReport(ctx, f.course.ID)
		if err != nil || len(rep) != 3 || rep[0].Quizzes != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
	})
}

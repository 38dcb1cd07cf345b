package learning

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/links"
)

func addUser(t testing.TB, d *db.DB, email string) int64 {
	t.Helper()
	var id int64
	err := d.QueryRowContext(context.Background(), `INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at) VALUES ($1, $1, 'x', 'member', 'active', 0, 0) RETURNING id`, email).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// clock is a server clock a test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	svc    *Service
	clock  *clock
	course Course
	module Module
	lesson Lesson
	quiz   Quiz
	qs     map[Kind]Question
	ids    []int64
}

// newFixture: a published course with one module, one lesson and a quiz
// holding one question of every type from the documentation's GIFT bank.
func newFixture(t *testing.T, d *db.DB, quiz Quiz) *fixture { return newFixtureTB(t, d, quiz) }

func newFixtureTB(t testing.TB, d *db.DB, quiz Quiz) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{svc: New(d, nil), clock: &clock{t: time.Date(2026, 3, 8, 9, 0, 0, 0, time.UTC)}, qs: map[Kind]Question{}}
	f.svc.Now = f.clock.now
	var err error
	f.course, err = f.svc.CreateCourse(ctx, Course{Lang: "en", Slug: "essentials", Title: "Essentials", Published: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.module, err = f.svc.AddModule(ctx, f.course.ID, "Module 1"); err != nil {
		t.Fatal(err)
	}
	if f.lesson, err = f.svc.AddLesson(ctx, f.module.ID, LessonInput{Title: "Lesson 1", Body: "# Hello"}, ReaderForTest()); err != nil {
		t.Fatal(err)
	}
	var pick []Question
	for _, q := range readDocsBank(t) {
		if _, ok := f.qs[q.Kind]; !ok {
			f.qs[q.Kind] = q
			pick = append(pick, q)
		}
	}
	ids, err := f.svc.ImportQuestions(ctx, pick, "gift")
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range pick {
		q.ID = ids[i]
		f.qs[q.Kind] = q
	}
	f.ids = ids
	quiz.ModuleID, quiz.Title, quiz.QuestionIDs = f.module.ID, "Quiz 1", ids
	if f.quiz, err = f.svc.AddQuiz(ctx, quiz); err != nil {
		t.Fatal(err)
	}
	return f
}

// forAttempt turns responses by pair index into what a learner sends:
// matches by the position the attempt shows the right-hand answers in.
func (f *fixture) forAttempt(a Attempt, rs map[int64]Response) map[int64]Response {
	out := map[int64]Response{}
	for qid, r := range rs {
		if q := f.qs[Matching]; q.ID == qid {
			r.Matches = toShown(matchOrder(a.Seed, q), r.Matches)
		}
		out[qid] = r
	}
	return out
}

func yes() *bool { b := true; return &b }

// rightAnswers answers every auto-graded question right, the essay too.
func (f *fixture) rightAnswers() map[int64]Response {
	out := map[int64]Response{}
	for k, q := range f.qs {
		var r Response
		switch k {
		case Single:
			for i, c := range q.Spec.Choices {
				if c.Fraction == 1 {
					r.Choices = []int{i}
				}
			}
		case Multiple:
			for i, c := range q.Spec.Choices {
				if c.Fraction > 0 {
					r.Choices = append(r.Choices, i)
				}
			}
		case TrueFalse:
			b := q.Spec.Truth
			r.Bool = &b
		case Matching:
			r.Matches = identity(len(q.Spec.Pairs))
		case Short:
			r.Text = "  NO   one " // case and spaces folded
		case Numeric:
			r.Text = "1824" // within 1822 ± 5
		case Essay:
			r.Text = "Secretary-General of the United Nations, 1953–1961."
		}
		out[q.ID] = r
	}
	return out
}

func wantKind(t *testing.T, err error, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
}

func TestQuizFlow(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, Quiz{AttemptsMax: 2, TimeLimit: 600, PassMark: 80, ShuffleQuestions: true, ShuffleOptions: true})
		u := addUser(t, d, "learner@example.org")
		svc := f.svc
		_, err := svc.StartAttempt(ctx, f.quiz.ID, u)
		wantKind(t, err, ErrNotEnrolled)
		if err := svc.Enrol(ctx, f.course.ID, u); err != nil {
			t.Fatal(err)
		}
		wantKind(t, svc.Enrol(ctx, f.course.ID, u), ErrAlreadyEnrolled)
		if err := svc.ViewLesson(ctx, u, f.lesson.ID); err != nil {
			t.Fatal(err)
		}
		a, err := svc.StartAttempt(ctx, f.quiz.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		if a.Deadline != f.clock.now().Unix()+600 {
			t.Errorf("deadline %d", a.Deadline)
		}
		// The order of questions and options is the same on every read.
		p1, _ := svc.Paper(ctx, a.ID, u)
		p2, _ := svc.Paper(ctx, a.ID, u)
		for i := range p1.Items {
			if p1.Items[i].Question.ID != p2.Items[i].Question.ID || !equalInts(p1.Items[i].Order, p2.Items[i].Order) {
				t.Fatal("shuffle not stable within an attempt")
			}
			if p1.Items[i].Question.Spec.Choices != nil && p1.Items[i].Question.Spec.Choices[0].Fraction != 0 {
				t.Fatal("an open attempt shows the right answers")
			}
		}
		again, err := svc.StartAttempt(ctx, f.quiz.ID, u)
		if err != nil || again.ID != a.ID {
			t.Fatalf("an open attempt is resumed, got %v %v", again, err)
		}
		right := f.forAttempt(a, f.rightAnswers())
		for qid, r := range right {
			if err := svc.Answer(ctx, a.ID, u, qid, r); err != nil {
				t.Fatal(err)
			}
		}
		wantKind(t, svc.Answer(ctx, a.ID, u, 999999, Response{}), ErrNotInQuiz)
		got, err := svc.Submit(ctx, a.ID, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != StatePending || got.Passed {
			t.Fatalf("with an essay to grade: %+v", got)
		}
		_, err = svc.Submit(ctx, a.ID, u, nil)
		wantKind(t, err, ErrAlreadySubmited)
		wantKind(t, svc.Answer(ctx, a.ID, u, f.ids[0], Response{}), ErrAlreadySubmited)

		queue, err := svc.GradingQueue(ctx, 10)
		if err != nil || len(queue) != 1 || queue[0].QuestionID != f.qs[Essay].ID || !strings.Contains(queue[0].Answer, "1953") {
			t.Fatalf("queue %+v %v", queue, err)
		}
		if err := svc.GradeAnswer(ctx, a.ID, f.qs[Essay].ID, 2, "", 0); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a score above the points: %v", err)
		}
		if err := svc.GradeAnswer(ctx, a.ID, f.qs[Essay].ID, 1, "Good.", 0); err != nil {
			t.Fatal(err)
		}
		got, _ = svc.Attempt(ctx, a.ID, u)
		if got.State != StateGraded || got.Score != 7 || got.MaxScore != 7 || !got.Passed {
			t.Fatalf("graded: %+v", got)
		}
		prog, err := svc.Progress(ctx, f.course.ID, u)
		if err != nil || prog.Percent != 100 || prog.CompletedAt == 0 || prog.Grade != 100 {
			t.Fatalf("progress %+v %v", prog, err)
		}
		comps, err := svc.Completions(ctx, u)
		if err != nil || len(comps) != 1 || comps[0].CourseID != f.course.Family || comps[0].Grade != 100 {
			t.Fatalf("completions %+v %v", comps, err)
		}

		// Correcting a question regrades the submitted attempt: the
		// numeric answer 1824 is now outside 1822 ± 1.
		q := f.qs[Numeric]
		q.Spec.Numbers = []Number{{Value: 1822, Tolerance: 1, Fraction: 1}}
		n, err := svc.UpdateQuestion(ctx, q)
		if err != nil || n != 1 {
			t.Fatalf("regrade: %d %v", n, err)
		}
		got, _ = svc.Attempt(ctx, a.ID, u)
		if got.Score != 6 || got.Passed != (600.0/7 >= 80) {
			t.Fatalf("after regrade: %+v", got)
		}

		// The second attempt runs out of time: the answer is refused.
		b, err := svc.StartAttempt(ctx, f.quiz.ID, u)
		if err != nil || b.Number != 2 {
			t.Fatalf("second attempt %+v %v", b, err)
		}
		f.clock.add(601 * time.Second)
		wantKind(t, svc.Answer(ctx, b.ID, u, f.ids[0], right[f.ids[0]]), ErrTimeUp)
		_, err = svc.Submit(ctx, b.ID, u, right)
		wantKind(t, err, ErrTimeUp)
		if got, err := svc.Submit(ctx, b.ID, u, nil); err != nil || got.Score != 0 || got.State != StateGraded {
			t.Fatalf("late submission grades what was saved in time: %+v %v", got, err)
		}
		_, err = svc.StartAttempt(ctx, f.quiz.ID, u)
		wantKind(t, err, ErrNoAttemptsLeft)
	})
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestConcurrentSubmitsGradeOnce: of many simultaneous submissions of one
// attempt, one wins and the others are refused cleanly.
func TestConcurrentSubmitsGradeOnce(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, Quiz{PassMark: 50})
		u := addUser(t, d, "l@example.org")
		if err := f.svc.Enrol(ctx, f.course.ID, u); err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.StartAttempt(ctx, f.quiz.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.svc.Submit(ctx, a.ID, u, f.forAttempt(a, f.rightAnswers()))
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		ok, refused := 0, 0
		for err := range results {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrAlreadySubmited):
				refused++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 || refused != 7 {
			t.Fatalf("ok %d refused %d", ok, refused)
		}
		var n int
		d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'learning.attempt.submit'`).Scan(&n)
		if n != 1 {
			t.Errorf("%d submit audit entries", n)
		}
	})
}

func TestImportIsAllOrNothing(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		svc := New(d, nil)
		good := readDocsBank(t)
		bad := append(good[:3:3], Question{Kind: Single, Text: "x", Points: 1, Spec: Spec{Choices: []Choice{{Text: "a", Fraction: 0.5}}}})
		if _, err := svc.ImportQuestions(context.Background(), bad, "gift"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("got %v", err)
		}
		qs, _ := svc.Questions(context.Background(), 0)
		if len(qs) != 0 {
			t.Fatalf("%d questions stored after a failed import", len(qs))
		}
	})
}

func TestCourseLanguageVersions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		svc := New(d, nil)
		en, err := svc.CreateCourse(ctx, Course{Lang: "en", Slug: "law", Title: "Migration law", Published: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		fr, err := svc.CreateCourse(ctx, Course{Family: en.ID, Lang: "fr", Slug: "droit", Title: "Droit des migrations", Published: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateCourse(ctx, Course{Family: en.ID, Lang: "fr", Slug: "droit-2", Title: "Encore", Published: true}, 0); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a second French version: %v", err)
		}
		got, _ := svc.CourseIn(ctx, en.ID, "fr")
		if got.ID != fr.ID || len(got.Langs) != 2 {
			t.Fatalf("fr: %+v", got)
		}
		got, _ = svc.CourseIn(ctx, fr.ID, "es")
		if got.ID != fr.ID {
			t.Fatalf("es falls back to the version asked: %+v", got)
		}
		cat, _ := svc.Catalogue(ctx, "fr", false)
		if len(cat) != 1 || cat[0].ID != fr.ID {
			t.Fatalf("catalogue %+v", cat)
		}
		// Enrolling through either version enrols in the course.
		u := addUser(t, d, "x@example.org")
		if err := svc.Enrol(ctx, fr.ID, u); err != nil {
			t.Fatal(err)
		}
		wantKind(t, svc.Enrol(ctx, en.ID, u), ErrAlreadyEnrolled)
		// A cohort outside its dates refuses enrolment.
		now := time.Now().Unix()
		c, err := svc.CreateCourse(ctx, Course{Lang: "en", Slug: "cohort", Title: "Cohort", Pacing: Cohort, OpensAt: now + 86400, ClosesAt: now + 2*86400, Published: true}, 0)
		if err != nil {
			t.Fatal(err)
		}
		wantKind(t, svc.Enrol(ctx, c.ID, u), ErrCourseClosed)
	})
}

func TestGradeRules(t *testing.T) {
	b, _ := os.ReadFile("testdata/moodle_docs.gift")
	qs, err := ParseGIFT(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	multiple := qs[19] // -100% No one, 50% Grant, 50% Grant's wife, -100% father
	cases := []struct {
		q    Question
		r    Response
		want float64
	}{
		{multiple, Response{Choices: []int{1, 2}}, 1},
		{multiple, Response{Choices: []int{1}}, 0.5},
		{multiple, Response{Choices: []int{0, 1, 2, 3}}, 0},
		{multiple, Response{Choices: []int{1, 1, 1}}, 0.5},
		{qs[18], Response{Choices: []int{2}}, 0.5}, // Galilee, 50%
		{qs[4], Response{Text: "Nobody"}, 1},
		{qs[4], Response{Text: "no-one"}, 0},
		{qs[9], Response{Text: "1817"}, 1},   // 1822 ± 5, the bound included
		{qs[9], Response{Text: "1816.9"}, 0}, //
		{qs[12], Response{Text: "1823"}, 0.5},
		{qs[12], Response{Text: "1822,0"}, 1},
		{qs[11], Response{Text: "3.142"}, 1}, // 3.141..3.142
		{qs[8], Response{Matches: []int{0, 1, 3, 2}}, 0.5},
		{qs[6], Response{Bool: yes()}, 0},
	}
	for i, c := range cases {
		if got, _ := c.q.Grade(c.r); got != c.want {
			t.Errorf("case %d (%s): got %v, want %v", i, c.q.Name, got, c.want)
		}
	}
	cs := Question{Kind: Short, Spec: Spec{CaseSensitive: true, Choices: []Choice{{Text: "UNHCR", Fraction: 1}}}}
	if got, _ := cs.Grade(Response{Text: "unhcr"}); got != 0 {
		t.Error("case-sensitive short answer accepted the wrong case")
	}
}

// ReaderForTest is a trainer, who may link lessons.
func ReaderForTest() links.Reader { return links.Reader{Role: accounts.RoleTrainer} }

// TestMatchingHidesThePairs: an open attempt never tells which right-hand
// answer belongs to which left side; answers go by shown position.
func TestMatchingHidesThePairs(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, Quiz{PassMark: 50})
		u := addUser(t, d, "m@example.org")
		if err := f.svc.Enrol(ctx, f.course.ID, u); err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.StartAttempt(ctx, f.quiz.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		q := f.qs[Matching]
		p, err := f.svc.Paper(ctx, a.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		var shown []Pair
		for _, it := range p.Items {
			if it.Question.ID == q.ID {
				shown = it.Question.Spec.Pairs
			}
		}
		// Answer by reading the shown right-hand texts, as a person would.
		matches := make([]int, len(q.Spec.Pairs))
		for i, pair := range q.Spec.Pairs {
			for k, s := range shown {
				if s.Right == pair.Right {
					matches[i] = k
				}
			}
		}
		if err := f.svc.Answer(ctx, a.ID, u, q.ID, Response{Matches: matches}); err != nil {
			t.Fatal(err)
		}
		p, _ = f.svc.Paper(ctx, a.ID, u)
		for _, it := range p.Items {
			if it.Question.ID == q.ID && !equalInts(it.Response.Matches, matches) {
				t.Fatalf("saved matches read back as %v, sent %v", it.Response.Matches, matches)
			}
		}
		got, err := f.svc.Submit(ctx, a.ID, u, nil)
		if err != nil || got.Score != 1 {
			t.Fatalf("matching answered by shown position: %+v %v", got, err)
		}
	})
}

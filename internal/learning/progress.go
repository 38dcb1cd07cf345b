package learning

import (
	"context"
	"encoding/json"
	"math/rand/v2"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// ModuleProgress is how far a learner is in one module.
type ModuleProgress struct {
	ModuleID      int64  `json:"module_id"`
	Title         string `json:"title"`
	Lessons       int    `json:"lessons"`
	Viewed        int    `json:"viewed"`
	Quizzes       int    `json:"quizzes"`
	Passed        int    `json:"passed"`
	Complete      bool   `json:"complete"`
	viewedLessons map[int64]bool
}

// Progress is a learner's progress in a course version.
type Progress struct {
	CourseID    int64            `json:"course_id"`
	Family      int64            `json:"family"`
	Title       string           `json:"title"`
	Lang        string           `json:"lang"`
	Enrolled    bool             `json:"enrolled"`
	Modules     []ModuleProgress `json:"modules"`
	Needed      int              `json:"needed"` // modules to complete
	Done        int              `json:"done"`
	Percent     int              `json:"percent"`
	CompletedAt int64            `json:"completed_at,omitempty"`
	Grade       float64          `json:"grade,omitempty"`
	// SessionNeeded: the course has training sessions that count for its
	// completion, one of which the learner must attend (SessionAttended).
	SessionNeeded   bool `json:"session_needed,omitempty"`
	SessionAttended bool `json:"session_attended,omitempty"`
	// ViewedLessons and PassedQuizzes say which items are done.
	ViewedLessons map[int64]bool `json:"-"`
	PassedQuizzes map[int64]bool `json:"-"`
}

func (s *Service) progress(ctx context.Context, q db.Querier, courseID, userID int64) (Progress, float64, error) {
	c, err := s.courseRow(ctx, q, courseID)
	if err != nil {
		return Progress{}, 0, err
	}
	p := Progress{CourseID: c.ID, Family: c.Family, Title: c.Title, Lang: c.Lang, ViewedLessons: map[int64]bool{}, PassedQuizzes: map[int64]bool{}}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(completed_at), 0), COALESCE(MAX(grade), 0) FROM learning_enrolments WHERE course_id = $1 AND user_id = $2`, c.Family, userID).
		Scan(&n, &p.CompletedAt, &p.Grade); err != nil {
		return Progress{}, 0, err
	}
	p.Enrolled = n > 0
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.title, l.id, CASE WHEN v.lesson_id IS NULL THEN 0 ELSE 1 END
		FROM learning_modules m LEFT JOIN learning_lessons l ON l.module_id = m.id
		LEFT JOIN learning_views v ON v.lesson_id = l.id AND v.user_id = $2
		WHERE m.course_id = $1 ORDER BY m.position, m.id, l.position, l.id`, courseID, userID)
	if err != nil {
		return Progress{}, 0, err
	}
	idx := map[int64]int{}
	for rows.Next() {
		var mid int64
		var title string
		var lid *int64
		var viewed int
		if err := rows.Scan(&mid, &title, &lid, &viewed); err != nil {
			rows.Close()
			return Progress{}, 0, err
		}
		i, ok := idx[mid]
		if !ok {
			i = len(p.Modules)
			idx[mid] = i
			p.Modules = append(p.Modules, ModuleProgress{ModuleID: mid, Title: title})
		}
		if lid != nil {
			p.Modules[i].Lessons++
			if viewed == 1 {
				p.Modules[i].Viewed++
				p.ViewedLessons[*lid] = true
			}
		}
	}
	rows.Close()
	rows, err = q.QueryContext(ctx, `SELECT z.id, z.module_id, COALESCE(MAX(t.passed), 0), COALESCE(MAX(CASE WHEN t.max_score > 0 AND t.state = 'graded' THEN 100 * t.score / t.max_score END), 0)
		FROM learning_quizzes z JOIN learning_modules m ON m.id = z.module_id
		LEFT JOIN learning_attempts t ON t.quiz_id = z.id AND t.user_id = $2
		WHERE m.course_id = $1 GROUP BY z.id, z.module_id`, courseID, userID)
	if err != nil {
		return Progress{}, 0, err
	}
	sum, quizzes := 0.0, 0
	for rows.Next() {
		var zid, mid int64
		var passed int
		var best float64
		if err := rows.Scan(&zid, &mid, &passed, &best); err != nil {
			rows.Close()
			return Progress{}, 0, err
		}
		m := &p.Modules[idx[mid]]
		m.Quizzes++
		if passed == 1 {
			m.Passed++
			p.PassedQuizzes[zid] = true
		}
		sum += best
		quizzes++
	}
	rows.Close()
	items, done := 0, 0
	for i := range p.Modules {
		m := &p.Modules[i]
		m.Complete = m.Lessons+m.Quizzes > 0 && m.Viewed == m.Lessons && m.Passed == m.Quizzes
		if m.Complete {
			p.Done++
		}
		items += m.Lessons + m.Quizzes
		done += m.Viewed + m.Passed
	}
	p.Needed = len(p.Modules)
	if c.CompleteN > 0 && c.CompleteN < p.Needed {
		p.Needed = c.CompleteN
	}
	if items > 0 {
		p.Percent = 100 * done / items
	}
	if p.SessionNeeded, p.SessionAttended, err = sessionAttendance(ctx, q, c.Family, userID); err != nil {
		return Progress{}, 0, err
	}
	grade := 100.0
	if quizzes > 0 {
		grade = sum / float64(quizzes)
	}
	return p, grade, nil
}

// Progress reads a learner's progress in a course version.
func (s *Service) Progress(ctx context.Context, courseID, userID int64) (_ Progress, err error) {
	defer errs.Wrap(&err, "learning: progress")
	p, _, err := s.progress(ctx, s.DB, courseID, userID)
	return p, err
}

// updateCompletion marks the learner's enrolment complete (once, with the
// grade) when the course's rule holds: all modules, or n of them, and
// attendance at one of its sessions when some count for completion.
func (s *Service) updateCompletion(ctx context.Context, tx db.Tx, courseID, userID int64) error {
	p, grade, err := s.progress(ctx, tx, courseID, userID)
	if err != nil || !p.Enrolled || p.CompletedAt != 0 || p.Needed == 0 || p.Done < p.Needed || (p.SessionNeeded && !p.SessionAttended) {
		return err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE learning_enrolments SET completed_at = $3, grade = $4 WHERE course_id = $1 AND user_id = $2 AND completed_at = 0`, p.Family, userID, now, grade); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "learning.course.complete", "learning_course", p.Family, nil, map[string]any{"user": userID, "grade": grade})
}

// Completion is a learner's completed course, as the credentials domain
// reads it to issue certificates.
type Completion struct {
	CourseID    int64   `json:"course_id"` // the course's family id
	Title       string  `json:"title"`
	CompletedAt int64   `json:"completed_at"`
	Grade       float64 `json:"grade"` // percent
}

// Completions lists the courses a learner completed.
func (s *Service) Completions(ctx context.Context, userID int64) (_ []Completion, err error) {
	defer errs.Wrap(&err, "learning: completions")
	rows, err := s.DB.QueryContext(ctx, `SELECT e.course_id, c.title, e.completed_at, e.grade FROM learning_enrolments e JOIN learning_courses c ON c.id = e.course_id
		WHERE e.user_id = $1 AND e.completed_at > 0 ORDER BY e.completed_at, e.course_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Completion
	for rows.Next() {
		var c Completion
		if err := rows.Scan(&c.CourseID, &c.Title, &c.CompletedAt, &c.Grade); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Dashboard is a learner's progress in every course they are enrolled in,
// each in the language version they enrolled through.
func (s *Service) Dashboard(ctx context.Context, userID int64) (_ []Progress, err error) {
	defer errs.Wrap(&err, "learning: dashboard")
	rows, err := s.DB.QueryContext(ctx, `SELECT e.course_id, e.version_id FROM learning_enrolments e WHERE e.user_id = $1 ORDER BY e.enrolled_at DESC, e.id DESC LIMIT 500`, userID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var fam, id int64
		if err := rows.Scan(&fam, &id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []Progress{}
	for _, id := range ids {
		p, _, err := s.progress(ctx, s.DB, id, userID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PaperItem is a question as an attempt shows it: in the attempt's order,
// with its options in the attempt's order (Order[i] is the index in the
// question's own options of the i-th shown), and the saved answer.
type PaperItem struct {
	Question Question `json:"question"`
	Order    []int    `json:"order,omitempty"`
	// RightOrder orders the right-hand answers of a matching question:
	// the k-th shown is the right side of pair RightOrder[k]. It stays on
	// the server: learners answer and read matches by shown position, so
	// that nothing in a page or the API pairs a left side with its right.
	RightOrder []int    `json:"-"`
	Response   Response `json:"response"`
	Answered   bool     `json:"answered"`
	Score      *float64 `json:"score,omitempty"`
	Comment    string   `json:"comment,omitempty"`
	Feedback   []string `json:"feedback,omitempty"`
}

// Paper is an attempt with its questions, the same order on every page.
type Paper struct {
	Attempt Attempt     `json:"attempt"`
	Quiz    Quiz        `json:"quiz"`
	Items   []PaperItem `json:"items"`
	// Review says whether right answers and feedback may be shown now.
	Review bool `json:"review"`
	// Remaining seconds before the deadline (0 without a limit).
	Remaining int64 `json:"remaining,omitempty"`
}

// perm is a permutation of n drawn from seed, stable for an attempt.
func perm(seed int64, salt int64, n int) []int {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(salt)))
	return r.Perm(n)
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Paper reads an attempt as its learner sees it (userID; 0 for a
// trainer, who always sees the review).
func (s *Service) Paper(ctx context.Context, attemptID, userID int64) (_ Paper, err error) {
	defer errs.Wrap(&err, "learning: attempt %d", attemptID)
	a, err := s.Attempt(ctx, attemptID, userID)
	if err != nil {
		return Paper{}, err
	}
	quiz, courseID, err := s.Quiz(ctx, a.QuizID)
	if err != nil {
		return Paper{}, err
	}
	qs, err := s.questionsByID(ctx, s.DB, quiz.QuestionIDs)
	if err != nil {
		return Paper{}, err
	}
	p := Paper{Attempt: a, Quiz: quiz}
	order := identity(len(quiz.QuestionIDs))
	if quiz.ShuffleQuestions {
		order = perm(a.Seed, 0, len(order))
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT question_id, response, score, comment FROM learning_answers WHERE attempt_id = $1`, attemptID)
	if err != nil {
		return Paper{}, err
	}
	type saved struct {
		r       Response
		ok      bool
		score   *float64
		comment string
	}
	answers := map[int64]saved{}
	for rows.Next() {
		var qid int64
		var resp, comment string
		var score *float64
		if err := rows.Scan(&qid, &resp, &score, &comment); err != nil {
			rows.Close()
			return Paper{}, err
		}
		var r Response
		_ = json.Unmarshal([]byte(resp), &r)
		answers[qid] = saved{r: r, ok: resp != "{}" && resp != "", score: score, comment: comment}
	}
	rows.Close()
	now := s.now()
	switch quiz.Review {
	case ReviewImmediately:
		p.Review = a.State != StateOpen
	case ReviewAfterClose:
		c, err := s.courseRow(ctx, s.DB, courseID)
		if err != nil {
			return Paper{}, err
		}
		p.Review = a.State != StateOpen && c.ClosesAt > 0 && now > c.ClosesAt
	}
	if userID == 0 {
		p.Review = a.State != StateOpen
	}
	if a.State == StateOpen && a.Deadline > 0 {
		p.Remaining = max(a.Deadline-now, 0)
	}
	for _, i := range order {
		qid := quiz.QuestionIDs[i]
		q := qs[qid]
		it := PaperItem{Question: q}
		n := len(q.Spec.Choices)
		if q.Kind == Matching {
			n = len(q.Spec.Pairs)
		}
		if q.Kind == Single || q.Kind == Multiple || q.Kind == Matching {
			it.Order = identity(n)
			if quiz.ShuffleOptions {
				it.Order = perm(a.Seed, qid, n)
			}
		}
		if q.Kind == Matching {
			it.RightOrder = matchOrder(a.Seed, q)
		}
		if sv, ok := answers[qid]; ok {
			it.Response, it.Answered, it.Comment = sv.r, sv.ok, sv.comment
			if q.Kind == Matching {
				it.Response.Matches = toShown(it.RightOrder, sv.r.Matches)
			}
			if p.Review || (a.State != StateOpen && quiz.Review != ReviewNever) {
				it.Score = sv.score
			}
			if p.Review {
				it.Feedback = q.FeedbackFor(sv.r)
			}
		}
		if !p.Review {
			// Without review, the learner sees neither right answers nor
			// feedback: keep only what the form needs.
			it.Question = redact(q)
			for k := range it.RightOrder {
				it.Question.Spec.Pairs[k].Right = q.Spec.Pairs[it.RightOrder[k]].Right
			}
		}
		p.Items = append(p.Items, it)
	}
	return p, nil
}

// matchOrder is the order in which an attempt shows a matching
// question's right-hand answers.
func matchOrder(seed int64, q Question) []int { return perm(seed, -q.ID, len(q.Spec.Pairs)) }

// toOriginal turns matches by shown position into pair indices.
func toOriginal(order, shown []int) []int {
	out := make([]int, len(shown))
	for i, k := range shown {
		out[i] = -1
		if k >= 0 && k < len(order) {
			out[i] = order[k]
		}
	}
	return out
}

// toShown turns matches by pair index into shown positions.
func toShown(order, orig []int) []int {
	pos := make(map[int]int, len(order))
	for k, j := range order {
		pos[j] = k
	}
	out := make([]int, len(orig))
	for i, j := range orig {
		out[i] = -1
		if k, ok := pos[j]; ok {
			out[i] = k
		}
	}
	return out
}

// redact keeps of a question what a learner answering it may see.
func redact(q Question) Question {
	out := Question{ID: q.ID, Kind: q.Kind, Name: q.Name, Text: q.Text, Points: q.Points, Version: q.Version}
	for _, c := range q.Spec.Choices {
		if q.Kind == Single || q.Kind == Multiple {
			out.Spec.Choices = append(out.Spec.Choices, Choice{Text: c.Text})
		}
	}
	out.Spec.Pairs = append(out.Spec.Pairs, q.Spec.Pairs...)
	return out
}

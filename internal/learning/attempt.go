package learning

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Attempt states.
const (
	StateOpen    = "open"
	StatePending = "pending" // submitted; an essay awaits a trainer
	StateGraded  = "graded"
)

// Errors a learner meets, each a clear message.
var (
	ErrTimeUp          = errs.New(errs.Conflict, "learning.error.time_up")
	ErrAlreadySubmited = errs.New(errs.Conflict, "learning.error.already_submitted")
	ErrNoAttemptsLeft  = errs.New(errs.Conflict, "learning.error.no_attempts_left")
	ErrNotEnrolled     = errs.New(errs.Forbidden, "learning.error.not_enrolled")
	ErrAlreadyEnrolled = errs.New(errs.Conflict, "learning.error.already_enrolled")
	ErrCourseClosed    = errs.New(errs.Conflict, "learning.error.course_closed")
	ErrNotInQuiz       = errs.New(errs.Invalid, "learning.error.not_in_quiz")
)

// Attempt is a learner's go at a quiz.
type Attempt struct {
	ID          int64   `json:"id"`
	QuizID      int64   `json:"quiz_id"`
	UserID      int64   `json:"user_id"`
	Number      int     `json:"number"`
	Seed        int64   `json:"-"`
	State       string  `json:"state"`
	StartedAt   int64   `json:"started_at"`
	Deadline    int64   `json:"deadline,omitempty"`
	SubmittedAt int64   `json:"submitted_at,omitempty"`
	Score       float64 `json:"score"`
	MaxScore    float64 `json:"max_score"`
	Passed      bool    `json:"passed"`
}

// Percent is the attempt's score out of 100.
func (a Attempt) Percent() float64 {
	if a.MaxScore == 0 {
		return 0
	}
	return 100 * a.Score / a.MaxScore
}

const attemptCols = `id, quiz_id, user_id, number, seed, state, started_at, deadline, submitted_at, score, max_score, passed`

func scanAttempt(row interface{ Scan(...any) error }) (Attempt, error) {
	var a Attempt
	var passed int
	err := row.Scan(&a.ID, &a.QuizID, &a.UserID, &a.Number, &a.Seed, &a.State, &a.StartedAt, &a.Deadline, &a.SubmittedAt, &a.Score, &a.MaxScore, &passed)
	a.Passed = passed == 1
	if errors.Is(err, sql.ErrNoRows) {
		return Attempt{}, ErrNotFound
	}
	return a, err
}

// forUpdate locks the row read on PostgreSQL; SQLite has one writer.
func (s *Service) forUpdate() string {
	if s.DB.Engine == db.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Enrol enrols a learner in a course (its family, whatever the version),
// once; a cohort course only between its opening and closing.
func (s *Service) Enrol(ctx context.Context, courseID, userID int64) (err error) {
	defer errs.Wrap(&err, "learning: enrol")
	c, err := s.courseRow(ctx, s.DB, courseID)
	if err != nil {
		return err
	}
	if !c.Published {
		return ErrNotFound
	}
	now := s.now()
	if c.Pacing == Cohort && (now < c.OpensAt || now > c.ClosesAt) {
		return ErrCourseClosed
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO learning_enrolments (course_id, version_id, user_id, enrolled_at) VALUES ($1, $2, $3, $4) ON CONFLICT (course_id, user_id) DO NOTHING RETURNING id`,
			c.Family, c.ID, userID, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrAlreadyEnrolled
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.enrol", "learning_enrolment", id, nil, map[string]int64{"course": c.Family, "user": userID})
	})
}

// Enrolled reports whether a learner is enrolled in a course's family.
func (s *Service) Enrolled(ctx context.Context, family, userID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM learning_enrolments WHERE course_id = $1 AND user_id = $2`, family, userID).Scan(&n)
	return n > 0, err
}

// EnrolledVersion is the language version of a course's family a learner
// enrolled through, 0 when not enrolled.
func (s *Service) EnrolledVersion(ctx context.Context, family, userID int64) (int64, error) {
	var v int64
	err := s.DB.QueryRowContext(ctx, `SELECT version_id FROM learning_enrolments WHERE course_id = $1 AND user_id = $2`, family, userID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

func (s *Service) familyOf(ctx context.Context, courseID int64) (int64, error) {
	c, err := s.courseRow(ctx, s.DB, courseID)
	return c.Family, err
}

// ViewLesson records that an enrolled learner read a lesson.
func (s *Service) ViewLesson(ctx context.Context, userID, lessonID int64) (err error) {
	defer errs.Wrap(&err, "learning: view lesson")
	_, courseID, err := s.Lesson(ctx, lessonID)
	if err != nil {
		return err
	}
	fam, err := s.familyOf(ctx, courseID)
	if err != nil {
		return err
	}
	if ok, err := s.Enrolled(ctx, fam, userID); err != nil || !ok {
		if err == nil {
			err = ErrNotEnrolled
		}
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO learning_views (user_id, lesson_id, viewed_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, lesson_id) DO NOTHING`, userID, lessonID, s.now())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := audit.Record(ctx, tx, "learning.lesson.view", "learning_lesson", lessonID, nil, map[string]int64{"user": userID}); err != nil {
			return err
		}
		return s.updateCompletion(ctx, tx, courseID, userID)
	})
}

// StartAttempt opens a learner's next attempt at a quiz, or returns the
// one still open. An open attempt past its deadline is closed and graded
// first. The attempts limit and enrolment are checked on the server.
func (s *Service) StartAttempt(ctx context.Context, quizID, userID int64) (_ Attempt, err error) {
	defer errs.Wrap(&err, "learning: start attempt")
	quiz, courseID, err := s.Quiz(ctx, quizID)
	if err != nil {
		return Attempt{}, err
	}
	fam, err := s.familyOf(ctx, courseID)
	if err != nil {
		return Attempt{}, err
	}
	if ok, err := s.Enrolled(ctx, fam, userID); err != nil || !ok {
		if err == nil {
			err = ErrNotEnrolled
		}
		return Attempt{}, err
	}
	var a Attempt
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+attemptCols+` FROM learning_attempts WHERE quiz_id = $1 AND user_id = $2 ORDER BY number`+s.forUpdate(), quizID, userID)
		if err != nil {
			return err
		}
		var all []Attempt
		for rows.Next() {
			x, err := scanAttempt(rows)
			if err != nil {
				rows.Close()
				return err
			}
			all = append(all, x)
		}
		rows.Close()
		now := s.now()
		for _, x := range all {
			if x.State != StateOpen {
				continue
			}
			if x.Deadline == 0 || now <= x.Deadline {
				a = x
				return nil
			}
			if err := s.finish(ctx, tx, x, quiz, nil); err != nil {
				return err
			}
		}
		if quiz.AttemptsMax > 0 && len(all) >= quiz.AttemptsMax {
			return ErrNoAttemptsLeft
		}
		a = Attempt{QuizID: quizID, UserID: userID, Number: len(all) + 1, Seed: rand.Int64N(1 << 52), State: StateOpen, StartedAt: now}
		if quiz.TimeLimit > 0 {
			a.Deadline = now + quiz.TimeLimit
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO learning_attempts (quiz_id, user_id, number, seed, state, started_at, deadline) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			a.QuizID, a.UserID, a.Number, a.Seed, a.State, a.StartedAt, a.Deadline).Scan(&a.ID)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "learning.error.attempt_started")
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.attempt.start", "learning_attempt", a.ID, nil, a)
	})
	return a, err
}

// Attempt reads an attempt; only its learner (userID) sees it, unless
// userID is 0 (a trainer).
func (s *Service) Attempt(ctx context.Context, id, userID int64) (Attempt, error) {
	a, err := scanAttempt(s.DB.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM learning_attempts WHERE id = $1`, id))
	if err == nil && userID != 0 && a.UserID != userID {
		return Attempt{}, ErrNotFound
	}
	return a, err
}

// lockOpen reads an attempt of userID in tx, locked, and checks that it
// is open and within its time limit.
func (s *Service) lockOpen(ctx context.Context, tx db.Tx, id, userID int64) (Attempt, error) {
	a, err := scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM learning_attempts WHERE id = $1`+s.forUpdate(), id))
	if err != nil {
		return Attempt{}, err
	}
	if a.UserID != userID {
		return Attempt{}, ErrNotFound
	}
	if a.State != StateOpen {
		return Attempt{}, ErrAlreadySubmited
	}
	if a.Deadline > 0 && s.now() > a.Deadline {
		return Attempt{}, ErrTimeUp
	}
	return a, nil
}

// Answer saves a learner's answer to one question of an open attempt. An
// answer after the time limit (by the server's clock) is refused with
// ErrTimeUp, one to a submitted attempt with ErrAlreadySubmited.
func (s *Service) Answer(ctx context.Context, attemptID, userID, questionID int64, r Response) (err error) {
	defer errs.Wrap(&err, "learning: answer")
	if err := checkResponse(r); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		a, err := s.lockOpen(ctx, tx, attemptID, userID)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM learning_quiz_questions WHERE quiz_id = $1 AND question_id = $2`, a.QuizID, questionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotInQuiz
		}
		qs, err := s.questionsByID(ctx, tx, []int64{questionID})
		if err != nil {
			return err
		}
		resp, err := json.Marshal(stored(a, qs[questionID], r))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_answers (attempt_id, question_id, response, answered_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, answered_at = excluded.answered_at`,
			attemptID, questionID, string(resp), s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.attempt.answer", "learning_attempt", attemptID, nil, map[string]any{"question": questionID})
	})
}

// stored is a learner's response as it is kept: matches by pair index
// (learners send them by shown position).
func stored(a Attempt, q Question, r Response) Response {
	if q.Kind == Matching {
		r.Matches = toOriginal(matchOrder(a.Seed, q), r.Matches)
	}
	return r
}

func checkResponse(r Response) error {
	if len(r.Choices) > MaxOptions || len(r.Matches) > MaxOptions || len(r.Text) > MaxTextBytes {
		return errs.Fields{"answer": "learning.error.answer_too_long"}.Err()
	}
	return nil
}

// Submit closes an open attempt and grades it, in one transaction: the
// state changes from open only once, so a second submission of the same
// attempt is refused with ErrAlreadySubmited and changes nothing. final
// holds answers sent with the submission (saved first, within the time
// limit); after the limit, Submit with answers is refused with ErrTimeUp
// and nothing changes, while Submit without answers grades what was saved
// in time.
func (s *Service) Submit(ctx context.Context, attemptID, userID int64, final map[int64]Response) (_ Attempt, err error) {
	defer errs.Wrap(&err, "learning: submit")
	for _, r := range final {
		if err := checkResponse(r); err != nil {
			return Attempt{}, err
		}
	}
	var a Attempt
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		a, err = s.lockOpen(ctx, tx, attemptID, userID)
		if errors.Is(err, ErrTimeUp) && len(final) == 0 {
			a, err = scanAttempt(tx.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM learning_attempts WHERE id = $1`, attemptID))
		}
		if err != nil {
			return err
		}
		quiz, _, err := s.Quiz(ctx, a.QuizID)
		if err != nil {
			return err
		}
		return s.finish(ctx, tx, a, quiz, final)
	})
	if err != nil {
		return Attempt{}, err
	}
	return s.Attempt(ctx, attemptID, 0)
}

// finish saves final answers, closes the attempt (only if still open) and
// grades it.
func (s *Service) finish(ctx context.Context, tx db.Tx, a Attempt, quiz Quiz, final map[int64]Response) error {
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE learning_attempts SET state = $2, submitted_at = $3 WHERE id = $1 AND state = 'open'`, a.ID, StatePending, now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrAlreadySubmited
	}
	inQuiz := map[int64]bool{}
	for _, id := range quiz.QuestionIDs {
		inQuiz[id] = true
	}
	qs, err := s.questionsByID(ctx, tx, quiz.QuestionIDs)
	if err != nil {
		return err
	}
	for qid, r := range final {
		if !inQuiz[qid] {
			return ErrNotInQuiz
		}
		b, _ := json.Marshal(stored(a, qs[qid], r))
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_answers (attempt_id, question_id, response, answered_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, answered_at = excluded.answered_at`, a.ID, qid, string(b), now); err != nil {
			return err
		}
	}
	saved := map[int64]Response{}
	rows, err := tx.QueryContext(ctx, `SELECT question_id, response FROM learning_answers WHERE attempt_id = $1`, a.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var qid int64
		var resp string
		if err := rows.Scan(&qid, &resp); err != nil {
			rows.Close()
			return err
		}
		var r Response
		_ = json.Unmarshal([]byte(resp), &r)
		saved[qid] = r
	}
	rows.Close()
	for _, qid := range quiz.QuestionIDs {
		q := qs[qid]
		r, answered := saved[qid]
		var score any
		if q.Kind != Essay || !answered || r.Text == "" {
			f, _ := q.Grade(r)
			score = f * q.Points
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO learning_answers (attempt_id, question_id, response, score, answered_at) VALUES ($1, $2, '{}', $3, $4)
			ON CONFLICT (attempt_id, question_id) DO UPDATE SET score = excluded.score`, a.ID, qid, score, now); err != nil {
			return err
		}
	}
	if err := s.total(ctx, tx, a.ID); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "learning.attempt.submit", "learning_attempt", a.ID, nil, map[string]any{"quiz": a.QuizID})
}

// total recomputes an attempt's score, state and pass from its answers,
// then the learner's course completion.
func (s *Service) total(ctx context.Context, tx db.Tx, attemptID int64) error {
	var quizID, userID int64
	var passMark float64
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT t.quiz_id, t.user_id, t.state, q.pass_mark FROM learning_attempts t JOIN learning_quizzes q ON q.id = t.quiz_id WHERE t.id = $1`, attemptID).
		Scan(&quizID, &userID, &state, &passMark); err != nil {
		return err
	}
	if state == StateOpen {
		return nil
	}
	var score, max float64
	var ungraded int
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(a.score), 0), COALESCE(SUM(q.points), 0), COUNT(*) - COUNT(a.score)
		FROM learning_quiz_questions qq JOIN learning_questions q ON q.id = qq.question_id
		LEFT JOIN learning_answers a ON a.question_id = qq.question_id AND a.attempt_id = $1
		WHERE qq.quiz_id = $2`, attemptID, quizID).Scan(&score, &max, &ungraded)
	if err != nil {
		return err
	}
	state = StateGraded
	if ungraded > 0 {
		state = StatePending
	}
	passed := state == StateGraded && max > 0 && 100*score/max >= passMark-1e-9
	if _, err := tx.ExecContext(ctx, `UPDATE learning_attempts SET score = $2, max_score = $3, state = $4, passed = $5 WHERE id = $1`, attemptID, score, max, state, b2i(passed)); err != nil {
		return err
	}
	var courseID int64
	if err := tx.QueryRowContext(ctx, `SELECT m.course_id FROM learning_quizzes q JOIN learning_modules m ON m.id = q.module_id WHERE q.id = $1`, quizID).Scan(&courseID); err != nil {
		return err
	}
	return s.updateCompletion(ctx, tx, courseID, userID)
}

// Attempts lists a learner's attempts at a quiz, oldest first.
func (s *Service) Attempts(ctx context.Context, quizID, userID int64) ([]Attempt, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+attemptCols+` FROM learning_attempts WHERE quiz_id = $1 AND user_id = $2 ORDER BY number`, quizID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

package learning

import (
	"context"
	"encoding/json"
	"math"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Ungraded is an essay answer waiting in the manual grading queue.
type Ungraded struct {
	AttemptID  int64   `json:"attempt_id"`
	QuestionID int64   `json:"question_id"`
	Quiz       string  `json:"quiz"`
	Question   string  `json:"question"`
	UserID     int64   `json:"user_id"`
	Answer     string  `json:"answer"`
	Points     float64 `json:"points"`
	Submitted  int64   `json:"submitted_at"`
}

// GradingQueue lists the answers a trainer must grade, oldest first.
func (s *Service) GradingQueue(ctx context.Context, limit int) (_ []Ungraded, err error) {
	defer errs.Wrap(&err, "learning: grading queue")
	rows, err := s.DB.QueryContext(ctx, `SELECT a.attempt_id, a.question_id, z.title, q.text, t.user_id, a.response, q.points, t.submitted_at
		FROM learning_answers a JOIN learning_attempts t ON t.id = a.attempt_id JOIN learning_questions q ON q.id = a.question_id
		JOIN learning_quizzes z ON z.id = t.quiz_id
		WHERE a.score IS NULL AND t.state = 'pending' ORDER BY t.submitted_at, a.attempt_id, a.question_id LIMIT $1`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ungraded
	for rows.Next() {
		var u Ungraded
		var resp string
		if err := rows.Scan(&u.AttemptID, &u.QuestionID, &u.Quiz, &u.Question, &u.UserID, &resp, &u.Points, &u.Submitted); err != nil {
			return nil, err
		}
		var r Response
		_ = json.Unmarshal([]byte(resp), &r)
		u.Answer = r.Text
		out = append(out, u)
	}
	return out, rows.Err()
}

// GradeAnswer records a trainer's score (0 to the question's points) and
// comment for an answer of a submitted attempt, then the attempt's total.
func (s *Service) GradeAnswer(ctx context.Context, attemptID, questionID int64, score float64, comment string, by int64) (err error) {
	defer errs.Wrap(&err, "learning: grade answer")
	if len(comment) > MaxTextBytes {
		return errs.Fields{"comment": "learning.error.too_long"}.Err()
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		var points float64
		var state string
		err := tx.QueryRowContext(ctx, `SELECT q.points, t.state FROM learning_answers a JOIN learning_questions q ON q.id = a.question_id
			JOIN learning_attempts t ON t.id = a.attempt_id WHERE a.attempt_id = $1 AND a.question_id = $2`, attemptID, questionID).Scan(&points, &state)
		if db.IsNoRows(err) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if state == StateOpen {
			return errs.New(errs.Conflict, "learning.error.attempt_open")
		}
		if score < 0 || score > points || math.IsNaN(score) {
			return errs.Fields{"score": "learning.error.score_range"}.Err()
		}
		var grader any
		if by != 0 {
			grader = by
		}
		if _, err := tx.ExecContext(ctx, `UPDATE learning_answers SET score = $3, comment = $4, graded_by = $5 WHERE attempt_id = $1 AND question_id = $2`,
			attemptID, questionID, score, comment, grader); err != nil {
			return err
		}
		if err := s.total(ctx, tx, attemptID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.answer.grade", "learning_attempt", attemptID, nil, map[string]any{"question": questionID, "score": score})
	})
}

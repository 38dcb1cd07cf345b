package learning

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

const quizCols = `q.id, q.module_id, q.title, q.attempts_max, q.time_limit, q.pass_mark, q.shuffle_questions, q.shuffle_options, q.review`

func scanQuiz(row interface{ Scan(...any) error }) (Quiz, error) {
	var q Quiz
	var sq, so int
	err := row.Scan(&q.ID, &q.ModuleID, &q.Title, &q.AttemptsMax, &q.TimeLimit, &q.PassMark, &sq, &so, &q.Review)
	q.ShuffleQuestions, q.ShuffleOptions = sq == 1, so == 1
	return q, err
}

func (s *Service) quizQuestionIDs(ctx context.Context, q db.Querier, quizID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT question_id FROM learning_quiz_questions WHERE quiz_id = $1 ORDER BY position, question_id`, quizID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// MaxQuizQuestions bounds a quiz.
const MaxQuizQuestions = 200

func checkQuiz(q *Quiz) error {
	bad := errs.Fields{}
	q.Title = strings.TrimSpace(q.Title)
	if q.Title == "" || utf8.RuneCountInString(q.Title) > MaxTitle {
		bad.Add("title", "learning.error.required")
	}
	if q.AttemptsMax < 0 || q.AttemptsMax > 100 {
		bad.Add("attempts_max", "learning.error.attempts_max")
	}
	if q.TimeLimit < 0 || q.TimeLimit > 24*3600 {
		bad.Add("time_limit", "learning.error.time_limit")
	}
	if q.PassMark < 0 || q.PassMark > 100 || math.IsNaN(q.PassMark) {
		bad.Add("pass_mark", "learning.error.pass_mark")
	}
	if q.Review == "" {
		q.Review = ReviewImmediately
	}
	if q.Review != ReviewImmediately && q.Review != ReviewAfterClose && q.Review != ReviewNever {
		bad.Add("review", "learning.error.review")
	}
	if len(q.QuestionIDs) == 0 {
		bad.Add("questions", "learning.error.no_questions")
	}
	if len(q.QuestionIDs) > MaxQuizQuestions {
		bad.Add("questions", "learning.error.too_many_questions")
	}
	return bad.Err()
}

// AddQuiz adds a quiz with its questions from the bank to a module.
func (s *Service) AddQuiz(ctx context.Context, q Quiz) (_ Quiz, err error) {
	defer errs.Wrap(&err, "learning: add quiz")
	if err := checkQuiz(&q); err != nil {
		return Quiz{}, err
	}
	if _, err := s.CourseOfModule(ctx, q.ModuleID); err != nil {
		return Quiz{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO learning_quizzes (module_id, title, attempts_max, time_limit, pass_mark, shuffle_questions, shuffle_options, review)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, q.ModuleID, q.Title, q.AttemptsMax, q.TimeLimit, q.PassMark, b2i(q.ShuffleQuestions), b2i(q.ShuffleOptions), q.Review).Scan(&q.ID)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for i, qid := range q.QuestionIDs {
			if seen[qid] {
				continue
			}
			seen[qid] = true
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM learning_questions WHERE id = $1`, qid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errs.Fields{"questions": "learning.error.unknown_question"}.Err()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO learning_quiz_questions (quiz_id, question_id, position) VALUES ($1, $2, $3)`, q.ID, qid, i+1); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "learning.quiz.create", "learning_quiz", q.ID, nil, q)
	})
	return q, err
}

// Quiz reads a quiz with its question ids and the id of its course.
func (s *Service) Quiz(ctx context.Context, id int64) (Quiz, int64, error) {
	var courseID int64
	row := s.DB.QueryRowContext(ctx, `SELECT `+quizCols+`, m.course_id FROM learning_quizzes q JOIN learning_modules m ON m.id = q.module_id WHERE q.id = $1`, id)
	var q Quiz
	var sq, so int
	err := row.Scan(&q.ID, &q.ModuleID, &q.Title, &q.AttemptsMax, &q.TimeLimit, &q.PassMark, &sq, &so, &q.Review, &courseID)
	if errors.Is(err, sql.ErrNoRows) {
		return Quiz{}, 0, ErrNotFound
	}
	if err != nil {
		return Quiz{}, 0, err
	}
	q.ShuffleQuestions, q.ShuffleOptions = sq == 1, so == 1
	q.QuestionIDs, err = s.quizQuestionIDs(ctx, s.DB, id)
	return q, courseID, err
}

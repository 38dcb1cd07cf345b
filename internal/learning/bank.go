package learning

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Category is a folder of the question bank.
type Category struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Questions int    `json:"questions"`
}

// Categories lists the bank's categories with their question counts.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT c.id, c.name, COUNT(q.id) FROM learning_categories c LEFT JOIN learning_questions q ON q.category_id = c.id GROUP BY c.id, c.name ORDER BY c.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Category
	for rows.Next() {
		var c Category
		if err := rows.Scan(&c.ID, &c.Name, &c.Questions); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func categoryID(ctx context.Context, tx db.Tx, name string) (int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "Default"
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM learning_categories WHERE name = $1`, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, `INSERT INTO learning_categories (name) VALUES ($1) RETURNING id`, name).Scan(&id)
	}
	return id, err
}

// ImportQuestions stores a parsed bank, all or nothing, and returns the
// new questions' ids.
func (s *Service) ImportQuestions(ctx context.Context, qs []Question, format string) (ids []int64, err error) {
	defer errs.Wrap(&err, "learning: import questions")
	if len(qs) > MaxBankQuestions {
		return nil, errs.Fields{"file": "learning.error.bank_too_big"}.Err()
	}
	for i := range qs {
		if bad := qs[i].Check(); bad != nil {
			return nil, &errs.Error{Kind: errs.Invalid, Message: "learning.error.invalid_question", Fields: bad}
		}
	}
	now := s.now()
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		cats := map[string]int64{}
		for _, q := range qs {
			cid, ok := cats[q.Category]
			if !ok {
				if cid, err = categoryID(ctx, tx, q.Category); err != nil {
					return err
				}
				cats[q.Category] = cid
			}
			id, err := insertQuestion(ctx, tx, cid, q, now)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return audit.Record(ctx, tx, "learning.bank.import", "learning_bank", 0, nil, map[string]any{"format": format, "questions": len(ids)})
	})
	return ids, err
}

func insertQuestion(ctx context.Context, tx db.Tx, categoryID int64, q Question, now int64) (int64, error) {
	spec, err := json.Marshal(q.Spec)
	if err != nil {
		return 0, err
	}
	if q.Points == 0 {
		q.Points = 1
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO learning_questions (category_id, kind, name, text, spec, feedback, points, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8) RETURNING id`, categoryID, string(q.Kind), q.Name, q.Text, string(spec), q.Feedback, q.Points, now).Scan(&id)
	return id, err
}

// CreateQuestion adds one question to the bank.
func (s *Service) CreateQuestion(ctx context.Context, q Question) (int64, error) {
	ids, err := s.ImportQuestions(ctx, []Question{q}, "form")
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

const questionCols = `q.id, q.category_id, c.name, q.kind, q.name, q.text, q.spec, q.feedback, q.points, q.version`

func scanQuestion(row interface{ Scan(...any) error }) (Question, error) {
	var q Question
	var kind, spec string
	if err := row.Scan(&q.ID, &q.CategoryID, &q.Category, &kind, &q.Name, &q.Text, &spec, &q.Feedback, &q.Points, &q.Version); err != nil {
		return Question{}, err
	}
	q.Kind = Kind(kind)
	if err := json.Unmarshal([]byte(spec), &q.Spec); err != nil {
		return Question{}, err
	}
	return q, nil
}

// Question reads a question of the bank.
func (s *Service) Question(ctx context.Context, id int64) (Question, error) {
	q, err := scanQuestion(s.DB.QueryRowContext(ctx, `SELECT `+questionCols+` FROM learning_questions q JOIN learning_categories c ON c.id = q.category_id WHERE q.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Question{}, ErrNotFound
	}
	return q, err
}

// Questions lists the bank, or one category of it (categoryID > 0), in
// category then id order.
func (s *Service) Questions(ctx context.Context, categoryID int64) ([]Question, error) {
	query := `SELECT ` + questionCols + ` FROM learning_questions q JOIN learning_categories c ON c.id = q.category_id`
	args := []any{}
	if categoryID > 0 {
		query += ` WHERE q.category_id = $1`
		args = append(args, categoryID)
	}
	rows, err := s.DB.QueryContext(ctx, query+` ORDER BY c.name, q.id LIMIT 10000`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Question
	for rows.Next() {
		q, err := scanQuestion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

func (s *Service) questionsByID(ctx context.Context, q db.Querier, ids []int64) (map[int64]Question, error) {
	out := map[int64]Question{}
	for _, id := range ids {
		qq, err := scanQuestion(q.QueryRowContext(ctx, `SELECT `+questionCols+` FROM learning_questions q JOIN learning_categories c ON c.id = q.category_id WHERE q.id = $1`, id))
		if err != nil {
			return nil, err
		}
		out[id] = qq
	}
	return out, nil
}

// UpdateQuestion corrects a question (text, answers, points), raises its
// version and regrades every submitted answer to it, with the attempts'
// totals, in one transaction. It returns how many attempts were regraded.
func (s *Service) UpdateQuestion(ctx context.Context, q Question) (regraded int, err error) {
	defer errs.Wrap(&err, "learning: update question %d", q.ID)
	if bad := q.Check(); bad != nil {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "learning.error.invalid_question", Fields: bad}
	}
	before, err := s.Question(ctx, q.ID)
	if err != nil {
		return 0, err
	}
	if before.Kind != q.Kind {
		return 0, errs.Fields{"kind": "learning.error.kind_fixed"}.Err()
	}
	spec, err := json.Marshal(q.Spec)
	if err != nil {
		return 0, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE learning_questions SET name=$2, text=$3, spec=$4, feedback=$5, points=$6, version=version+1, updated_at=$7 WHERE id=$1`,
			q.ID, q.Name, q.Text, string(spec), q.Feedback, q.Points, s.now()); err != nil {
			return err
		}
		if regraded, err = s.regrade(ctx, tx, q); err != nil {
			return err
		}
		q.Version = before.Version + 1
		return audit.Record(ctx, tx, "learning.question.update", "learning_question", q.ID, before, map[string]any{"question": q, "regraded_attempts": regraded})
	})
	return regraded, err
}

// regrade scores again the automatically graded answers to q in attempts
// already submitted, then the totals of those attempts.
func (s *Service) regrade(ctx context.Context, tx db.Tx, q Question) (int, error) {
	if q.Kind == Essay {
		return 0, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.attempt_id, a.response FROM learning_answers a JOIN learning_attempts t ON t.id = a.attempt_id
		WHERE a.question_id = $1 AND t.state <> 'open'`, q.ID)
	if err != nil {
		return 0, err
	}
	type ans struct {
		attempt  int64
		response string
	}
	var all []ans
	for rows.Next() {
		var a ans
		if err := rows.Scan(&a.attempt, &a.response); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, a)
	}
	rows.Close()
	for _, a := range all {
		var r Response
		_ = json.Unmarshal([]byte(a.response), &r)
		f, _ := q.Grade(r)
		if _, err := tx.ExecContext(ctx, `UPDATE learning_answers SET score = $3 WHERE attempt_id = $1 AND question_id = $2`, a.attempt, q.ID, f*q.Points); err != nil {
			return 0, err
		}
		if err := s.total(ctx, tx, a.attempt); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}

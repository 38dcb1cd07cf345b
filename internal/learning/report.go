package learning

import (
	"context"
	"math"

	"corridor/internal/errs"
)

// LearnerRow is one learner's line of a course report.
type LearnerRow struct {
	UserID      int64   `json:"user_id"`
	Name        string  `json:"name"`
	Email       string  `json:"email"`
	EnrolledAt  int64   `json:"enrolled_at"`
	Viewed      int     `json:"viewed"`
	Lessons     int     `json:"lessons"`
	Passed      int     `json:"passed"`
	Quizzes     int     `json:"quizzes"`
	Percent     int     `json:"percent"`
	CompletedAt int64   `json:"completed_at,omitempty"`
	Grade       float64 `json:"grade"`
}

// MaxReportLearners bounds a course report.
const MaxReportLearners = 5000

// LearnerReport is the progress of every learner enrolled in a course
// (its family), measured on the version courseID.
func (s *Service) LearnerReport(ctx context.Context, courseID int64) (_ []LearnerRow, err error) {
	defer errs.Wrap(&err, "learning: learner report")
	c, err := s.courseRow(ctx, s.DB, courseID)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.name, u.email, e.enrolled_at FROM learning_enrolments e JOIN users u ON u.id = e.user_id
		WHERE e.course_id = $1 ORDER BY u.name, u.id LIMIT $2`, c.Family, MaxReportLearners)
	if err != nil {
		return nil, err
	}
	var out []LearnerRow
	for rows.Next() {
		var l LearnerRow
		if err := rows.Scan(&l.UserID, &l.Name, &l.Email, &l.EnrolledAt); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, l)
	}
	rows.Close()
	for i := range out {
		p, _, err := s.progress(ctx, s.DB, courseID, out[i].UserID)
		if err != nil {
			return nil, err
		}
		for _, m := range p.Modules {
			out[i].Viewed += m.Viewed
			out[i].Lessons += m.Lessons
			out[i].Passed += m.Passed
			out[i].Quizzes += m.Quizzes
		}
		out[i].Percent, out[i].CompletedAt, out[i].Grade = p.Percent, p.CompletedAt, p.Grade
	}
	return out, nil
}

// QuestionStat is how a quiz's question performed over graded attempts.
type QuestionStat struct {
	QuestionID int64  `json:"question_id"`
	Name       string `json:"name"`
	Kind       Kind   `json:"kind"`
	Attempts   int    `json:"attempts"`
	// Difficulty is the facility index: the mean share of the question's
	// points earned (for right/wrong items, the proportion correct); high
	// means easy.
	Difficulty float64 `json:"difficulty"`
	// Discrimination is the corrected item-total correlation: Pearson's r
	// between the item's score and the rest of the attempt's score (the
	// point-biserial coefficient for right/wrong items), NaN-free: 0 when
	// either varies not at all.
	Discrimination float64 `json:"discrimination"`
}

// QuestionStats computes difficulty and discrimination for each question
// of a quiz over its graded attempts (at most the latest 10000).
func (s *Service) QuestionStats(ctx context.Context, quizID int64) (_ []QuestionStat, err error) {
	defer errs.Wrap(&err, "learning: question stats")
	quiz, _, err := s.Quiz(ctx, quizID)
	if err != nil {
		return nil, err
	}
	qs, err := s.questionsByID(ctx, s.DB, quiz.QuestionIDs)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT a.attempt_id, a.question_id, COALESCE(a.score, 0) FROM learning_answers a
		JOIN learning_attempts t ON t.id = a.attempt_id WHERE t.quiz_id = $1 AND t.state = 'graded' AND t.id IN
		(SELECT id FROM learning_attempts WHERE quiz_id = $1 AND state = 'graded' ORDER BY id DESC LIMIT 10000)`, quizID)
	if err != nil {
		return nil, err
	}
	scores := map[int64]map[int64]float64{} // attempt → question → points
	for rows.Next() {
		var a, q int64
		var sc float64
		if err := rows.Scan(&a, &q, &sc); err != nil {
			rows.Close()
			return nil, err
		}
		if scores[a] == nil {
			scores[a] = map[int64]float64{}
		}
		scores[a][q] = sc
	}
	rows.Close()
	out := make([]QuestionStat, 0, len(quiz.QuestionIDs))
	for _, qid := range quiz.QuestionIDs {
		q := qs[qid]
		var item, rest []float64
		for _, byQ := range scores {
			total := 0.0
			for _, v := range byQ {
				total += v
			}
			x := byQ[qid] / q.Points
			item = append(item, x)
			rest = append(rest, total-byQ[qid])
		}
		st := QuestionStat{QuestionID: qid, Name: q.Name, Kind: q.Kind, Attempts: len(item)}
		st.Difficulty, st.Discrimination = Facility(item), Correlation(item, rest)
		out = append(out, st)
	}
	return out, nil
}

// Facility is the mean of item scores in [0, 1].
func Facility(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	return sum / float64(len(x))
}

// Correlation is Pearson's r of x and y, 0 when either has no variance.
func Correlation(x, y []float64) float64 {
	n := float64(len(x))
	if len(x) < 2 || len(x) != len(y) {
		return 0
	}
	mx, my := Facility(x), 0.0
	for _, v := range y {
		my += v
	}
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	r := sxy / math.Sqrt(sxx*syy)
	return math.Max(-1, math.Min(1, r))
}

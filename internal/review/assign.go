package review

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// AssignReviewer invites the account with e-mail email to review the
// current round of a submission by due (editors). A submission still in
// the submission stage is sent to review.
func (s *Service) AssignReviewer(ctx context.Context, actor Actor, subID int64, email, due string) (*Assignment, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	f := errs.Fields{}
	email = strings.TrimSpace(email)
	if email == "" {
		f.Add("reviewer", "review.error.required")
	}
	checkDate(f, "due", due, true)
	if f["due"] == "" && due < s.Today() {
		f.Add("due", "review.error.due_past")
	}
	if err := invalid(f); err != nil {
		return nil, err
	}
	p, err := s.cfg.People.PersonByEmail(ctx, email)
	if err != nil || !p.Active {
		return nil, invalid(errs.Fields{"reviewer": "review.error.no_reviewer_account"})
	}
	var a *Assignment
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		sub, err := getSubmission(ctx, tx, subID)
		if err != nil {
			return err
		}
		if sub.SubmitterID == p.ID || slices.ContainsFunc(sub.Authors, func(au Author) bool { return strings.EqualFold(au.Email, p.Email) }) {
			return invalid(errs.Fields{"reviewer": "review.error.reviewer_is_author"})
		}
		switch {
		case sub.Stage == StageSubmission:
			if _, err := tx.ExecContext(ctx, `UPDATE review_submissions SET stage = $1, status = $2, updated_at = $3 WHERE id = $4`,
				string(StageReview), string(StatusInReview), db.Now(), subID); err != nil {
				return fmt.Errorf("review: assign: %w", err)
			}
		case sub.Stage != StageReview:
			return errs.New(errs.Conflict, "review.error.not_in_review")
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO review_assignments (submission_id, round, reviewer_id, due, status, invited_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, subID, sub.Round, p.ID, due, Invited, db.Now()).Scan(&id)
		if db.IsUniqueViolation(err) {
			return errs.New(errs.Conflict, "review.error.already_assigned")
		}
		if err != nil {
			return fmt.Errorf("review: assign: %w", err)
		}
		if a, err = getAssignment(ctx, tx, id); err != nil {
			return err
		}
		if err := s.mailReviewer(ctx, tx, a, p, "invitation"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.assignment.create", "review_assignment", id, nil, map[string]any{"submission": subID, "reviewer": p.Email, "due": due, "round": sub.Round})
	})
	return a, err
}

// ownAssignment returns an assignment of the actor, or NotFound for any
// other: a reviewer cannot tell another's assignment from a missing one.
func ownAssignment(ctx context.Context, q db.Querier, actor Actor, id int64) (*Assignment, error) {
	a, err := getAssignment(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if actor.UserID == 0 || a.ReviewerID != actor.UserID {
		return nil, errs.New(errs.NotFound, "review.error.no_review")
	}
	return a, nil
}

// Respond accepts or declines an invitation (its reviewer).
func (s *Service) Respond(ctx context.Context, actor Actor, id int64, accept bool) (*Assignment, error) {
	var a *Assignment
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if a, err = ownAssignment(ctx, tx, actor, id); err != nil {
			return err
		}
		if a.Status != Invited {
			return errs.New(errs.Conflict, "review.error.already_answered")
		}
		status := Declined
		if accept {
			status = Accepted
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET status = $1, responded_at = $2 WHERE id = $3 AND status = $4`, status, db.Now(), id, Invited)
		if err != nil {
			return fmt.Errorf("review: respond: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "review.error.already_answered")
		}
		a.Status = status
		return audit.Record(ctx, tx, "review.assignment."+status, "review_assignment", id, nil, map[string]any{"status": status})
	})
	return a, err
}

// NewReview is a reviewer's review.
type NewReview struct {
	Recommendation string
	ForAuthor      string
	ForEditor      string
}

// SubmitReview records a review (its reviewer); submitting accepts an
// invitation not yet answered. A review is submitted once.
func (s *Service) SubmitReview(ctx context.Context, actor Actor, id int64, n NewReview) (*Assignment, error) {
	f := errs.Fields{}
	if !slices.Contains(Recommendations, n.Recommendation) {
		f.Add("recommendation", "review.error.recommendation")
	}
	checkLen(f, "comments_for_author", n.ForAuthor, false, 50000)
	checkLen(f, "comments_for_editor", n.ForEditor, false, 50000)
	if n.Recommendation != "accept" && strings.TrimSpace(n.ForAuthor+n.ForEditor) == "" && f["recommendation"] == "" {
		f.Add("comments_for_author", "review.error.comments_needed")
	}
	if err := invalid(f); err != nil {
		return nil, err
	}
	var a *Assignment
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		if a, err = ownAssignment(ctx, tx, actor, id); err != nil {
			return err
		}
		if a.Status != Invited && a.Status != Accepted {
			return errs.New(errs.Conflict, "review.error.review_closed")
		}
		sub, err := getSubmission(ctx, tx, a.SubmissionID)
		if err != nil {
			return err
		}
		if sub.Stage != StageReview || sub.Round != a.Round {
			return errs.New(errs.Conflict, "review.error.round_closed")
		}
		now := db.Now()
		res, err := tx.ExecContext(ctx, `UPDATE review_assignments SET status = $1, recommendation = $2, comments_author = $3, comments_editor = $4,
			completed_at = $5, responded_at = CASE WHEN responded_at = 0 THEN $5 ELSE responded_at END WHERE id = $6 AND status = $7`,
			Completed, n.Recommendation, n.ForAuthor, n.ForEditor, now, id, a.Status)
		if err != nil {
			return fmt.Errorf("review: submit review: %w", err)
		}
		if k, _ := res.RowsAffected(); k != 1 {
			return errs.New(errs.Conflict, "review.error.review_closed")
		}
		if a, err = getAssignment(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.assignment.complete", "review_assignment", id, nil, map[string]any{"recommendation": n.Recommendation})
	})
	return a, err
}

// MyReviews lists the actor's assignments as reviewer views, newest first.
func (s *Service) MyReviews(ctx context.Context, actor Actor) ([]ReviewerView, error) {
	as, err := listAssignments(ctx, s.DB, `WHERE reviewer_id = $1 ORDER BY id DESC LIMIT 500`, actor.UserID)
	if err != nil {
		return nil, err
	}
	out := []ReviewerView{}
	for i := range as {
		v, err := s.reviewerView(ctx, s.DB, &as[i])
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// Review returns one of the actor's assignments as a reviewer view.
func (s *Service) Review(ctx context.Context, actor Actor, id int64) (*ReviewerView, error) {
	a, err := ownAssignment(ctx, s.DB, actor, id)
	if err != nil {
		return nil, err
	}
	return s.reviewerView(ctx, s.DB, a)
}

// ReviewerRecord is what the editors know of a reviewer's work.
type ReviewerRecord struct {
	Name       string  `json:"name"`
	Email      string  `json:"email"`
	Invited    int     `json:"invited"`
	Accepted   int     `json:"accepted"`
	Declined   int     `json:"declined"`
	Completed  int     `json:"completed"`
	DaysToDone float64 `json:"average_days_to_review"`
}

// ReviewerRecords lists every reviewer's record (editors).
func (s *Service) ReviewerRecords(ctx context.Context, actor Actor) ([]ReviewerRecord, error) {
	if !actor.Editor {
		return nil, errs.New(errs.Forbidden, "review.error.editors_only")
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT u.name, u.email, COUNT(*),
		SUM(CASE WHEN a.status IN ('accepted', 'completed') THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status = 'declined' THEN 1 ELSE 0 END),
		SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END),
		COALESCE(AVG(CASE WHEN a.status = 'completed' THEN (a.completed_at - a.invited_at) / 86400.0 END), 0)
		FROM review_assignments a JOIN users u ON u.id = a.reviewer_id GROUP BY u.id, u.name, u.email ORDER BY u.name LIMIT 1000`)
	if err != nil {
		return nil, fmt.Errorf("review: reviewer records: %w", err)
	}
	defer rows.Close()
	out := []ReviewerRecord{}
	for rows.Next() {
		var r ReviewerRecord
		if err := rows.Scan(&r.Name, &r.Email, &r.Invited, &r.Accepted, &r.Declined, &r.Completed, &r.DaysToDone); err != nil {
			return nil, fmt.Errorf("review: reviewer records: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetAcknowledge records whether the actor agrees to be thanked by name in
// the yearly list of reviewers.
func (s *Service) SetAcknowledge(ctx context.Context, actor Actor, yes bool) error {
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM review_acknowledge WHERE user_id = $1`, actor.UserID); err != nil {
			return fmt.Errorf("review: acknowledge: %w", err)
		}
		if yes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_acknowledge (user_id, name, created_at) VALUES ($1, $2, $3)`, actor.UserID, actor.Name, db.Now()); err != nil {
				return fmt.Errorf("review: acknowledge: %w", err)
			}
		}
		return audit.Record(ctx, tx, "review.acknowledge.set", "user", actor.UserID, nil, map[string]bool{"acknowledge": yes})
	})
}

// Acknowledged reports whether the actor opted in to the yearly list.
func (s *Service) Acknowledged(ctx context.Context, actor Actor) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM review_acknowledge WHERE user_id = $1`, actor.UserID).Scan(&n)
	return n > 0, err
}

// Acknowledgements lists, by name, the reviewers who completed a review in
// year and opted in; nothing else about their reviews.
func (s *Service) Acknowledgements(ctx context.Context, year int) ([]string, error) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	to := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT k.name FROM review_acknowledge k JOIN review_assignments a ON a.reviewer_id = k.user_id
		WHERE a.status = 'completed' AND a.completed_at >= $1 AND a.completed_at < $2 ORDER BY k.name`, from, to)
	if err != nil {
		return nil, fmt.Errorf("review: acknowledgements %d: %w", year, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

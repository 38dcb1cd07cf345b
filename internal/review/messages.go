package review

import (
	"context"
	"fmt"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

func insertMessage(ctx context.Context, q db.Querier, subID int64, stage Stage, audience string, assignmentID, authorID int64, role, body string) error {
	if _, err := q.ExecContext(ctx, `INSERT INTO review_messages (submission_id, stage, audience, assignment_id, author_id, author_role, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, subID, string(stage), audience, assignmentID, nullID(authorID), role, body, db.Now()); err != nil {
		return fmt.Errorf("review: message: %w", err)
	}
	return nil
}

// PostAsAuthor adds a message to the authors' thread of the actor's
// submission.
func (s *Service) PostAsAuthor(ctx context.Context, actor Actor, subID int64, body string) error {
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		sub, err := getSubmission(ctx, tx, subID)
		if err != nil {
			return err
		}
		if sub.SubmitterID != actor.UserID {
			return errs.New(errs.NotFound, "review.error.no_submission")
		}
		if err := insertMessage(ctx, tx, subID, sub.Stage, "authors", 0, actor.UserID, "author", body); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.message.create", "review_submission", subID, nil, map[string]string{"audience": "authors", "role": "author"})
	})
}

// PostAsReviewer adds a message to the reviewer's own thread with the
// editors.
func (s *Service) PostAsReviewer(ctx context.Context, actor Actor, assignmentID int64, body string) error {
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		a, err := ownAssignment(ctx, tx, actor, assignmentID)
		if err != nil {
			return err
		}
		sub, err := getSubmission(ctx, tx, a.SubmissionID)
		if err != nil {
			return err
		}
		if err := insertMessage(ctx, tx, a.SubmissionID, sub.Stage, "reviewers", a.ID, actor.UserID, "reviewer", body); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.message.create", "review_assignment", a.ID, nil, map[string]string{"audience": "reviewers", "role": "reviewer"})
	})
}

// PostAsEditor adds an editor's message to the authors' thread
// (assignmentID 0) or to one reviewer's thread.
func (s *Service) PostAsEditor(ctx context.Context, actor Actor, subID, assignmentID int64, body string) error {
	if !actor.Editor {
		return errs.New(errs.Forbidden, "review.error.editors_only")
	}
	body, err := checkBody(body)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		sub, err := getSubmission(ctx, tx, subID)
		if err != nil {
			return err
		}
		audience := "authors"
		if assignmentID != 0 {
			a, err := getAssignment(ctx, tx, assignmentID)
			if err != nil || a.SubmissionID != subID {
				return invalid(errs.Fields{"thread": "review.error.no_review"})
			}
			audience = "reviewers"
		}
		if err := insertMessage(ctx, tx, subID, sub.Stage, audience, assignmentID, actor.UserID, "editor", body); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "review.message.create", "review_submission", subID, nil, map[string]any{"audience": audience, "role": "editor", "assignment": assignmentID})
	})
}

func checkBody(body string) (string, error) {
	body = strings.TrimSpace(body)
	f := errs.Fields{}
	checkLen(f, "body", body, true, 20000)
	return body, invalid(f)
}

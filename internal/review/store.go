package review

import (
	"context"
	"fmt"
	"strings"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// The SQL of the engine, on a db.Querier so a caller's transaction holds
// several writes.

const callColumns = `id, title, scope, target_key, opens, closes, notification, review_mode, sequence, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanCall(row scanner) (*Call, error) {
	var c Call
	var mode string
	if err := row.Scan(&c.ID, &c.Title, &c.Scope, &c.Target, &c.Opens, &c.Closes, &c.Notification, &mode, &c.Sequence, &c.CreatedAt, &c.UpdatedAt); err != nil {
		return nil, err
	}
	c.Mode = Mode(mode)
	return &c, nil
}

func getCall(ctx context.Context, q db.Querier, id int64) (*Call, error) {
	c, err := scanCall(q.QueryRowContext(ctx, `SELECT `+callColumns+` FROM review_calls WHERE id = $1`, id))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "review.error.no_call")
	}
	if err != nil {
		return nil, fmt.Errorf("review: call %d: %w", id, err)
	}
	return c, nil
}

func listCalls(ctx context.Context, q db.Querier, where string, args ...any) ([]Call, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+callColumns+` FROM review_calls `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("review: calls: %w", err)
	}
	defer rows.Close()
	var out []Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, fmt.Errorf("review: calls: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

const submissionColumns = `id, call_id, submitter_id, title, abstract, language, keywords, stage, status, round,
	decl_originality, decl_ethics, decl_conflicts, published_key, published_url, created_at, updated_at, track, joined_to`

func scanSubmission(row scanner) (*Submission, error) {
	var s Submission
	var kw, stage, status string
	var orig, eth int64
	if err := row.Scan(&s.ID, &s.CallID, &s.SubmitterID, &s.Title, &s.Abstract, &s.Language, &kw, &stage, &status, &s.Round,
		&orig, &eth, &s.Conflicts, &s.PublishedKey, &s.PublishedURL, &s.CreatedAt, &s.UpdatedAt, &s.Track, &s.JoinedTo); err != nil {
		return nil, err
	}
	s.Stage, s.Status, s.Originality, s.Ethics = Stage(stage), Status(status), orig != 0, eth != 0
	s.Keywords = splitKeywords(kw)
	return &s, nil
}

func splitKeywords(s string) []string {
	out := []string{}
	for _, k := range strings.Split(s, ";") {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func getSubmission(ctx context.Context, q db.Querier, id int64) (*Submission, error) {
	s, err := scanSubmission(q.QueryRowContext(ctx, `SELECT `+submissionColumns+` FROM review_submissions WHERE id = $1`, id))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "review.error.no_submission")
	}
	if err != nil {
		return nil, fmt.Errorf("review: submission %d: %w", id, err)
	}
	if s.Authors, err = getAuthors(ctx, q, id); err != nil {
		return nil, err
	}
	return s, nil
}

func listSubmissions(ctx context.Context, q db.Querier, where string, args ...any) ([]Submission, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+submissionColumns+` FROM review_submissions `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("review: submissions: %w", err)
	}
	defer rows.Close()
	var out []Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("review: submissions: %w", err)
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

func getAuthors(ctx context.Context, q db.Querier, subID int64) ([]Author, error) {
	rows, err := q.QueryContext(ctx, `SELECT name, email, orcid, affiliation FROM review_authors WHERE submission_id = $1 ORDER BY position`, subID)
	if err != nil {
		return nil, fmt.Errorf("review: authors of %d: %w", subID, err)
	}
	defer rows.Close()
	out := []Author{}
	for rows.Next() {
		var a Author
		if err := rows.Scan(&a.Name, &a.Email, &a.ORCID, &a.Affiliation); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const fileColumns = `id, submission_id, round, revision, name, content_type, size, blob_key, review_blob_key, review_status, created_at`

func scanFile(row scanner) (*File, error) {
	var f File
	err := row.Scan(&f.ID, &f.SubmissionID, &f.Round, &f.Revision, &f.Name, &f.ContentType, &f.Size, &f.BlobKey, &f.ReviewBlobKey, &f.ReviewStatus, &f.CreatedAt)
	return &f, err
}

func getFile(ctx context.Context, q db.Querier, id int64) (*File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, `SELECT `+fileColumns+` FROM review_files WHERE id = $1`, id))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "review.error.no_file")
	}
	if err != nil {
		return nil, fmt.Errorf("review: file %d: %w", id, err)
	}
	return f, nil
}

func listFiles(ctx context.Context, q db.Querier, subID int64) ([]File, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+fileColumns+` FROM review_files WHERE submission_id = $1 ORDER BY id`, subID)
	if err != nil {
		return nil, fmt.Errorf("review: files of %d: %w", subID, err)
	}
	defer rows.Close()
	out := []File{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, rows.Err()
}

const assignmentColumns = `id, submission_id, round, reviewer_id, due, status, recommendation, comments_author, comments_editor,
	invited_at, responded_at, completed_at`

func scanAssignment(row scanner) (*Assignment, error) {
	var a Assignment
	err := row.Scan(&a.ID, &a.SubmissionID, &a.Round, &a.ReviewerID, &a.Due, &a.Status, &a.Recommendation, &a.CommentsAuthor, &a.CommentsEditor,
		&a.InvitedAt, &a.RespondedAt, &a.CompletedAt)
	return &a, err
}

func getAssignment(ctx context.Context, q db.Querier, id int64) (*Assignment, error) {
	a, err := scanAssignment(q.QueryRowContext(ctx, `SELECT `+assignmentColumns+` FROM review_assignments WHERE id = $1`, id))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "review.error.no_review")
	}
	if err != nil {
		return nil, fmt.Errorf("review: assignment %d: %w", id, err)
	}
	return a, nil
}

func listAssignments(ctx context.Context, q db.Querier, where string, args ...any) ([]Assignment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+assignmentColumns+` FROM review_assignments `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("review: assignments: %w", err)
	}
	defer rows.Close()
	out := []Assignment{}
	for rows.Next() {
		a, err := scanAssignment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

func listMessages(ctx context.Context, q db.Querier, subID int64) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, stage, audience, assignment_id, COALESCE(author_id, 0), author_role, body, created_at
		FROM review_messages WHERE submission_id = $1 ORDER BY id`, subID)
	if err != nil {
		return nil, fmt.Errorf("review: messages of %d: %w", subID, err)
	}
	defer rows.Close()
	out := []Message{}
	for rows.Next() {
		var m Message
		var stage string
		if err := rows.Scan(&m.ID, &stage, &m.Audience, &m.AssignmentID, &m.AuthorID, &m.AuthorRole, &m.Body, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.Stage = Stage(stage)
		out = append(out, m)
	}
	return out, rows.Err()
}

func listDecisions(ctx context.Context, q db.Querier, subID int64) ([]DecisionRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT round, decision, param, note, created_at FROM review_decisions WHERE submission_id = $1 ORDER BY id`, subID)
	if err != nil {
		return nil, fmt.Errorf("review: decisions of %d: %w", subID, err)
	}
	defer rows.Close()
	out := []DecisionRecord{}
	for rows.Next() {
		var d DecisionRecord
		if err := rows.Scan(&d.Round, &d.Decision, &d.Param, &d.Note, &d.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

package community

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/docfile"
	"corridor/internal/errs"
	outbox "corridor/internal/mail"
)

// Note is a reviewer's note on an application.
type Note struct {
	Reviewer  string `json:"reviewer"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"created_at"`
}

// Notes lists an application's notes, oldest first.
func (s *Service) Notes(ctx context.Context, appID int64) ([]Note, error) {
	return queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (Note, error) {
		var n Note
		return n, row.Scan(&n.Reviewer, &n.Body, &n.CreatedAt)
	}, `SELECT u.name, n.body, n.created_at FROM community_notes n JOIN users u ON u.id = n.reviewer_id WHERE n.application_id = $1 ORDER BY n.id`, appID)
}

// Scores is one reviewer's score per criterion (-1: none yet).
func (s *Service) Scores(ctx context.Context, appID, reviewerID int64, criteria int) ([]int, error) {
	out := make([]int, criteria)
	for i := range out {
		out[i] = -1
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT criterion, score FROM community_scores WHERE application_id = $1 AND reviewer_id = $2`, appID, reviewerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c, v int
		if err := rows.Scan(&c, &v); err != nil {
			return nil, err
		}
		if c >= 0 && c < criteria {
			out[c] = v
		}
	}
	return out, rows.Err()
}

// Review saves a reviewer's scores (one per criterion of the call, 0 to
// MaxScore) and an optional note, replacing their earlier scores.
func (s *Service) Review(ctx context.Context, appID, reviewerID int64, scores []int, note string) (err error) {
	defer errs.Wrap(&err, "community: review application %d", appID)
	a, err := s.Application(ctx, appID)
	if err != nil {
		return err
	}
	c, err := s.Call(ctx, a.CallID)
	if err != nil {
		return err
	}
	bad := errs.Fields{}
	if len(scores) != len(c.Criteria) {
		bad.Add("score0", "community.error.score")
	}
	for i, v := range scores {
		if v < 0 || v > MaxScore {
			bad.Add(fmt.Sprintf("score%d", i), "community.error.score")
		}
	}
	note = strings.TrimSpace(note)
	if tooLong(note, MaxText) {
		bad.Add("note", "community.error.too_long")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_scores WHERE application_id = $1 AND reviewer_id = $2`, appID, reviewerID); err != nil {
			return err
		}
		for i, v := range scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO community_scores (application_id, reviewer_id, criterion, score) VALUES ($1, $2, $3, $4)`, appID, reviewerID, i, v); err != nil {
				return err
			}
		}
		if note != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO community_notes (application_id, reviewer_id, body, created_at) VALUES ($1, $2, $3, $4)`, appID, reviewerID, note, s.now()); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "community.application.review", "community_application", appID, nil, map[string]any{"scores": scores, "note": note != ""})
	})
}

// Shortlist puts a submitted application on the call's shortlist (or
// takes it off with on false).
func (s *Service) Shortlist(ctx context.Context, appID int64, on bool) (err error) {
	defer errs.Wrap(&err, "community: shortlist application %d", appID)
	from, to := Submitted, Shortlisted
	if !on {
		from, to = Shortlisted, Submitted
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE community_applications SET status = $1 WHERE id = $2 AND status = $3`, to, appID, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.Error{Kind: errs.Conflict, Message: "community.error.status"}
		}
		return audit.Record(ctx, tx, "community.application.shortlist", "community_application", appID, from, to)
	})
}

// roleFor is the profile role an accepted applicant gets.
var roleFor = map[string]string{"internship": "intern", "visiting_scholar": "visiting_scholar", "assistantship": "researcher", "job": "staff"}

// Decide accepts or rejects an application, sends the decision e-mail in
// the applicant's language and, on acceptance, creates their profile from
// the application (a visiting scholar with the call's dates and host; an
// intern or assistant on the call's project), all in one transaction.
func (s *Service) Decide(ctx context.Context, appID int64, decision string) (err error) {
	defer errs.Wrap(&err, "community: decide application %d", appID)
	if decision != Accepted && decision != Rejected {
		return errs.Fields{"decision": "community.error.decision"}.Err()
	}
	a, err := s.Application(ctx, appID)
	if err != nil {
		return err
	}
	c, err := s.Call(ctx, a.CallID)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE community_applications SET status = $1, decided_at = $2 WHERE id = $3 AND status IN ('submitted', 'shortlisted')`, decision, s.now(), appID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return &errs.Error{Kind: errs.Conflict, Message: "community.error.decided_already"}
		}
		var personID int64
		if decision == Accepted {
			p := Person{Name: a.Name, Roles: []string{roleFor[c.Kind]}, UserID: a.UserID, Bio: map[string]string{}}
			if c.Kind == "visiting_scholar" {
				p.VisitFrom, p.VisitUntil, p.Host = c.Starts, c.Ends, c.Host
			}
			if err := p.clean(); err != nil {
				return err
			}
			if p, err = s.insertPerson(ctx, tx, p); err != nil {
				return err
			}
			personID = p.ID
			if _, err := tx.ExecContext(ctx, `UPDATE community_applications SET person_id = $1 WHERE id = $2`, p.ID, appID); err != nil {
				return err
			}
			if c.ProjectID != 0 {
				if err := s.addMember(ctx, tx, c.ProjectID, p.ID, roleFor[c.Kind]); err != nil {
					return err
				}
			}
		}
		subject, body := mailText(a.Lang, decision, a.Name, c.Title)
		if _, err := outbox.Enqueue(ctx, tx, a.Email, subject, body); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.application.decide", "community_application", appID, a.Status, map[string]any{"decision": decision, "person": personID})
	})
}

// ReferenceRequest is what a referee's link opens.
type ReferenceRequest struct {
	RefereeName, Applicant, CallTitle string
	Used                              bool
}

// ErrReferenceUsed: the one-time link was used already.
var ErrReferenceUsed = &errs.Error{Kind: errs.Conflict, Message: "community.error.reference_used"}

// ErrReferenceUnknown: no such link (or its application was deleted).
var ErrReferenceUnknown = &errs.Error{Kind: errs.NotFound, Message: "community.error.reference_unknown"}

// Reference reads the request a referee's token opens.
func (s *Service) Reference(ctx context.Context, token string) (ReferenceRequest, error) {
	var r ReferenceRequest
	var used int64
	err := s.DB.QueryRowContext(ctx, `SELECT r.name, a.name, c.title, r.used_at FROM community_references r JOIN community_applications a ON a.id = r.application_id
		JOIN community_calls c ON c.id = a.call_id WHERE r.token_hash = $1`, hashToken(token)).Scan(&r.RefereeName, &r.Applicant, &r.CallTitle, &used)
	if err != nil {
		return r, ErrReferenceUnknown
	}
	r.Used = used > 0
	return r, nil
}

// SubmitReference stores a referee's letter (a checked PDF) and spends
// the link: a second use is refused, and nothing of it is kept.
func (s *Service) SubmitReference(ctx context.Context, token string, letter Doc) (err error) {
	defer errs.Wrap(&err, "community: reference letter")
	r, err := s.Reference(ctx, token)
	if err != nil {
		return err
	}
	if r.Used {
		return ErrReferenceUsed
	}
	if err := checkPDF("letter", letter); err != nil {
		return err
	}
	key := "community/references/" + randomHex(12) + ".pdf"
	if _, err := s.Blobs.Put(ctx, key, docfile.PDF, bytes.NewReader(letter.Body)); err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `UPDATE community_references SET used_at = $1, letter_key = $2 WHERE token_hash = $3 AND used_at = 0 RETURNING id`, s.now(), key, hashToken(token)).Scan(&id)
		if err != nil {
			return ErrReferenceUsed // a concurrent use spent it first
		}
		return audit.Record(ctx, tx, "community.reference.upload", "community_reference", id, nil, map[string]any{"bytes": len(letter.Body)})
	})
	if err != nil {
		s.Blobs.Delete(ctx, key)
	}
	return err
}

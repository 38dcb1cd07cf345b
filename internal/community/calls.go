package community

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// CallKinds are the kinds of opportunity.
var CallKinds = []string{"internship", "visiting_scholar", "assistantship", "job"}

// Call is an opportunity open to applications until its deadline.
type Call struct {
	ID           int64    `json:"id"`
	Kind         string   `json:"kind"`
	Title        string   `json:"title"`
	Description  string   `json:"description"`
	Requirements string   `json:"requirements"`
	Languages    string   `json:"languages"`
	Starts       string   `json:"starts,omitempty"`
	Ends         string   `json:"ends,omitempty"`
	Deadline     int64    `json:"deadline"`
	Criteria     []string `json:"criteria"`
	Host         string   `json:"host,omitempty"`
	Places       int      `json:"places"`
	ProjectID    int64    `json:"project_id,omitempty"`
	Sample       bool     `json:"sample"`
}

// Open reports whether the call takes applications at unix time now.
func (c Call) Open(now int64) bool { return now <= c.Deadline }

// MaxScore is the top of every criterion's scale (0 to MaxScore).
const MaxScore = 5

func (c *Call) clean() error {
	bad := errs.Fields{}
	c.Title = strings.TrimSpace(c.Title)
	if c.Title == "" {
		bad.Add("title", "community.error.required")
	} else if tooLong(c.Title, MaxName) {
		bad.Add("title", "community.error.too_long")
	}
	if !oneOf(c.Kind, CallKinds) {
		bad.Add("kind", "community.error.kind")
	}
	for f, v := range map[string]string{"description": c.Description, "requirements": c.Requirements, "languages": c.Languages} {
		if tooLong(v, MaxText) {
			bad.Add(f, "community.error.too_long")
		}
	}
	if !validDay(c.Starts) {
		bad.Add("starts", "community.error.date")
	}
	if !validDay(c.Ends) {
		bad.Add("ends", "community.error.date")
	}
	if c.Starts != "" && c.Ends != "" && c.Ends < c.Starts {
		bad.Add("ends", "community.error.ends_before")
	}
	if c.Deadline <= 0 {
		bad.Add("deadline", "community.error.deadline")
	}
	var crit []string
	for _, x := range c.Criteria {
		if x = strings.TrimSpace(x); x != "" {
			crit = append(crit, x)
		}
	}
	c.Criteria = crit
	if len(crit) == 0 || len(crit) > 20 {
		bad.Add("criteria", "community.error.criteria")
	}
	if c.Places <= 0 {
		c.Places = 1
	}
	// An accepted visiting scholar's profile takes the stay's dates and
	// host from the call.
	if c.Kind == "visiting_scholar" && strings.TrimSpace(c.Host) == "" {
		bad.Add("host", "community.error.host")
	}
	if c.Kind == "visiting_scholar" && (c.Starts == "" || c.Ends == "") {
		bad.Add("starts", "community.error.visit")
	}
	return bad.Err()
}

// CreateCall stores an opportunity.
func (s *Service) CreateCall(ctx context.Context, c Call) (_ Call, err error) {
	defer errs.Wrap(&err, "community: create call")
	if err := c.clean(); err != nil {
		return Call{}, err
	}
	if c.ProjectID != 0 {
		if _, err := s.Project(ctx, c.ProjectID); err != nil {
			return Call{}, errs.Fields{"project": "community.error.no_project"}.Err()
		}
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO community_calls (kind, title, description, requirements, languages, starts, ends, deadline, criteria, host, places, project_id, sample, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			c.Kind, c.Title, c.Description, c.Requirements, c.Languages, c.Starts, c.Ends, c.Deadline, strings.Join(c.Criteria, "\n"), c.Host, c.Places, nullID(c.ProjectID), b2i(c.Sample), s.now()).Scan(&c.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.call.create", "community_call", c.ID, nil, c)
	})
	return c, err
}

const callCols = `id, kind, title, description, requirements, languages, starts, ends, deadline, criteria, host, places, COALESCE(project_id, 0), sample`

func scanCall(row interface{ Scan(...any) error }) (Call, error) {
	var c Call
	var crit string
	var sample int
	err := row.Scan(&c.ID, &c.Kind, &c.Title, &c.Description, &c.Requirements, &c.Languages, &c.Starts, &c.Ends, &c.Deadline, &crit, &c.Host, &c.Places, &c.ProjectID, &sample)
	c.Criteria, c.Sample = strings.Split(crit, "\n"), sample == 1
	return c, err
}

// Call reads one opportunity.
func (s *Service) Call(ctx context.Context, id int64) (Call, error) {
	c, err := scanCall(s.DB.QueryRowContext(ctx, `SELECT `+callCols+` FROM community_calls WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Call{}, ErrNotFound
	}
	return c, err
}

// Calls lists the opportunities, open ones first by deadline.
func (s *Service) Calls(ctx context.Context) ([]Call, error) {
	return queryAll(ctx, s.DB, scanCall, `SELECT `+callCols+` FROM community_calls ORDER BY CASE WHEN deadline >= $1 THEN 0 ELSE 1 END, deadline, id`, s.now())
}

// AddReviewer lets the account with that e-mail review the call's
// applications.
func (s *Service) AddReviewer(ctx context.Context, callID int64, email string) (err error) {
	defer errs.Wrap(&err, "community: call %d: add reviewer", callID)
	if _, err := s.Call(ctx, callID); err != nil {
		return err
	}
	var uid int64
	err = s.DB.QueryRowContext(ctx, `SELECT id FROM users WHERE lower(email) = lower($1)`, strings.TrimSpace(email)).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Fields{"email": "community.error.no_account"}.Err()
	}
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_call_reviewers WHERE call_id = $1 AND user_id = $2`, callID, uid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_call_reviewers (call_id, user_id) VALUES ($1, $2)`, callID, uid); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.call.reviewer", "community_call", callID, nil, map[string]any{"user": uid})
	})
}

// Reviewer is an account reviewing a call.
type Reviewer struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

// Reviewers lists a call's reviewers.
func (s *Service) Reviewers(ctx context.Context, callID int64) ([]Reviewer, error) {
	return queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (Reviewer, error) {
		var r Reviewer
		return r, row.Scan(&r.UserID, &r.Name, &r.Email)
	}, `SELECT u.id, u.name, u.email FROM community_call_reviewers r JOIN users u ON u.id = r.user_id WHERE r.call_id = $1 ORDER BY u.name`, callID)
}

// IsReviewer reports whether user reviews the call.
func (s *Service) IsReviewer(ctx context.Context, callID, userID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM community_call_reviewers WHERE call_id = $1 AND user_id = $2`, callID, userID).Scan(&n)
	return n > 0, err
}

// ReviewsAny reports whether user reviews some call (for the menu).
func (s *Service) ReviewsAny(ctx context.Context, userID int64) ([]Call, error) {
	return queryAll(ctx, s.DB, scanCall, `SELECT `+callCols+` FROM community_calls WHERE id IN (SELECT call_id FROM community_call_reviewers WHERE user_id = $1) ORDER BY deadline DESC`, userID)
}

// Deadline parses a YYYY-MM-DD deadline as the last second of that day in
// UTC.
func Deadline(day string) (int64, bool) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(day))
	if err != nil {
		return 0, false
	}
	return t.Unix() + 86399, true
}

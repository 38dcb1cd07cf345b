package community

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"sort"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/docfile"
	"corridor/internal/errs"
	outbox "corridor/internal/mail"
)

// Application statuses.
const (
	Submitted   = "submitted"
	Shortlisted = "shortlisted"
	Accepted    = "accepted"
	Rejected    = "rejected"
)

// MaxReferees is how many referees an applicant may name.
const MaxReferees = 3

// MaxDocBytes bounds a CV, a letter or a reference letter.
const MaxDocBytes = 10 << 20

// Doc is an uploaded document.
type Doc struct {
	Name string
	Body []byte
}

// Referee is someone asked for a reference letter.
type Referee struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Received bool   `json:"received"`
	key      string
}

// NewApplication is what an applicant sends.
type NewApplication struct {
	CallID, UserID          int64
	Name, Email, Lang, Text string
	CV, Letter              Doc
	Referees                []Referee
}

// Application is an application as its reviewers see it (the applicant
// sees only the call, the status and which references arrived).
type Application struct {
	ID        int64     `json:"id"`
	CallID    int64     `json:"call_id"`
	CallTitle string    `json:"call_title"`
	UserID    int64     `json:"-"`
	Name      string    `json:"name"`
	Email     string    `json:"email"`
	Lang      string    `json:"lang"`
	Statement string    `json:"statement"`
	Status    string    `json:"status"`
	PersonID  int64     `json:"person_id,omitempty"`
	CreatedAt int64     `json:"created_at"`
	CVKey     string    `json:"-"`
	LetterKey string    `json:"-"`
	Referees  []Referee `json:"referees,omitempty"`
	// Total is the sum of the mean score per criterion over reviewers.
	Total  float64 `json:"total"`
	Scored int     `json:"scored"`
}

// checkPDF refuses anything but a whole, readable PDF, naming the field
// and what is wrong (a .pdf that is a renamed text file, a truncated PDF).
func checkPDF(field string, d Doc) error {
	if len(d.Body) == 0 {
		return errs.Fields{field: "community.error.file_missing"}.Err()
	}
	if len(d.Body) > MaxDocBytes {
		return errs.Fields{field: "community.error.file_large"}.Err()
	}
	ct, err := docfile.Sniff(d.Name, d.Body[:min(len(d.Body), 512)])
	if err == nil && ct != docfile.PDF {
		err = fmt.Errorf("%s is not a PDF: send your document as a PDF", d.Name)
	}
	if err == nil {
		err = docfile.CheckPDF(d.Body)
	}
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Message: "community.error.file_bad", Fields: map[string]string{field: err.Error()}, Err: err}
	}
	return nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && !strings.ContainsAny(s, "\r\n")
}

// ErrDeadlinePassed: the call closed.
var ErrDeadlinePassed = &errs.Error{Kind: errs.Invalid, Message: "community.error.deadline_passed", Fields: map[string]string{"call": "community.error.deadline_passed"}}

// Apply stores an application with its CV and letter (both checked PDFs),
// and asks each referee by e-mail to upload a letter through a one-time
// link; the application, its references and the e-mails are one
// transaction.
func (s *Service) Apply(ctx context.Context, in NewApplication) (_ Application, err error) {
	defer errs.Wrap(&err, "community: apply to call %d", in.CallID)
	c, err := s.Call(ctx, in.CallID)
	if err != nil {
		return Application{}, err
	}
	if !c.Open(s.now()) {
		return Application{}, ErrDeadlinePassed
	}
	bad := errs.Fields{}
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	if in.Name == "" || tooLong(in.Name, MaxName) {
		bad.Add("name", "community.error.required")
	}
	if !validEmail(in.Email) {
		bad.Add("email", "community.error.email")
	}
	if tooLong(in.Text, MaxText) {
		bad.Add("statement", "community.error.too_long")
	}
	if !oneOf(in.Lang, Languages) {
		in.Lang = "en"
	}
	if len(in.Referees) > MaxReferees {
		bad.Add("referees", "community.error.referees")
	}
	for i, r := range in.Referees {
		in.Referees[i].Name, in.Referees[i].Email = strings.TrimSpace(r.Name), strings.TrimSpace(r.Email)
		if in.Referees[i].Name == "" || !validEmail(in.Referees[i].Email) || tooLong(r.Name, MaxName) {
			bad.Add(fmt.Sprintf("referee%d", i+1), "community.error.referee")
		}
	}
	if err := bad.Err(); err != nil {
		return Application{}, err
	}
	if err := checkPDF("cv", in.CV); err != nil {
		return Application{}, err
	}
	if err := checkPDF("letter", in.Letter); err != nil {
		return Application{}, err
	}
	a := Application{CallID: c.ID, CallTitle: c.Title, UserID: in.UserID, Name: in.Name, Email: in.Email, Lang: in.Lang, Statement: in.Text, Status: Submitted, CreatedAt: s.now()}
	a.CVKey, a.LetterKey = "community/applications/"+randomHex(12)+".pdf", "community/applications/"+randomHex(12)+".pdf"
	stored := []string{}
	defer func() {
		if err != nil {
			for _, k := range stored {
				s.Blobs.Delete(ctx, k)
			}
		}
	}()
	for _, f := range []struct {
		key string
		doc Doc
	}{{a.CVKey, in.CV}, {a.LetterKey, in.Letter}} {
		if _, err := s.Blobs.Put(ctx, f.key, docfile.PDF, bytes.NewReader(f.doc.Body)); err != nil {
			return Application{}, err
		}
		stored = append(stored, f.key)
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO community_applications (call_id, user_id, name, email, lang, statement, cv_key, letter_key, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			a.CallID, a.UserID, a.Name, a.Email, a.Lang, a.Statement, a.CVKey, a.LetterKey, a.Status, a.CreatedAt).Scan(&a.ID)
		if db.IsUniqueViolation(err) {
			return &errs.Error{Kind: errs.Conflict, Message: "community.error.applied_already", Fields: map[string]string{"call": "community.error.applied_already"}}
		}
		if err != nil {
			return err
		}
		for _, r := range in.Referees {
			token := randomHex(24)
			if _, err := tx.ExecContext(ctx, `INSERT INTO community_references (application_id, name, email, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)`,
				a.ID, r.Name, r.Email, hashToken(token), a.CreatedAt); err != nil {
				return err
			}
			subject, body := referenceMail(a.Lang, r.Name, a.Name, c.Title, s.BaseURL+"/references?token="+token)
			if _, err := outbox.Enqueue(ctx, tx, r.Email, subject, body); err != nil {
				return err
			}
		}
		subject, body := mailText(a.Lang, "received", a.Name, c.Title)
		if _, err := outbox.Enqueue(ctx, tx, a.Email, subject, body); err != nil {
			return err
		}
		// The audit entry names the application, never its personal data.
		return audit.Record(ctx, tx, "community.application.create", "community_application", a.ID, nil, map[string]any{"call": a.CallID, "referees": len(in.Referees)})
	})
	return a, err
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

const appCols = `a.id, a.call_id, c.title, a.user_id, a.name, a.email, a.lang, a.statement, a.status, COALESCE(a.person_id, 0), a.created_at, a.cv_key, a.letter_key`

func scanApp(row interface{ Scan(...any) error }) (Application, error) {
	var a Application
	err := row.Scan(&a.ID, &a.CallID, &a.CallTitle, &a.UserID, &a.Name, &a.Email, &a.Lang, &a.Statement, &a.Status, &a.PersonID, &a.CreatedAt, &a.CVKey, &a.LetterKey)
	return a, err
}

// Application reads one application with its referees.
func (s *Service) Application(ctx context.Context, id int64) (Application, error) {
	a, err := scanApp(s.DB.QueryRowContext(ctx, `SELECT `+appCols+` FROM community_applications a JOIN community_calls c ON c.id = a.call_id WHERE a.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Application{}, ErrNotFound
	}
	if err != nil {
		return Application{}, err
	}
	a.Referees, err = s.referees(ctx, s.DB, id)
	return a, err
}

func (s *Service) referees(ctx context.Context, q db.Querier, appID int64) ([]Referee, error) {
	return queryAll(ctx, q, func(row interface{ Scan(...any) error }) (Referee, error) {
		var r Referee
		var used int64
		err := row.Scan(&r.ID, &r.Name, &r.Email, &used, &r.key)
		r.Received = used > 0
		return r, err
	}, `SELECT id, name, email, used_at, letter_key FROM community_references WHERE application_id = $1 ORDER BY id`, appID)
}

// RefereeLetter is the blob key of a received reference letter.
func (s *Service) RefereeLetter(ctx context.Context, appID, refID int64) (string, error) {
	var key string
	err := s.DB.QueryRowContext(ctx, `SELECT letter_key FROM community_references WHERE id = $1 AND application_id = $2 AND used_at > 0`, refID, appID).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return key, err
}

// MyApplications lists a user's own applications.
func (s *Service) MyApplications(ctx context.Context, userID int64) ([]Application, error) {
	return queryAll(ctx, s.DB, scanApp, `SELECT `+appCols+` FROM community_applications a JOIN community_calls c ON c.id = a.call_id WHERE a.user_id = $1 ORDER BY a.id DESC`, userID)
}

// Applications lists a call's applications with their scores, best first.
func (s *Service) Applications(ctx context.Context, callID int64) ([]Application, error) {
	as, err := queryAll(ctx, s.DB, scanApp, `SELECT `+appCols+` FROM community_applications a JOIN community_calls c ON c.id = a.call_id WHERE a.call_id = $1 ORDER BY a.id`, callID)
	if err != nil {
		return nil, err
	}
	// The totals in two queries for the whole call: the sum over criteria
	// of the reviewers' mean score, and how many reviewers scored.
	idx := map[int64]*Application{}
	for i := range as {
		idx[as[i].ID] = &as[i]
	}
	type sum struct {
		id    int64
		total float64
	}
	totals, err := queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (sum, error) {
		var x sum
		return x, row.Scan(&x.id, &x.total)
	}, `SELECT application_id, SUM(m) FROM (SELECT application_id, criterion, AVG(score * 1.0) AS m FROM community_scores
		WHERE application_id IN (SELECT id FROM community_applications WHERE call_id = $1) GROUP BY application_id, criterion) x GROUP BY application_id`, callID)
	if err != nil {
		return nil, err
	}
	for _, x := range totals {
		if a := idx[x.id]; a != nil {
			a.Total = x.total
		}
	}
	type count struct{ id, n int64 }
	counts, err := queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (count, error) {
		var x count
		return x, row.Scan(&x.id, &x.n)
	}, `SELECT application_id, COUNT(DISTINCT reviewer_id) FROM community_scores
		WHERE application_id IN (SELECT id FROM community_applications WHERE call_id = $1) GROUP BY application_id`, callID)
	if err != nil {
		return nil, err
	}
	for _, x := range counts {
		if a := idx[x.id]; a != nil {
			a.Scored = int(x.n)
		}
	}
	sort.SliceStable(as, func(i, j int) bool { return as[i].Total > as[j].Total })
	return as, nil
}

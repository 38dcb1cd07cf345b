package credentials

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// codeAlphabet is Crockford's base 32: no I, L, O or U, so a code read
// aloud or typed from paper is not mistaken.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode is a fresh certificate code: 12 symbols (60 random bits) shown
// as XXXX-XXXX-XXXX, too many to guess, short enough to type.
func NewCode() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[int(c)%32])
	}
	return sb.String()
}

// NormalizeCode reads a typed code: case, spaces and the look-alikes
// O→0, I and L→1 do not matter. It returns "" when it cannot be a code.
func NormalizeCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(codeAlphabet, r) {
			return ""
		}
		sb.WriteRune(r)
	}
	c := sb.String()
	if len(c) != 12 {
		return ""
	}
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12]
}

const certCols = `id, code, programme_id, user_id, learner_name, programme_title, completed_at, issued_at, expires_at, revoked_at, revoke_reason, method`

func scanCert(sc interface{ Scan(...any) error }) (Certificate, error) {
	var c Certificate
	err := sc.Scan(&c.ID, &c.Code, &c.ProgrammeID, &c.UserID, &c.LearnerName, &c.ProgrammeTitle, &c.CompletedAt, &c.IssuedAt, &c.ExpiresAt, &c.RevokedAt, &c.RevokeReason, &c.Method)
	return c, err
}

// ByCode finds a certificate by its code as typed; a code that cannot be
// one or is unknown is ErrNotFound.
func (s *Service) ByCode(ctx context.Context, code string) (Certificate, error) {
	code = NormalizeCode(code)
	if code == "" {
		return Certificate{}, ErrNotFound
	}
	c, err := scanCert(s.DB.QueryRowContext(ctx, `SELECT `+certCols+` FROM credential_certificates WHERE code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, ErrNotFound
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("credentials: certificate %s: %w", code, err)
	}
	return c, nil
}

// ForUser lists a learner's certificates, newest first.
func (s *Service) ForUser(ctx context.Context, userID int64) (_ []Certificate, err error) {
	defer errs.Wrap(&err, "credentials: certificates of user %d", userID)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+certCols+` FROM credential_certificates WHERE user_id = $1 ORDER BY issued_at DESC, id DESC LIMIT 500`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Certificate{}
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IssueManual issues a programme's certificate to a learner by hand (an
// admin's or a trainer's decision), dated now, whether or not the rule is
// met. A second certificate of the same programme is ErrAlreadyIssued.
func (s *Service) IssueManual(ctx context.Context, programmeID, userID int64) (Certificate, error) {
	c, err := s.issue(ctx, programmeID, userID, s.now(), "manual")
	if err != nil && !isKind(err) {
		err = fmt.Errorf("credentials: issue programme %d to user %d: %w", programmeID, userID, err)
	}
	return c, err
}

func isKind(err error) bool { _, ok := errs.As(err); return ok }

// Evaluate issues a learner the certificates of automatic programmes whose
// rule they now meet, and returns those it issued.
func (s *Service) Evaluate(ctx context.Context, userID int64) (_ []Certificate, err error) {
	defer errs.Wrap(&err, "credentials: evaluate user %d", userID)
	if s.Progress == nil {
		return nil, nil
	}
	done, err := s.Progress.Completions(ctx, userID)
	if err != nil {
		return nil, err
	}
	attended, err := s.Progress.AttendedSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	if len(done) == 0 && len(attended) == 0 {
		return nil, nil
	}
	ps, err := s.Programmes(ctx, "en")
	if err != nil {
		return nil, err
	}
	have := map[int64]bool{}
	mine, err := s.ForUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, c := range mine {
		have[c.ProgrammeID] = true
	}
	var out []Certificate
	for _, p := range ps {
		if !p.Auto || have[p.ID] {
			continue
		}
		ok, at := Met(p, done, attended)
		if !ok {
			continue
		}
		c, err := s.issue(ctx, p.ID, userID, at, "auto")
		if errors.Is(err, ErrAlreadyIssued) {
			continue // issued meanwhile by another sweep
		}
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Service) issue(ctx context.Context, programmeID, userID, completedAt int64, method string) (Certificate, error) {
	p, err := s.Programme(ctx, programmeID, "en")
	if err != nil {
		return Certificate{}, err
	}
	var name, email string
	err = s.DB.QueryRowContext(ctx, `SELECT name, email FROM users WHERE id = $1`, userID).Scan(&name, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, errs.Fields{"learner": "credentials.error.no_learner"}.Err()
	}
	if err != nil {
		return Certificate{}, err
	}
	if strings.TrimSpace(name) == "" {
		name = email
	}
	now := s.now()
	c := Certificate{Code: NewCode(), ProgrammeID: p.ID, UserID: userID, LearnerName: name, ProgrammeTitle: p.Title,
		CompletedAt: completedAt, IssuedAt: now, Method: method}
	if p.ValidityMonths > 0 {
		c.ExpiresAt = time.Unix(now, 0).UTC().AddDate(0, p.ValidityMonths, 0).Unix()
	}
	var issuer any
	if a := audit.ActorFrom(ctx); a.ID != 0 {
		issuer = a.ID
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO credential_certificates (code, programme_id, user_id, learner_name, programme_title, completed_at, issued_at, expires_at, method, issued_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (programme_id, user_id) DO NOTHING RETURNING id`,
			c.Code, c.ProgrammeID, c.UserID, c.LearnerName, c.ProgrammeTitle, c.CompletedAt, c.IssuedAt, c.ExpiresAt, c.Method, issuer).Scan(&c.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrAlreadyIssued
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "credentials.certificate.issue", "credential_certificate", c.Code, nil, c)
	})
	if err != nil {
		return Certificate{}, err
	}
	return c, nil
}

// Revoke revokes a certificate with a reason. Revoking twice is
// ErrRevoked, and keeps the first reason.
func (s *Service) Revoke(ctx context.Context, code, reason string) (_ Certificate, err error) {
	defer errs.Wrap(&err, "credentials: revoke %s", code)
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 500 {
		return Certificate{}, errs.Fields{"reason": "credentials.error.reason_required"}.Err()
	}
	c, err := s.ByCode(ctx, code)
	if err != nil {
		return Certificate{}, err
	}
	if c.RevokedAt != 0 {
		return Certificate{}, ErrRevoked
	}
	before := c
	c.RevokedAt, c.RevokeReason = s.now(), reason
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE credential_certificates SET revoked_at = $1, revoke_reason = $2 WHERE id = $3 AND revoked_at = 0`, c.RevokedAt, reason, c.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrRevoked
		}
		return audit.Record(ctx, tx, "credentials.certificate.revoke", "credential_certificate", c.Code, before, c)
	})
	if err != nil {
		return Certificate{}, err
	}
	return c, nil
}

// SweepJob is the job kind of the periodic sweep that issues the
// certificates of automatic programmes.
const SweepJob = "credentials.sweep"

// Sweep evaluates every active account (see Evaluate) and returns how
// many certificates it issued.
func (s *Service) Sweep(ctx context.Context) (_ int, err error) {
	defer errs.Wrap(&err, "credentials: sweep")
	var auto int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM credential_programmes WHERE auto = 1`).Scan(&auto); err != nil || auto == 0 {
		return 0, err
	}
	ids, err := db.QueryIDs(ctx, s.DB, `SELECT id FROM users WHERE status = 'active' ORDER BY id`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		cs, err := s.Evaluate(ctx, id)
		n += len(cs)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

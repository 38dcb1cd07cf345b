// Package credentials is the certificate pillar: programmes (a set of
// courses and training sessions with a rule), the certificates they give
// (issued by a sweep job when a learner meets the rule, or by hand), their
// public verification by a short code, a PDF with a QR code, and an Open
// Badges 3.0 credential signed as a VC-JWT with the issuer's Ed25519 keys.
//
// What it needs of the learning domain comes through Progress; it never
// reads learning's tables.
package credentials

import (
	"context"
	"time"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// Progress is what credentials needs of the learning domain: what a
// learner completed.
type Progress interface {
	Completions(ctx context.Context, userID int64) ([]Completion, error)
	AttendedSessions(ctx context.Context, userID int64) ([]SessionAttendance, error)
}

// Completion is a course a learner completed.
type Completion struct {
	CourseID    int64 // the course's family id
	Title       string
	CompletedAt time.Time
	Grade       float64 // percent
}

// SessionAttendance is a training session a learner attended.
type SessionAttendance struct {
	SessionID int64
	Title     string
	CourseID  int64
	Ends      time.Time
}

// Rules of a programme.
const (
	RuleAll = "all" // every item
	RuleN   = "n"   // RuleN of the items
)

// Programme is a set of items with a rule; meeting it earns a certificate.
type Programme struct {
	ID             int64             `json:"id"`
	Title          string            `json:"title"` // in the reader's language
	Description    string            `json:"description"`
	Titles         map[string]string `json:"titles"`
	Descriptions   map[string]string `json:"descriptions"`
	Items          []string          `json:"items"` // learning:course:N, learning:session:N
	Rule           string            `json:"rule"`
	RuleN          int               `json:"rule_n,omitempty"`
	MinGrade       float64           `json:"min_grade"`
	PeriodFrom     int64             `json:"period_from,omitempty"`
	PeriodTo       int64             `json:"period_to,omitempty"`
	ValidityMonths int               `json:"validity_months"`
	Auto           bool              `json:"auto"`
	CreatedAt      int64             `json:"created_at"`
}

// Certificate is one learner's certificate of one programme.
type Certificate struct {
	ID             int64  `json:"id"`
	Code           string `json:"code"`
	ProgrammeID    int64  `json:"programme"`
	UserID         int64  `json:"-"`
	LearnerName    string `json:"learner"`
	ProgrammeTitle string `json:"programme_title"`
	CompletedAt    int64  `json:"completed_at"`
	IssuedAt       int64  `json:"issued_at"`
	ExpiresAt      int64  `json:"expires_at,omitempty"`
	RevokedAt      int64  `json:"revoked_at,omitempty"`
	RevokeReason   string `json:"revoke_reason,omitempty"`
	Method         string `json:"method"` // "auto" or "manual"
}

// Status of a certificate at a time.
const (
	Valid   = "valid"
	Expired = "expired"
	Revoked = "revoked"
)

// StatusAt is the certificate's status at now (unix seconds).
func (c Certificate) StatusAt(now int64) string {
	switch {
	case c.RevokedAt != 0:
		return Revoked
	case c.ExpiresAt != 0 && now >= c.ExpiresAt:
		return Expired
	}
	return Valid
}

// Errors the pages and the API show.
var (
	ErrNotFound      = errs.New(errs.NotFound, "credentials.error.not_found")
	ErrAlreadyIssued = errs.New(errs.Conflict, "credentials.error.already_issued")
	ErrNotMet        = errs.New(errs.Conflict, "credentials.error.not_met")
	ErrRevoked       = errs.New(errs.Conflict, "credentials.error.already_revoked")
)

// Service holds the credentials domain's rules and queries.
type Service struct {
	DB       *db.DB
	Progress Progress
	// Issuer names the institution on certificates and credentials.
	Issuer string
	Now    func() time.Time
}

// New returns the service. progress may be nil (no automatic issue).
func New(d *db.DB, progress Progress, issuer string) *Service {
	if issuer == "" {
		issuer = "Corridor"
	}
	return &Service{DB: d, Progress: progress, Issuer: issuer, Now: time.Now}
}

func (s *Service) now() int64 { return s.Now().Unix() }

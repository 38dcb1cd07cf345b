package community

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// AgreementKinds are the kinds of agreement with a partner.
var AgreementKinds = []string{"mou", "framework", "cooperation", "data_sharing", "exchange", "other"}

// Agreement is a dated agreement with a partner.
type Agreement struct {
	ID        int64  `json:"id"`
	PartnerID int64  `json:"partner_id"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Signed    string `json:"signed,omitempty"`
	From      string `json:"from,omitempty"`
	Until     string `json:"until,omitempty"`
	Note      string `json:"note,omitempty"`
	Sample    bool   `json:"sample"`
}

// Agreement states as of a day.
const (
	InForce    = "in_force"
	Expired    = "expired"
	NotYet     = "not_yet"
	agreeLimit = 200
)

// Status is the agreement's state on today (YYYY-MM-DD): in force from
// From (else the day it was signed) through Until inclusive; no end date
// means open-ended.
func (a Agreement) Status(today string) string {
	start := a.From
	if start == "" {
		start = a.Signed
	}
	switch {
	case a.Until != "" && a.Until < today:
		return Expired
	case start != "" && start > today:
		return NotYet
	}
	return InForce
}

func (a *Agreement) clean() error {
	bad := errs.Fields{}
	a.Title, a.Note = strings.TrimSpace(a.Title), strings.TrimSpace(a.Note)
	a.Signed, a.From, a.Until = strings.TrimSpace(a.Signed), strings.TrimSpace(a.From), strings.TrimSpace(a.Until)
	if a.Title == "" {
		bad.Add("title", "community.error.required")
	} else if tooLong(a.Title, MaxName) {
		bad.Add("title", "community.error.too_long")
	}
	if !oneOf(a.Kind, AgreementKinds) {
		bad.Add("kind", "community.error.kind")
	}
	for field, v := range map[string]string{"signed": a.Signed, "from": a.From, "until": a.Until} {
		if !validDay(v) {
			bad.Add(field, "community.error.date")
		}
	}
	if a.From != "" && a.Until != "" && a.Until < a.From {
		bad.Add("until", "community.error.ends_before")
	}
	if tooLong(a.Note, 2000) {
		bad.Add("note", "community.error.too_long")
	}
	return bad.Err()
}

// AddAgreement records an agreement with a partner.
func (s *Service) AddAgreement(ctx context.Context, a Agreement) (_ Agreement, err error) {
	defer errs.Wrap(&err, "community: partner %d: add agreement", a.PartnerID)
	if err := a.clean(); err != nil {
		return Agreement{}, err
	}
	if _, err := s.Partner(ctx, a.PartnerID); err != nil {
		return Agreement{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM community_partner_agreements WHERE partner_id = $1`, a.PartnerID).Scan(&n); err != nil {
			return err
		}
		if n >= agreeLimit {
			return errs.Fields{"title": "community.error.too_many"}.Err()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO community_partner_agreements (partner_id, title, kind, signed, valid_from, valid_until, note, sample, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			a.PartnerID, a.Title, a.Kind, a.Signed, a.From, a.Until, a.Note, b2i(a.Sample), s.now()).Scan(&a.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.agreement.create", "community_partner", a.PartnerID, nil, a)
	})
	return a, err
}

// DeleteAgreement removes an agreement.
func (s *Service) DeleteAgreement(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "community: delete agreement %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		a, err := scanAgreement(tx.QueryRowContext(ctx, `SELECT `+agreementCols+` FROM community_partner_agreements WHERE id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_partner_agreements WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.agreement.delete", "community_partner", a.PartnerID, a, nil)
	})
}

const agreementCols = `id, partner_id, title, kind, signed, valid_from, valid_until, note, sample`

func scanAgreement(row interface{ Scan(...any) error }) (Agreement, error) {
	var a Agreement
	var sample int
	err := row.Scan(&a.ID, &a.PartnerID, &a.Title, &a.Kind, &a.Signed, &a.From, &a.Until, &a.Note, &sample)
	a.Sample = sample == 1
	return a, err
}

// Agreements lists every partner's agreements, keyed by partner, latest
// signed first.
func (s *Service) Agreements(ctx context.Context) (map[int64][]Agreement, error) {
	all, err := queryAll(ctx, s.DB, scanAgreement, `SELECT `+agreementCols+` FROM community_partner_agreements ORDER BY partner_id, signed DESC, valid_from DESC, id DESC`)
	if err != nil {
		return nil, err
	}
	out := map[int64][]Agreement{}
	for _, a := range all {
		out[a.PartnerID] = append(out[a.PartnerID], a)
	}
	return out, nil
}

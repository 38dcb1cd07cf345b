package events

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/mail"
	"corridor/internal/seats"
)

// Scope is the seats engine's name for an event's places: registrations
// are seats (internal/seats), so capacity, the waiting list and promotion
// follow the same rules as training sessions.
const Scope = "events.event"

// Registration statuses, as the seats engine names them.
const (
	Confirmed  = string(seats.Confirmed)
	Waitlisted = string(seats.Waitlisted)
	Pending    = string(seats.Pending)
	Withdrawn  = string(seats.Cancelled)
)

// Errors of registration.
var (
	ErrRegistrationClosed = errs.New(errs.Conflict, "events.error.registration_closed")
	ErrAlreadyRegistered  = errs.New(errs.Conflict, "events.error.already_registered")
	ErrNotRegistered      = errs.New(errs.NotFound, "events.error.not_registered")
	ErrEventCancelled     = errs.New(errs.Conflict, "events.error.cancelled")
)

// Counts are an event's registrations by status.
type Counts struct {
	Confirmed  int `json:"confirmed"`
	Waitlisted int `json:"waitlisted"`
	Pending    int `json:"pending"`
}

// Counts counts an event's confirmed, waitlisted and pending participants.
func (s *Service) Counts(ctx context.Context, eventID int64) (Counts, error) {
	c, err := seats.CountsOf(ctx, s.DB, Scope, eventID)
	if err != nil {
		return Counts{}, fmt.Errorf("events: count registrations of event %d: %w", eventID, err)
	}
	return Counts{Confirmed: c.Confirmed, Waitlisted: c.Waitlisted, Pending: c.Pending}, nil
}

// Status is a user's registration status for an event ("" when none).
func (s *Service) Status(ctx context.Context, eventID, userID int64) (string, error) {
	if userID == 0 {
		return "", nil
	}
	st, err := seats.Get(ctx, s.DB, Scope, eventID, userID)
	if errors.Is(err, seats.ErrNotHeld) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("events: registration of user %d for event %d: %w", userID, eventID, err)
	}
	return string(st.Status), nil
}

// Register registers a user for an event: confirmed while places last,
// then waitlisted (pending when the event is moderated), with a
// confirmation e-mail through the outbox in the same transaction.
func (s *Service) Register(ctx context.Context, eventID, userID int64) (status string, err error) {
	return s.RegisterWith(ctx, eventID, userID, nil)
}

// RegisterWith registers a user with answers to the event's custom fields
// (keyed f1, f2…); a required field left blank, an unknown key or an
// over-long answer is refused by field, before any seat is taken.
func (s *Service) RegisterWith(ctx context.Context, eventID, userID int64, answers map[string]string) (status string, err error) {
	defer errs.Wrap(&err, "events: register user %d for event %d", userID, eventID)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		e, err := s.get(ctx, tx, eventID)
		if err != nil {
			return err
		}
		now := s.Now()
		switch {
		case e.Cancelled():
			return ErrEventCancelled
		case !e.RegistrationCloses.IsZero() && now.After(e.RegistrationCloses), !now.Before(e.Ends):
			return ErrRegistrationClosed
		}
		clean, err := checkAnswers(e.Fields, answers)
		if err != nil {
			return err
		}
		seat, err := seats.Take(ctx, tx, Scope, eventID, userID, e.Capacity, e.Moderated)
		if errors.Is(err, seats.ErrAlreadyHeld) {
			return ErrAlreadyRegistered
		}
		if err != nil {
			return err
		}
		status = string(seat.Status)
		if len(e.Fields) > 0 {
			b, _ := json.Marshal(clean)
			if _, err := tx.ExecContext(ctx, `DELETE FROM events_answers WHERE event_id=$1 AND user_id=$2`, eventID, userID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO events_answers (event_id, user_id, answers) VALUES ($1,$2,$3)`, eventID, userID, string(b)); err != nil {
				return err
			}
		}
		if err := s.tell(ctx, tx, e, userID, status); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.registration.create", "events_event", eventID, nil, map[string]any{"user_id": userID, "status": status})
	})
	return status, err
}

// Unregister cancels a user's registration; the seats engine promotes
// whoever waits, and they are told by e-mail.
func (s *Service) Unregister(ctx context.Context, eventID, userID int64) (err error) {
	defer errs.Wrap(&err, "events: cancel registration of user %d for event %d", userID, eventID)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		e, err := s.get(ctx, tx, eventID)
		if err != nil {
			return err
		}
		promoted, err := seats.Cancel(ctx, tx, Scope, eventID, userID, e.Capacity)
		if errors.Is(err, seats.ErrNotHeld) {
			return ErrNotRegistered
		}
		if err != nil {
			return err
		}
		if err := s.tell(ctx, tx, e, userID, Withdrawn); err != nil {
			return err
		}
		var ids []int64
		for _, p := range promoted {
			ids = append(ids, p.UserID)
			if err := s.tell(ctx, tx, e, p.UserID, "promoted"); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "events.registration.cancel", "events_event", eventID, map[string]any{"user_id": userID}, map[string]any{"promoted": ids})
	})
}

func checkAnswers(fields []Field, answers map[string]string) (map[string]string, error) {
	bad := errs.Fields{}
	known := map[string]bool{}
	out := map[string]string{}
	for _, f := range fields {
		known[f.Key] = true
		v := strings.TrimSpace(answers[f.Key])
		if f.Required && v == "" {
			bad.Add(f.Key, "events.error.answer_required")
		}
		if utf8.RuneCountInString(v) > MaxAnswer {
			bad.Add(f.Key, "events.error.answer_long")
		}
		out[f.Key] = v
	}
	for k := range answers {
		if !known[k] {
			bad.Add(k, "events.error.answer_unknown")
		}
	}
	return out, bad.Err()
}

// ErrNotPending: approving or rejecting a registration that awaits no
// decision.
var ErrNotPending = errs.New(errs.Conflict, "events.error.not_pending")

// Decide approves (a place, or the waiting list when full) or rejects a
// pending registration of a moderated event, and tells the participant.
func (s *Service) Decide(ctx context.Context, eventID, userID int64, approve bool) (status string, err error) {
	defer errs.Wrap(&err, "events: decide on user %d for event %d", userID, eventID)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		e, err := s.get(ctx, tx, eventID)
		if err != nil {
			return err
		}
		var seat seats.Seat
		action := "events.registration.approve"
		if approve {
			seat, err = seats.Approve(ctx, tx, Scope, eventID, userID, e.Capacity)
		} else {
			action = "events.registration.reject"
			seat, err = seats.Reject(ctx, tx, Scope, eventID, userID)
		}
		if errors.Is(err, seats.ErrNotPending) || errors.Is(err, seats.ErrNotHeld) {
			return ErrNotPending
		}
		if err != nil {
			return err
		}
		status = string(seat.Status)
		if err := s.tell(ctx, tx, e, userID, status); err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, "events_event", eventID, map[string]any{"user_id": userID, "status": Pending}, map[string]any{"user_id": userID, "status": status})
	})
	return status, err
}

// tell queues the e-mail for a registration change, in the user's
// language.
func (s *Service) tell(ctx context.Context, tx db.Tx, e Event, userID int64, what string) error {
	var email, lang string
	if err := tx.QueryRowContext(ctx, `SELECT email, COALESCE(lang, '') FROM users WHERE id = $1`, userID).Scan(&email, &lang); err != nil {
		return fmt.Errorf("events: e-mail of user %d: %w", userID, err)
	}
	subject, body := registrationMail(e, lang, what)
	_, err := mail.Enqueue(ctx, tx, email, subject, body)
	return err
}

// MyEvents lists the events a user holds a confirmed place in, soonest
// first.
func (s *Service) MyEvents(ctx context.Context, userID int64) ([]Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+prefixed("e.", eventCols)+` FROM events_events e JOIN seats r ON r.scope = 'events.event' AND r.scope_id = e.id
		WHERE r.user_id = $1 AND r.status = 'confirmed' ORDER BY e.starts_at, e.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("events: events of user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Participant is a registration as the organisers' list shows it.
type Participant struct {
	UserID              int64
	Name, Email, Status string
	Registered          int64
	Answers             map[string]string
}

// Participants lists an event's registrations in queue order.
func (s *Service) Participants(ctx context.Context, eventID int64) ([]Participant, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT u.id, u.name, u.email, r.status, r.created_at, COALESCE(a.answers, '{}') FROM seats r JOIN users u ON u.id = r.user_id
		LEFT JOIN events_answers a ON a.event_id = r.scope_id AND a.user_id = r.user_id
		WHERE r.scope = 'events.event' AND r.scope_id = $1 ORDER BY CASE r.status WHEN 'confirmed' THEN 0 WHEN 'pending' THEN 1 WHEN 'waitlisted' THEN 2 ELSE 3 END, r.pos, r.id`, eventID)
	if err != nil {
		return nil, fmt.Errorf("events: participants of event %d: %w", eventID, err)
	}
	defer rows.Close()
	var out []Participant
	for rows.Next() {
		var p Participant
		var answers string
		if err := rows.Scan(&p.UserID, &p.Name, &p.Email, &p.Status, &p.Registered, &answers); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &p.Answers); err != nil {
			return nil, fmt.Errorf("events: answers of user %d: %w", p.UserID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func prefixed(p, cols string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", "
		}
		out += p + c
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	cur := ""
	for _, r := range cols {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ', '\n', '\t':
		default:
			cur += string(r)
		}
	}
	return append(out, cur)
}

// NewFeed makes (or replaces, revoking the old one) a user's secret "my
// events" feed token and returns it; only its hash is stored.
func (s *Service) NewFeed(ctx context.Context, userID int64) (token string, err error) {
	defer errs.Wrap(&err, "events: new feed for user %d", userID)
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM events_feeds WHERE user_id=$1`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO events_feeds (user_id, token_hash, created_at) VALUES ($1,$2,$3)`, userID, hashToken(token), s.Now().Unix()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.feed.create", "user", userID, nil, nil)
	})
	return token, err
}

// RevokeFeed deletes a user's feed token: the old URL stops working.
func (s *Service) RevokeFeed(ctx context.Context, userID int64) (err error) {
	defer errs.Wrap(&err, "events: revoke feed of user %d", userID)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM events_feeds WHERE user_id=$1`, userID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.feed.revoke", "user", userID, nil, nil)
	})
}

// HasFeed reports whether a user has a feed URL.
func (s *Service) HasFeed(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM events_feeds WHERE user_id=$1`, userID).Scan(&n)
	return n > 0, err
}

// FeedUser finds the user whose feed token this is (ErrNotFound when
// none, or revoked).
func (s *Service) FeedUser(ctx context.Context, token string) (int64, error) {
	var id int64
	err := s.DB.QueryRowContext(ctx, `SELECT user_id FROM events_feeds WHERE token_hash=$1`, hashToken(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

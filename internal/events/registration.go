package events

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Registration statuses.
const (
	Confirmed  = "confirmed"
	Waitlisted = "waitlisted"
	Pending    = "pending"
	Withdrawn  = "cancelled"
)

// Seats is what registration needs of the shared seats engine: it
// decides, inside the caller's transaction, whether a holder gets one of
// a pool's places or a waiting-list position, and on release whom it
// promotes. Events keeps no capacity logic of its own; until the engine
// is wired (Service.Seats nil) registration answers "unavailable".
type Seats interface {
	// Claim gives holder a place in pool (capacity places; 0: no limit)
	// and returns Confirmed or Waitlisted.
	Claim(ctx context.Context, tx db.Tx, pool string, capacity int, holder int64) (string, error)
	// Release frees holder's place or waiting position and returns the
	// holders promoted to a place.
	Release(ctx context.Context, tx db.Tx, pool string, holder int64) ([]int64, error)
}

// Errors of registration.
var (
	ErrRegistrationUnavailable = errs.New(errs.Conflict, "events.error.registration_unavailable")
	ErrRegistrationClosed      = errs.New(errs.Conflict, "events.error.registration_closed")
	ErrAlreadyRegistered       = errs.New(errs.Conflict, "events.error.already_registered")
	ErrNotRegistered           = errs.New(errs.NotFound, "events.error.not_registered")
	ErrEventCancelled          = errs.New(errs.Conflict, "events.error.cancelled")
)

// Pool is the seats engine's name for an event's places.
func Pool(eventID int64) string { return fmt.Sprintf("events:event:%d", eventID) }

// Counts are an event's registrations by status.
type Counts struct {
	Confirmed  int `json:"confirmed"`
	Waitlisted int `json:"waitlisted"`
}

// Counts counts an event's confirmed and waitlisted participants.
func (s *Service) Counts(ctx context.Context, eventID int64) (Counts, error) {
	var c Counts
	err := s.DB.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0)
		FROM events_registrations WHERE event_id = $1`, eventID).Scan(&c.Confirmed, &c.Waitlisted)
	if err != nil {
		return c, fmt.Errorf("events: count registrations of event %d: %w", eventID, err)
	}
	return c, nil
}

// Status is a user's registration status for an event ("" when none).
func (s *Service) Status(ctx context.Context, eventID, userID int64) (string, error) {
	if userID == 0 {
		return "", nil
	}
	var st string
	err := s.DB.QueryRowContext(ctx, `SELECT status FROM events_registrations WHERE event_id = $1 AND user_id = $2`, eventID, userID).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("events: registration of user %d for event %d: %w", userID, eventID, err)
	}
	return st, nil
}

// Register registers a user for an event through the seats engine.
func (s *Service) Register(ctx context.Context, eventID, userID int64) (status string, err error) {
	defer errs.Wrap(&err, "events: register user %d for event %d", userID, eventID)
	if s.Seats == nil {
		return "", ErrRegistrationUnavailable
	}
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
		var prev string
		err = tx.QueryRowContext(ctx, `SELECT status FROM events_registrations WHERE event_id=$1 AND user_id=$2`, eventID, userID).Scan(&prev)
		if err == nil && prev != Withdrawn {
			return ErrAlreadyRegistered
		}
		if status, err = s.Seats.Claim(ctx, tx, Pool(eventID), e.Capacity, userID); err != nil {
			return err
		}
		if prev == "" {
			_, err = tx.ExecContext(ctx, `INSERT INTO events_registrations (event_id, user_id, status, created_at, updated_at) VALUES ($1,$2,$3,$4,$4)`, eventID, userID, status, now.Unix())
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE events_registrations SET status=$3, updated_at=$4 WHERE event_id=$1 AND user_id=$2`, eventID, userID, status, now.Unix())
		}
		if db.IsUniqueViolation(err) {
			return ErrAlreadyRegistered
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.registration.create", "events_event", eventID, nil, map[string]any{"user_id": userID, "status": status})
	})
	return status, err
}

// Unregister cancels a user's registration; the seats engine promotes
// whoever waits.
func (s *Service) Unregister(ctx context.Context, eventID, userID int64) (err error) {
	defer errs.Wrap(&err, "events: cancel registration of user %d for event %d", userID, eventID)
	if s.Seats == nil {
		return ErrRegistrationUnavailable
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		var prev string
		err := tx.QueryRowContext(ctx, `SELECT status FROM events_registrations WHERE event_id=$1 AND user_id=$2`, eventID, userID).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) || prev == Withdrawn {
			return ErrNotRegistered
		}
		if err != nil {
			return err
		}
		promoted, err := s.Seats.Release(ctx, tx, Pool(eventID), userID)
		if err != nil {
			return err
		}
		now := s.Now().Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE events_registrations SET status=$3, updated_at=$4 WHERE event_id=$1 AND user_id=$2`, eventID, userID, Withdrawn, now); err != nil {
			return err
		}
		for _, p := range promoted {
			if _, err := tx.ExecContext(ctx, `UPDATE events_registrations SET status=$3, updated_at=$4 WHERE event_id=$1 AND user_id=$2`, eventID, p, Confirmed, now); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "events.registration.cancel", "events_event", eventID, map[string]any{"user_id": userID, "status": prev}, map[string]any{"promoted": promoted})
	})
}

// MyEvents lists the events a user is registered for (not cancelled
// registrations), soonest first, with the user's status.
func (s *Service) MyEvents(ctx context.Context, userID int64) ([]Event, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+prefixed("e.", eventCols)+` FROM events_events e JOIN events_registrations r ON r.event_id = e.id
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

func prefixed(p, cols string) string {
	var out []byte
	for i, c := range splitCols(cols) {
		if i > 0 {
			out = append(out, ", "...)
		}
		out = append(out, p+c...)
	}
	return string(out)
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

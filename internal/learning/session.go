package learning

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/seats"
)

// SeatScope names training sessions in the shared seats table.
const SeatScope = "training.session"

// Session is a dated training session, in person or online, tied to a
// course (CourseID, the course's family) or standalone (0).
type Session struct {
	ID          int64  `json:"id"`
	CourseID    int64  `json:"course_id,omitempty"`
	CourseTitle string `json:"course_title,omitempty"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Venue       string `json:"venue,omitempty"`
	Address     string `json:"address,omitempty"`
	// OnlineURL is the video link; callers show it only to confirmed
	// learners and trainers (Redact).
	OnlineURL string    `json:"online_url,omitempty"`
	Online    bool      `json:"online"`
	Starts    time.Time `json:"starts"`
	Ends      time.Time `json:"ends"`
	TZ        string    `json:"tz"`
	// Capacity 0 means unlimited.
	Capacity      int  `json:"capacity"`
	NeedsApproval bool `json:"needs_approval"`
	// CountsForCourse: attending is part of the course's completion.
	CountsForCourse bool      `json:"counts_for_course"`
	Sequence        int64     `json:"sequence"`
	Cancelled       bool      `json:"cancelled"`
	Updated         time.Time `json:"updated"`
	Confirmed       int       `json:"confirmed"`
	Waitlisted      int       `json:"waitlisted"`
	Pending         int       `json:"pending"`
}

// Location is the session's time zone (UTC when unknown).
func (s Session) Location() *time.Location {
	if loc, err := time.LoadLocation(s.TZ); err == nil {
		return loc
	}
	return time.UTC
}

// Redact removes what only confirmed learners and trainers may read.
func (s Session) Redact() Session {
	s.OnlineURL = ""
	return s
}

// SessionInput is what a trainer writes for a session.
type SessionInput struct {
	CourseID        int64
	Title           string
	Description     string
	Venue           string
	Address         string
	OnlineURL       string
	Starts, Ends    time.Time
	TZ              string
	Capacity        int
	NeedsApproval   bool
	CountsForCourse bool
}

// Session errors people see.
var (
	ErrSessionCancelled    = errs.New(errs.Conflict, "learning.error.session_cancelled")
	ErrSessionStarted      = errs.New(errs.Conflict, "learning.error.session_started")
	ErrSessionEnrolled     = errs.New(errs.Conflict, "learning.error.session_already_enrolled")
	ErrSessionNotEnrolled  = errs.New(errs.Conflict, "learning.error.session_not_enrolled")
	ErrSessionNotConfirmed = errs.New(errs.Conflict, "learning.error.session_not_confirmed")
	ErrSessionNotPending   = errs.New(errs.Conflict, "learning.error.session_not_pending")
	ErrSessionNotStarted   = errs.New(errs.Conflict, "learning.error.session_not_started")
)

// MaxCapacity bounds a session's seats.
const MaxCapacity = 100000

func (s *Service) checkSession(ctx context.Context, q db.Querier, in *SessionInput) error {
	bad := errs.Fields{}
	in.Title, in.Venue, in.Address = strings.TrimSpace(in.Title), strings.TrimSpace(in.Venue), strings.TrimSpace(in.Address)
	in.OnlineURL, in.TZ = strings.TrimSpace(in.OnlineURL), strings.TrimSpace(in.TZ)
	switch {
	case in.Title == "":
		bad["title"] = "learning.error.title_required"
	case len(in.Title) > MaxTitle:
		bad["title"] = "learning.error.too_long"
	}
	if len(in.Description) > MaxSummary || len(in.Venue) > MaxTitle || len(in.Address) > MaxTitle {
		bad["description"] = "learning.error.too_long"
	}
	if in.TZ == "" {
		in.TZ = "UTC"
	}
	if _, err := time.LoadLocation(in.TZ); err != nil || len(in.TZ) > 64 {
		bad["tz"] = "learning.error.session_tz"
	}
	switch {
	case in.Starts.IsZero():
		bad["starts"] = "learning.error.session_starts"
	case in.Ends.IsZero() || !in.Ends.After(in.Starts):
		bad["ends"] = "learning.error.session_ends"
	case in.Ends.Sub(in.Starts) > 31*24*time.Hour:
		bad["ends"] = "learning.error.session_too_long"
	}
	if in.OnlineURL != "" {
		u, err := url.Parse(in.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.OnlineURL) > 2000 {
			bad["online_url"] = "learning.error.session_url"
		}
	}
	if in.OnlineURL == "" && in.Venue == "" {
		bad["venue"] = "learning.error.session_place"
	}
	if in.Capacity < 0 || in.Capacity > MaxCapacity {
		bad["capacity"] = "learning.error.session_capacity"
	}
	if in.CourseID != 0 {
		c, err := s.courseRow(ctx, q, in.CourseID)
		if errors.Is(err, ErrNotFound) {
			bad["course_id"] = "learning.error.session_course"
		} else if err != nil {
			return err
		} else {
			in.CourseID = c.Family
		}
	}
	if in.CourseID == 0 {
		in.CountsForCourse = false
	}
	return bad.Err()
}

const sessionCols = `s.id, COALESCE(s.course_id, 0), COALESCE(c.title, ''), s.title, s.description, s.venue, s.address, s.online_url, s.starts_at, s.ends_at, s.tz,
	s.capacity, s.needs_approval, s.counts, s.sequence, s.cancelled_at, s.updated_at,
	(SELECT COUNT(*) FROM seats WHERE scope = 'training.session' AND scope_id = s.id AND status = 'confirmed'),
	(SELECT COUNT(*) FROM seats WHERE scope = 'training.session' AND scope_id = s.id AND status = 'waitlisted'),
	(SELECT COUNT(*) FROM seats WHERE scope = 'training.session' AND scope_id = s.id AND status = 'pending')`

const sessionFrom = ` FROM learning_sessions s LEFT JOIN learning_courses c ON c.id = s.course_id`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var x Session
	var starts, ends, cancelled, updated int64
	var approval, counts int
	err := row.Scan(&x.ID, &x.CourseID, &x.CourseTitle, &x.Title, &x.Description, &x.Venue, &x.Address, &x.OnlineURL, &starts, &ends, &x.TZ,
		&x.Capacity, &approval, &counts, &x.Sequence, &cancelled, &updated, &x.Confirmed, &x.Waitlisted, &x.Pending)
	x.Starts, x.Ends, x.Updated = time.Unix(starts, 0).UTC(), time.Unix(ends, 0).UTC(), time.Unix(updated, 0).UTC()
	x.NeedsApproval, x.CountsForCourse, x.Cancelled = approval == 1, counts == 1, cancelled != 0
	x.Online = x.OnlineURL != ""
	return x, err
}

func (s *Service) sessionRow(ctx context.Context, q db.Querier, id int64) (Session, error) {
	x, err := scanSession(q.QueryRowContext(ctx, `SELECT `+sessionCols+sessionFrom+` WHERE s.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	return x, err
}

// Session reads a session with its seat counts (the video link included:
// the caller redacts it).
func (s *Service) Session(ctx context.Context, id int64) (_ Session, err error) {
	defer errs.Wrap(&err, "learning: session %d", id)
	return s.sessionRow(ctx, s.DB, id)
}

// Sessions lists upcoming sessions (not yet ended, soonest first) or past
// ones (latest first).
func (s *Service) Sessions(ctx context.Context, past bool, limit int) (_ []Session, err error) {
	defer errs.Wrap(&err, "learning: sessions")
	where := ` WHERE s.ends_at >= $1 ORDER BY s.starts_at, s.id LIMIT $2`
	if past {
		where = ` WHERE s.ends_at < $1 ORDER BY s.starts_at DESC, s.id DESC LIMIT $2`
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+sessionCols+sessionFrom+where, s.now(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// CourseSessions lists a course family's sessions that have not ended,
// soonest first.
func (s *Service) CourseSessions(ctx context.Context, family int64) (_ []Session, err error) {
	defer errs.Wrap(&err, "learning: sessions of course %d", family)
	rows, err := s.DB.QueryContext(ctx, `SELECT `+sessionCols+sessionFrom+` WHERE s.course_id = $1 AND s.ends_at >= $2 AND s.cancelled_at = 0 ORDER BY s.starts_at, s.id LIMIT 50`, family, s.now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// CreateSession adds a session.
func (s *Service) CreateSession(ctx context.Context, in SessionInput, by int64) (_ Session, err error) {
	defer errs.Wrap(&err, "learning: create session")
	if err := s.checkSession(ctx, s.DB, &in); err != nil {
		return Session{}, err
	}
	var x Session
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		now := s.now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO learning_sessions (course_id, title, description, venue, address, online_url, starts_at, ends_at, tz,
			capacity, needs_approval, counts, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			nullID(in.CourseID), in.Title, in.Description, in.Venue, in.Address, in.OnlineURL, in.Starts.Unix(), in.Ends.Unix(), in.TZ,
			in.Capacity, boolInt(in.NeedsApproval), boolInt(in.CountsForCourse), nullID(by), now).Scan(&id); err != nil {
			return err
		}
		var err error
		if x, err = s.sessionRow(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.session.create", "learning_session", id, nil, x)
	})
	return x, err
}

// UpdateSession changes a session: its sequence goes up (calendars replace
// their copy), seats freed by a larger capacity go to the waitlist, and
// every learner holding or awaiting a seat is told by e-mail.
func (s *Service) UpdateSession(ctx context.Context, id int64, in SessionInput) (_ Session, err error) {
	defer errs.Wrap(&err, "learning: update session %d", id)
	if err := s.checkSession(ctx, s.DB, &in); err != nil {
		return Session{}, err
	}
	var x Session
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		before, err := s.sessionRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Cancelled {
			return ErrSessionCancelled
		}
		if _, err := tx.ExecContext(ctx, `UPDATE learning_sessions SET course_id = $1, title = $2, description = $3, venue = $4, address = $5, online_url = $6,
			starts_at = $7, ends_at = $8, tz = $9, capacity = $10, needs_approval = $11, counts = $12, sequence = sequence + 1, updated_at = $13,
			reminded_at = CASE WHEN starts_at = $7 THEN reminded_at ELSE 0 END WHERE id = $14`,
			nullID(in.CourseID), in.Title, in.Description, in.Venue, in.Address, in.OnlineURL, in.Starts.Unix(), in.Ends.Unix(), in.TZ,
			in.Capacity, boolInt(in.NeedsApproval), boolInt(in.CountsForCourse), s.now(), id); err != nil {
			return err
		}
		promoted, err := seats.Promote(ctx, tx, SeatScope, id, in.Capacity)
		if err != nil {
			return err
		}
		if x, err = s.sessionRow(ctx, tx, id); err != nil {
			return err
		}
		if err := s.mailSeats(ctx, tx, x, "changed", seats.Confirmed, seats.Waitlisted, seats.Pending); err != nil {
			return err
		}
		for _, p := range promoted {
			if err := s.mailLearner(ctx, tx, x, p.UserID, "promoted"); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, "learning.session.update", "learning_session", id, before, x)
	})
	return x, err
}

// CancelSession cancels a session and tells everyone holding or awaiting
// a seat. The seats stay, so the roster remains readable.
func (s *Service) CancelSession(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "learning: cancel session %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE learning_sessions SET cancelled_at = $1, sequence = sequence + 1, updated_at = $1 WHERE id = $2 AND cancelled_at = 0`, s.now(), id)
		if err != nil {
			return err
		}
		x, err := s.sessionRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrSessionCancelled
		}
		if err := s.mailSeats(ctx, tx, x, "cancelled", seats.Confirmed, seats.Waitlisted, seats.Pending); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.session.cancel", "learning_session", id, nil, map[string]any{"title": x.Title})
	})
}

// EnrolSession takes a seat in a session for userID: confirmed while seats
// remain, else waitlisted; pending when the session needs approval. A
// second enrolment is ErrSessionEnrolled and changes nothing.
func (s *Service) EnrolSession(ctx context.Context, id, userID int64) (_ seats.Seat, err error) {
	defer errs.Wrap(&err, "learning: enrol session %d", id)
	var seat seats.Seat
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		x, err := s.sessionRow(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case x.Cancelled:
			return ErrSessionCancelled
		case !s.Now().Before(x.Starts):
			return ErrSessionStarted
		}
		seat, err = seats.Take(ctx, tx, SeatScope, id, userID, x.Capacity, x.NeedsApproval)
		if errors.Is(err, seats.ErrAlreadyHeld) {
			return ErrSessionEnrolled
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.session.enrol", "learning_session", id, nil, map[string]any{"user": userID, "status": seat.Status})
	})
	return seat, err
}

// LeaveSession cancels userID's seat; the first waitlisted learners take
// the freed seat and are told by e-mail.
func (s *Service) LeaveSession(ctx context.Context, id, userID int64) (err error) {
	defer errs.Wrap(&err, "learning: leave session %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		x, err := s.sessionRow(ctx, tx, id)
		if err != nil {
			return err
		}
		promoted, err := seats.Cancel(ctx, tx, SeatScope, id, userID, x.Capacity)
		if errors.Is(err, seats.ErrNotHeld) {
			return ErrSessionNotEnrolled
		}
		if err != nil {
			return err
		}
		if !x.Cancelled {
			for _, p := range promoted {
				if err := s.mailLearner(ctx, tx, x, p.UserID, "promoted"); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, "learning.session.leave", "learning_session", id, nil, map[string]any{"user": userID, "promoted": len(promoted)})
	})
}

// DecideSeat approves or rejects a learner's pending seat (trainers).
func (s *Service) DecideSeat(ctx context.Context, id, userID int64, approve bool) (_ seats.Seat, err error) {
	defer errs.Wrap(&err, "learning: decide seat in session %d", id)
	var seat seats.Seat
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		x, err := s.sessionRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if x.Cancelled {
			return ErrSessionCancelled
		}
		if approve {
			seat, err = seats.Approve(ctx, tx, SeatScope, id, userID, x.Capacity)
		} else {
			seat, err = seats.Reject(ctx, tx, SeatScope, id, userID)
		}
		if errors.Is(err, seats.ErrNotPending) || errors.Is(err, seats.ErrNotHeld) {
			return ErrSessionNotPending
		}
		if err != nil {
			return err
		}
		if err := s.mailLearner(ctx, tx, x, userID, string(seat.Status)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "learning.session.decide", "learning_session", id, nil, map[string]any{"user": userID, "status": seat.Status})
	})
	return seat, err
}

// SessionSeat is userID's seat in a session (seats.ErrNotHeld wrapped as
// ErrSessionNotEnrolled when none).
func (s *Service) SessionSeat(ctx context.Context, id, userID int64) (seats.Seat, int, error) {
	seat, err := seats.Get(ctx, s.DB, SeatScope, id, userID)
	if errors.Is(err, seats.ErrNotHeld) {
		return seats.Seat{}, 0, ErrSessionNotEnrolled
	}
	if err != nil {
		return seats.Seat{}, 0, fmt.Errorf("learning: seat in session %d: %w", id, err)
	}
	place, err := seats.WaitlistPlace(ctx, s.DB, seat)
	return seat, place, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

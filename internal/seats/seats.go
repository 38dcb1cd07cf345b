// Package seats keeps capacity, waitlists and automatic promotion for any
// thing people take a place in: training sessions now, event registrations
// later. A thing is named by a scope ("training.session") and its id; the
// caller owns the thing and passes its capacity on every call, so a change
// of capacity needs no copy here.
//
// Every function takes the caller's transaction (a db.Querier) so that the
// seat, the caller's audit entry and its e-mails commit together. Functions
// that change seats first lock the thing's row in seat_scopes (an upsert:
// a row lock on PostgreSQL; SQLite has one writer), so concurrent takes
// never overbook on either engine.
//
// Statuses: a seat is confirmed (holds one of the capacity), waitlisted
// (queued for a seat), pending (awaiting approval, holds nothing),
// cancelled or rejected. Capacity 0 means unlimited.
package seats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"corridor/internal/db"
)

// Status of a seat.
type Status string

const (
	Confirmed  Status = "confirmed"
	Waitlisted Status = "waitlisted"
	Pending    Status = "pending"
	Cancelled  Status = "cancelled"
	Rejected   Status = "rejected"
)

// Active reports whether a seat with this status is still held or queued.
func (s Status) Active() bool { return s == Confirmed || s == Waitlisted || s == Pending }

var (
	// ErrAlreadyHeld: the user already has a confirmed, waitlisted or
	// pending seat in this thing. Nothing was changed.
	ErrAlreadyHeld = errors.New("seats: already enrolled")
	// ErrNotHeld: the user has no active seat to cancel.
	ErrNotHeld = errors.New("seats: no active seat")
	// ErrNotPending: approve or reject of a seat that awaits no approval.
	ErrNotPending = errors.New("seats: seat is not awaiting approval")
)

// Seat is one user's place in one thing.
type Seat struct {
	ID      int64
	Scope   string
	ScopeID int64
	UserID  int64
	Status  Status
	// Pos orders the waitlist (smaller is served first).
	Pos     int64
	Created time.Time
	Updated time.Time
}

// Counts are the seats of one thing by status.
type Counts struct {
	Confirmed, Waitlisted, Pending int
}

// Free is how many seats remain under capacity (-1 when unlimited).
func (c Counts) Free(capacity int) int {
	if capacity <= 0 {
		return -1
	}
	return max(capacity-c.Confirmed, 0)
}

const seatCols = `id, scope, scope_id, user_id, status, pos, created_at, updated_at`

func scanSeat(row interface{ Scan(...any) error }) (Seat, error) {
	var s Seat
	var created, updated int64
	err := row.Scan(&s.ID, &s.Scope, &s.ScopeID, &s.UserID, &s.Status, &s.Pos, &created, &updated)
	s.Created, s.Updated = time.Unix(created, 0).UTC(), time.Unix(updated, 0).UTC()
	return s, err
}

// lock takes the thing's lock for the rest of tx and returns the next queue
// position.
func lock(ctx context.Context, tx db.Querier, scope string, id int64) (int64, error) {
	var pos int64
	err := tx.QueryRowContext(ctx, `INSERT INTO seat_scopes (scope, scope_id, next_pos) VALUES ($1, $2, 1)
		ON CONFLICT (scope, scope_id) DO UPDATE SET next_pos = seat_scopes.next_pos + 1
		RETURNING next_pos`, scope, id).Scan(&pos)
	return pos, err
}

// Take gives userID a seat: pending when needsApproval, else confirmed
// while confirmed seats are under capacity, else waitlisted. A user who
// already holds an active seat gets ErrAlreadyHeld; one whose seat was
// cancelled or rejected takes a new place at the end of the queue.
func Take(ctx context.Context, tx db.Querier, scope string, id, userID int64, capacity int, needsApproval bool) (Seat, error) {
	fail := func(err error) (Seat, error) {
		return Seat{}, fmt.Errorf("seats: take %s %d for user %d: %w", scope, id, userID, err)
	}
	pos, err := lock(ctx, tx, scope, id)
	if err != nil {
		return fail(err)
	}
	old, err := Get(ctx, tx, scope, id, userID)
	switch {
	case err == nil && old.Status.Active():
		return old, ErrAlreadyHeld
	case err != nil && !errors.Is(err, ErrNotHeld):
		return fail(err)
	}
	status := Pending
	if !needsApproval {
		if status, err = placeFor(ctx, tx, scope, id, capacity); err != nil {
			return fail(err)
		}
	}
	now := db.Now()
	row := tx.QueryRowContext(ctx, `INSERT INTO seats (scope, scope_id, user_id, status, pos, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (scope, scope_id, user_id) DO UPDATE SET status = $4, pos = $5, updated_at = $6
		RETURNING `+seatCols, scope, id, userID, string(status), pos, now)
	s, err := scanSeat(row)
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// placeFor is confirmed when a seat is free and nobody waits, else waitlisted.
func placeFor(ctx context.Context, tx db.Querier, scope string, id int64, capacity int) (Status, error) {
	c, err := CountsOf(ctx, tx, scope, id)
	if err != nil {
		return "", err
	}
	if capacity <= 0 || (c.Confirmed < capacity && c.Waitlisted == 0) {
		return Confirmed, nil
	}
	return Waitlisted, nil
}

// Cancel ends userID's active seat and, when it freed a confirmed seat,
// promotes the first waitlisted users into the free seats. It returns the
// promoted seats so the caller can tell them.
func Cancel(ctx context.Context, tx db.Querier, scope string, id, userID int64, capacity int) ([]Seat, error) {
	return end(ctx, tx, scope, id, userID, capacity, Cancelled, Status.Active)
}

// Approve turns a pending seat into confirmed when a seat is free (and
// nobody waits), else waitlisted.
func Approve(ctx context.Context, tx db.Querier, scope string, id, userID int64, capacity int) (Seat, error) {
	fail := func(err error) (Seat, error) {
		return Seat{}, fmt.Errorf("seats: approve %s %d for user %d: %w", scope, id, userID, err)
	}
	pos, err := lock(ctx, tx, scope, id)
	if err != nil {
		return fail(err)
	}
	old, err := Get(ctx, tx, scope, id, userID)
	if err != nil {
		return fail(err)
	}
	if old.Status != Pending {
		return old, ErrNotPending
	}
	status, err := placeFor(ctx, tx, scope, id, capacity)
	if err != nil {
		return fail(err)
	}
	s, err := scanSeat(tx.QueryRowContext(ctx, `UPDATE seats SET status = $1, pos = $2, updated_at = $3 WHERE id = $4 RETURNING `+seatCols,
		string(status), pos, db.Now(), old.ID))
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// Reject refuses a pending seat.
func Reject(ctx context.Context, tx db.Querier, scope string, id, userID int64) (Seat, error) {
	if _, err := end(ctx, tx, scope, id, userID, 0, Rejected, func(s Status) bool { return s == Pending }); err != nil {
		return Seat{}, err
	}
	return Get(ctx, tx, scope, id, userID)
}

func end(ctx context.Context, tx db.Querier, scope string, id, userID int64, capacity int, to Status, may func(Status) bool) ([]Seat, error) {
	fail := func(err error) ([]Seat, error) {
		return nil, fmt.Errorf("seats: %s %s %d for user %d: %w", to, scope, id, userID, err)
	}
	if _, err := lock(ctx, tx, scope, id); err != nil {
		return fail(err)
	}
	old, err := Get(ctx, tx, scope, id, userID)
	if err != nil {
		return nil, err
	}
	if !may(old.Status) {
		if to == Rejected {
			return nil, ErrNotPending
		}
		return nil, ErrNotHeld
	}
	if _, err := tx.ExecContext(ctx, `UPDATE seats SET status = $1, updated_at = $2 WHERE id = $3`, string(to), db.Now(), old.ID); err != nil {
		return fail(err)
	}
	if old.Status != Confirmed {
		return nil, nil
	}
	return promote(ctx, tx, scope, id, capacity)
}

// Promote fills free seats from the waitlist, first come first served, and
// returns the promoted seats. Call it after raising a thing's capacity.
func Promote(ctx context.Context, tx db.Querier, scope string, id int64, capacity int) ([]Seat, error) {
	if _, err := lock(ctx, tx, scope, id); err != nil {
		return nil, fmt.Errorf("seats: promote %s %d: %w", scope, id, err)
	}
	return promote(ctx, tx, scope, id, capacity)
}

func promote(ctx context.Context, tx db.Querier, scope string, id int64, capacity int) ([]Seat, error) {
	fail := func(err error) ([]Seat, error) {
		return nil, fmt.Errorf("seats: promote %s %d: %w", scope, id, err)
	}
	c, err := CountsOf(ctx, tx, scope, id)
	if err != nil {
		return fail(err)
	}
	free := c.Free(capacity)
	if free < 0 {
		free = c.Waitlisted
	}
	if free == 0 || c.Waitlisted == 0 {
		return nil, nil
	}
	ids, err := db.QueryIDs(ctx, tx, `SELECT id FROM seats WHERE scope = $1 AND scope_id = $2 AND status = 'waitlisted' ORDER BY pos, id LIMIT $3`, scope, id, free)
	if err != nil {
		return fail(err)
	}
	var out []Seat
	now := db.Now()
	for _, sid := range ids {
		s, err := scanSeat(tx.QueryRowContext(ctx, `UPDATE seats SET status = 'confirmed', updated_at = $1 WHERE id = $2 RETURNING `+seatCols, now, sid))
		if err != nil {
			return fail(err)
		}
		out = append(out, s)
	}
	return out, nil
}

// Get returns userID's seat in the thing, whatever its status, or ErrNotHeld.
func Get(ctx context.Context, q db.Querier, scope string, id, userID int64) (Seat, error) {
	s, err := scanSeat(q.QueryRowContext(ctx, `SELECT `+seatCols+` FROM seats WHERE scope = $1 AND scope_id = $2 AND user_id = $3`, scope, id, userID))
	if db.IsNoRows(err) {
		return Seat{}, ErrNotHeld
	}
	if err != nil {
		return Seat{}, fmt.Errorf("seats: get %s %d for user %d: %w", scope, id, userID, err)
	}
	return s, nil
}

// WaitlistPlace is the 1-based place of a waitlisted seat in its queue
// (0 for a seat that is not waitlisted).
func WaitlistPlace(ctx context.Context, q db.Querier, s Seat) (int, error) {
	if s.Status != Waitlisted {
		return 0, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM seats WHERE scope = $1 AND scope_id = $2 AND status = 'waitlisted' AND (pos < $3 OR (pos = $3 AND id <= $4))`,
		s.Scope, s.ScopeID, s.Pos, s.ID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("seats: waitlist place of seat %d: %w", s.ID, err)
	}
	return n, nil
}

// CountsOf counts the thing's seats by status.
func CountsOf(ctx context.Context, q db.Querier, scope string, id int64) (Counts, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM seats WHERE scope = $1 AND scope_id = $2 GROUP BY status`, scope, id)
	if err != nil {
		return Counts{}, fmt.Errorf("seats: count %s %d: %w", scope, id, err)
	}
	defer rows.Close()
	var c Counts
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return Counts{}, fmt.Errorf("seats: count %s %d: %w", scope, id, err)
		}
		switch Status(st) {
		case Confirmed:
			c.Confirmed = n
		case Waitlisted:
			c.Waitlisted = n
		case Pending:
			c.Pending = n
		}
	}
	return c, rows.Err()
}

// List returns the thing's seats with one of the statuses (all when none
// is given), in queue order.
func List(ctx context.Context, q db.Querier, scope string, id int64, statuses ...Status) ([]Seat, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+seatCols+` FROM seats WHERE scope = $1 AND scope_id = $2 ORDER BY pos, id`, scope, id)
	if err != nil {
		return nil, fmt.Errorf("seats: list %s %d: %w", scope, id, err)
	}
	defer rows.Close()
	var out []Seat
	for rows.Next() {
		s, err := scanSeat(rows)
		if err != nil {
			return nil, fmt.Errorf("seats: list %s %d: %w", scope, id, err)
		}
		if len(statuses) == 0 || contains(statuses, s.Status) {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}

func contains(list []Status, s Status) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

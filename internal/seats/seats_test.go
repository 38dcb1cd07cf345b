package seats_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/seats"
)

const scope = "test.thing"

func makeUsers(t *testing.T, d *db.DB, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		err := d.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at)
			VALUES ($1, $2, 'x', 'member', 'active', 0, 0) RETURNING id`, fmt.Sprintf("u%d@example.org", i), fmt.Sprintf("User %d", i)).Scan(&ids[i])
		if err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func take(t *testing.T, d *db.DB, user int64, capacity int, approval bool) seats.Seat {
	t.Helper()
	var s seats.Seat
	err := d.InTx(context.Background(), func(tx db.Tx) error {
		var err error
		s, err = seats.Take(context.Background(), tx, scope, 1, user, capacity, approval)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func counts(t *testing.T, d *db.DB, id int64) seats.Counts {
	t.Helper()
	c, err := seats.CountsOf(context.Background(), d, scope, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// 200 people take 50 seats at once: exactly 50 confirmed, 150 waitlisted,
// on both engines. On SQLite half of them go through a second handle on the
// same file, as a second process would, so SQLite's busy waiting is part of
// the test.
func TestConcurrentTakesNeverOverbook(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			dsn := dbtest.TestDSN(t, engine)
			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			other, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			users := makeUsers(t, d, 200)
			var wg sync.WaitGroup
			errs := make(chan error, len(users))
			for i, u := range users {
				h := d
				if i%2 == 1 {
					h = other
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- h.InTx(ctx, func(tx db.Tx) error {
						_, err := seats.Take(ctx, tx, scope, 7, u, 50, false)
						return err
					})
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if c := counts(t, d, 7); c.Confirmed != 50 || c.Waitlisted != 150 {
				t.Fatalf("counts = %+v, want 50 confirmed and 150 waitlisted", c)
			}
			// The waitlist order is the order seats were taken: positions
			// are unique and every waitlisted one is after every confirmed one.
			all, err := seats.List(ctx, d, scope, 7)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[int64]bool{}
			for i, s := range all {
				if seen[s.Pos] {
					t.Fatalf("position %d given twice", s.Pos)
				}
				seen[s.Pos] = true
				if want := seats.Confirmed; i >= 50 {
					want = seats.Waitlisted
					if s.Status != want {
						t.Fatalf("seat %d in queue order is %s, want %s", i, s.Status, want)
					}
				} else if s.Status != want {
					t.Fatalf("seat %d in queue order is %s, want %s", i, s.Status, want)
				}
			}
		})
	}
}

func TestSeatRules(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenTest(t, engine)
			u := makeUsers(t, d, 5)

			if s := take(t, d, u[0], 2, false); s.Status != seats.Confirmed {
				t.Fatalf("first take: %s", s.Status)
			}
			take(t, d, u[1], 2, false)
			if s := take(t, d, u[2], 2, false); s.Status != seats.Waitlisted {
				t.Fatalf("third take of two seats: %s", s.Status)
			}
			s3 := take(t, d, u[3], 2, false)
			if place, _ := seats.WaitlistPlace(ctx, d, s3); place != 2 {
				t.Fatalf("fourth take is %d on the waitlist, want 2", place)
			}

			// A double take is refused and changes nothing.
			before := counts(t, d, 1)
			err := d.InTx(ctx, func(tx db.Tx) error {
				_, err := seats.Take(ctx, tx, scope, 1, u[0], 2, false)
				return err
			})
			if !errors.Is(err, seats.ErrAlreadyHeld) {
				t.Fatalf("double take: %v, want ErrAlreadyHeld", err)
			}
			if after := counts(t, d, 1); after != before {
				t.Fatalf("double take changed counts %+v to %+v", before, after)
			}

			// Cancelling a confirmed seat promotes the first waitlisted.
			var promoted []seats.Seat
			err = d.InTx(ctx, func(tx db.Tx) (err error) {
				promoted, err = seats.Cancel(ctx, tx, scope, 1, u[0], 2)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(promoted) != 1 || promoted[0].UserID != u[2] || promoted[0].Status != seats.Confirmed {
				t.Fatalf("promoted = %+v, want user %d confirmed", promoted, u[2])
			}
			// Cancelling a waitlisted seat promotes nobody.
			err = d.InTx(ctx, func(tx db.Tx) (err error) {
				promoted, err = seats.Cancel(ctx, tx, scope, 1, u[3], 2)
				return err
			})
			if err != nil || len(promoted) != 0 {
				t.Fatalf("cancel waitlisted: %v %+v", err, promoted)
			}
			// Cancelling twice: no active seat.
			err = d.InTx(ctx, func(tx db.Tx) error {
				_, err := seats.Cancel(ctx, tx, scope, 1, u[3], 2)
				return err
			})
			if !errors.Is(err, seats.ErrNotHeld) {
				t.Fatalf("second cancel: %v", err)
			}
			// Taking again after a cancel queues at the end.
			if s := take(t, d, u[0], 2, false); s.Status != seats.Waitlisted {
				t.Fatalf("retake of a full thing: %s", s.Status)
			}

			// Raising the capacity promotes from the waitlist.
			err = d.InTx(ctx, func(tx db.Tx) (err error) {
				promoted, err = seats.Promote(ctx, tx, scope, 1, 3)
				return err
			})
			if err != nil || len(promoted) != 1 || promoted[0].UserID != u[0] {
				t.Fatalf("promote after raising capacity: %v %+v", err, promoted)
			}
			if c := counts(t, d, 1); c != (seats.Counts{Confirmed: 3}) {
				t.Fatalf("counts = %+v", c)
			}
		})
	}
}

func TestApproval(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenTest(t, engine)
			u := makeUsers(t, d, 3)
			for _, id := range u {
				if s := take(t, d, id, 1, true); s.Status != seats.Pending {
					t.Fatalf("take with approval: %s", s.Status)
				}
			}
			if c := counts(t, d, 1); c != (seats.Counts{Pending: 3}) {
				t.Fatalf("counts = %+v", c)
			}
			approve := func(id int64) (seats.Seat, error) {
				var s seats.Seat
				err := d.InTx(ctx, func(tx db.Tx) (err error) {
					s, err = seats.Approve(ctx, tx, scope, 1, id, 1)
					return err
				})
				return s, err
			}
			if s, err := approve(u[0]); err != nil || s.Status != seats.Confirmed {
				t.Fatalf("approve first: %v %s", err, s.Status)
			}
			if s, err := approve(u[1]); err != nil || s.Status != seats.Waitlisted {
				t.Fatalf("approve second of one seat: %v %s", err, s.Status)
			}
			if _, err := approve(u[1]); !errors.Is(err, seats.ErrNotPending) {
				t.Fatalf("approve twice: %v", err)
			}
			err := d.InTx(ctx, func(tx db.Tx) error {
				s, err := seats.Reject(ctx, tx, scope, 1, u[2])
				if err == nil && s.Status != seats.Rejected {
					err = fmt.Errorf("rejected seat is %s", s.Status)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if c := counts(t, d, 1); c != (seats.Counts{Confirmed: 1, Waitlisted: 1}) {
				t.Fatalf("counts = %+v", c)
			}
			// Unlimited capacity (0) confirms whoever takes a seat; a
			// rejected user may ask again.
			if s := take(t, d, u[2], 0, false); s.Status != seats.Confirmed {
				t.Fatalf("retake with unlimited capacity: %s", s.Status)
			}
		})
	}
}

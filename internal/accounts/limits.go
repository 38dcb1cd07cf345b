package accounts

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/errs"
)

// Limit is a rate limit: at most Max hits per key in a fixed Window.
// Counters live in the database, so every process sees the same counts.
type Limit struct {
	Name   string // prefixes the key, e.g. "login-ip"
	Max    int
	Window time.Duration
	// Message is the catalog key of the refusal.
	Message string
}

// The limits. Login is limited per account and address (an attacker at one
// address cannot lock the owner out elsewhere), per address (one address
// trying many accounts) and per account over every address (guessing spread
// over many addresses), the last one high and short so that it slows such
// guessing without locking the owner out for long. A successful login gives
// back its hits, so only failures and attempts in flight count.
var (
	LoginPerAccountAddress = Limit{"login-account-address", 5, 15 * time.Minute, "error.too_many_logins"}
	LoginPerAddress        = Limit{"login-address", 20, 15 * time.Minute, "error.too_many_logins"}
	LoginPerAccount        = Limit{"login-account", 50, 15 * time.Minute, "error.too_many_logins"}

	// Each request may queue a mail: bound what one address, or one
	// target address, can make Corridor send.
	ForgotPerAddress = Limit{"forgot-address", 10, time.Hour, "error.too_many_requests"}
	ForgotPerEmail   = Limit{"forgot-email", 3, time.Hour, "error.too_many_requests"}
	SignupPerAddress = Limit{"signup-address", 10, time.Hour, "error.too_many_requests"}
	SignupPerEmail   = Limit{"signup-email", 3, time.Hour, "error.too_many_requests"}

	APITokensPerAccount = Limit{"api-token-account", 20, time.Hour, "error.too_many_requests"}
)

// rateLimitsKept is how long an idle counter stays before it is purged.
const rateLimitsKept = 24 * time.Hour

// Take counts one hit on l for subject and refuses (errs.TooMany) when it
// is over the limit. Counting and reading the count are one statement, so
// parallel requests each see their own count.
func (s *Service) Take(ctx context.Context, l Limit, subject string) error {
	hits, err := s.take(ctx, s.DB, l, subject)
	if err != nil {
		return err
	}
	if hits > l.Max {
		return &errs.Error{Kind: errs.TooMany, Message: l.Message}
	}
	return nil
}

// Hit is one count to take: a limit and what it counts (an address, an
// e-mail address, an account id).
type Hit struct {
	Limit   Limit
	Subject string
}

// TakeAll takes hits in order and stops at the first refusal, so that a
// refused request does not count against the later limits (a blocked
// address cannot push up an account's own counter).
func (s *Service) TakeAll(ctx context.Context, hits ...Hit) error {
	for _, h := range hits {
		if err := s.Take(ctx, h.Limit, h.Subject); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) take(ctx context.Context, q db.Querier, l Limit, subject string) (int, error) {
	now := s.Now().Unix()
	var hits int
	err := q.QueryRowContext(ctx, `INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
		RETURNING hits`, limitKey(l, subject), now, now-int64(l.Window.Seconds())).Scan(&hits)
	if err != nil {
		return 0, fmt.Errorf("accounts: rate limit %s: %w", l.Name, err)
	}
	return hits, nil
}

// giveBack returns a hit taken on l (a login that succeeded).
func (s *Service) giveBack(ctx context.Context, q db.Querier, l Limit, subject string) error {
	_, err := q.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0`, limitKey(l, subject))
	return err
}

// clearLimit forgets every hit on l for subject.
func (s *Service) clearLimit(ctx context.Context, q db.Querier, l Limit, subject string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, limitKey(l, subject))
	return err
}

// limitKey is the counter's key. Subjects come from requests (a login
// form's e-mail field can be any length): long ones are hashed, so that a
// key always fits the index.
func limitKey(l Limit, subject string) string {
	if len(subject) > maxSubjectBytes {
		subject = "sha256:" + HashToken(subject)
	}
	return l.Name + ":" + subject
}

const maxSubjectBytes = 320

// PurgeRateLimits deletes counters whose window ended long ago.
func (s *Service) PurgeRateLimits(ctx context.Context) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, s.Now().Add(-rateLimitsKept).Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

package accounts

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// loginAttemptsKept is how long the log of login attempts is kept.
const loginAttemptsKept = 24 * time.Hour

// Login checks credentials and opens a session. Before checking the
// password it takes a hit on each login limit (see LoginPerAccountAddress),
// and refuses without checking once one is over: the count and the check are
// one statement, so parallel attempts cannot all pass on a stale count.
func (s *Service) Login(ctx context.Context, email, password, ip, userAgent string) (*User, string, error) {
	email = NormalizeEmail(email)
	now := s.Now()
	hits := []Hit{{LoginPerAddress, ip}, {LoginPerAccountAddress, email + "|" + ip}, {LoginPerAccount, email}}
	if err := s.TakeAll(ctx, hits...); err != nil {
		return nil, "", err
	}
	u, err := s.ByEmail(ctx, email)
	hash := dummyHash()
	if err == nil {
		hash = u.passwordHash
	}
	ok, _ := CheckPassword(hash, password)
	success := 0
	if ok && u != nil {
		success = 1
	}
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO login_attempts (email, ip, at, success) VALUES ($1, $2, $3, $4)`, truncate(email, 320), truncate(ip, 100), now.Unix(), success); err != nil {
		return nil, "", err
	}
	if success == 0 {
		return nil, "", errs.New(errs.Unauthorized, "error.bad_credentials")
	}
	switch u.Status {
	case StatusPending:
		return nil, "", errs.New(errs.Forbidden, "error.account_pending")
	case StatusUnconfirmed:
		return nil, "", errs.New(errs.Forbidden, "error.account_unconfirmed")
	case StatusDisabled:
		return nil, "", errs.New(errs.Forbidden, "error.account_disabled")
	}
	var token string
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if token, err = s.openSession(ctx, tx, u.ID, ip, userAgent); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_attempts WHERE at < $1`, now.Add(-loginAttemptsKept).Unix()); err != nil {
			return err
		}
		// Success gives its hits back: only failures count against the
		// account and the address, and the owner starts afresh here.
		for _, h := range hits {
			if h.Limit == LoginPerAccountAddress {
				err = s.clearLimit(ctx, tx, h.Limit, h.Subject)
			} else {
				err = s.giveBack(ctx, tx, h.Limit, h.Subject)
			}
			if err != nil {
				return err
			}
		}
		return audit.Record(audit.WithActor(ctx, audit.Actor{ID: u.ID, Label: u.Email, IP: ip, RequestID: audit.ActorFrom(ctx).RequestID}), tx, "session.login", "user", u.ID, nil, nil)
	})
	if err != nil {
		return nil, "", fmt.Errorf("accounts: open session: %w", err)
	}
	return u, token, nil
}

func (s *Service) openSession(ctx context.Context, q db.Querier, userID int64, ip, userAgent string) (string, error) {
	token, hashed := newToken()
	now := s.Now()
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $3, $5, $6)`,
		hashed, userID, now.Unix(), now.Add(s.SessionLifetime).Unix(), ip, truncate(userAgent, 300))
	return token, err
}

// OpenSessionForTest opens a session without a password check. Only tests
// call it, to sign in as many roles cheaply.
func (s *Service) OpenSessionForTest(ctx context.Context, userID int64) (string, error) {
	return s.openSession(ctx, s.DB, userID, "127.0.0.1", "test")
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// UserBySession returns the active user of a session token and slides the
// session's expiry. Unknown, expired or malformed tokens give NotFound.
func (s *Service) UserBySession(ctx context.Context, token string) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, errs.New(errs.NotFound, "no session")
	}
	now := s.Now()
	var lastSeen int64
	u, err := scanUserWith(s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.password_hash, u.role, u.status, u.lang, u.created_at, u.updated_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.status = 'active'`, HashToken(token), now.Unix()), &lastSeen)
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "no session")
	}
	if err != nil {
		return nil, err
	}
	// Writing on every request would serialise reads behind SQLite's one
	// writer; once a minute is enough to keep the session alive.
	if now.Unix()-lastSeen > 60 {
		s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`,
			now.Unix(), now.Add(s.SessionLifetime).Unix(), HashToken(token))
	}
	return u, nil
}

func scanUserWith(row interface{ Scan(...any) error }, extra ...any) (*User, error) {
	var u User
	var role string
	dest := append([]any{&u.ID, &u.Email, &u.Name, &u.passwordHash, &role, &u.Status, &u.Lang, &u.CreatedAt, &u.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		var userID int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id`, HashToken(token)).Scan(&userID)
		if db.IsNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "session.logout", "user", userID, nil, nil)
	})
}

// PurgeExpiredSessions deletes sessions past their expiry.
func (s *Service) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, s.Now().Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// APIToken is a personal token for the JSON API.
type APIToken struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	CreatedAt  int64  `json:"created_at"`
	LastUsedAt int64  `json:"last_used_at,omitempty"`
	RevokedAt  int64  `json:"revoked_at,omitempty"`
}

// APITokenPrefix starts every API token, so leaked ones are easy to spot.
const APITokenPrefix = "cor_"

// CreateAPIToken creates a token and returns it in clear, once.
func (s *Service) CreateAPIToken(ctx context.Context, userID int64, name string) (*APIToken, string, error) {
	if name == "" || len(name) > 100 {
		return nil, "", &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"name": "error.required"}}
	}
	if err := s.Take(ctx, APITokensPerAccount, strconv.FormatInt(userID, 10)); err != nil {
		return nil, "", err
	}
	token, _ := newToken()
	token = APITokenPrefix + token
	t := &APIToken{Name: name, CreatedAt: s.Now().Unix()}
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
			userID, name, HashToken(token), t.CreatedAt).Scan(&t.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "api_token.create", "api_token", t.ID, nil, map[string]any{"name": name, "user_id": userID})
	})
	return t, token, err
}

// APITokens lists a user's tokens.
func (s *Service) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, created_at, COALESCE(last_used_at, 0), COALESCE(revoked_at, 0) FROM api_tokens WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of a user's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`, s.Now().Unix(), tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "error.token_not_found")
		}
		return audit.Record(ctx, tx, "api_token.revoke", "api_token", tokenID, nil, nil)
	})
}

// UserByAPIToken returns the active owner of an unrevoked API token.
func (s *Service) UserByAPIToken(ctx context.Context, token string) (*User, error) {
	if len(token) > 200 {
		return nil, errs.New(errs.Unauthorized, "error.token_invalid")
	}
	var tokenID int64
	u, err := scanUserWith(s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.password_hash, u.role, u.status, u.lang, u.created_at, u.updated_at, t.id
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.status = 'active'`, HashToken(token)), &tokenID)
	if db.IsNoRows(err) {
		return nil, errs.New(errs.Unauthorized, "error.token_invalid")
	}
	if err != nil {
		return nil, err
	}
	s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, s.Now().Unix(), tokenID)
	return u, nil
}

// Count returns the number of users (used to decide whether to seed).
func (s *Service) Count(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/i18n"
	outbox "corridor/internal/mail"
)

// Status of an account.
const (
	StatusPending     = "pending"     // waits for an admin's approval
	StatusUnconfirmed = "unconfirmed" // waits for its e-mail confirmation
	StatusActive      = "active"
	StatusDisabled    = "disabled"
)

// SignupMode says how a new account becomes active.
type SignupMode string

const (
	SignupApproval SignupMode = "approval" // an admin approves it
	SignupEmail    SignupMode = "email"    // the owner confirms the address
	SignupClosed   SignupMode = "closed"   // admins create accounts
)

// User is an account.
type User struct {
	ID        int64  `json:"id"`
	Email     string `json:"email"`
	Name      string `json:"name"`
	Role      Role   `json:"role"`
	Status    string `json:"status"`
	Lang      string `json:"lang,omitempty"`
	CreatedAt int64  `json:"created_at"`
	UpdatedAt int64  `json:"updated_at"`

	passwordHash string
}

// auditView is what the audit log keeps of a user (never the hash).
func (u *User) auditView() map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "status": u.Status}
}

// Service is the accounts domain: every operation validates its input,
// writes in one transaction and records it in the audit log.
type Service struct {
	DB         *db.DB
	SignupMode SignupMode
	// BaseURL prefixes the links in e-mails, e.g. https://corridor.example.org.
	BaseURL string
	// SessionLifetime is how long a session lasts without use.
	SessionLifetime time.Duration
	// Now is the clock; tests move it.
	Now func() time.Time
}

// NewService returns the accounts service.
func NewService(d *db.DB, mode SignupMode, baseURL string) *Service {
	return &Service{DB: d, SignupMode: mode, BaseURL: strings.TrimRight(baseURL, "/"), SessionLifetime: 14 * 24 * time.Hour, Now: time.Now}
}

const userColumns = `id, email, name, password_hash, role, status, lang, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) { return scanUserWith(row) }

// NormalizeEmail lower-cases and trims an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NewUser is the input of sign-up and of `corridor user add`.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Role     Role
	// Lang is the preferred language (en, fr, es); mails use it.
	Lang string
}

// Validate normalises the input and checks every field, naming each problem.
func (n *NewUser) Validate() error {
	f := errs.Fields{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if n.Email == "" {
		f.Add("email", "error.required")
	} else if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > 254 {
		f.Add("email", "error.email_invalid")
	}
	if n.Name == "" {
		f.Add("name", "error.required")
	} else if utf8.RuneCountInString(n.Name) > 200 {
		f.Add("name", "error.too_long")
	}
	if problem := PasswordProblem(n.Password, n.Email, n.Name); problem != "" {
		f.Add("password", problem)
	}
	if n.Role == RoleAnonymous {
		n.Role = RoleMember
	}
	if _, err := ParseRole(string(n.Role)); err != nil {
		f.Add("role", "error.role_unknown")
	}
	return f.Err()
}

// Create adds an account with the given status, recording it in the audit log.
func (s *Service) Create(ctx context.Context, n NewUser, status string) (*User, error) {
	return s.create(ctx, n, status, nil)
}

// create validates and hashes outside the transaction (hashing is slow),
// then inserts the user and runs then, if any, in the same transaction.
func (s *Service) create(ctx context.Context, n NewUser, status string, then func(tx db.Tx, u *User) error) (*User, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	var u *User
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if u, err = s.insert(ctx, tx, n, hash, status); err != nil || then == nil {
			return err
		}
		return then(tx, u)
	})
	return u, err
}

func (s *Service) insert(ctx context.Context, tx db.Tx, n NewUser, hash, status string) (*User, error) {
	now := s.Now().Unix()
	if !i18n.Supported(n.Lang) {
		n.Lang = ""
	}
	u, err := scanUser(tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, role, status, lang, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING `+userColumns, n.Email, n.Name, hash, string(n.Role), status, n.Lang, now))
	if db.IsUniqueViolation(err) {
		return nil, &errs.Error{Kind: errs.Conflict, Message: "error.email_taken", Fields: map[string]string{"email": "error.email_taken"}}
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: create user: %w", err)
	}
	return u, audit.Record(ctx, tx, "user.create", "user", u.ID, nil, u.auditView())
}

// SignUp registers a member account according to the sign-up mode: pending
// an admin's approval, or unconfirmed with a confirmation e-mail sent.
//
// When the address has an account already, SignUp answers as for a new one
// (nil user, nil error) and mails the owner instead, so that sign-up, like
// a password reset, cannot tell who has an account.
func (s *Service) SignUp(ctx context.Context, n NewUser) (*User, error) {
	u, err := s.signUp(ctx, n)
	if e, ok := errs.As(err); ok && e.Message == "error.email_taken" {
		return nil, s.tellOwnerOfSignup(ctx, n.Email)
	}
	return u, err
}

// tellOwnerOfSignup mails an address's owner that someone tried to sign up
// with it.
func (s *Service) tellOwnerOfSignup(ctx context.Context, email string) error {
	owner, err := s.ByEmail(ctx, email)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		return s.mail(ctx, tx, owner, "signup_exists", owner.Name, s.BaseURL+"/password/forgot")
	})
}

func (s *Service) signUp(ctx context.Context, n NewUser) (*User, error) {
	if s.SignupMode == SignupClosed {
		return nil, errs.New(errs.Forbidden, "error.signup_closed")
	}
	n.Role = RoleMember
	status := StatusPending
	if s.SignupMode == SignupEmail {
		status = StatusUnconfirmed
	}
	return s.create(ctx, n, status, func(tx db.Tx, u *User) error {
		if s.SignupMode != SignupEmail {
			return s.notifyAdmins(ctx, tx, u)
		}
		token, err := s.newOneTimeToken(ctx, tx, u.ID, "confirm", 48*time.Hour)
		if err != nil {
			return err
		}
		return s.mail(ctx, tx, u, "confirm", u.Name, s.BaseURL+"/confirm?token="+token)
	})
}

func (s *Service) notifyAdmins(ctx context.Context, tx db.Tx, u *User) error {
	rows, err := tx.QueryContext(ctx, `SELECT email, lang FROM users WHERE role = 'admin' AND status = 'active'`)
	if err != nil {
		return err
	}
	type admin struct{ email, lang string }
	var admins []admin
	for rows.Next() {
		var a admin
		rows.Scan(&a.email, &a.lang)
		admins = append(admins, a)
	}
	rows.Close()
	for _, a := range admins {
		if err := s.mail(ctx, tx, &User{Email: a.email, Lang: a.lang}, "approve", u.Name, u.Email, s.BaseURL+"/admin/users?status=pending"); err != nil {
			return err
		}
	}
	return nil
}

// mail queues message kind (catalog keys mail.<kind>.subject and
// mail.<kind>.body) to u in u's language.
func (s *Service) mail(ctx context.Context, tx db.Tx, u *User, kind string, args ...any) error {
	_, err := outbox.Enqueue(ctx, tx, u.Email, i18n.Default.T(u.Lang, "mail."+kind+".subject"), i18n.Default.T(u.Lang, "mail."+kind+".body", args...))
	return err
}

// ByID returns a user.
func (s *Service) ByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "error.user_not_found")
	}
	return u, err
}

// ByEmail returns a user.
func (s *Service) ByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, NormalizeEmail(email)))
	if db.IsNoRows(err) {
		return nil, errs.New(errs.NotFound, "error.user_not_found")
	}
	return u, err
}

// UserFilter selects users; AfterID is the pagination cursor.
type UserFilter struct {
	Status  string
	Role    string
	AfterID int64
	Limit   int
}

// List returns users in id order.
func (s *Service) List(ctx context.Context, f UserFilter) ([]*User, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT `+userColumns+` FROM users
		WHERE ($1 = '' OR status = $1) AND ($2 = '' OR role = $2) AND id > $3 ORDER BY id LIMIT $4`,
		f.Status, f.Role, f.AfterID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("accounts: list: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// update changes one user's columns through fn, in a transaction, with an
// audit entry holding the user before and after.
func (s *Service) update(ctx context.Context, id int64, action string, fn func(tx db.Tx, u *User) error) (*User, error) {
	var after *User
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
		if db.IsNoRows(err) {
			return errs.New(errs.NotFound, "error.user_not_found")
		}
		if err != nil {
			return err
		}
		u := *before
		if err := fn(tx, &u); err != nil {
			return err
		}
		u.UpdatedAt = s.Now().Unix()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET name = $1, role = $2, status = $3, lang = $4, password_hash = $5, updated_at = $6 WHERE id = $7`,
			u.Name, string(u.Role), u.Status, u.Lang, u.passwordHash, u.UpdatedAt, id); err != nil {
			return fmt.Errorf("accounts: update user: %w", err)
		}
		if u.Status == StatusDisabled && before.Status != StatusDisabled {
			if err := s.endCredentials(ctx, tx, id, ""); err != nil {
				return err
			}
		}
		after = &u
		return audit.Record(ctx, tx, action, "user", id, before.auditView(), u.auditView())
	})
	return after, err
}

// SetRole changes a user's role. The last active admin cannot lose the role.
func (s *Service) SetRole(ctx context.Context, id int64, role Role) (*User, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "error.role_unknown", Fields: map[string]string{"role": "error.role_unknown"}}
	}
	return s.update(ctx, id, "user.set_role", func(tx db.Tx, u *User) error {
		if u.Role == RoleAdmin && role != RoleAdmin {
			if err := s.keepOneAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		u.Role = role
		return nil
	})
}

// keepOneAdmin refuses to let user id stop being an active admin when no
// other active admin exists. It runs inside the change's transaction (on
// SQLite a second connection would wait for this one forever; SQLite's one
// writer also serialises the check and the change). On PostgreSQL two
// admins stepping down at once would each see the other and both pass, so
// the active admins' rows are locked first, in id order so that concurrent
// callers cannot deadlock: the second one waits, then sees the first's change.
func (s *Service) keepOneAdmin(ctx context.Context, tx db.Tx, id int64) error {
	query := `SELECT id FROM users WHERE role = 'admin' AND status = 'active' ORDER BY id`
	if s.DB.Engine == db.Postgres {
		query += ` FOR UPDATE`
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("accounts: lock admins: %w", err)
	}
	defer rows.Close()
	others := 0
	for rows.Next() {
		var admin int64
		if err := rows.Scan(&admin); err != nil {
			return err
		}
		if admin != id {
			others++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if others == 0 {
		return errs.New(errs.Conflict, "error.last_admin")
	}
	return nil
}

// Approve activates a pending or unconfirmed account.
func (s *Service) Approve(ctx context.Context, id int64) (*User, error) {
	return s.update(ctx, id, "user.approve", func(tx db.Tx, u *User) error {
		if u.Status == StatusDisabled {
			return errs.New(errs.Conflict, "error.user_disabled")
		}
		u.Status = StatusActive
		return nil
	})
}

// Disable blocks an account and ends its sessions.
func (s *Service) Disable(ctx context.Context, id int64) (*User, error) {
	return s.update(ctx, id, "user.disable", func(tx db.Tx, u *User) error {
		if u.Role == RoleAdmin {
			if err := s.keepOneAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		u.Status = StatusDisabled
		return nil
	})
}

// Enable re-activates a disabled account.
func (s *Service) Enable(ctx context.Context, id int64) (*User, error) {
	return s.update(ctx, id, "user.enable", func(tx db.Tx, u *User) error {
		u.Status = StatusActive
		return nil
	})
}

// SetLang stores the user's preferred language.
func (s *Service) SetLang(ctx context.Context, id int64, lang string) error {
	_, err := s.update(ctx, id, "user.set_lang", func(tx db.Tx, u *User) error {
		u.Lang = lang
		return nil
	})
	return err
}

// newToken returns a random URL-safe token and its SHA-256 (what is stored:
// a database leak does not leak usable tokens).
func newToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the stored form of a session, one-time or API token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func (s *Service) newOneTimeToken(ctx context.Context, tx db.Tx, userID int64, purpose string, ttl time.Duration) (string, error) {
	token, hash := newToken()
	_, err := tx.ExecContext(ctx, `INSERT INTO user_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, userID, purpose, s.Now().Add(ttl).Unix())
	return token, err
}

// useOneTimeToken consumes a token in tx and returns its user id.
func (s *Service) useOneTimeToken(ctx context.Context, tx db.Tx, token, purpose string) (int64, error) {
	var userID int64
	err := tx.QueryRowContext(ctx, `UPDATE user_tokens SET used_at = $1
		WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id`,
		s.Now().Unix(), HashToken(token), purpose).Scan(&userID)
	if db.IsNoRows(err) {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "error.token_invalid", Fields: map[string]string{"token": "error.token_invalid"}}
	}
	return userID, err
}

// Confirm activates an account from its e-mail confirmation token.
func (s *Service) Confirm(ctx context.Context, token string) (*User, error) {
	var u *User
	err := s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := s.useOneTimeToken(ctx, tx, token, "confirm")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET status = 'active', updated_at = $1 WHERE id = $2 AND status = 'unconfirmed'`, s.Now().Unix(), id); err != nil {
			return err
		}
		if u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "user.confirm", "user", id, nil, u.auditView())
	})
	return u, err
}

// RequestPasswordReset mails a reset link when the address is an active
// account; it says nothing either way, so it cannot probe for accounts.
func (s *Service) RequestPasswordReset(ctx context.Context, email string) error {
	u, err := s.ByEmail(ctx, email)
	if err != nil || u.Status != StatusActive {
		return nil
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		token, err := s.newOneTimeToken(ctx, tx, u.ID, "reset", time.Hour)
		if err != nil {
			return err
		}
		if err := s.mail(ctx, tx, u, "reset", u.Name, s.BaseURL+"/password/reset?token="+token); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "user.password_reset_requested", "user", u.ID, nil, nil)
	})
}

// ResetPassword sets a new password from a reset token and ends every
// session of the account.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	// The policy needs the account (its address and name): look it up
	// without using the token, which the change below consumes.
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+prefixed("u.", userColumns)+` FROM user_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.purpose = 'reset' AND t.used_at IS NULL AND t.expires_at > $2`, HashToken(token), s.Now().Unix()))
	if db.IsNoRows(err) {
		return &errs.Error{Kind: errs.Invalid, Message: "error.token_invalid", Fields: map[string]string{"token": "error.token_invalid"}}
	}
	if err != nil {
		return fmt.Errorf("accounts: reset token: %w", err)
	}
	if err := checkPassword(password, u); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := s.useOneTimeToken(ctx, tx, token, "reset")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, s.Now().Unix(), id); err != nil {
			return err
		}
		if err := s.endCredentials(ctx, tx, id, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "user.password_reset", "user", id, nil, nil)
	})
}

// endCredentials ends every session of a user but keepSession (if any) and
// revokes every API token: after a password change or reset, or once the
// account is disabled, nothing opened before still works, and re-enabling
// the account does not bring them back.
func (s *Service) endCredentials(ctx context.Context, tx db.Tx, id int64, keepSession string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, id, HashToken(keepSession)); err != nil {
		return fmt.Errorf("accounts: end sessions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, s.Now().Unix(), id); err != nil {
		return fmt.Errorf("accounts: revoke API tokens: %w", err)
	}
	return nil
}

// checkPassword applies the password policy to a new password of u.
func checkPassword(password string, u *User) error {
	if problem := PasswordProblem(password, u.Email, u.Name); problem != "" {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"password": problem}}
	}
	return nil
}

// prefixed qualifies each of a comma-separated column list with prefix.
func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = prefix + c
	}
	return strings.Join(cols, ", ")
}

// SetPassword sets a password directly (CLI, admins) and ends the
// account's sessions and API tokens.
func (s *Service) SetPassword(ctx context.Context, id int64, password string) error {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if err := checkPassword(password, u); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	_, err = s.update(ctx, id, "user.set_password", func(tx db.Tx, u *User) error {
		u.passwordHash = hash
		return s.endCredentials(ctx, tx, id, "")
	})
	return err
}

// Invite creates an active account for someone and mails them a link to
// choose their password (valid for a week), so no admin ever knows it.
func (s *Service) Invite(ctx context.Context, n NewUser) (*User, error) {
	n.Password, _ = newToken() // unusable until they choose their own
	return s.create(ctx, n, StatusActive, func(tx db.Tx, u *User) error {
		token, err := s.newOneTimeToken(ctx, tx, u.ID, "reset", 7*24*time.Hour)
		if err != nil {
			return err
		}
		return s.mail(ctx, tx, u, "invite", u.Name, i18n.Default.T(u.Lang, "role."+string(u.Role)), s.BaseURL+"/password/reset?token="+token)
	})
}

// Rename changes a user's display name.
func (s *Service) Rename(ctx context.Context, id int64, name string) (*User, error) {
	name = strings.TrimSpace(name)
	f := errs.Fields{}
	if name == "" {
		f.Add("name", "error.required")
	} else if utf8.RuneCountInString(name) > 200 {
		f.Add("name", "error.too_long")
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return s.update(ctx, id, "user.rename", func(_ db.Tx, u *User) error {
		u.Name = name
		return nil
	})
}

// ChangePassword sets a new password after checking the current one, and
// ends every other session of the account.
func (s *Service) ChangePassword(ctx context.Context, id int64, current, next, keepSession string) error {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	f := errs.Fields{}
	if ok, _ := CheckPassword(u.passwordHash, current); !ok {
		f.Add("current_password", "error.password_wrong")
	}
	if problem := PasswordProblem(next, u.Email, u.Name); problem != "" {
		f.Add("password", problem)
	}
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	_, err = s.update(ctx, id, "user.change_password", func(tx db.Tx, u *User) error {
		u.passwordHash = hash
		return s.endCredentials(ctx, tx, id, keepSession)
	})
	return err
}

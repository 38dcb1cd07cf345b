package accounts

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/mail"
)

// loginInParallel tries the passwords at once from ip and counts the
// outcomes by error kind ("" for a session opened).
func loginInParallel(s *Service, email, ip string, passwords []string) map[errs.Kind]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[errs.Kind]int{}
	for _, p := range passwords {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := s.Login(context.Background(), email, p, ip, "")
			kind := errs.Kind(-1)
			if err != nil {
				kind = errs.KindOf(err)
			}
			mu.Lock()
			got[kind]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestParallelLoginsCannotOutrunTheLimit(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		if _, err := s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive); err != nil {
			t.Fatal(err)
		}
		got := loginInParallel(s, "ana@example.org", "6.6.6.6", repeat("wrong-password", 30))
		if got[errs.Unauthorized] > LoginPerAccountAddress.Max || got[errs.Unauthorized]+got[errs.TooMany] != 30 {
			t.Fatalf("30 parallel wrong passwords: %d got a verdict (want at most %d), %d were refused (all outcomes %v)",
				got[errs.Unauthorized], LoginPerAccountAddress.Max, got[errs.TooMany], got)
		}
		// Over the limit, the right password among wrong ones is refused too.
		got = loginInParallel(s, "ana@example.org", "6.6.6.6", append(repeat("wrong-password", 11), "ana-password"))
		if got[errs.TooMany] != 12 {
			t.Fatalf("12 parallel tries after the limit: %v, want all 12 refused", got)
		}
		// The owner, elsewhere, is not locked out.
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "7.7.7.7", ""); err != nil {
			t.Fatalf("the owner from another address: %v", err)
		}
		// After the window the attacker's address gets verdicts again.
		s.Now = func() time.Time { return time.Now().Add(LoginPerAddress.Window + time.Minute) }
		if _, _, err := s.Login(ctx, "ana@example.org", "wrong-password", "6.6.6.6", ""); errs.KindOf(err) != errs.Unauthorized {
			t.Fatalf("after the window: %v, want a verdict", err)
		}
	})
}

func TestLoginLimitPerAccountOverEveryAddress(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive)
		// Guessing spread over many addresses, each under its own limit.
		for i := 0; i < LoginPerAccount.Max; i++ {
			ip := fmt.Sprintf("10.1.%d.1", i/LoginPerAccountAddress.Max)
			if _, _, err := s.Login(ctx, "ana@example.org", "wrong-password", ip, ""); errs.KindOf(err) != errs.Unauthorized {
				t.Fatalf("attempt %d from %s: %v", i, ip, err)
			}
		}
		if _, _, err := s.Login(ctx, "ana@example.org", "wrong-password", "10.2.0.1", ""); errs.KindOf(err) != errs.TooMany {
			t.Fatalf("past the account's limit: %v", err)
		}
		// Not forever: the next window lets the owner in.
		s.Now = func() time.Time { return time.Now().Add(LoginPerAccount.Window + time.Minute) }
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "10.3.0.1", ""); err != nil {
			t.Fatalf("the owner after the window: %v", err)
		}
		// A success gives back its hits: the owner's own logins never add up.
		for i := 0; i < LoginPerAccountAddress.Max+2; i++ {
			if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "10.3.0.1", ""); err != nil {
				t.Fatalf("owner's login %d: %v", i, err)
			}
		}
	})
}

func TestAPITokenCreationIsLimited(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		u, _ := s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive)
		for i := 0; i < APITokensPerAccount.Max; i++ {
			if _, _, err := s.CreateAPIToken(ctx, u.ID, "t"); err != nil {
				t.Fatalf("token %d: %v", i, err)
			}
		}
		if _, _, err := s.CreateAPIToken(ctx, u.ID, "t"); errs.KindOf(err) != errs.TooMany {
			t.Fatalf("token past the limit: %v", err)
		}
	})
}

func TestConcurrentDemotionsKeepAnAdmin(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		for trial := 0; trial < 20; trial++ {
			var admins []*User
			for i := 0; i < 2; i++ {
				u, err := s.Create(ctx, NewUser{Email: fmt.Sprintf("admin%d-%d@example.org", trial, i), Name: "A", Password: "admin-password", Role: RoleAdmin}, StatusActive)
				if err != nil {
					t.Fatal(err)
				}
				admins = append(admins, u)
			}
			// Both admins step down at once (two demotions, or a demotion
			// and a disabling): one of them must be refused.
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); s.SetRole(ctx, admins[0].ID, RoleMember) }()
			go func() {
				defer wg.Done()
				if trial%2 == 0 {
					s.SetRole(ctx, admins[1].ID, RoleMember)
				} else {
					s.Disable(ctx, admins[1].ID)
				}
			}()
			wg.Wait()
			var left int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'`).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left != 1 {
				t.Fatalf("trial %d: %d active admins left after two concurrent step-downs, want 1", trial, left)
			}
			// Start the next trial from no admin at all.
			if _, err := d.ExecContext(ctx, `UPDATE users SET role = 'member' WHERE role = 'admin'`); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestAPITokensEndWithThePasswordOrTheAccount(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		s.Create(ctx, NewUser{Email: "root@example.org", Name: "Root", Password: "root-password", Role: RoleAdmin}, StatusActive)
		u, _ := s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive)
		_, keep, err := s.Login(ctx, "ana@example.org", "ana-password", "1.1.1.1", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			name string
			do   func() error
		}{
			{"password change", func() error { return s.ChangePassword(ctx, u.ID, "ana-password", "ana-password-2", keep) }},
			{"password reset", func() error {
				s.RequestPasswordReset(ctx, "ana@example.org")
				return s.ResetPassword(ctx, resetToken(t, s), "ana-password-3")
			}},
			{"password set by an admin", func() error { return s.SetPassword(ctx, u.ID, "ana-password-4") }},
			{"disable and re-enable", func() error {
				if _, err := s.Disable(ctx, u.ID); err != nil {
					return err
				}
				_, err := s.Enable(ctx, u.ID)
				return err
			}},
		} {
			_, secret, err := s.CreateAPIToken(ctx, u.ID, "script")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.UserByAPIToken(ctx, secret); err != nil {
				t.Fatal(err)
			}
			if err := step.do(); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if _, err := s.UserByAPIToken(ctx, secret); err == nil {
				t.Errorf("an API token survived the %s", step.name)
			}
		}
		if _, err := s.UserBySession(ctx, keep); err == nil {
			t.Error("the session survived the reset")
		}
	})
}

// resetToken is the token of the last mail in the outbox.
func resetToken(t *testing.T, s *Service) string {
	t.Helper()
	msgs, _ := mail.List(context.Background(), s.DB, 0, 1)
	m := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
	if m == nil {
		t.Fatalf("no token in the last mail: %q", msgs[0].Body)
	}
	return m[1]
}

func TestOverlongLoginFieldsAreCountedNotFatal(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		// Hex of a hash chain: PostgreSQL cannot compress it into its index.
		var b strings.Builder
		for h := "x"; b.Len() < 100_000; b.WriteString(h) {
			h = HashToken(h)
		}
		long := b.String() + "@example.org"
		for i := 0; i < LoginPerAccountAddress.Max; i++ {
			if _, _, err := s.Login(ctx, long, "wrong-password", "8.8.8.8", ""); errs.KindOf(err) != errs.Unauthorized {
				t.Fatalf("attempt %d with a 100 kB address: %v", i, err)
			}
		}
		if _, _, err := s.Login(ctx, long, "wrong-password", "8.8.8.8", ""); errs.KindOf(err) != errs.TooMany {
			t.Fatalf("past the limit with a 100 kB address: %v", err)
		}
	})
}

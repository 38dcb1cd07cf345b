package accounts

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/mail"
)

func TestPasswordHashIsArgon2id(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string", h)
	}
	if ok, _ := CheckPassword(h, "correct horse battery"); !ok {
		t.Fatal("right password refused")
	}
	if ok, _ := CheckPassword(h, "correct horse batterY"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "$argon2id$", "$2a$10$abc", "$argon2id$v=19$m=x$a$b"} {
		if ok, err := CheckPassword(bad, "x"); ok || err == nil {
			t.Errorf("malformed hash %q: ok=%v err=%v", bad, ok, err)
		}
	}
}

func TestSignUpByApprovalAndByEmail(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "https://corridor.example")
		if _, err := s.Create(ctx, NewUser{Email: "root@example.org", Name: "Root", Password: "root-password", Role: RoleAdmin}, StatusActive); err != nil {
			t.Fatal(err)
		}
		u, err := s.SignUp(ctx, NewUser{Email: " Ana@Example.org ", Name: "Ana", Password: "ana-password"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "ana@example.org" || u.Status != StatusPending || u.Role != RoleMember {
			t.Fatalf("signed up as %+v", u)
		}
		msgs, _ := mail.List(ctx, d, 0, 10)
		if len(msgs) != 1 || msgs[0].To != "root@example.org" {
			t.Fatalf("admins were not told: %+v", msgs)
		}
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "10.0.0.1", ""); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("pending login: %v", err)
		}
		if _, err := s.Approve(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "10.0.0.1", ""); err != nil {
			t.Fatalf("approved login: %v", err)
		}

		s.SignupMode = SignupEmail
		b, err := s.SignUp(ctx, NewUser{Email: "ben@example.org", Name: "Ben", Password: "ben-password"})
		if err != nil || b.Status != StatusUnconfirmed {
			t.Fatalf("email sign-up: %+v %v", b, err)
		}
		msgs, _ = mail.List(ctx, d, 0, 10)
		link := regexp.MustCompile(`https://corridor\.example/confirm\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
		if msgs[0].To != "ben@example.org" || link == nil {
			t.Fatalf("no confirmation mail: %+v", msgs[0])
		}
		if _, err := s.Confirm(ctx, link[1]+"x"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("forged token: %v", err)
		}
		if u, err := s.Confirm(ctx, link[1]); err != nil || u.Status != StatusActive {
			t.Fatalf("confirm: %+v %v", u, err)
		}
		if _, err := s.Confirm(ctx, link[1]); err == nil {
			t.Fatal("a confirmation token worked twice")
		}
		s.SignupMode = SignupClosed
		if _, err := s.SignUp(ctx, NewUser{Email: "c@example.org", Name: "C", Password: "c-password-long"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("closed sign-up: %v", err)
		}
	})
}

func TestPasswordResetEndsSessions(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		u, _ := s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "old-password"}, StatusActive)
		_, session, err := s.Login(ctx, "ana@example.org", "old-password", "1.1.1.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RequestPasswordReset(ctx, "nobody@example.org"); err != nil {
			t.Fatal("unknown address must not be revealed:", err)
		}
		if err := s.RequestPasswordReset(ctx, "ana@example.org"); err != nil {
			t.Fatal(err)
		}
		msgs, _ := mail.List(ctx, d, 0, 10)
		if len(msgs) != 1 {
			t.Fatalf("%d mails, want 1 (none for the unknown address)", len(msgs))
		}
		token := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)[1]
		if err := s.ResetPassword(ctx, token, "short"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("short password: %v", err)
		}
		if err := s.ResetPassword(ctx, token, "new-password-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserBySession(ctx, session); err == nil {
			t.Fatal("the old session survived a password reset")
		}
		if _, _, err := s.Login(ctx, u.Email, "old-password", "1.1.1.1", ""); err == nil {
			t.Fatal("old password still works")
		}
		if _, _, err := s.Login(ctx, u.Email, "new-password-1", "1.1.1.1", ""); err != nil {
			t.Fatal(err)
		}
		// Expired tokens are refused.
		s.RequestPasswordReset(ctx, "ana@example.org")
		msgs, _ = mail.List(ctx, d, 0, 10)
		token = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)[1]
		s.Now = func() time.Time { return time.Now().Add(2 * time.Hour) }
		if err := s.ResetPassword(ctx, token, "newer-password"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("expired token: %v", err)
		}
	})
}

func TestSessionsExpireAndRateLimits(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive)
		_, token, err := s.Login(ctx, "ana@example.org", "ana-password", "2.2.2.2", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserBySession(ctx, token); err != nil {
			t.Fatal(err)
		}
		s.Now = func() time.Time { return time.Now().Add(15 * 24 * time.Hour) }
		if _, err := s.UserBySession(ctx, token); err == nil {
			t.Fatal("session outlived its lifetime")
		}
		if n, _ := s.PurgeExpiredSessions(ctx); n != 1 {
			t.Fatalf("purged %d sessions, want 1", n)
		}
		s.Now = time.Now
		// Per IP: 20 failures over many addresses block the IP.
		for i := 0; i < 20; i++ {
			s.Login(ctx, "x"+string(rune('a'+i))+"@example.org", "nope", "3.3.3.3", "")
		}
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "3.3.3.3", ""); errs.KindOf(err) != errs.TooMany {
			t.Fatalf("IP over the limit: %v", err)
		}
		if _, _, err := s.Login(ctx, "ana@example.org", "ana-password", "4.4.4.4", ""); err != nil {
			t.Fatalf("another IP: %v", err)
		}
	})
}

func TestLastAdminIsKept(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		a, _ := s.Create(ctx, NewUser{Email: "a@example.org", Name: "A", Password: "a-password-1", Role: RoleAdmin}, StatusActive)
		if _, err := s.SetRole(ctx, a.ID, RoleMember); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("demoting the last admin: %v", err)
		}
		if _, err := s.Disable(ctx, a.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("disabling the last admin: %v", err)
		}
		if _, err := s.SetRole(ctx, a.ID, Role("king")); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("unknown role: %v", err)
		}
		b, _ := s.Create(ctx, NewUser{Email: "b@example.org", Name: "B", Password: "b-password-1", Role: RoleAdmin}, StatusActive)
		if _, err := s.SetRole(ctx, a.ID, RoleEditor); err != nil {
			t.Fatalf("with a second admin: %v", err)
		}
		_ = b
	})
}

func TestPolicy(t *testing.T) {
	// Written out from the issue: admins hold every permission, each
	// specialised role its own, members only the signed-in ones.
	if !Can(RoleAdmin, PermCurateData) || !Can(RoleDataCurator, PermCurateData) || Can(RoleLegalOfficer, PermCurateData) {
		t.Error("data curation")
	}
	if !Can(RoleLegalOfficer, PermEditLaw) || Can(RoleEditor, PermEditLaw) {
		t.Error("law editing")
	}
	if !Can(RoleReviewer, PermReview) || !Can(RoleEditor, PermReview) || Can(RoleMember, PermReview) {
		t.Error("review")
	}
	if Can(RoleAnonymous, PermSignedIn) || !Can(RoleAnonymous, PermPublic) || !Can(RoleMember, PermSignedIn) {
		t.Error("public and signed-in")
	}
	if Can(RoleMember, PermAdmin) || Can(RoleTrainer, PermAdmin) {
		t.Error("admin")
	}
}

func TestInviteRenameAndChangePassword(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "https://corridor.example")
		u, err := s.Invite(ctx, NewUser{Email: "lea@example.org", Name: "Léa", Role: RoleTrainer})
		if err != nil || u.Status != StatusActive || u.Role != RoleTrainer {
			t.Fatalf("invite: %+v %v", u, err)
		}
		msgs, _ := mail.List(ctx, d, 0, 1)
		token := regexp.MustCompile(`https://corridor\.example/password/reset\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Body)
		if msgs[0].To != "lea@example.org" || token == nil {
			t.Fatalf("invitation mail: %+v", msgs[0])
		}
		if err := s.ResetPassword(ctx, token[1], "lea-password-1"); err != nil {
			t.Fatal(err)
		}
		_, keep, err := s.Login(ctx, "lea@example.org", "lea-password-1", "1.1.1.1", "")
		if err != nil {
			t.Fatal(err)
		}
		_, other, _ := s.Login(ctx, "lea@example.org", "lea-password-1", "1.1.1.2", "")
		err = s.ChangePassword(ctx, u.ID, "wrong-current", "x", keep)
		e, _ := errs.As(err)
		if e == nil || e.Fields["current_password"] == "" || e.Fields["password"] == "" {
			t.Fatalf("bad change: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, "lea-password-1", "lea-password-2", keep); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserBySession(ctx, keep); err != nil {
			t.Error("the session that changed the password was closed")
		}
		if _, err := s.UserBySession(ctx, other); err == nil {
			t.Error("another session survived the password change")
		}
		if _, err := s.Rename(ctx, u.ID, "  "); errs.KindOf(err) != errs.Invalid {
			t.Errorf("blank name: %v", err)
		}
		if r, err := s.Rename(ctx, u.ID, "Léa Martin"); err != nil || r.Name != "Léa Martin" {
			t.Errorf("rename: %+v %v", r, err)
		}
	})
}

func TestMailsAreInTheRecipientsLanguage(t *testing.T) {
	d := dbtest.OpenTest(t, db.SQLite)
	ctx := context.Background()
	s := NewService(d, SignupEmail, "http://x")
	if _, err := s.SignUp(ctx, NewUser{Email: "lea@example.org", Name: "Léa", Password: "lea-password", Lang: "fr"}); err != nil {
		t.Fatal(err)
	}
	msgs, _ := mail.List(ctx, d, 0, 1)
	// The French text is the catalog's, not ours pasted back: check its
	// words and that no English sentence leaked.
	if msgs[0].Subject != "Confirmez votre compte Corridor" || !strings.HasPrefix(msgs[0].Body, "Bonjour Léa,") || strings.Contains(msgs[0].Body, "valid for") {
		t.Fatalf("mail: %q\n%s", msgs[0].Subject, msgs[0].Body)
	}
}

package accounts

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

func TestPasswordPolicy(t *testing.T) {
	const email, name = "ana.perez@example.org", "Ana Pérez"
	for password, want := range map[string]string{
		"short":                        "error.password_short",
		strings.Repeat("x", 1025):      "error.too_long",
		"1234567890":                   "error.password_trivial",
		"0987654321":                   "error.password_trivial",
		"          ":                   "error.password_trivial",
		"\t\t\t\t\t\t\t\t\t\t":         "error.password_trivial",
		"aaaaaaaaaaaa":                 "error.password_trivial",
		"abcabcabcabc":                 "error.password_trivial",
		"1212121212":                   "error.password_trivial",
		"abcdefghijkl":                 "error.password_trivial",
		"ana.perez@example.org":        "error.password_personal",
		"Ana.Perez2024":                "error.password_personal",
		"ana perez!!":                  "error.password_personal",
		"qwertyuiop":                   "error.password_common",
		"Password123":                  "error.password_common",
		"password1234!":                "error.password_common",
		"P@ssw0rd2024":                 "error.password_common",
		"1q2w3e4r5t":                   "error.password_common",
		"iloveyou12":                   "error.password_common",
		"2024football":                 "error.password_common",
		"correct horse battery staple": "",
		"ana-password":                 "",
		"Migration-Research-7":         "",
		"mots de passe longs":          "",
	} {
		if got := PasswordProblem(password, email, name); got != want {
			t.Errorf("PasswordProblem(%.30q) = %q, want %q", password, got, want)
		}
	}
}

func TestEveryPasswordSetterAppliesThePolicy(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, SignupApproval, "http://x")
		if _, err := s.SignUp(ctx, NewUser{Email: "ben@example.org", Name: "Ben", Password: "1234567890"}); fieldErr(err, "password") != "error.password_trivial" {
			t.Errorf("sign-up with 1234567890: %v", err)
		}
		u, err := s.Create(ctx, NewUser{Email: "ana@example.org", Name: "Ana", Password: "ana-password"}, StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, u.ID, strings.Repeat(" ", 10)); fieldErr(err, "password") != "error.password_trivial" {
			t.Errorf("set to ten spaces: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, "ana-password", "password1234", ""); fieldErr(err, "password") != "error.password_common" {
			t.Errorf("change to password1234: %v", err)
		}
		s.RequestPasswordReset(ctx, "ana@example.org")
		token := resetToken(t, s)
		if err := s.ResetPassword(ctx, token, "ana@example.org"); fieldErr(err, "password") != "error.password_personal" {
			t.Errorf("reset to the address: %v", err)
		}
		// A refusal leaves the token usable.
		if err := s.ResetPassword(ctx, token, "ana-password-new"); err != nil {
			t.Errorf("reset after a refusal: %v", err)
		}
	})
}

func fieldErr(err error, field string) string {
	e, ok := errs.As(err)
	if !ok {
		return ""
	}
	return e.Fields[field]
}

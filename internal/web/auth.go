package web

import (
	"errors"
	"net/http"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/errs"
)

// FormFrom keeps the submitted values (never passwords) for re-rendering.
func FormFrom(r *http.Request, fields ...string) *Form {
	f := &Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range fields {
		f.Values[k] = r.PostFormValue(k)
	}
	return f
}

// ParseForm parses a posted form, turning an oversized body into a clear error.
func ParseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return errs.New(errs.TooLarge, "error.body_too_large")
		}
		return &errs.Error{Kind: errs.Invalid, Message: "error.form_invalid", Err: err}
	}
	return nil
}

// formError re-renders a form page with the error's field messages, or
// returns the error when it is not about the input.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, page, title string, f *Form, err error, data ...any) error {
	e, ok := errs.As(err)
	if !ok || e.Kind == errs.Internal {
		return err
	}
	lang := LangFrom(r.Context())
	f.Error = s.Catalog.T(lang, e.Message)
	for k, v := range e.Fields {
		f.Errors[k] = s.Catalog.T(lang, v)
	}
	w.WriteHeader(statusOf(err))
	p := pageData{Title: title, Form: f}
	if len(data) > 0 {
		p.Data = data[0]
	}
	s.render(w, r, page, p)
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	f := &Form{Values: map[string]string{"next": SafeLocalPath(r.URL.Query().Get("next"))}}
	s.render(w, r, "login", pageData{Title: "login.title", Form: f})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r, "email", "next")
	u, token, err := s.Accounts.Login(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), s.clientIP(r), r.UserAgent())
	if err != nil {
		return s.formError(w, r, "login", "login.title", f, err)
	}
	s.setCookie(w, sessionCookie, token, s.Accounts.SessionLifetime)
	// A token an attacker planted before the login must not work after it.
	s.newCSRF(w)
	if u.Lang != "" {
		s.setCookie(w, langCookie, u.Lang, 365*24*time.Hour)
	}
	s.redirect(w, r, SafeLocalPath(f.Values["next"]), "flash.logged_in")
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Accounts.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, sessionCookie)
	s.redirect(w, r, "/", "flash.logged_out")
	return nil
}

func (s *Server) signupForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "signup", pageData{Title: "signup.title", Data: s.Accounts.SignupMode})
	return nil
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r, "email", "name")
	mode := s.Accounts.SignupMode
	n := accounts.NewUser{Email: f.Values["email"], Name: f.Values["name"], Password: r.PostFormValue("password"), Lang: LangFrom(r.Context())}
	// Check everything first, so that every problem is shown at once.
	bad := errs.Fields{}
	if e, ok := errs.As(n.Validate()); ok {
		for k, v := range e.Fields {
			bad.Add(k, v)
		}
	}
	if r.PostFormValue("password") != r.PostFormValue("password_confirm") {
		bad.Add("password_confirm", "error.password_mismatch")
	}
	err := bad.Err()
	if err == nil {
		err = s.Accounts.TakeAll(r.Context(), accounts.Hit{Limit: accounts.SignupPerAddress, Subject: s.clientIP(r)},
			accounts.Hit{Limit: accounts.SignupPerEmail, Subject: accounts.NormalizeEmail(n.Email)})
	}
	if err == nil {
		_, err = s.Accounts.SignUp(r.Context(), n)
	}
	if err != nil {
		return s.formError(w, r, "signup", "signup.title", f, err, mode)
	}
	flash := "flash.signup_pending"
	if s.Accounts.SignupMode == accounts.SignupEmail {
		flash = "flash.signup_confirm"
	}
	s.redirect(w, r, "/login", flash)
	return nil
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Accounts.Confirm(r.Context(), r.URL.Query().Get("token")); err != nil {
		return err
	}
	s.redirect(w, r, "/login", "flash.confirmed")
	return nil
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "forgot", pageData{Title: "forgot.title"})
	return nil
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	email := r.PostFormValue("email")
	err := s.Accounts.TakeAll(r.Context(), accounts.Hit{Limit: accounts.ForgotPerAddress, Subject: s.clientIP(r)},
		accounts.Hit{Limit: accounts.ForgotPerEmail, Subject: accounts.NormalizeEmail(email)})
	if err == nil {
		err = s.Accounts.RequestPasswordReset(r.Context(), email)
	}
	if err != nil {
		return s.formError(w, r, "forgot", "forgot.title", FormFrom(r, "email"), err)
	}
	s.redirect(w, r, "/login", "flash.reset_sent")
	return nil
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	f := &Form{Values: map[string]string{"token": r.URL.Query().Get("token")}}
	s.render(w, r, "reset", pageData{Title: "reset.title", Form: f})
	return nil
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r, "token")
	if r.PostFormValue("password") != r.PostFormValue("password_confirm") {
		return s.formError(w, r, "reset", "reset.title", f, errs.Fields{"password_confirm": "error.password_mismatch"}.Err())
	}
	if err := s.Accounts.ResetPassword(r.Context(), f.Values["token"], r.PostFormValue("password")); err != nil {
		return s.formError(w, r, "reset", "reset.title", f, err)
	}
	s.redirect(w, r, "/login", "flash.password_changed")
	return nil
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, nil, nil)
}

// renderAccount shows the account page, with a form's errors (and the
// status they call for) when one failed.
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, f *Form, failure error) error {
	tokens, err := s.Accounts.APITokens(r.Context(), UserFrom(r.Context()).ID)
	if err != nil {
		return err
	}
	data := map[string]any{"Tokens": tokens}
	if failure != nil {
		return s.formError(w, r, "account", "account.title", f, failure, data)
	}
	s.render(w, r, "account", pageData{Title: "account.title", Form: f, Data: data})
	return nil
}

func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r, "name")
	if _, err := s.Accounts.Rename(r.Context(), UserFrom(r.Context()).ID, f.Values["name"]); err != nil {
		return s.renderAccount(w, r, f, err)
	}
	s.redirect(w, r, "/account", "flash.profile_saved")
	return nil
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r)
	var err error
	if r.PostFormValue("password") != r.PostFormValue("password_confirm") {
		err = errs.Fields{"password_confirm": "error.password_mismatch"}.Err()
	} else {
		session, _ := r.Cookie(sessionCookie)
		err = s.Accounts.ChangePassword(r.Context(), UserFrom(r.Context()).ID, r.PostFormValue("current_password"), r.PostFormValue("password"), session.Value)
	}
	if err != nil {
		return s.renderAccount(w, r, f, err)
	}
	s.redirect(w, r, "/account", "flash.password_changed_here")
	return nil
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	u := UserFrom(r.Context())
	f := FormFrom(r, "name")
	_, secret, err := s.Accounts.CreateAPIToken(r.Context(), u.ID, f.Values["name"])
	if err != nil {
		return s.renderAccount(w, r, f, err)
	}
	tokens, err := s.Accounts.APITokens(r.Context(), u.ID)
	if err != nil {
		return err
	}
	// The secret is shown once, on this response only.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "account", pageData{Title: "account.title", Data: map[string]any{"Tokens": tokens, "NewSecret": secret}})
	return nil
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := s.Accounts.RevokeAPIToken(r.Context(), UserFrom(r.Context()).ID, id); err != nil {
		return err
	}
	s.redirect(w, r, "/account", "flash.token_revoked")
	return nil
}

package web

import (
	"errors"
	"net/http"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/errs"
	"corridor/internal/jobs"
	"corridor/internal/mail"
)

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pending, err := s.Accounts.List(ctx, accounts.UserFilter{Status: accounts.StatusPending, Limit: 500})
	if err != nil {
		return err
	}
	failed, err := jobs.List(ctx, s.DB, "failed", 0, 500)
	if err != nil {
		return err
	}
	s.render(w, r, "admin", pageData{Title: "admin.title", Data: map[string]any{"Pending": len(pending), "FailedJobs": len(failed)}})
	return nil
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := ListParams(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	users, err := s.Accounts.List(r.Context(), accounts.UserFilter{Status: status, AfterID: after, Limit: limit + 1})
	if err != nil {
		return err
	}
	users, next := TrimPage(users, limit, func(u *accounts.User) int64 { return u.ID })
	s.render(w, r, "admin_users", pageData{Title: "admin.users", Data: map[string]any{"Users": users, "Status": status, "Next": next}})
	return nil
}

// adminUserAction runs a user change from the admin pages and goes back.
func (s *Server) adminUserAction(w http.ResponseWriter, r *http.Request, fn func(id int64) (*accounts.User, error), flash string) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := ParseForm(r); err != nil {
		return err
	}
	if _, err := fn(id); err != nil {
		return err
	}
	back := "/admin/users"
	switch status := r.PostFormValue("back"); status {
	case accounts.StatusPending, accounts.StatusUnconfirmed, accounts.StatusActive, accounts.StatusDisabled:
		back += "?status=" + status
	}
	s.redirect(w, r, back, flash)
	return nil
}

// adminInvite opens an account and mails its owner a link to set a password.
func (s *Server) adminInvite(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	f := FormFrom(r, "name", "email", "role")
	_, err := s.Accounts.Invite(r.Context(), accounts.NewUser{Name: f.Values["name"], Email: f.Values["email"], Role: accounts.Role(f.Values["role"])})
	if err != nil {
		users, _ := s.Accounts.List(r.Context(), accounts.UserFilter{Limit: 50})
		return s.formError(w, r, "admin_users", "admin.users", f, err, map[string]any{"Users": users})
	}
	s.redirect(w, r, "/admin/users", "flash.user_invited")
	return nil
}

func (s *Server) adminApprove(w http.ResponseWriter, r *http.Request) error {
	return s.adminUserAction(w, r, func(id int64) (*accounts.User, error) { return s.Accounts.Approve(r.Context(), id) }, "flash.user_approved")
}

func (s *Server) adminDisable(w http.ResponseWriter, r *http.Request) error {
	return s.adminUserAction(w, r, func(id int64) (*accounts.User, error) { return s.Accounts.Disable(r.Context(), id) }, "flash.user_disabled")
}

func (s *Server) adminEnable(w http.ResponseWriter, r *http.Request) error {
	return s.adminUserAction(w, r, func(id int64) (*accounts.User, error) { return s.Accounts.Enable(r.Context(), id) }, "flash.user_enabled")
}

func (s *Server) adminSetRole(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(r); err != nil {
		return err
	}
	role := accounts.Role(r.PostFormValue("role"))
	return s.adminUserAction(w, r, func(id int64) (*accounts.User, error) { return s.Accounts.SetRole(r.Context(), id, role) }, "flash.role_changed")
}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	entries, cursor, err := s.auditPage(r, f)
	if err != nil {
		return err
	}
	next := ""
	if cursor != "" {
		q := r.URL.Query()
		q.Set("cursor", cursor)
		next = "/admin/audit?" + q.Encode()
	}
	actions, err := audit.Actions(r.Context(), s.DB)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	s.render(w, r, "admin_audit", pageData{Title: "admin.audit", Data: map[string]any{
		"Entries": auditRows(entries), "Actions": actions, "Next": next,
		"Filter": map[string]string{"action": q.Get("action"), "object_type": q.Get("object_type"), "object_id": q.Get("object_id"),
			"actor_id": q.Get("actor_id"), "since": q.Get("since"), "until": q.Get("until")},
	}})
	return nil
}

func (s *Server) adminOutbox(w http.ResponseWriter, r *http.Request) error {
	before, limit, err := ListParams(r)
	if err != nil {
		return err
	}
	msgs, err := mail.List(r.Context(), s.DB, before, limit+1)
	if err != nil {
		return err
	}
	msgs, next := TrimPage(msgs, limit, func(m mail.Message) int64 { return m.ID })
	s.render(w, r, "admin_outbox", pageData{Title: "admin.outbox", Data: map[string]any{"Messages": msgs, "Next": next}})
	return nil
}

func (s *Server) adminJobs(w http.ResponseWriter, r *http.Request) error {
	before, limit, err := ListParams(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	switch status {
	case "", "queued", "running", "done", "failed", "cancelled":
	default:
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"status": "error.status_unknown"}}
	}
	list, err := jobs.List(r.Context(), s.DB, status, before, limit+1)
	if err != nil {
		return err
	}
	list, next := TrimPage(list, limit, jobID)
	s.render(w, r, "admin_jobs", pageData{Title: "admin.jobs", Data: map[string]any{"Jobs": list, "Status": status, "Next": next}})
	return nil
}

func (s *Server) adminRetryJob(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := jobs.Retry(r.Context(), s.DB, id); err != nil {
		return &errs.Error{Kind: errs.Conflict, Message: "error.job_not_failed", Err: err}
	}
	s.redirect(w, r, "/admin/jobs?status=failed", "flash.job_retried")
	return nil
}

func (s *Server) adminCancelJob(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	status, err := s.cancelJob(r, id)
	if err != nil {
		return err
	}
	flash := "flash.job_cancelled"
	if status == "running" {
		flash = "flash.job_cancel_requested"
	}
	s.redirect(w, r, "/admin/jobs", flash)
	return nil
}

// cancelJob cancels a job for the admin page and the API alike.
func (s *Server) cancelJob(r *http.Request, id int64) (string, error) {
	status, err := jobs.Cancel(r.Context(), s.DB, id)
	if errors.Is(err, jobs.ErrNotCancellable) {
		return "", &errs.Error{Kind: errs.Conflict, Message: "error.job_not_cancellable", Err: err}
	}
	return status, err
}

package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/errs"
	"corridor/internal/jobs"
)

// problem is an RFC 9457 problem details document.
type problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Instance  string            `json:"instance,omitempty"`
	Errors    map[string]string `json:"errors,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

func writeProblem(w http.ResponseWriter, r *http.Request, status int, detail string, fields map[string]string) {
	p := problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: detail,
		Instance: r.URL.Path, Errors: fields, RequestID: requestIDFrom(r.Context())}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(p)
}

func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// ListPage is a page of a cursor-paginated list, as every list API answers.
type ListPage[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// cursor is an opaque pagination position: the last id seen.
type cursor struct {
	After int64 `json:"a"`
}

// TrimPage cuts a list fetched with limit+1 rows to limit, returning the
// cursor of the next page when there is one.
func TrimPage[T any](items []T, limit int, id func(T) int64) ([]T, string) {
	if len(items) <= limit {
		return nonNil(items), ""
	}
	items = items[:limit]
	return items, EncodeCursor(id(items[limit-1]))
}

func EncodeCursor(after int64) string {
	b, _ := json.Marshal(cursor{After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

// ListParams reads ?cursor= and ?limit=, naming the parameter at fault.
func ListParams(r *http.Request) (after int64, limit int, err error) {
	q := r.URL.Query()
	limit = 50
	if s := q.Get("limit"); s != "" {
		limit, err = strconv.Atoi(s)
		if err != nil || limit < 1 || limit > 500 {
			return 0, 0, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"limit": "error.limit_range"}}
		}
	}
	if s := q.Get("cursor"); s != "" {
		var c cursor
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil || json.Unmarshal(b, &c) != nil || c.After <= 0 {
			return 0, 0, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"cursor": "error.cursor_invalid"}}
		}
		after = c.After
	}
	return after, limit, nil
}

// DecodeJSON reads a JSON request body into v, rejecting unknown fields,
// wrong content types and trailing data with a message that says which.
func DecodeJSON(r *http.Request, v any) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return &errs.Error{Kind: errs.Invalid, Message: "error.json_content_type"}
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return errs.New(errs.TooLarge, "error.body_too_large")
		}
		msg := err.Error()
		field := "body"
		if strings.HasPrefix(msg, "json: unknown field ") {
			field = strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
			return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{field: "error.unknown_field"}}
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{typeErr.Field: "error.wrong_type"}}
		}
		return &errs.Error{Kind: errs.Invalid, Message: "error.json_invalid", Fields: map[string]string{"body": "error.json_invalid"}, Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &errs.Error{Kind: errs.Invalid, Message: "error.json_invalid", Fields: map[string]string{"body": "error.json_trailing"}}
	}
	return nil
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// PathInt reads the path wildcard name as a positive integer; anything else
// is a 404, as a missing page would be.
func PathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &errs.Error{Kind: errs.NotFound, Message: "error.not_found"}
	}
	return id, nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	return WriteJSON(w, http.StatusOK, UserFrom(r.Context()))
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	tokens, err := s.Accounts.APITokens(r.Context(), UserFrom(r.Context()).ID)
	if err != nil {
		return err
	}
	return WriteJSON(w, http.StatusOK, ListPage[accounts.APIToken]{Items: nonNil(tokens)})
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	t, secret, err := s.Accounts.CreateAPIToken(r.Context(), UserFrom(r.Context()).ID, in.Name)
	if err != nil {
		return err
	}
	return WriteJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret})
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	if err := s.Accounts.RevokeAPIToken(r.Context(), UserFrom(r.Context()).ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := ListParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := accounts.UserFilter{Status: q.Get("status"), Role: q.Get("role"), AfterID: after, Limit: limit + 1}
	if f.Role != "" {
		if _, err := accounts.ParseRole(f.Role); err != nil {
			return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"role": "error.role_unknown"}}
		}
	}
	users, err := s.Accounts.List(r.Context(), f)
	if err != nil {
		return err
	}
	var out ListPage[*accounts.User]
	out.Items, out.NextCursor = TrimPage(users, limit, func(u *accounts.User) int64 { return u.ID })
	return WriteJSON(w, http.StatusOK, out)
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	u, err := s.Accounts.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	return WriteJSON(w, http.StatusOK, u)
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
		Role     string `json:"role"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.Accounts.Create(r.Context(), accounts.NewUser{Email: in.Email, Name: in.Name, Password: in.Password, Role: accounts.Role(in.Role)}, accounts.StatusActive)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	return WriteJSON(w, http.StatusCreated, u)
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Role   *string `json:"role"`
		Status *string `json:"status"`
	}
	if err := DecodeJSON(r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	if in.Role != nil {
		if _, err := s.Accounts.SetRole(ctx, id, accounts.Role(*in.Role)); err != nil {
			return err
		}
	}
	if in.Status != nil {
		switch *in.Status {
		case accounts.StatusActive:
			_, err = s.Accounts.Approve(ctx, id)
		case accounts.StatusDisabled:
			_, err = s.Accounts.Disable(ctx, id)
		default:
			err = &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"status": "error.status_unknown"}}
		}
		if err != nil {
			return err
		}
	}
	return s.apiUser(w, r)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	entries, next, err := s.auditPage(r, f)
	if err != nil {
		return err
	}
	return WriteJSON(w, http.StatusOK, ListPage[audit.Entry]{Items: entries, NextCursor: next})
}

// auditFilter reads the audit log's filters; the cursor runs downwards.
func auditFilter(r *http.Request) (audit.Filter, error) {
	before, limit, err := ListParams(r)
	if err != nil {
		return audit.Filter{}, err
	}
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), BeforeID: before, Limit: limit}
	bad := errs.Fields{}
	if s := q.Get("actor_id"); s != "" {
		if f.ActorID, err = strconv.ParseInt(s, 10, 64); err != nil {
			bad.Add("actor_id", "error.not_a_number")
		}
	}
	for name, dst := range map[string]*int64{"since": &f.Since, "until": &f.Until} {
		if s := q.Get(name); s != "" {
			t, err := parseDay(s)
			if err != nil {
				bad.Add(name, "error.date_invalid")
			}
			*dst = t
			if name == "until" {
				*dst += 86399
			}
		}
	}
	return f, bad.Err()
}

// auditPage lists one page of the audit log for filter f.
func (s *Server) auditPage(r *http.Request, f audit.Filter) ([]audit.Entry, string, error) {
	limit := f.Limit
	f.Limit++
	entries, err := audit.List(r.Context(), s.DB, f)
	if err != nil {
		return nil, "", err
	}
	items, next := TrimPage(entries, limit, func(e audit.Entry) int64 { return e.ID })
	return items, next, nil
}

func jobID(j jobs.Job) int64 { return j.ID }

func (s *Server) apiJobs(w http.ResponseWriter, r *http.Request) error {
	before, limit, err := ListParams(r)
	if err != nil {
		return err
	}
	status := r.URL.Query().Get("status")
	list, err := jobs.List(r.Context(), s.DB, status, before, limit+1)
	if err != nil {
		return err
	}
	var out ListPage[jobs.Job]
	out.Items, out.NextCursor = TrimPage(list, limit, jobID)
	return WriteJSON(w, http.StatusOK, out)
}

func (s *Server) apiJob(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	return s.writeJob(w, r, id, http.StatusOK)
}

func (s *Server) apiCancelJob(w http.ResponseWriter, r *http.Request) error {
	id, err := PathInt(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.cancelJob(r, id); err != nil {
		return err
	}
	return s.writeJob(w, r, id, http.StatusAccepted)
}

// writeJob answers one job as JSON, or 404.
func (s *Server) writeJob(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	j, err := jobs.Get(r.Context(), s.DB, id)
	if err != nil {
		return err
	}
	if j == nil {
		return errs.New(errs.NotFound, "error.not_found")
	}
	return WriteJSON(w, status, j)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

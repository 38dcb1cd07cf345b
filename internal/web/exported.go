package web

import (
	"context"
	"io/fs"
	"net/http"

	"corridor/internal/accounts"
)

// This file is the surface the domains' handlers use: who is asking, in
// which language, and the shared ways to answer.

// UserFrom returns the signed-in user of a request's context, or nil.
func UserFrom(ctx context.Context) *accounts.User { return userFrom(ctx) }

// LangFrom returns the request's interface language (en, fr or es).
func LangFrom(ctx context.Context) string { return langFrom(ctx) }

// T translates a catalog key in the request's language.
func (s *Server) T(r *http.Request, key string, args ...any) string {
	return s.Catalog.T(langFrom(r.Context()), key, args...)
}

// Page is what a domain passes to Render.
type Page struct {
	// Title is a catalog key (or plain text) for the <title>.
	Title string
	// Data is the page's own data, {{.Data}} in its template.
	Data any
	// Form carries a submitted form back with its errors; may be nil.
	Form *Form
}

// Form keeps a submitted form's values and per-field errors.
type Form = form

// NewForm returns an empty form.
func NewForm() *Form { return &form{Values: map[string]string{}, Errors: map[string]string{}} }

// FormFrom copies the named posted fields (never pass passwords).
func FormFrom(r *http.Request, fields ...string) *Form { return formFrom(r, fields...) }

// Render writes a page template (its "content" block inside the layout).
func (s *Server) Render(w http.ResponseWriter, r *http.Request, name string, p Page) {
	s.render(w, r, name, pageData{Title: p.Title, Data: p.Data, Form: p.Form})
}

// RenderFormError re-renders a form page with an error's field messages
// (status from the error's kind), or returns err when it is not about input.
func (s *Server) RenderFormError(w http.ResponseWriter, r *http.Request, name string, p Page, err error) error {
	if p.Form == nil {
		p.Form = NewForm()
	}
	return s.formError(w, r, name, p.Title, p.Form, err, p.Data)
}

// Redirect answers a successful POST with 303 and an optional flash key.
func (s *Server) Redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	s.redirect(w, r, to, flash)
}

// ParseForm parses a posted form; an oversized body becomes a clear error.
func ParseForm(r *http.Request) error { return parseForm(r) }

// WriteJSON writes v as indented JSON with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) error { return writeJSON(w, status, v) }

// DecodeJSON reads a JSON body strictly (see decodeJSON).
func DecodeJSON(r *http.Request, v any) error { return decodeJSON(r, v) }

// ListParams reads ?cursor= and ?limit= (1..500, default 50).
func ListParams(r *http.Request) (after int64, limit int, err error) { return listParams(r) }

// EncodeCursor makes the opaque cursor for "after this id".
func EncodeCursor(after int64) string { return encodeCursor(after) }

// PathID reads the {id} path value as a positive integer.
func PathID(r *http.Request) (int64, error) { return pathID(r) }

// ListPage is a page of a cursor-paginated API list.
type ListPage[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// AddTemplates adds a domain's page templates (*.html files defining
// "content"); each file becomes a page named after it, and the domain's
// _*.html files are partials every one of its pages can use.
func (s *Server) AddTemplates(fsys fs.FS) error {
	pages, err := parsePagesFS(fsys, true)
	if err != nil {
		return err
	}
	for name, t := range pages {
		s.pages[name] = t
	}
	return nil
}

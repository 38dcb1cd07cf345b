package web

import (
	"corridor/internal/i18n"
	"io/fs"
	"net/http"
)

// This file is the surface the domains' handlers use: who is asking, in
// which language, and the shared ways to answer.

// T translates a catalog key in the request's language.
func (s *Server) T(r *http.Request, key string, args ...any) string {
	return s.Catalog.T(LangFrom(r.Context()), key, args...)
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

// NewForm returns an empty form.
func NewForm() *Form { return &Form{Values: map[string]string{}, Errors: map[string]string{}} }

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
		for _, l := range i18n.Languages {
			s.langPages.Delete(name + "\x00" + l)
		}
	}
	return nil
}

// ClientIP is the request's client address as the rate limits and the
// audit log see it (the trusted proxy's last X-Forwarded-For hop).
func (s *Server) ClientIP(r *http.Request) string { return s.clientIP(r) }

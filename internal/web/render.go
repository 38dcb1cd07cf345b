package web

import (
	"bytes"
	"crypto/subtle"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/i18n"
	"corridor/internal/links"
)

//go:embed templates/*.html
var templateFiles embed.FS

// pageSet maps a page name to its template (layout + page).
type pageSet map[string]*template.Template

// pageData is what every page template receives.
type pageData struct {
	Title string
	Data  any
	Form  *Form
	// Description is the page's summary for search engines and link
	// previews (a catalog key or text); empty gives the site's.
	Description string

	// Filled by render.
	Lang      string
	Languages []string
	User      *accounts.User
	CSRF      string
	Path      string
	Flash     string
	Version   string
	IsAdmin   bool
	// Alternates are the page's addresses in each language (hreflang).
	Alternates []Alternate
}

// form keeps a submitted form's values and per-field errors, so a form with
// bad input comes back filled in with each problem next to its field.
type Form struct {
	Values map[string]string
	Errors map[string]string
	Error  string
}

func (f *Form) Value(k string) string {
	if f == nil {
		return ""
	}
	return f.Values[k]
}

func (f *Form) Err(k string) string {
	if f == nil {
		return ""
	}
	return f.Errors[k]
}

// templateFuncs are the functions every template may call. t, n and colon
// are replaced per request by render with the request's language.
var templateFuncs = template.FuncMap{
	"t":         func(key string, args ...any) string { return key },
	"n":         func(key string, n int, args ...any) string { return key },
	"colon":     func() string { return ":" },
	"date":      formatDate,
	"time":      formatTime,
	"langName":  func(l string) string { return i18n.LanguageNames[l] },
	"roles":     func() []accounts.Role { return accounts.Roles },
	"add":       func(a, b int) int { return a + b },
	"join":      strings.Join,
	"split":     strings.Fields,
	"sections":  func() []Section { return Sections },
	"partLabel": links.PartLabel,
	"asset":     assetURL,
}

func parsePages() (pageSet, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	return parsePagesFS(sub, false)
}

// parsePagesFS parses every page of fsys with the layout and partials: the
// platform's, and, for a domain (ownPartials), the domain's own _*.html.
func parsePagesFS(fsys fs.FS, ownPartials bool) (pageSet, error) {
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return nil, err
	}
	var partials []string
	if ownPartials {
		partials, _ = fs.Glob(fsys, "_*.html")
	}
	pages := pageSet{}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".html")
		if strings.HasPrefix(base, "_") {
			continue // partials
		}
		t, err := template.New("layout").Funcs(templateFuncs).ParseFS(templateFiles, "templates/_*.html")
		if err == nil && len(partials) > 0 {
			t, err = t.ParseFS(fsys, partials...)
		}
		if err == nil {
			t, err = t.ParseFS(fsys, name)
		}
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}

func formatDate(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02")
}

func formatTime(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02 15:04:05 UTC")
}

// render writes page name with the request's language, user and CSRF token.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p pageData) {
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "unknown page "+name, http.StatusInternalServerError)
		return
	}
	ctx := r.Context()
	p.Lang = LangFrom(ctx)
	p.Languages = i18n.Languages
	p.User = UserFrom(ctx)
	p.IsAdmin = p.User != nil && p.User.Role == accounts.RoleAdmin
	p.CSRF, _ = ctx.Value(csrfKey).(string)
	p.Path = r.URL.RequestURI()
	p.Version = s.Version
	if r.Method == http.MethodGet {
		p.Alternates = alternates(strings.TrimRight(s.Config.BaseURL, "/"), p.Path)
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if msg, err := url.QueryUnescape(c.Value); err == nil && s.Catalog.Has(msg) {
			p.Flash = msg
		}
		s.clearCookie(w, flashCookie)
	}
	lang := p.Lang
	t, err := s.pageIn(name, t, lang)
	var buf bytes.Buffer
	if err == nil {
		err = t.ExecuteTemplate(&buf, "layout", p)
	}
	if err != nil {
		s.Logger.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", lang)
	w.Header().Set("Vary", "Cookie, Accept-Language, Accept-Encoding")
	w.Write(buf.Bytes())
}

// pageIn is page name's template with t and n speaking lang: cloned once
// per page and language, not per request (a clone costs more than many
// a page's rendering).
func (s *Server) pageIn(name string, t *template.Template, lang string) (*template.Template, error) {
	key := name + "\x00" + lang
	if c, ok := s.langPages.Load(key); ok {
		return c.(*template.Template), nil
	}
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	c = c.Funcs(template.FuncMap{
		"t": func(key string, args ...any) string { return s.Catalog.T(lang, key, args...) },
		"n": func(key string, n int, args ...any) string { return s.Catalog.N(lang, key, n, args...) },
		// The colon after a label ({{t "…"}}{{colon}}), as the language sets it.
		"colon": func() string { return i18n.Colon(lang) },
	})
	got, _ := s.langPages.LoadOrStore(key, c)
	return got.(*template.Template), nil
}

// redirect sends the browser on after a successful POST, with an optional
// flash message (a catalog key) shown on the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		s.setCookie(w, flashCookie, url.QueryEscape(flash), time.Minute)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// SafeLocalPath returns target when it is a path on this site, and "/"
// otherwise. It is the only way a redirect target taken from a request
// (next=, the language switch) reaches a Location header. Browsers drop
// tabs and newlines and read a backslash as a slash, so "/\t/evil.example"
// or "/\\evil.example" would leave the site: any control character or
// backslash, a scheme, a host, or a path that starts with two slashes
// (also once decoded, as in "/%2F/evil.example") is refused.
func SafeLocalPath(target string) string {
	if target == "" || len(target) > 2048 || strings.ContainsAny(target, "\\") {
		return "/"
	}
	for _, r := range target {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") ||
		strings.HasPrefix(u.Path, "//") || strings.ContainsAny(u.Path, "\\") {
		return "/"
	}
	for _, r := range u.Path {
		if r < 0x20 || r == 0x7f {
			return "/"
		}
	}
	return target
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func constantTimeEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

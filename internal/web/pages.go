package web

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"corridor/internal/errs"
	"corridor/internal/i18n"
)

//go:embed static
var staticFiles embed.FS

// The OpenAPI document: openapi.json for the platform, merged with each
// domain's openapi/<domain>.json (paths and component schemas).
//
//go:embed openapi.json openapi
var openAPIFiles embed.FS

// openAPIDoc merges the OpenAPI parts once, when the server is built
// (web.New), not when a command that serves nothing starts.
var openAPIDoc = sync.OnceValue(func() []byte {
	b, err := mergeOpenAPI(openAPIFiles)
	if err != nil {
		panic(err)
	}
	return b
})

func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	base, err := fs.ReadFile(fsys, "openapi.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("web: openapi.json: %w", err)
	}
	parts, _ := fs.Glob(fsys, "openapi/*.json")
	for _, name := range parts {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("web: %s: %w", name, err)
		}
		if err := mergeInto(doc, part, name); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(doc, "", " ")
}

// mergeInto adds part's paths and components to doc; a name defined twice
// is an error.
func mergeInto(doc, part map[string]any, name string) error {
	for _, key := range []string{"paths", "components"} {
		src, _ := part[key].(map[string]any)
		dst, _ := doc[key].(map[string]any)
		for k, v := range src {
			if key == "components" {
				sub, _ := v.(map[string]any)
				dsub, _ := dst[k].(map[string]any)
				if dsub == nil {
					dsub = map[string]any{}
					dst[k] = dsub
				}
				for n, x := range sub {
					if _, dup := dsub[n]; dup {
						return fmt.Errorf("web: %s redefines components.%s.%s", name, k, n)
					}
					dsub[n] = x
				}
				continue
			}
			if _, dup := dst[k]; dup {
				return fmt.Errorf("web: %s redefines path %s", name, k)
			}
			dst[k] = v
		}
	}
	return nil
}

// Section is one of the institute's sections on the home page.
type Section struct {
	Slug string
	// Key prefixes the section's catalog keys (title, summary, body).
	Key string
	// Href is the section's own pages once its domain exists.
	Href string
}

// Sections are the institute's sections, in home page order.
var Sections = []Section{
	{"data", "section.data", "/data"},
	{"law", "section.law", "/law"},
	{"publications", "section.publications", "/publications"},
	{"learning", "section.learning", "/learning"},
	{"events", "section.events", "/events"},
	{"people", "section.people", "/people"},
}

// homePage is the home page's data.
type homePage struct {
	Sections []Section
	Panels   []homePanel
	// Loading: the demo's data is still being imported, Percent done.
	Loading bool
	Percent int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	page := homePage{Sections: Sections}
	if s.DemoLoading != nil {
		page.Percent, page.Loading = s.DemoLoading(r.Context())
	}
	page.Panels = s.buildHomePanels(r.Context(), LangFrom(r.Context()))
	s.render(w, r, "home", pageData{Title: "home.title", Data: page})
	return nil
}

func (s *Server) section(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("section")
	for _, sec := range Sections {
		if sec.Slug == slug && sec.Href != "/sections/"+slug {
			http.Redirect(w, r, sec.Href, http.StatusFound)
			return nil
		}
		if sec.Slug == slug {
			s.render(w, r, "section", pageData{Title: sec.Key + ".title", Data: sec})
			return nil
		}
	}
	return errs.New(errs.NotFound, "error.page_not_found")
}

// setLang is the language switcher: it remembers the choice in a cookie
// (and on the account) and goes back to the page it came from.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"lang": "error.lang_unknown"}}
	}
	s.setCookie(w, langCookie, lang, 365*24*time.Hour)
	if u := UserFrom(r.Context()); u != nil && u.Lang != lang {
		if err := s.Accounts.SetLang(r.Context(), u.ID, lang); err != nil {
			return err
		}
	}
	// The page the reader came from, without a language prefix that
	// would override the choice just made.
	next := SafeLocalPath(r.PostFormValue("next"))
	if _, rest, ok := splitLangPrefix(next); ok {
		next = rest
	}
	s.redirect(w, r, next, "")
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 when the database answers and is fully migrated.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.PingContext(ctx); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return nil
	}
	if n, err := s.DB.Pending(ctx); err != nil || n > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("migrations pending\n"))
		return nil
	}
	w.Write([]byte("ready\n"))
	return nil
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPIDoc())
	return nil
}

func parseDay(s string) (int64, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, err
	}
	return t.Unix(), nil
}

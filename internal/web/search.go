package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"corridor/internal/errs"
	"corridor/internal/textsearch"
)

// One search box for everything: each domain adds a source (places and
// corridors, instruments and articles, publications…) and /search shows
// their answers side by side, each with a link to the domain's own search
// for more. The same answers, shorter, feed the header's type-ahead.

// SearchHit is one answer: what it is, its title, where it is, and a
// line of context.
type SearchHit struct {
	Title   string            `json:"title"`
	URL     string            `json:"url"`
	Detail  string            `json:"detail,omitempty"`
	Snippet []textsearch.Span `json:"snippet,omitempty"`
}

// SearchSource is a domain's part of the search.
type SearchSource struct {
	// Kind names the group (a catalog key such as "search.kind.places").
	Kind string
	// Find returns up to limit answers to q for a reader of lang.
	Find func(ctx context.Context, q, lang string, limit int) ([]SearchHit, error)
	// More is the domain's own search for q, with its filters; "" for none.
	More func(q string) string
}

// AddSearch adds a domain's source to the search, in page order.
func (s *Server) AddSearch(src SearchSource) { s.searches = append(s.searches, src) }

// maxSearchQuery bounds a query; longer is a clear error.
const maxSearchQuery = 200

// SearchGroup is one source's answers.
type SearchGroup struct {
	Kind  string      `json:"kind"`
	Label string      `json:"label"`
	More  string      `json:"more,omitempty"`
	Items []SearchHit `json:"items"`
	// Error says the source could not answer (a query its syntax refuses).
	Error string `json:"error,omitempty"`
}

func (s *Server) searchAll(r *http.Request, q string, limit int) ([]SearchGroup, error) {
	if utf8.RuneCountInString(q) > maxSearchQuery {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"q": "search.error.too_long"}}
	}
	lang := LangFrom(r.Context())
	var out []SearchGroup
	for _, src := range s.searches {
		g := SearchGroup{Kind: src.Kind, Label: s.Catalog.T(lang, src.Kind), Items: []SearchHit{}}
		hits, err := src.Find(r.Context(), q, lang, limit)
		e, isErr := errs.As(err)
		switch {
		case err == nil:
			if hits != nil {
				g.Items = hits
			}
		case isErr && e.Kind == errs.Invalid:
			// One source's query syntax (quotes, prefixes) is not another's.
			g.Error = s.Catalog.T(lang, e.Message)
		default:
			return nil, err
		}
		if src.More != nil && len(g.Items) > 0 {
			g.More = src.More(q)
		}
		out = append(out, g)
	}
	return out, nil
}

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var groups []SearchGroup
	if q != "" {
		var err error
		if groups, err = s.searchAll(r, q, 10); err != nil {
			return err
		}
	}
	s.render(w, r, "search", pageData{Title: "search.title", Data: map[string]any{"Q": q, "Groups": groups}})
	return nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	limit := 5
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 50 {
			return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"limit": "error.limit_range"}}
		}
		limit = n
	}
	groups := []SearchGroup{}
	if q != "" {
		var err error
		if groups, err = s.searchAll(r, q, limit); err != nil {
			return err
		}
	}
	return WriteJSON(w, http.StatusOK, map[string]any{"query": q, "groups": groups})
}

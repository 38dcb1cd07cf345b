package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"corridor/internal/i18n"
)

// Every page has an address per language: the same path under /en/, /fr/
// or /es/. Search engines find the three through hreflang links, and a
// link shared in French opens in French whatever the reader's browser
// says. (The query's ?lang= is left to the pages: law pages use it for the
// language of a text.)

// Alternate is a page's address in one language.
type Alternate struct {
	Lang, Href string
}

type langPrefixKey struct{}

// langPrefix serves /fr/… as … in French: it strips the prefix before
// routing and remembers the language for pickLang, and for the reader's
// next pages (the language cookie).
func (s *Server) langPrefix(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang, rest, ok := splitLangPrefix(r.URL.Path)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		r2 := r.Clone(context.WithValue(r.Context(), langPrefixKey{}, lang))
		r2.URL.Path, r2.URL.RawPath = rest, ""
		if c, err := r.Cookie(langCookie); err != nil || c.Value != lang {
			s.setCookie(w, langCookie, lang, 365*24*time.Hour)
		}
		next.ServeHTTP(w, r2)
	})
}

// splitLangPrefix reads "/fr/data" as fr and "/data", "/fr" as fr and "/".
func splitLangPrefix(path string) (lang, rest string, ok bool) {
	for _, l := range i18n.Languages {
		if path == "/"+l {
			return l, "/", true
		}
		if r, found := strings.CutPrefix(path, "/"+l+"/"); found {
			return l, "/" + r, true
		}
	}
	return "", path, false
}

func prefixedLang(ctx context.Context) string {
	l, _ := ctx.Value(langPrefixKey{}).(string)
	return l
}

// alternates are the page's addresses in every language, absolute on
// base, plus the x-default one without a language.
func alternates(base, requestURI string) []Alternate {
	out := make([]Alternate, 0, len(i18n.Languages)+1)
	for _, l := range i18n.Languages {
		out = append(out, Alternate{Lang: l, Href: base + "/" + l + requestURI})
	}
	return append(out, Alternate{Lang: "x-default", Href: base + requestURI})
}

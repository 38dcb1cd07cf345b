package web

import (
	"net/url"

	"corridor/internal/i18n"
)

// Every page has an address per language: the same path with ?lang=xx.
// Search engines find the three through hreflang links, and a link shared
// in French opens in French whatever the reader's browser says.

// Alternate is a page's address in one language.
type Alternate struct {
	Lang, Href string
}

// withLang is requestURI with its lang parameter set to lang, or removed
// when lang is empty; anything it cannot parse is returned as "/".
func withLang(requestURI, lang string) string {
	u, err := url.ParseRequestURI(requestURI)
	if err != nil {
		return "/"
	}
	q := u.Query()
	if lang == "" {
		q.Del("lang")
	} else {
		q.Set("lang", lang)
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// alternates are the page's addresses in every language, absolute on
// base, plus the x-default one without a language.
func alternates(base, requestURI string) []Alternate {
	out := make([]Alternate, 0, len(i18n.Languages)+1)
	for _, l := range i18n.Languages {
		out = append(out, Alternate{Lang: l, Href: base + withLang(requestURI, l)})
	}
	return append(out, Alternate{Lang: "x-default", Href: base + withLang(requestURI, "")})
}

package textsearch

import (
	"strings"
	"unicode/utf8"
)

// Query is a parsed search query: every group must match (AND). A group
// matches when any of its alternatives does (the query word stemmed in each
// searched language).
type Query struct {
	Groups []Group
	Lang   string
}

// Group is one query term, phrase or prefix.
type Group struct {
	// Alts are the alternatives; each is a sequence of stems (one for a
	// word, several for a phrase).
	Alts   [][]string
	Prefix bool
}

// MaxQueryTerms bounds the number of terms of a query.
const MaxQueryTerms = 12

// QueryError says what is wrong with a query; Code is one of query_empty,
// query_long, query_quote, query_prefix, query_empty_phrase, query_terms,
// which a domain turns into its own catalog key.
type QueryError struct{ Code string }

func (e *QueryError) Error() string { return "textsearch: bad query: " + e.Code }

func bad(code string) error { return &QueryError{Code: code} }

// ParseQuery reads a search query: words (all must match, each stemmed in
// the language searched, or in English, French and Spanish when lang is
// ""), "quoted phrases" and prefix* terms. An unbalanced quote, an empty
// query, a lone or too-short prefix or too many terms is a *QueryError.
func ParseQuery(q, lang string) (*Query, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, bad("query_empty")
	}
	if utf8.RuneCountInString(q) > 300 {
		return nil, bad("query_long")
	}
	if strings.Count(q, `"`)%2 != 0 {
		return nil, bad("query_quote")
	}
	langs := Languages
	if lang != "" {
		langs = []string{lang}
	}
	out := &Query{Lang: lang}
	add := func(words []string, prefix bool) error {
		if len(words) == 0 {
			return nil
		}
		g := Group{Prefix: prefix}
		seen := map[string]bool{}
		addAlt := func(alt []string) {
			k := strings.Join(alt, " ")
			if k != "" && !seen[k] {
				seen[k] = true
				g.Alts = append(g.Alts, alt)
			}
		}
		if prefix {
			p := Fold(words[0])
			if utf8.RuneCountInString(p) < 2 {
				return bad("query_prefix")
			}
			addAlt([]string{p})
			for _, l := range langs {
				if st := Stem(words[0], l); len(st) < len(p) && utf8.RuneCountInString(st) >= 2 {
					addAlt([]string{st})
				}
			}
		} else {
			for _, l := range langs {
				alt := make([]string, len(words))
				for i, w := range words {
					alt[i] = Stem(w, l)
				}
				addAlt(alt)
			}
		}
		out.Groups = append(out.Groups, g)
		if len(out.Groups) > MaxQueryTerms {
			return bad("query_terms")
		}
		return nil
	}
	parts := strings.Split(q, `"`)
	for i, part := range parts {
		if i%2 == 1 { // inside quotes: a phrase
			ws := wordTexts(part)
			if len(ws) == 0 {
				return nil, bad("query_empty_phrase")
			}
			if err := add(ws, false); err != nil {
				return nil, err
			}
			continue
		}
		for _, tok := range strings.Fields(part) {
			prefix := strings.HasSuffix(tok, "*")
			ws := wordTexts(strings.TrimRight(tok, "*"))
			if prefix && len(ws) != 1 {
				return nil, bad("query_prefix")
			}
			if prefix {
				if err := add(ws, true); err != nil {
					return nil, err
				}
				continue
			}
			for _, w := range ws { // "l'étranger" → two words
				if err := add([]string{w}, false); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(out.Groups) == 0 {
		return nil, bad("query_empty")
	}
	return out, nil
}

func wordTexts(s string) []string {
	ws := Words(s)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}

// FTS5 renders the query as an SQLite FTS5 MATCH expression.
func (q *Query) FTS5() string {
	var groups []string
	for _, g := range q.Groups {
		var alts []string
		for _, a := range g.Alts {
			s := `"` + strings.ReplaceAll(strings.Join(a, " "), `"`, `""`) + `"`
			if g.Prefix {
				s += "*"
			}
			alts = append(alts, s)
		}
		groups = append(groups, "("+strings.Join(alts, " OR ")+")")
	}
	return strings.Join(groups, " AND ")
}

// TSQuery renders the query as a PostgreSQL tsquery (for to_tsquery with
// the 'simple' configuration).
func (q *Query) TSQuery() string {
	lex := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	var groups []string
	for _, g := range q.Groups {
		var alts []string
		for _, a := range g.Alts {
			parts := make([]string, len(a))
			for i, w := range a {
				parts[i] = lex(w)
			}
			s := strings.Join(parts, " <-> ")
			if g.Prefix {
				s += ":*"
			}
			alts = append(alts, "("+s+")")
		}
		groups = append(groups, "("+strings.Join(alts, " | ")+")")
	}
	return strings.Join(groups, " & ")
}

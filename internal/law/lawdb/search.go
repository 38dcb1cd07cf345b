package lawdb

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"corridor/internal/db"
	"corridor/internal/errs"
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

func badQuery(msg string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_query", Fields: map[string]string{"q": msg}}
}

// ParseQuery reads a search query: words (all must match, each stemmed in
// the language searched, or in English, French and Spanish when lang is
// ""), "quoted phrases" and prefix* terms. An unbalanced quote, an empty
// query, a lone or too-short prefix or too many terms is an Invalid error.
func ParseQuery(q, lang string) (*Query, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, badQuery("law.error.query_empty")
	}
	if utf8.RuneCountInString(q) > 300 {
		return nil, badQuery("law.error.query_long")
	}
	if strings.Count(q, `"`)%2 != 0 {
		return nil, badQuery("law.error.query_quote")
	}
	langs := SearchLanguages
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
			p := fold(words[0])
			if utf8.RuneCountInString(p) < 2 {
				return badQuery("law.error.query_prefix")
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
			return badQuery("law.error.query_terms")
		}
		return nil
	}
	parts := strings.Split(q, `"`)
	for i, part := range parts {
		if i%2 == 1 { // inside quotes: a phrase
			ws := wordTexts(part)
			if len(ws) == 0 {
				return nil, badQuery("law.error.query_empty_phrase")
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
				return nil, badQuery("law.error.query_prefix")
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
		return nil, badQuery("law.error.query_empty")
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

// SearchFilter narrows a search.
type SearchFilter struct {
	Lang, Level, Type, Instrument string
	Jurisdiction, Topic           string
	// InForce is "yes" (in force on Today: Instrument.InForceAt), "no" (not
	// yet, never, or no longer: repealed or past its end of validity), or "".
	InForce string
	// Today is the date InForce is judged on (YYYY-MM-DD).
	Today string
	// AdoptedFrom and AdoptedTo bound the adoption date (YYYY-MM-DD, inclusive).
	AdoptedFrom, AdoptedTo string
}

// Hit is one matching provision.
type Hit struct {
	Slug, Title, Level, Type string
	Jurisdiction             string
	Language, ValidFrom      string
	EID, ArticleEID          string
	Num, Heading             string
	// ArticleNum and ArticleHeading are those of the enclosing article
	// when the hit is a paragraph or point inside one.
	ArticleNum, ArticleHeading string
	Snippet                    []Span
	Score                      int

	full  string
	stems []string
	hits  []bool
}

// Span is a piece of a snippet; Hit marks a matching word.
type Span struct {
	Text string
	Hit  bool
}

// Results is a search answer.
type Results struct {
	Hits   []Hit
	Total  int
	Capped bool
	Facets map[string][]Facet
}

// maxCandidates bounds the provisions a search ranks.
const maxCandidates = 1000

// Search finds provisions of the current version of each instrument and
// language that match the query, best first (most matching words), with
// highlighted snippets and facet counts (language, level, type).
func (s *Store) Search(ctx context.Context, q *Query, f SearchFilter, limit int) (_ *Results, err error) {
	defer wrapErr(&err, "search")
	match := `p.id IN (SELECT rowid FROM law_fts WHERE law_fts MATCH $1)`
	expr := q.FTS5()
	if s.DB.Engine == db.Postgres {
		match = `p.tsv @@ to_tsquery('simple', $1)`
		expr = q.TSQuery()
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT p.id, p.eid, p.article_eid, p.num, p.heading, p.text, p.stems, p.language, v.valid_from, i.slug, i.title, i.level, i.type, i.jurisdiction, i.topics,
		COALESCE(a.num, ''), COALESCE(a.heading, '')
		FROM law_provisions p JOIN law_versions v ON v.id = p.version_id JOIN law_instruments i ON i.id = v.instrument_id
		LEFT JOIN law_provisions a ON a.version_id = p.version_id AND a.eid = p.article_eid AND a.id <> p.id
		WHERE `+match+`
		AND v.valid_from = (SELECT MAX(v2.valid_from) FROM law_versions v2 WHERE v2.instrument_id = v.instrument_id AND v2.language = v.language)
		AND (CAST($2 AS TEXT) = '' OR p.language = $2) AND (CAST($3 AS TEXT) = '' OR i.level = $3) AND (CAST($4 AS TEXT) = '' OR i.type = $4) AND (CAST($5 AS TEXT) = '' OR i.slug = $5)
		AND (CAST($6 AS TEXT) = '' OR i.jurisdiction = $6) AND (CAST($7 AS TEXT) = '' OR ',' || i.topics || ',' LIKE '%,' || $7 || ',%')
		AND (CAST($9 AS TEXT) = '' OR (CAST($9 AS TEXT) = 'yes') = (i.in_force_on <> '' AND i.in_force_on <= $10
			AND NOT EXISTS (SELECT 1 FROM law_instrument_ends e WHERE e.instrument_id = i.id AND e.ended_on <= $10)))
		AND (CAST($11 AS TEXT) = '' OR (i.adopted_on <> '' AND i.adopted_on >= $11)) AND (CAST($12 AS TEXT) = '' OR (i.adopted_on <> '' AND i.adopted_on <= $12))
		ORDER BY p.id LIMIT $8`, expr, f.Lang, f.Level, f.Type, f.Instrument, f.Jurisdiction, f.Topic, maxCandidates+1, f.InForce, f.Today, f.AdoptedFrom, f.AdoptedTo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	res := &Results{Facets: map[string][]Facet{}}
	m := newMatcher(q)
	counts := map[string]map[string]int{"language": {}, "level": {}, "type": {}, "jurisdiction": {}, "topic": {}}
	for rows.Next() {
		var h Hit
		var id int64
		var text, stems, topics string
		if err := rows.Scan(&id, &h.EID, &h.ArticleEID, &h.Num, &h.Heading, &text, &stems, &h.Language, &h.ValidFrom, &h.Slug, &h.Title, &h.Level, &h.Type, &h.Jurisdiction, &topics, &h.ArticleNum, &h.ArticleHeading); err != nil {
			return nil, err
		}
		if len(res.Hits) == maxCandidates {
			res.Capped = true
			break
		}
		if h.ArticleEID == "" {
			h.ArticleEID = h.EID
		}
		h.full = strings.Join(nonEmpty(h.Num, h.Heading, text), " ")
		h.stems = strings.Fields(stems)
		h.hits = m.hits(h.stems)
		for _, x := range h.hits {
			if x {
				h.Score++
			}
		}
		res.Hits = append(res.Hits, h)
		counts["language"][h.Language]++
		counts["level"][h.Level]++
		counts["type"][h.Type]++
		if h.Jurisdiction != "" {
			counts["jurisdiction"][h.Jurisdiction]++
		}
		for _, tp := range splitList(topics) {
			counts["topic"][tp]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	res.Total = len(res.Hits)
	sort.SliceStable(res.Hits, func(i, j int) bool { return res.Hits[i].Score > res.Hits[j].Score })
	if limit > 0 && len(res.Hits) > limit {
		res.Hits = res.Hits[:limit]
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		h.Snippet = snippet(h.full, h.Language, h.hits, len(h.stems), m)
		h.full, h.stems, h.hits = "", nil, nil
	}
	sel := map[string]string{"language": f.Lang, "level": f.Level, "type": f.Type, "jurisdiction": f.Jurisdiction, "topic": f.Topic}
	for name, m := range counts {
		for v, n := range m {
			res.Facets[name] = append(res.Facets[name], Facet{Value: v, Count: n, Selected: sel[name] == v})
		}
		sort.Slice(res.Facets[name], func(i, j int) bool { return res.Facets[name][i].Value < res.Facets[name][j].Value })
	}
	return res, nil
}

// matcher tells which indexed stems match a query.
type matcher struct {
	exact    map[string]bool
	prefixes []string
}

func newMatcher(q *Query) *matcher {
	m := &matcher{exact: map[string]bool{}}
	for _, g := range q.Groups {
		for _, a := range g.Alts {
			for _, w := range a {
				if g.Prefix {
					m.prefixes = append(m.prefixes, w)
				} else {
					m.exact[w] = true
				}
			}
		}
	}
	return m
}

func (m *matcher) match(stem string) bool {
	if m.exact[stem] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(stem, p) {
			return true
		}
	}
	return false
}

func (m *matcher) hits(stems []string) []bool {
	out := make([]bool, len(stems))
	for i, st := range stems {
		out[i] = m.match(st)
	}
	return out
}

// snippet cuts about 40 words around the first matching word of text and
// marks every matching word. hit comes from the indexed stems, which align
// one to one with the words of text; when they do not (an older index),
// the words are stemmed again.
func snippet(text, lang string, hit []bool, nStems int, m *matcher) []Span {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	if len(words) != nStems {
		hit = make([]bool, len(words))
		for i, w := range words {
			hit[i] = m.match(Stem(w.Text, lang)) || m.match(fold(w.Text))
		}
	}
	first := -1
	for i, x := range hit {
		if x {
			first = i
			break
		}
	}
	if first < 0 {
		first = 0
	}
	from := max(0, first-12)
	to := min(len(words), from+40)
	start, end := words[from].Start, words[to-1].End
	var out []Span
	if from > 0 {
		out = append(out, Span{Text: "… "})
	}
	pos := start
	for i := from; i < to; i++ {
		if !hit[i] {
			continue
		}
		if words[i].Start > pos {
			out = append(out, Span{Text: text[pos:words[i].Start]})
		}
		out = append(out, Span{Text: text[words[i].Start:words[i].End], Hit: true})
		pos = words[i].End
	}
	if end > pos {
		out = append(out, Span{Text: text[pos:end]})
	}
	if to < len(words) {
		out = append(out, Span{Text: " …"})
	}
	return out
}

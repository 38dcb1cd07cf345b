package lawdb

import (
	"context"
	"errors"
	"sort"
	"strings"

	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/textsearch"
)

// Query is a parsed search query (textsearch.Query).
type Query = textsearch.Query

// Group is one query term, phrase or prefix.
type Group = textsearch.Group

// MaxQueryTerms bounds the number of terms of a query.
const MaxQueryTerms = textsearch.MaxQueryTerms

func badQuery(msg string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_query", Fields: map[string]string{"q": msg}}
}

// ParseQuery reads a search query (textsearch.ParseQuery): an unbalanced
// quote, an empty query, a lone or too-short prefix or too many terms is an
// Invalid error on the field q.
func ParseQuery(q, lang string) (*Query, error) {
	pq, err := textsearch.ParseQuery(q, lang)
	var qe *textsearch.QueryError
	if errors.As(err, &qe) {
		return nil, badQuery("law.error." + qe.Code)
	}
	return pq, err
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
type Span = textsearch.Span

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
		h.hits = m.Hits(h.stems)
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

func newMatcher(q *Query) *textsearch.Matcher { return textsearch.NewMatcher(q) }

func snippet(text, lang string, hit []bool, nStems int, m *textsearch.Matcher) []Span {
	return textsearch.Snippet(text, lang, hit, nStems, m)
}

// TextLanguages lists the languages the stored texts are in, sorted.
func (s *Store) TextLanguages(ctx context.Context) (_ []string, err error) {
	defer wrapErr(&err, "text languages")
	rows, err := s.DB.QueryContext(ctx, `SELECT DISTINCT language FROM law_versions ORDER BY language`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CrossLanguage loosens a query for searching texts in other languages than
// the reader's: each single word becomes a prefix of the root its stems
// share in the search languages, one letter shorter (at least four letters),
// so that the French "réfugié" (stem "refugi") finds the English "refugee"
// and "refugees" (stem "refuge") through "refug*". Phrases, prefixes and
// words too short to cut are kept. Used only when the query as written
// found nothing, and the page says the results are from other languages.
func CrossLanguage(q *Query) *Query {
	out := &Query{Lang: ""}
	for _, g := range q.Groups {
		root := ""
		if !g.Prefix && len(g.Alts) > 0 {
			for i, a := range g.Alts {
				if len(a) != 1 {
					root = ""
					break
				}
				if i == 0 {
					root = a[0]
					continue
				}
				n := 0
				for n < len(root) && n < len(a[0]) && root[n] == a[0][n] {
					n++
				}
				root = root[:n]
			}
		}
		if r := []rune(root); len(r) >= 5 {
			out.Groups = append(out.Groups, Group{Alts: [][]string{{string(r[:len(r)-1])}}, Prefix: true})
			continue
		}
		out.Groups = append(out.Groups, g)
	}
	return out
}

package lawdb

import (
	"context"
	"errors"
	"slices"
	"sort"

	"corridor/internal/audit"
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
//
// It reads the matching ids from the full-text index (which holds only
// current versions' provisions), ranks and counts them from the stems cache
// and the filtered current versions, then reads the text and article of
// only the provisions shown: a broad query does not carry a thousand rows
// out of the database.
func (s *Store) Search(ctx context.Context, q *Query, f SearchFilter, limit int) (_ *Results, err error) {
	defer wrapErr(&err, "search")
	expr := q.FTS5()
	if s.DB.Engine == db.Postgres {
		expr = q.TSQuery()
	}
	versions, err := s.searchableVersions(ctx, f)
	if err != nil {
		return nil, err
	}
	res := &Results{Facets: map[string][]Facet{}}
	m := newMatcher(q)
	counts := map[string]map[string]int{"language": {}, "level": {}, "type": {}, "jurisdiction": {}, "topic": {}}
	type candidate struct {
		id, version int64
		stems       string // the snippets mark words from them
		score       int
	}
	var cands []candidate
	// In id order, a page of matches at a time, until maxCandidates pass
	// the filters or the matches run out.
	for after := int64(0); !res.Capped; {
		ids, err := s.matchingIDs(ctx, expr, after)
		if err != nil {
			return nil, err
		}
		provs, err := s.cachedProvisions(ctx, ids)
		if err != nil {
			return nil, err
		}
		if cands == nil {
			cands = make([]candidate, 0, min(len(ids), maxCandidates))
		}
		for _, id := range ids {
			p, ok := provs[id]
			if !ok {
				continue // deleted since the index was read
			}
			v, ok := versions[p.version]
			if !ok {
				continue // no longer current, or filtered out
			}
			if len(cands) == maxCandidates {
				res.Capped = true
				break
			}
			cands = append(cands, candidate{id: id, version: p.version, stems: p.stems, score: m.Count(p.stems)})
			counts["language"][v.lang]++
			counts["level"][v.level]++
			counts["type"][v.typ]++
			if v.jurisdiction != "" {
				counts["jurisdiction"][v.jurisdiction]++
			}
			for _, tp := range v.topics {
				counts["topic"][tp]++
			}
		}
		if len(ids) < matchPage {
			break
		}
		after = ids[len(ids)-1]
	}
	res.Total = len(cands)
	// Best first; among equals, in the order of the provisions' ids.
	slices.SortStableFunc(cands, func(a, b candidate) int { return b.score - a.score })
	if limit > 0 && len(cands) > limit {
		cands = cands[:limit]
	}
	res.Hits = make([]Hit, len(cands))
	shownIDs := make([]int64, len(cands))
	for i, c := range cands {
		v := versions[c.version]
		res.Hits[i] = Hit{Slug: v.slug, Title: v.title, Level: v.level, Type: v.typ, Jurisdiction: v.jurisdiction,
			Language: v.lang, ValidFrom: v.validFrom, Score: c.score}
		shownIDs[i] = c.id
	}
	shown, err := s.shownProvisions(ctx, shownIDs)
	if err != nil {
		return nil, err
	}
	for i, c := range cands {
		p, ok := shown[c.id]
		if !ok {
			continue // deleted since the index was read
		}
		h := &res.Hits[i]
		h.EID, h.ArticleEID, h.Num, h.Heading = p.eid, p.articleEID, p.num, p.heading
		h.ArticleNum, h.ArticleHeading = p.articleNum, p.articleHeading
		if h.ArticleEID == "" {
			h.ArticleEID = h.EID
		}
		hit := m.HitsIn(c.stems)
		h.Snippet = textsearch.SnippetOfWords(p.full, p.words, h.Language, hit, len(hit), m)
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

// versionFacets is what a search needs of a version whose provisions it
// may show: a current version whose instrument passes the filters.
type versionFacets struct {
	lang, level, typ, jurisdiction string
	topics                         []string
	slug, title, validFrom         string
}

// searchableVersions returns the current versions that pass the filters,
// with their facets: a hundred rows or so, so that the candidates need no
// join each. They are read once per content version (audit.ContentVersion,
// which every write of instruments and versions moves) and filter.
func (s *Store) searchableVersions(ctx context.Context, f SearchFilter) (map[int64]versionFacets, error) {
	content, err := audit.ContentVersion(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	if v, ok := s.versions.get(content, f); ok {
		return v, nil
	}
	v, err := s.readSearchableVersions(ctx, f)
	if err != nil {
		return nil, err
	}
	s.versions.put(content, f, v)
	return v, nil
}

func (s *Store) readSearchableVersions(ctx context.Context, f SearchFilter) (map[int64]versionFacets, error) {
	rows, err := s.DB.QueryPrepared(ctx, `SELECT v.id, v.language, i.level, i.type, i.jurisdiction, i.topics, i.slug, i.title, v.valid_from
		FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id
		WHERE v.is_current = 1
		AND (CAST($1 AS TEXT) = '' OR v.language = $1) AND (CAST($2 AS TEXT) = '' OR i.level = $2) AND (CAST($3 AS TEXT) = '' OR i.type = $3) AND (CAST($4 AS TEXT) = '' OR i.slug = $4)
		AND (CAST($5 AS TEXT) = '' OR i.jurisdiction = $5) AND (CAST($6 AS TEXT) = '' OR ',' || i.topics || ',' LIKE '%,' || $6 || ',%')
		AND (CAST($7 AS TEXT) = '' OR (CAST($7 AS TEXT) = 'yes') = (i.in_force_on <> '' AND i.in_force_on <= $8
			AND NOT EXISTS (SELECT 1 FROM law_instrument_ends e WHERE e.instrument_id = i.id AND e.ended_on <= $8)))
		AND (CAST($9 AS TEXT) = '' OR (i.adopted_on <> '' AND i.adopted_on >= $9)) AND (CAST($10 AS TEXT) = '' OR (i.adopted_on <> '' AND i.adopted_on <= $10))`,
		f.Lang, f.Level, f.Type, f.Instrument, f.Jurisdiction, f.Topic, f.InForce, f.Today, f.AdoptedFrom, f.AdoptedTo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]versionFacets{}
	for rows.Next() {
		var id int64
		var v versionFacets
		var topics string
		if err := rows.Scan(&id, &v.lang, &v.level, &v.typ, &v.jurisdiction, &topics, &v.slug, &v.title, &v.validFrom); err != nil {
			return nil, err
		}
		v.topics = splitList(topics)
		out[id] = v
	}
	return out, rows.Err()
}

// matchPage is how many matching ids a search reads at a time: one more
// than it ranks, enough when no filter passes a match over (the index
// holds only current provisions).
const matchPage = maxCandidates + 1

// matchingIDs reads a page of the ids of the provisions of current
// versions that match, after the id after, in id order. What ranking and
// the filters need of each comes from the stems cache.
func (s *Store) matchingIDs(ctx context.Context, expr string, after int64) ([]int64, error) {
	return db.ScanIDs(s.DB.QueryPrepared(ctx, matchSQL(s.DB.Engine), expr, after, matchPage))
}

// matchSQL is a page of the full-text match ($1, FTS5 on SQLite, a
// tsquery on PostgreSQL), after an id ($2), at most $3 ids: the index
// alone, which holds only the provisions of current versions (SQLite's
// law_fts, PostgreSQL's partial GIN index; migration 0231). On PostgreSQL
// the match is fenced (MATERIALIZED) so that the generic plan of the
// prepared statement does not walk the primary key in id order testing
// every row's tsvector, which it chose for "id > $2 ORDER BY id LIMIT $3"
// (47 ms a search instead of 1).
func matchSQL(engine db.Engine) string {
	if engine == db.Postgres {
		return `WITH m AS MATERIALIZED (SELECT id FROM law_provisions WHERE is_current = 1 AND tsv @@ to_tsquery('simple', $1))
		SELECT id FROM m WHERE id > $2 ORDER BY id LIMIT $3`
	}
	return `SELECT rowid FROM law_fts WHERE law_fts MATCH $1 AND rowid > $2 ORDER BY rowid LIMIT $3`
}

func newMatcher(q *Query) *textsearch.Matcher { return textsearch.NewMatcher(q) }

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

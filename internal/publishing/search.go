package publishing

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/textsearch"
)

// Filter selects publications to browse, search or export.
type Filter struct {
	Q        string // full-text query; "" browses
	SeriesID int64
	Type     Type
	Topic    string
	Country  string // ISO3
	Year     int
	Language string
	// Page is 1-based; PerPage 0 means DefaultPerPage.
	Page, PerPage int
}

// Paging bounds.
const (
	DefaultPerPage = 20
	MaxPerPage     = 100
	maxCandidates  = 1000 // matches a search ranks
)

// Summary is one publication in a list.
type Summary struct {
	ID      int64             `json:"id"`
	Version int               `json:"version"`
	Meta    Meta              `json:"metadata"`
	Snippet []textsearch.Span `json:"snippet,omitempty"`
	Score   int               `json:"-"`
	Series  *Series           `json:"series,omitempty"`
	stems   string
	indexID int64 // the index row read, whose body gives the snippet
}

// Facet is a value of a filter and how many publications have it.
type Facet struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
}

// Results is a page of a list.
type Results struct {
	Items   []Summary          `json:"items"`
	Total   int                `json:"total"`
	Capped  bool               `json:"capped,omitempty"` // a search matched more than it ranks
	Page    int                `json:"page"`
	PerPage int                `json:"per_page"`
	Facets  map[string][]Facet `json:"facets"`
}

// Pages is the number of pages.
func (r *Results) Pages() int { return (r.Total + r.PerPage - 1) / r.PerPage }

func badQuery(code string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "pub.error.bad_query", Fields: map[string]string{"q": "pub.error." + code}}
}

// cleanFilter checks the filter's values.
func (f *Filter) clean() error {
	bad := errs.Fields{}
	if f.Type != "" && !f.Type.valid() {
		bad.Add("type", "pub.error.type")
	}
	if f.Country != "" {
		f.Country = strings.ToUpper(f.Country)
		if len(f.Country) != 3 {
			bad.Add("country", "pub.error.country")
		}
	}
	if f.Language != "" && !langForm.MatchString(f.Language) {
		bad.Add("language", "pub.error.language")
	}
	if f.Topic != "" && !slugForm.MatchString(f.Topic) {
		bad.Add("topic", "pub.error.topics")
	}
	if f.Year < 0 || f.Year > 9999 {
		bad.Add("year", "pub.error.date")
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.Page > 10000 {
		bad.Add("page", "pub.error.page")
	}
	if f.PerPage <= 0 {
		f.PerPage = DefaultPerPage
	}
	f.PerPage = min(f.PerPage, MaxPerPage)
	return bad.Err()
}

// where is the SQL condition on pub_works w for a filter, with its
// arguments from $1; a search adds the match on the reader's index rows.
func (s *Service) where(f Filter, q *textsearch.Query, a Audience) (string, []any) {
	cond := `w.deleted_at = 0 AND (CAST($1 AS BIGINT) = 0 OR w.series_id = $1) AND (CAST($2 AS TEXT) = '' OR w.type = $2)
		AND (CAST($3 AS TEXT) = '' OR ',' || w.topics || ',' LIKE '%,' || $3 || ',%') AND (CAST($4 AS TEXT) = '' OR ',' || w.countries || ',' LIKE '%,' || $4 || ',%')
		AND (CAST($5 AS INTEGER) = 0 OR w.year = $5) AND (CAST($6 AS TEXT) = '' OR w.language = $6)`
	args := []any{f.SeriesID, string(f.Type), f.Topic, f.Country, f.Year, f.Language}
	return cond, args
}

// Search lists the publications a filter selects, for an audience: newest
// first when browsing; when Q is set, those whose metadata or readable
// files' text match, best first, with a snippet. Facet counts cover every
// publication selected, not only the page.
func (s *Service) Search(ctx context.Context, f Filter, a Audience) (_ *Results, err error) {
	defer errs.Wrap(&err, "publishing: search")
	if err := f.clean(); err != nil {
		return nil, err
	}
	return s.search(ctx, f, a, true)
}

// search runs a cleaned filter; unpaged, it returns every selected id in
// order with no metadata loaded.
func (s *Service) search(ctx context.Context, f Filter, a Audience, paged bool) (_ *Results, err error) {
	var q *textsearch.Query
	if strings.TrimSpace(f.Q) != "" {
		if q, err = textsearch.ParseQuery(f.Q, ""); err != nil {
			var qe *textsearch.QueryError
			if errors.As(err, &qe) {
				return nil, badQuery(qe.Code)
			}
			return nil, err
		}
	}
	cond, args := s.where(f, q, a)
	var rows *sql.Rows
	if q == nil {
		rows, err = s.DB.QueryContext(ctx, `SELECT w.id, COALESCE(w.series_id, 0), w.type, w.year, w.language, w.topics, w.countries, '', 0
			FROM pub_works w WHERE `+cond+` ORDER BY w.pub_date DESC, w.id DESC`, args...)
	} else {
		// SQLite drives the query from the FTS index (a MATCH in a
		// subquery is planned as a scan of every work); PostgreSQL from the
		// GIN index on pub_index.tsv.
		from, match, expr := `pub_fts JOIN pub_index x ON x.id = pub_fts.rowid`, `pub_fts MATCH $8`, q.FTS5()
		if s.DB.Engine == db.Postgres {
			from, match, expr = `pub_index x`, `x.tsv @@ to_tsquery('simple', $8)`, q.TSQuery()
		}
		args = append(args, string(a), expr, maxCandidates+1)
		rows, err = s.DB.QueryContext(ctx, `SELECT w.id, COALESCE(w.series_id, 0), w.type, w.year, w.language, w.topics, w.countries, '', x.id
			FROM `+from+` JOIN pub_works w ON w.id = x.work_id
			WHERE x.audience = $7 AND `+match+` AND `+cond+` ORDER BY w.pub_date DESC, w.id DESC LIMIT $9`, args...)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	res := &Results{Page: f.Page, PerPage: f.PerPage, Facets: map[string][]Facet{}}
	counts := map[string]map[string]int{"series": {}, "type": {}, "year": {}, "language": {}, "topic": {}, "country": {}}
	var all []Summary
	var m *textsearch.Matcher
	if q != nil {
		m = textsearch.NewMatcher(q)
	}
	for rows.Next() {
		var sm Summary
		var series int64
		var typ, lang, topics, countries string
		var year int
		if err := rows.Scan(&sm.ID, &series, &typ, &year, &lang, &topics, &countries, &sm.stems, &sm.indexID); err != nil {
			return nil, err
		}
		if len(all) == maxCandidates {
			res.Capped = true
			break
		}
		all = append(all, sm)
		if series != 0 {
			counts["series"][strconv.FormatInt(series, 10)]++
		}
		counts["type"][typ]++
		if year != 0 {
			counts["year"][strconv.Itoa(year)]++
		}
		counts["language"][lang]++
		for _, t := range splitList(topics) {
			counts["topic"][t]++
		}
		for _, c := range splitList(countries) {
			counts["country"][c]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	res.Total = len(all)
	if m != nil {
		// Rank by the matching words, reading the stems of the candidates
		// only (sorting all matches with their stems would move megabytes).
		if err := s.score(ctx, all, m); err != nil {
			return nil, err
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Score > all[j].Score })
	}
	if !paged {
		res.Items = all
		return res, nil
	}
	from := min((f.Page-1)*f.PerPage, len(all))
	to := min(from+f.PerPage, len(all))
	res.Items = all[from:to]
	for i := range res.Items {
		it := &res.Items[i]
		if err := s.fillSummary(ctx, it); err != nil {
			return nil, err
		}
		if m != nil {
			var body string
			if err := s.DB.QueryRowContext(ctx, `SELECT body FROM pub_index WHERE id = $1`, it.indexID).Scan(&body); err != nil {
				return nil, err
			}
			it.Snippet = textsearch.Snippet(body, it.Meta.Language, nil, 0, m)
		}
	}
	sel := map[string]string{"series": strconv.FormatInt(f.SeriesID, 10), "type": string(f.Type), "year": strconv.Itoa(f.Year), "language": f.Language, "topic": f.Topic, "country": f.Country}
	for name, c := range counts {
		for v, n := range c {
			res.Facets[name] = append(res.Facets[name], Facet{Value: v, Count: n, Selected: sel[name] == v})
		}
		sort.Slice(res.Facets[name], func(i, j int) bool {
			a, b := res.Facets[name][i], res.Facets[name][j]
			if name == "year" {
				return a.Value > b.Value
			}
			return a.Count > b.Count || a.Count == b.Count && a.Value < b.Value
		})
	}
	return res, nil
}

// fillSummary loads a listed work's latest metadata and series.
func (s *Service) fillSummary(ctx context.Context, it *Summary) error {
	var raw string
	err := s.DB.QueryRowContext(ctx, `SELECT v.n, v.meta FROM pub_versions v JOIN pub_works w ON w.id = v.work_id AND v.n = w.latest WHERE w.id = $1`, it.ID).Scan(&it.Version, &raw)
	if err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(raw), &it.Meta); err != nil {
		return err
	}
	if it.Meta.SeriesID != 0 {
		sr, err := getSeries(ctx, s.DB, it.Meta.SeriesID)
		if err != nil {
			return err
		}
		it.Series = sr
	}
	return nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Each calls fn with every publication a filter selects for an audience,
// in the list's order, loading one at a time (list exports stream).
func (s *Service) Each(ctx context.Context, f Filter, a Audience, fn func(*Publication) error) (err error) {
	defer errs.Wrap(&err, "publishing: each")
	if err := f.clean(); err != nil {
		return err
	}
	res, err := s.search(ctx, f, a, false)
	if err != nil {
		return err
	}
	for _, it := range res.Items {
		p, err := s.Get(ctx, it.ID, 0)
		if errors.Is(err, ErrGone) || errors.Is(err, ErrNotFound) {
			continue // withdrawn meanwhile
		}
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// score counts each candidate's matching stems, reading them in batches.
func (s *Service) score(ctx context.Context, items []Summary, m *textsearch.Matcher) error {
	at := map[int64]int{}
	for i := range items {
		at[items[i].indexID] = i
	}
	for from := 0; from < len(items); from += 200 {
		ids := make([]string, 0, 200)
		for _, it := range items[from:min(from+200, len(items))] {
			ids = append(ids, strconv.FormatInt(it.indexID, 10))
		}
		rows, err := s.DB.QueryContext(ctx, `SELECT id, stems FROM pub_index WHERE id IN (`+strings.Join(ids, ",")+`)`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var stems string
			if err := rows.Scan(&id, &stems); err != nil {
				rows.Close()
				return err
			}
			items[at[id]].Score += m.Count(stems)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

package publishing

import (
	"context"
	"sort"
	"strings"

	"corridor/internal/db"
	"corridor/internal/textsearch"
)

// part is a piece of a publication's searchable text in one language.
type part struct{ text, lang string }

// index rewrites a work's search rows, one per audience: the metadata of
// its latest version and the text of the files that audience may read
// today. An embargo that ends later is remembered in index_until, so the
// daily reindex (ReindexDue) opens its text to the public that day.
func (s *Service) index(ctx context.Context, q db.Querier, id int64) error {
	w, err := getWork(ctx, q, id)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM pub_index WHERE work_id = $1`, id); err != nil {
		return err
	}
	if w.deletedAt != 0 {
		return nil
	}
	m, err := getMeta(ctx, q, id, w.latest)
	if err != nil {
		return err
	}
	fs, err := files(ctx, q, id, w.latest)
	if err != nil {
		return err
	}
	texts, err := fileTexts(ctx, q, id, w.latest)
	if err != nil {
		return err
	}
	meta := stemParts(metaParts(m))
	today := s.today()
	until := ""
	for _, f := range fs {
		if f.Access == Embargoed && f.EmbargoUntil > today && (until == "" || f.EmbargoUntil < until) {
			until = f.EmbargoUntil
		}
	}
	// Each file's text is stemmed once, whatever the audiences reading it.
	fileParts := map[string]stemmed{}
	for _, f := range fs {
		if t := texts[f.ID]; t != "" {
			if _, ok := fileParts[f.BlobKey]; !ok {
				fileParts[f.BlobKey] = stemParts([]part{{t, m.Language}})[0]
			}
		}
	}
	for _, a := range Audiences {
		parts := append([]stemmed(nil), meta...)
		seen := map[string]bool{}
		for _, f := range fs {
			if sp, ok := fileParts[f.BlobKey]; ok && f.ReadableBy(a, today) && !seen[f.BlobKey] {
				seen[f.BlobKey] = true
				parts = append(parts, sp)
			}
		}
		body, stems := joinParts(parts)
		if _, err := q.ExecContext(ctx, `INSERT INTO pub_index (work_id, audience, body, stems) VALUES ($1, $2, $3, $4)`, id, string(a), body, stems); err != nil {
			return err
		}
	}
	_, err = q.ExecContext(ctx, `UPDATE pub_works SET index_until = $2 WHERE id = $1`, id, until)
	return err
}

// metaParts are the searchable metadata: titles and abstracts in their
// languages, authors, keywords, series number.
func metaParts(m *Meta) []part {
	var out []part
	langs := make([]string, 0, len(m.Titles))
	for l := range m.Titles {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		out = append(out, part{m.Titles[l], l})
	}
	var names []string
	for _, a := range m.Authors {
		names = append(names, a.Name(), a.Affiliation)
	}
	out = append(out, part{strings.Join(names, " · "), ""})
	if len(m.Keywords) > 0 {
		out = append(out, part{strings.Join(m.Keywords, " · "), m.Language})
	}
	langs = langs[:0]
	for l := range m.Abstracts {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		out = append(out, part{m.Abstracts[l], l})
	}
	return out
}

// stemmed is a part and its stems.
type stemmed struct{ text, stems string }

// stemParts stems each non-blank part in its language.
func stemParts(parts []part) []stemmed {
	var out []stemmed
	for _, p := range parts {
		if strings.TrimSpace(p.text) == "" {
			out = append(out, stemmed{})
			continue
		}
		out = append(out, stemmed{p.text, textsearch.Stems(p.text, p.lang)})
	}
	return out
}

// joinParts joins the parts into one body and its stems, each word
// stemmed in its part's language, so that stems and words of the body align
// one to one (what a snippet needs to mark the matching words).
func joinParts(parts []stemmed) (string, string) {
	var body, stems []string
	for _, p := range parts {
		if p.text == "" {
			continue
		}
		body = append(body, p.text)
		if p.stems != "" {
			stems = append(stems, p.stems)
		}
	}
	return strings.Join(body, "\n"), strings.Join(stems, " ")
}

// Reindex rewrites the search rows of every publication (after a change
// of the stemmer or of the rules), or of one when id is not 0.
func (s *Service) Reindex(ctx context.Context, id int64) (n int, err error) {
	ids, err := s.ids(ctx, `SELECT id FROM pub_works WHERE deleted_at = 0 AND (CAST($1 AS BIGINT) = 0 OR id = $1) ORDER BY id`, id)
	if err != nil {
		return 0, err
	}
	return s.reindexIDs(ctx, ids)
}

// ReindexDue reindexes the publications whose file embargo ended by
// today, so their text becomes searchable by the public.
func (s *Service) ReindexDue(ctx context.Context) (int, error) {
	ids, err := s.ids(ctx, `SELECT id FROM pub_works WHERE deleted_at = 0 AND index_until <> '' AND index_until <= $1 ORDER BY id`, s.today())
	if err != nil {
		return 0, err
	}
	return s.reindexIDs(ctx, ids)
}

func (s *Service) reindexIDs(ctx context.Context, ids []int64) (int, error) {
	for i, id := range ids {
		if err := s.DB.InTx(ctx, func(tx db.Tx) error { return s.index(ctx, tx, id) }); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

func (s *Service) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

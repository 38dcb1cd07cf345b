// Package lawdb is the storage of Corridor's law & policy database:
// instruments and their identifiers, dated language versions with their
// provisions (eIds), relationships, treaty actions, reservations and
// declarations, and DEMIG-style policy changes. It holds the importers
// (UNTC snapshot, Dutch BWB Markdown, Akoma Ntoso, open-treaties JSON,
// treaty action CSV, policy-change CSV), the treaty status read from the
// database, and provision full-text search on SQLite and PostgreSQL.
//
// Every write runs in one transaction with its audit entry.
package lawdb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/lawtext"
	"corridor/internal/law/treaty"
)

// Store reads and writes the law tables.
type Store struct {
	DB *db.DB
	// What searches keep between them (searchcache.go).
	stems    *idCache[cachedProvision]
	shown    *idCache[shownProvision]
	versions *versionCache
}

// New returns a store on d.
func New(d *db.DB) *Store {
	return &Store{DB: d, stems: newStemCache(), shown: newShownCache(), versions: &versionCache{}}
}

// Levels and types of instruments.
var (
	Levels = []string{"international", "regional", "bilateral", "national"}
	Types  = []string{"convention", "protocol", "agreement", "act", "regulation", "declaration", "resolution", "other"}
	// RelationKinds are the kinds of relationships between instruments.
	RelationKinds = []string{"amends", "repeals", "protocol-to", "supplements", "implements", "replaces", "cites"}
)

// Instrument is a legal instrument.
type Instrument struct {
	ID           int64  `json:"-"`
	Slug         string `json:"id"`
	Title        string `json:"title"`
	Level        string `json:"level"`
	Type         string `json:"type"`
	Jurisdiction string `json:"jurisdiction,omitempty"`
	IssuingBody  string `json:"issuing_body,omitempty"`
	AdoptedOn    string `json:"adopted_on,omitempty"`
	SignedOn     string `json:"signed_on,omitempty"`
	InForceOn    string `json:"in_force_on,omitempty"`
	// EndsOn is an explicit end of validity; EndedOn the day it ceased to
	// be in force (EndsOn or a repeal, the earliest: see InForceAt).
	EndsOn  string `json:"ends_on,omitempty"`
	EndedOn string `json:"ended_on,omitempty"`
	// InForce is InForceAt(today) when read.
	InForce      bool         `json:"in_force"`
	Languages    []string     `json:"languages"`
	Topics       []string     `json:"topics"`
	TargetGroups []string     `json:"target_groups"`
	URL          string       `json:"url,omitempty"`
	Identifiers  []Identifier `json:"identifiers"`
}

// Identifier is one identifier of an instrument in a scheme: untc ("V-2"),
// untc-key ("5-2"), ilo ("C097"), eli, bwb, celex, gazette, open-treaties…
type Identifier struct {
	Scheme string `json:"scheme"`
	Value  string `json:"value"`
}

func lookupKey(v string) string { return strings.ToUpper(strings.TrimSpace(v)) }

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

func joinList(ss []string) string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// ErrUnknownInstrument is returned when no instrument has an identifier.
var ErrUnknownInstrument = errors.New("unknown instrument")

// upsertInstrument creates or updates the instrument with in.Slug and adds
// its identifiers (plus the slug itself); it returns the id.
func upsertInstrument(ctx context.Context, q db.Querier, in *Instrument) (int64, error) {
	if in.Slug == "" || in.Title == "" {
		return 0, fmt.Errorf("instrument needs an identifier and a title")
	}
	now := db.Now()
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO law_instruments (slug, title, level, type, jurisdiction, issuing_body, adopted_on, signed_on, in_force_on, languages, topics, url, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title, level = excluded.level, type = excluded.type,
			jurisdiction = excluded.jurisdiction, issuing_body = excluded.issuing_body,
			adopted_on = CASE WHEN excluded.adopted_on <> '' THEN excluded.adopted_on ELSE law_instruments.adopted_on END,
			signed_on = CASE WHEN excluded.signed_on <> '' THEN excluded.signed_on ELSE law_instruments.signed_on END,
			in_force_on = CASE WHEN excluded.in_force_on <> '' THEN excluded.in_force_on ELSE law_instruments.in_force_on END,
			topics = CASE WHEN excluded.topics <> '' THEN excluded.topics ELSE law_instruments.topics END,
			url = CASE WHEN excluded.url <> '' THEN excluded.url ELSE law_instruments.url END,
			updated_at = excluded.updated_at
		RETURNING id`,
		in.Slug, in.Title, in.Level, in.Type, in.Jurisdiction, in.IssuingBody, in.AdoptedOn, in.SignedOn, in.InForceOn,
		joinList(in.Languages), joinList(in.Topics), in.URL, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("lawdb: save instrument %s: %w", in.Slug, err)
	}
	in.ID = id
	ids := append([]Identifier{{"corridor", in.Slug}}, in.Identifiers...)
	for _, ident := range ids {
		if strings.TrimSpace(ident.Value) == "" {
			continue
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO law_identifiers (instrument_id, scheme, value, lookup) VALUES ($1, $2, $3, $4)
			ON CONFLICT (scheme, lookup) DO NOTHING`, id, ident.Scheme, ident.Value, lookupKey(ident.Value)); err != nil {
			return 0, fmt.Errorf("lawdb: identifier %s %s: %w", ident.Scheme, ident.Value, err)
		}
	}
	return id, nil
}

// addLanguage records a language among an instrument's languages.
func addLanguage(ctx context.Context, q db.Querier, id int64, lang string) error {
	var langs string
	if err := q.QueryRowContext(ctx, `SELECT languages FROM law_instruments WHERE id = $1`, id).Scan(&langs); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE law_instruments SET languages = $1 WHERE id = $2`, joinList(append(splitList(langs), lang)), id)
	return err
}

// FindID finds an instrument by any of its identifiers (V-2, 5-2,
// XVIII-12-a, 18-12-a, C097, an ELI, a BWB id…), case-insensitively.
func (s *Store) FindID(ctx context.Context, ref string) (int64, error) {
	return findID(ctx, s.DB, ref)
}

func findID(ctx context.Context, q db.Querier, ref string) (int64, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return 0, ErrUnknownInstrument
	}
	keys := []string{lookupKey(ref)}
	if cid, err := treaty.ParseChapterID(ref); err == nil {
		keys = append(keys, lookupKey(cid.UNTC()), lookupKey(cid.Key()))
	}
	for _, k := range keys {
		var id int64
		err := q.QueryRowContext(ctx, `SELECT instrument_id FROM law_identifiers WHERE lookup = $1 ORDER BY id LIMIT 1`, k).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownInstrument, ref)
}

// NotFound turns ErrUnknownInstrument into a 404 error for the web layer.
func NotFound(err error) error {
	if errors.Is(err, ErrUnknownInstrument) || errors.Is(err, sql.ErrNoRows) {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_instrument", Err: err}
	}
	return err
}

// instrumentCols are the columns scanInstrument reads from law_instruments
// (unaliased): the stored ones and the computed end of validity (view
// law_instrument_ends, migration 0222).
const instrumentCols = `id, slug, title, level, type, jurisdiction, issuing_body, adopted_on, signed_on, in_force_on, languages, topics, target_groups, url,
	ends_on, COALESCE((SELECT e.ended_on FROM law_instrument_ends e WHERE e.instrument_id = law_instruments.id), '')`

// InForceAt reports whether the instrument is in force on a day
// (YYYY-MM-DD): it has entered into force on or before it and has not
// ceased to be in force by then (EndedOn: an explicit end of validity, or
// a repeal of the whole instrument taking effect on the repealing
// instrument's entry into force or on the date recorded on the repeal).
func (in *Instrument) InForceAt(day string) bool {
	return InForceBetween(in.InForceOn, in.EndedOn, day)
}

// InForceBetween is InForceAt on the two dates.
func InForceBetween(from, ended, day string) bool {
	return from != "" && from <= day && (ended == "" || day < ended)
}

func scanInstrument(sc interface{ Scan(...any) error }) (*Instrument, error) {
	var in Instrument
	var langs, topics, groups string
	if err := sc.Scan(&in.ID, &in.Slug, &in.Title, &in.Level, &in.Type, &in.Jurisdiction, &in.IssuingBody,
		&in.AdoptedOn, &in.SignedOn, &in.InForceOn, &langs, &topics, &groups, &in.URL, &in.EndsOn, &in.EndedOn); err != nil {
		return nil, err
	}
	in.InForce = in.InForceAt(time.Now().UTC().Format(time.DateOnly))
	in.Languages, in.Topics, in.TargetGroups = splitList(langs), splitList(topics), splitList(groups)
	in.Identifiers = []Identifier{}
	return &in, nil
}

// Instrument returns an instrument by any identifier, with its identifiers.
func (s *Store) Instrument(ctx context.Context, ref string) (_ *Instrument, err error) {
	defer wrapErr(&err, "instrument %s", ref)
	id, err := s.FindID(ctx, ref)
	if err != nil {
		return nil, err
	}
	return s.instrumentByID(ctx, id)
}

func (s *Store) instrumentByID(ctx context.Context, id int64) (*Instrument, error) {
	in, err := scanInstrument(s.DB.QueryRowContext(ctx, `SELECT `+instrumentCols+` FROM law_instruments WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT scheme, value FROM law_identifiers WHERE instrument_id = $1 AND scheme <> 'corridor' ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var i Identifier
		if err := rows.Scan(&i.Scheme, &i.Value); err != nil {
			return nil, err
		}
		in.Identifiers = append(in.Identifiers, i)
	}
	return in, rows.Err()
}

// Filter selects instruments for List.
type Filter struct {
	Level, Type, Topic, Query string
}

// Facet is one value of a facet and how many instruments have it.
type Facet struct {
	Value    string
	Count    int
	Selected bool
}

// List returns the instruments matching f (title order) and the facet
// counts of the level, type and topic facets over the other filters.
func (s *Store) List(ctx context.Context, f Filter) (_ []*Instrument, _ map[string][]Facet, err error) {
	defer wrapErr(&err, "list instruments")
	rows, err := s.DB.QueryContext(ctx, `SELECT `+instrumentCols+` FROM law_instruments ORDER BY title, id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var all []*Instrument
	for rows.Next() {
		in, err := scanInstrument(rows)
		if err != nil {
			return nil, nil, err
		}
		all = append(all, in)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	q := strings.ToLower(strings.TrimSpace(f.Query))
	match := func(in *Instrument, skip string) bool {
		if skip != "level" && f.Level != "" && in.Level != f.Level {
			return false
		}
		if skip != "type" && f.Type != "" && in.Type != f.Type {
			return false
		}
		if skip != "topic" && f.Topic != "" && !contains(in.Topics, f.Topic) {
			return false
		}
		if q != "" && !strings.Contains(strings.ToLower(in.Title+" "+in.Slug), q) {
			return false
		}
		return true
	}
	counts := map[string]map[string]int{"level": {}, "type": {}, "topic": {}}
	var out []*Instrument
	for _, in := range all {
		if match(in, "level") {
			counts["level"][in.Level]++
		}
		if match(in, "type") {
			counts["type"][in.Type]++
		}
		if match(in, "topic") {
			for _, t := range in.Topics {
				counts["topic"][t]++
			}
		}
		if match(in, "") {
			out = append(out, in)
		}
	}
	sel := map[string]string{"level": f.Level, "type": f.Type, "topic": f.Topic}
	facets := map[string][]Facet{}
	for name, m := range counts {
		for v, n := range m {
			facets[name] = append(facets[name], Facet{Value: v, Count: n, Selected: sel[name] == v})
		}
		sort.Slice(facets[name], func(i, j int) bool { return facets[name][i].Value < facets[name][j].Value })
	}
	return out, facets, nil
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Version is one stored language version of an instrument.
type Version struct {
	ID        int64  `json:"id"`
	Language  string `json:"language"`
	ValidFrom string `json:"valid_from"`
	Title     string `json:"title"`
	Source    string `json:"source"`
	Format    string `json:"format"`
}

// queryList runs query and returns its rows, each read by scan, in order.
func queryList[T any](ctx context.Context, q db.Querier, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Versions lists an instrument's versions, oldest first.
func (s *Store) Versions(ctx context.Context, instrumentID int64) (_ []Version, err error) {
	defer wrapErr(&err, "versions of instrument %d", instrumentID)
	return versionsOf(ctx, s.DB, instrumentID)
}

// VersionOn picks the version in force on date (YYYY-MM-DD; "" for the
// latest) in lang, falling back to any language. nil when none.
func VersionOn(vs []Version, lang, on string) *Version {
	pick := func(l string) *Version {
		var best *Version
		for i := range vs {
			v := &vs[i]
			if l != "" && v.Language != l {
				continue
			}
			if on != "" && v.ValidFrom > on {
				continue
			}
			if best == nil || v.ValidFrom >= best.ValidFrom {
				best = v
			}
		}
		return best
	}
	if v := pick(lang); v != nil {
		return v
	}
	return pick("")
}

type versionMeta struct {
	Doc         *lawtext.Document `json:"doc"`
	Fingerprint string            `json:"fingerprint"`
}

// Document rebuilds a stored version's document from its provisions. A
// version imported from Akoma Ntoso gets its original bytes back as Source
// when nothing changed, so akn.Export returns them unchanged.
func (s *Store) Document(ctx context.Context, versionID int64) (_ *lawtext.Document, err error) {
	defer wrapErr(&err, "text of version %d", versionID)
	var metaJSON string
	var original []byte
	var format string
	if err := s.DB.QueryRowContext(ctx, `SELECT meta_json, original, format FROM law_versions WHERE id = $1`, versionID).Scan(&metaJSON, &original, &format); err != nil {
		return nil, err
	}
	var meta versionMeta
	if err := json.Unmarshal([]byte(metaJSON), &meta); err != nil || meta.Doc == nil {
		return nil, fmt.Errorf("lawdb: version %d: bad metadata: %v", versionID, err)
	}
	doc := meta.Doc
	provs, err := s.Provisions(ctx, versionID)
	if err != nil {
		return nil, err
	}
	doc.Body = BuildTree(provs)
	if format == "akn" && len(original) > 0 && doc.Fingerprint() == meta.Fingerprint {
		doc.Source = &lawtext.Source{Format: "akn", Bytes: original, Fingerprint: meta.Fingerprint}
	}
	return doc, nil
}

// Provision is one stored provision.
type Provision struct {
	ID         int64  `json:"-"`
	EID        string `json:"eid"`
	Kind       string `json:"kind"`
	Name       string `json:"name,omitempty"`
	Num        string `json:"num,omitempty"`
	Heading    string `json:"heading,omitempty"`
	Text       string `json:"text,omitempty"`
	Ordinal    int    `json:"ordinal"`
	ParentEID  string `json:"parent_eid,omitempty"`
	ArticleEID string `json:"article_eid,omitempty"`
}

// groupingKinds are containers above the article level.
var groupingKinds = map[lawtext.Kind]bool{
	lawtext.KindPart: true, lawtext.KindChapter: true, lawtext.KindDivision: true, lawtext.KindSubdivision: true,
	lawtext.KindSection: true, lawtext.KindSubsection: true, "book": true, "title": true, "subchapter": true,
}

// syntheticEID names a node stored without an eId.
const syntheticEID = "_n"

// Provisions lists a version's provisions in document order.
func (s *Store) Provisions(ctx context.Context, versionID int64) (_ []Provision, err error) {
	defer wrapErr(&err, "provisions of version %d", versionID)
	return queryList(ctx, s.DB, func(rows *sql.Rows) (Provision, error) {
		var p Provision
		err := rows.Scan(&p.ID, &p.EID, &p.Kind, &p.Name, &p.Num, &p.Heading, &p.Text, &p.Ordinal, &p.ParentEID, &p.ArticleEID)
		return p, err
	}, `SELECT id, eid, kind, name, num, heading, text, ordinal, parent_eid, article_eid FROM law_provisions WHERE version_id = $1 ORDER BY ordinal`, versionID)
}

// BuildTree turns provisions in document order back into nodes.
func BuildTree(provs []Provision) []*lawtext.Node {
	var body []*lawtext.Node
	byEID := map[string]*lawtext.Node{}
	for _, p := range provs {
		n := &lawtext.Node{Kind: lawtext.Kind(p.Kind), EID: p.EID, Name: p.Name, Num: p.Num, Heading: p.Heading, Text: p.Text}
		byEID[p.EID] = n
		if strings.HasPrefix(n.EID, syntheticEID) {
			n.EID = ""
		}
		if parent, ok := byEID[p.ParentEID]; ok && p.ParentEID != "" {
			parent.Children = append(parent.Children, n)
		} else {
			body = append(body, n)
		}
	}
	return body
}

// saveVersion stores one language version of an instrument with its
// provisions, replacing a version with the same language and date.
func saveVersion(ctx context.Context, q db.Querier, instrumentID int64, doc *lawtext.Document, lang, validFrom, source, format string, original []byte) (int64, error) {
	if lang == "" {
		lang = doc.Language.Code
	}
	if lang == "" {
		lang = "und"
	}
	if _, err := time.Parse(time.DateOnly, validFrom); err != nil {
		return 0, fmt.Errorf("lawdb: version date %q: want YYYY-MM-DD", validFrom)
	}
	res, err := q.ExecContext(ctx, `DELETE FROM law_versions WHERE instrument_id = $1 AND language = $2 AND valid_from = $3`, instrumentID, lang, validFrom)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// a new version, not the re-import of one
		if err := versionEvent(ctx, q, instrumentID, lang, validFrom, doc.Title); err != nil {
			return 0, err
		}
	}
	mj, err := versionMetaJSON(doc)
	if err != nil {
		return 0, err
	}
	var vid int64
	if err := q.QueryRowContext(ctx, `INSERT INTO law_versions (instrument_id, language, valid_from, title, source, format, original, meta_json, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		instrumentID, lang, validFrom, doc.Title, source, format, original, mj, db.Now()).Scan(&vid); err != nil {
		return 0, fmt.Errorf("lawdb: save version: %w", err)
	}
	// Flagged before its provisions are written, so that they are written
	// once, with the flag (and, when current, indexed) as they stay.
	if err := markCurrent(ctx, q, instrumentID, lang); err != nil {
		return 0, err
	}
	if err := writeProvisions(ctx, q, vid, doc, lang); err != nil {
		return 0, err
	}
	if err := addLanguage(ctx, q, instrumentID, lang); err != nil {
		return 0, err
	}
	return vid, nil
}

// markCurrent flags the latest version of an instrument in a language as
// its current one (law_versions.is_current, and law_provisions.is_current
// of its provisions, which the full-text index follows: migration 0231),
// after a version of it was saved or deleted. Only the versions whose flag
// changes are written — the one that stops being current and the one that
// becomes it — so an instrument with a long history is not rewritten at
// each new version.
func markCurrent(ctx context.Context, q db.Querier, instrumentID int64, lang string) error {
	rows, err := q.QueryContext(ctx, `SELECT id, is_current, CASE WHEN valid_from = (SELECT MAX(v2.valid_from) FROM law_versions v2
		WHERE v2.instrument_id = $1 AND v2.language = $2) THEN 1 ELSE 0 END
		FROM law_versions WHERE instrument_id = $1 AND language = $2`, instrumentID, lang)
	if err != nil {
		return fmt.Errorf("lawdb: mark the current version: %w", err)
	}
	type change struct{ id, current int64 }
	var changes []change
	for rows.Next() {
		var id, was, is int64
		if err := rows.Scan(&id, &was, &is); err != nil {
			rows.Close()
			return fmt.Errorf("lawdb: mark the current version: %w", err)
		}
		if was != is {
			changes = append(changes, change{id, is})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lawdb: mark the current version: %w", err)
	}
	for _, c := range changes {
		if _, err := q.ExecContext(ctx, `UPDATE law_versions SET is_current = $1 WHERE id = $2`, c.current, c.id); err != nil {
			return fmt.Errorf("lawdb: mark the current version %d: %w", c.id, err)
		}
		if _, err := q.ExecContext(ctx, `UPDATE law_provisions SET is_current = $1 WHERE version_id = $2`, c.current, c.id); err != nil {
			return fmt.Errorf("lawdb: mark the provisions of version %d: %w", c.id, err)
		}
	}
	return nil
}

// versionMetaJSON is a version's meta_json: the document without its body
// and the fingerprint Document compares to serve the original bytes back.
func versionMetaJSON(doc *lawtext.Document) (string, error) {
	meta := *doc
	meta.Body, meta.Source = nil, nil
	mj, err := json.Marshal(versionMeta{Doc: &meta, Fingerprint: doc.Fingerprint()})
	return string(mj), err
}

// writeProvisions stores the provisions of a version's document in
// document order with their search stems and the version's current flag
// (the version has none yet).
func writeProvisions(ctx context.Context, q db.Querier, vid int64, doc *lawtext.Document, lang string) error {
	var current int64
	if err := q.QueryRowContext(ctx, `SELECT is_current FROM law_versions WHERE id = $1`, vid).Scan(&current); err != nil {
		return fmt.Errorf("lawdb: provisions of version %d: %w", vid, err)
	}
	ordinal := 0
	var werr error
	seen := map[string]bool{}
	var rec func(nodes []*lawtext.Node, parent, article string)
	rec = func(nodes []*lawtext.Node, parent, article string) {
		for _, n := range nodes {
			if n == nil || werr != nil {
				continue
			}
			ordinal++
			eid := n.EID
			if eid == "" || seen[eid] {
				eid = fmt.Sprintf("%s%d", syntheticEID, ordinal)
			}
			seen[eid] = true
			art := article
			if n.Kind == lawtext.KindArticle || (art == "" && !groupingKinds[n.Kind]) {
				art = eid
			}
			text := strings.Join(nonEmpty(n.Num, n.Heading, n.Text), " ")
			if _, err := q.ExecContext(ctx, `INSERT INTO law_provisions (version_id, eid, kind, name, num, heading, text, ordinal, parent_eid, article_eid, language, stems, is_current)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
				vid, eid, string(n.Kind), n.Name, n.Num, n.Heading, n.Text, ordinal, parent, art, lang, Stems(text, lang), current); err != nil {
				werr = fmt.Errorf("lawdb: provision %s: %w", eid, err)
				return
			}
			rec(n.Children, eid, art)
		}
	}
	rec(doc.Body, "", "")
	return werr
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// wrapErr prefixes the error of an exported Store method with "lawdb:"
// and the operation (errs.Wrap).
func wrapErr(errp *error, format string, args ...any) {
	errs.Wrap(errp, "lawdb: "+format, args...)
}

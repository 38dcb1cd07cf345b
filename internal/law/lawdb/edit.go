package lawdb

// Legal officers' editing of instruments: metadata and identifiers, new
// dated language versions of the text (pasted Markdown or uploaded Akoma
// Ntoso), and relationships. Each write validates everything first (field
// errors, nothing stored) and runs in one transaction with its audit entry.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/akn"
	"corridor/internal/law/lawtext"
	"corridor/internal/law/treaty"
)

// IdentifierSchemes are the schemes an identifier may be entered in.
// "corridor" (the URL slug) is managed by Corridor itself.
var IdentifierSchemes = []string{"untc", "untc-key", "ilo", "bwb", "eli", "unts", "akn", "open-treaties", "celex", "gazette", "other"}

// InstrumentTopics are the topics a legal officer may give an instrument
// (each has a law.topic.* label).
var InstrumentTopics = []string{"asylum", "consular", "general", "human-rights", "immigration", "labour-migration",
	"nationality", "penal-matters", "refugees-statelessness", "trafficking-smuggling"}

// Size limits of a new version's text.
const (
	MaxVersionMarkdown = 2 << 20
	MaxVersionAKN      = 8 << 20
)

// FieldDetails adds, per field, what a field error is about (the line of
// an identifier, the parser's message): the web layer shows it after the
// translated message. It is the Err of the *errs.Error it explains.
type FieldDetails map[string]string

func (d FieldDetails) Error() string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+": "+d[k])
	}
	return strings.Join(parts, "; ")
}

// fieldErr builds an Invalid error from field messages and their details.
func fieldErr(f errs.Fields, d FieldDetails) error {
	if len(f) == 0 {
		return nil
	}
	e := &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: f}
	if len(d) > 0 {
		e.Err = d
	}
	return e
}

// InstrumentInput is an instrument's metadata as entered in the form.
type InstrumentInput struct {
	Slug         string `json:"id"`
	Title        string `json:"title"`
	Level        string `json:"level"`
	Type         string `json:"type"`
	Jurisdiction string `json:"jurisdiction"`
	IssuingBody  string `json:"issuing_body"`
	AdoptedOn    string `json:"adopted_on"`
	SignedOn     string `json:"signed_on"`
	InForceOn    string `json:"in_force_on"`
	// EndsOn is an explicit end of validity (expiry, termination), not
	// before the entry into force.
	EndsOn       string         `json:"ends_on"`
	Languages    []string       `json:"languages"`
	Topics       []string       `json:"topics"`
	TargetGroups []string       `json:"target_groups"`
	Identifiers  IdentifierList `json:"identifiers"`
	// URL is set by importers only: sent back, it must be unchanged.
	URL string `json:"url,omitempty"`
	// EndedOn and InForce are derived (Instrument): accepted so that an
	// instrument's representation can be sent back, and ignored.
	EndedOn string `json:"ended_on,omitempty"`
	InForce *bool  `json:"in_force,omitempty"`
}

var (
	slugRe     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$`)
	langCodeRe = regexp.MustCompile(`^[a-z]{2,3}$`)
	eidRe      = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,200}$`)
	// reservedSlugs are path segments of the law pages.
	reservedSlugs = map[string]bool{"new": true}
)

// IdentifierList is an instrument's identifiers as entered: "scheme:value"
// lines in the form; in JSON an array of {"scheme", "value"} objects, as
// in the instrument's representation.
type IdentifierList string

// MarshalJSON writes the lines as identifier objects.
func (l IdentifierList) MarshalJSON() ([]byte, error) {
	ids := []Identifier{}
	for _, line := range strings.Split(string(l), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			scheme, value, _ := strings.Cut(line, ":")
			ids = append(ids, Identifier{Scheme: scheme, Value: value})
		}
	}
	return json.Marshal(ids)
}

// UnmarshalJSON reads identifier objects as lines; a line break inside one
// is a type error, since it would read as two lines.
func (l *IdentifierList) UnmarshalJSON(b []byte) error {
	var ids []Identifier
	if err := json.Unmarshal(b, &ids); err != nil {
		return err
	}
	lines := make([]string, 0, len(ids))
	for _, id := range ids {
		if strings.ContainsAny(id.Scheme+id.Value, "\r\n") {
			return &json.UnmarshalTypeError{Value: "string with a line break", Type: reflect.TypeOf("")}
		}
		lines = append(lines, id.Scheme+":"+id.Value)
	}
	*l = IdentifierList(strings.Join(lines, "\n"))
	return nil
}

// SplitCodes splits a list typed as "en, fr es" into its items.
func SplitCodes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

// normLang returns the ISO 639-1 code of a language code when it knows it.
func normLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return ""
	}
	if l := lawtext.LangFromCode(s); l.Code != "" {
		return l.Code
	}
	return s
}

// parsedInstrument is a validated InstrumentInput.
type parsedInstrument struct {
	in          InstrumentInput
	identifiers []Identifier
}

// validateInstrument checks an input; selfID is the instrument being
// edited (0 when creating). Field errors come back as an Invalid error.
func validateInstrument(ctx context.Context, q db.Querier, in InstrumentInput, selfID int64) (*parsedInstrument, error) {
	f, d := errs.Fields{}, FieldDetails{}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, p := range []*string{&in.Slug, &in.Title, &in.Level, &in.Type, &in.Jurisdiction, &in.IssuingBody, &in.AdoptedOn, &in.SignedOn, &in.InForceOn, &in.EndsOn} {
		trim(p)
	}
	if in.Title == "" {
		f.Add("title", "law.error.title_required")
	} else if len(in.Title) > 1000 {
		f.Add("title", "law.error.too_long")
	}
	if !contains(Levels, in.Level) {
		f.Add("level", "law.error.unknown_level")
	}
	if !contains(Types, in.Type) {
		f.Add("type", "law.error.unknown_type")
	}
	if len(in.Jurisdiction) > 200 {
		f.Add("jurisdiction", "law.error.too_long")
	}
	if len(in.IssuingBody) > 500 {
		f.Add("issuing_body", "law.error.too_long")
	}
	if in.URL != "" {
		var url string
		if selfID != 0 {
			if err := q.QueryRowContext(ctx, `SELECT url FROM law_instruments WHERE id = $1`, selfID).Scan(&url); err != nil {
				return nil, err
			}
		}
		if in.URL != url {
			f.Add("url", "law.error.read_only")
		}
	}
	for field, v := range map[string]string{"adopted_on": in.AdoptedOn, "signed_on": in.SignedOn, "in_force_on": in.InForceOn, "ends_on": in.EndsOn} {
		if v == "" {
			continue
		}
		if t, err := treaty.ParseISODate(v); err != nil || dateStr(t) != v {
			f.Add(field, "law.error.bad_date")
		}
	}
	if f["adopted_on"] == "" && f["in_force_on"] == "" && in.AdoptedOn != "" && in.InForceOn != "" && in.InForceOn < in.AdoptedOn {
		f.Add("in_force_on", "law.error.in_force_before_adoption")
	}
	if f["ends_on"] == "" && in.EndsOn != "" && (in.EndsOn < in.InForceOn || in.EndsOn < in.AdoptedOn) {
		f.Add("ends_on", "law.error.ends_before_in_force")
	}
	var langs []string
	for _, l := range in.Languages {
		for _, c := range SplitCodes(l) {
			c = normLang(c)
			if !langCodeRe.MatchString(c) {
				f.Add("languages", "law.error.bad_language_code")
				d["languages"] = c
				break
			}
			langs = append(langs, c)
		}
	}
	in.Languages = langs
	for _, t := range in.Topics {
		if !contains(InstrumentTopics, t) {
			f.Add("topics", "law.error.topic_choice")
		}
	}
	for _, g := range in.TargetGroups {
		if !contains(TargetGroups, g) {
			f.Add("target_groups", "law.error.unknown_group")
		}
	}
	// identifiers: scheme:value lines, each not used by another instrument
	var ids []Identifier
	seen := map[string]bool{}
	for i, line := range strings.Split(string(in.Identifiers), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		where := fmt.Sprintf("line %d: %s", i+1, line)
		scheme, value, ok := strings.Cut(line, ":")
		scheme, value = strings.ToLower(strings.TrimSpace(scheme)), strings.TrimSpace(value)
		if !ok || scheme == "" || value == "" || len(value) > 500 {
			f.Add("identifiers", "law.error.identifier_line")
			d["identifiers"] = where
			break
		}
		if !contains(IdentifierSchemes, scheme) {
			f.Add("identifiers", "law.error.unknown_scheme")
			d["identifiers"] = where
			break
		}
		if scheme == "untc" || scheme == "untc-key" {
			cid, err := treaty.ParseChapterID(value)
			if err != nil {
				f.Add("identifiers", "law.error.identifier_value")
				d["identifiers"] = where
				break
			}
			if scheme == "untc" {
				value = cid.UNTC()
			} else {
				value = cid.Key()
			}
		}
		if other, err := findID(ctx, q, value); err == nil && other != selfID {
			f.Add("identifiers", "law.error.identifier_taken")
			d["identifiers"] = where
			break
		} else if err != nil && !errors.Is(err, ErrUnknownInstrument) {
			return nil, err
		}
		k := scheme + "\x00" + lookupKey(value)
		if !seen[k] {
			seen[k] = true
			ids = append(ids, Identifier{Scheme: scheme, Value: value})
		}
	}
	if selfID == 0 {
		if in.Slug == "" {
			for _, id := range ids {
				if slugRe.MatchString(id.Value) {
					in.Slug = id.Value
					break
				}
			}
		}
		switch {
		case in.Slug == "":
			f.Add("slug", "law.error.slug_required")
		case !slugRe.MatchString(in.Slug) || reservedSlugs[strings.ToLower(in.Slug)]:
			f.Add("slug", "law.error.slug")
		default:
			if _, err := findID(ctx, q, in.Slug); err == nil {
				f.Add("slug", "law.error.slug_taken")
			} else if !errors.Is(err, ErrUnknownInstrument) {
				return nil, err
			}
		}
	}
	if err := fieldErr(f, d); err != nil {
		return nil, err
	}
	return &parsedInstrument{in: in, identifiers: ids}, nil
}

// CreateInstrument validates and stores a new instrument with its
// identifiers (audit law.instrument.create); it returns the slug.
func (s *Store) CreateInstrument(ctx context.Context, in InstrumentInput) (_ string, err error) {
	defer wrapErr(&err, "create instrument")
	var slug string
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		p, err := validateInstrument(ctx, tx, in, 0)
		if err != nil {
			return err
		}
		now := db.Now()
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO law_instruments (slug, title, level, type, jurisdiction, issuing_body, adopted_on, signed_on, in_force_on, languages, topics, target_groups, url, created_at, updated_at, ends_on)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '', $13, $13, $14) RETURNING id`,
			p.in.Slug, p.in.Title, p.in.Level, p.in.Type, p.in.Jurisdiction, p.in.IssuingBody, p.in.AdoptedOn, p.in.SignedOn, p.in.InForceOn,
			joinList(p.in.Languages), joinList(p.in.Topics), joinList(p.in.TargetGroups), now, p.in.EndsOn).Scan(&id); err != nil {
			return fmt.Errorf("lawdb: create instrument: %w", err)
		}
		if err := insertIdentifiers(ctx, tx, id, append([]Identifier{{"corridor", p.in.Slug}}, p.identifiers...)); err != nil {
			return err
		}
		slug = p.in.Slug
		return audit.Record(ctx, tx, "law.instrument.create", "law_instrument", slug, nil, auditInput(p))
	})
	return slug, err
}

func insertIdentifiers(ctx context.Context, q db.Querier, id int64, ids []Identifier) error {
	for _, ident := range ids {
		if _, err := q.ExecContext(ctx, `INSERT INTO law_identifiers (instrument_id, scheme, value, lookup) VALUES ($1, $2, $3, $4)`,
			id, ident.Scheme, ident.Value, lookupKey(ident.Value)); err != nil {
			return fmt.Errorf("lawdb: identifier %s:%s: %w", ident.Scheme, ident.Value, err)
		}
	}
	return nil
}

func auditInput(p *parsedInstrument) InstrumentInput {
	out := p.in
	var lines []string
	for _, i := range p.identifiers {
		lines = append(lines, i.Scheme+":"+i.Value)
	}
	out.Identifiers = IdentifierList(strings.Join(lines, "\n"))
	return out
}

// InstrumentInputOf returns an instrument's current metadata as form input
// (identifiers one "scheme:value" per line, without the slug).
func (s *Store) InstrumentInputOf(ctx context.Context, ref string) (*InstrumentInput, error) {
	return instrumentInput(ctx, s.DB, ref)
}

func instrumentInput(ctx context.Context, q db.Querier, ref string) (*InstrumentInput, error) {
	id, err := findID(ctx, q, ref)
	if err != nil {
		return nil, err
	}
	var in InstrumentInput
	var langs, topics, groups string
	if err := q.QueryRowContext(ctx, `SELECT slug, title, level, type, jurisdiction, issuing_body, adopted_on, signed_on, in_force_on, languages, topics, target_groups, ends_on, url
		FROM law_instruments WHERE id = $1`, id).Scan(&in.Slug, &in.Title, &in.Level, &in.Type, &in.Jurisdiction, &in.IssuingBody,
		&in.AdoptedOn, &in.SignedOn, &in.InForceOn, &langs, &topics, &groups, &in.EndsOn, &in.URL); err != nil {
		return nil, err
	}
	in.Languages, in.Topics, in.TargetGroups = splitList(langs), splitList(topics), splitList(groups)
	rows, err := q.QueryContext(ctx, `SELECT scheme, value FROM law_identifiers WHERE instrument_id = $1 AND scheme <> 'corridor' ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var sc, v string
		if err := rows.Scan(&sc, &v); err != nil {
			return nil, err
		}
		lines = append(lines, sc+":"+v)
	}
	in.Identifiers = IdentifierList(strings.Join(lines, "\n"))
	return &in, rows.Err()
}

// instrumentRecord names instruments in the revisions table.
const instrumentRecord = "law_instrument"

// InstrumentRevision returns the revision of an instrument's metadata,
// which an edit names (UpdateInstrumentAt) to be saved: the edit form's
// hidden field, the API's ETag. Text versions and relationships are added
// beside the metadata and do not change it.
func (s *Store) InstrumentRevision(ctx context.Context, id int64) (int64, error) {
	return db.Revision(ctx, s.DB, instrumentRecord, id)
}

// ErrChangedMeanwhile is the Conflict error of an edit made from a
// revision that is no longer the current one.
func ErrChangedMeanwhile(err error) error {
	return &errs.Error{Kind: errs.Conflict, Message: "law.error.changed_meanwhile", Err: err}
}

// bumpRevision raises a record's revision in its edit's transaction, or
// refuses an edit from a stale revision with ErrChangedMeanwhile.
func bumpRevision(ctx context.Context, tx db.Tx, record string, id, revision int64) error {
	_, err := db.Bump(ctx, tx, record, id, revision)
	if errors.Is(err, db.ErrStale) {
		return ErrChangedMeanwhile(err)
	}
	return err
}

// UpdateInstrument is UpdateInstrumentAt without a revision check.
func (s *Store) UpdateInstrument(ctx context.Context, ref string, in InstrumentInput) error {
	return s.UpdateInstrumentAt(ctx, ref, in, db.AnyRevision)
}

// UpdateInstrumentAt validates and saves an instrument's metadata; its
// identifiers become exactly the given ones (the slug stays). The
// languages of its stored versions are kept. Audit law.instrument.update
// with the values before and after. When revision is not db.AnyRevision
// and another edit was saved since it was read, nothing is saved and the
// error is ErrChangedMeanwhile (Conflict).
func (s *Store) UpdateInstrumentAt(ctx context.Context, ref string, in InstrumentInput, revision int64) (err error) {
	defer wrapErr(&err, "update instrument %s", ref)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		id, err := findID(ctx, tx, ref)
		if err != nil {
			return NotFound(err)
		}
		if err := bumpRevision(ctx, tx, instrumentRecord, id, revision); err != nil {
			return err
		}
		before, err := instrumentInput(ctx, tx, ref)
		if err != nil {
			return err
		}
		if in.Slug != "" && in.Slug != before.Slug {
			return fieldErr(errs.Fields{"slug": "law.error.slug_fixed"}, nil)
		}
		in.Slug = before.Slug
		p, err := validateInstrument(ctx, tx, in, id)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT language FROM law_versions WHERE instrument_id = $1`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				rows.Close()
				return err
			}
			p.in.Languages = append(p.in.Languages, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE law_instruments SET title = $1, level = $2, type = $3, jurisdiction = $4, issuing_body = $5,
			adopted_on = $6, signed_on = $7, in_force_on = $8, languages = $9, topics = $10, target_groups = $11, updated_at = $12, ends_on = $14 WHERE id = $13`,
			p.in.Title, p.in.Level, p.in.Type, p.in.Jurisdiction, p.in.IssuingBody, p.in.AdoptedOn, p.in.SignedOn, p.in.InForceOn,
			joinList(p.in.Languages), joinList(p.in.Topics), joinList(p.in.TargetGroups), db.Now(), id, p.in.EndsOn); err != nil {
			return fmt.Errorf("lawdb: update instrument: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM law_identifiers WHERE instrument_id = $1 AND scheme <> 'corridor'`, id); err != nil {
			return err
		}
		if err := insertIdentifiers(ctx, tx, id, p.identifiers); err != nil {
			return err
		}
		after := auditInput(p)
		after.Languages = splitList(joinList(after.Languages))
		return audit.Record(ctx, tx, "law.instrument.update", "law_instrument", before.Slug, before, after)
	})
}

// NewVersion is a new language version of an instrument's text.
type NewVersion struct {
	Instrument string
	Language   string // ISO 639 code; for Akoma Ntoso, default the document's
	ValidFrom  string // YYYY-MM-DD
	Title      string // default the document's title, then the instrument's
	Format     string // "markdown" or "akn"
	Text       []byte
	FileName   string // of an upload, for the source
}

// VersionFormats are the accepted formats of a new version.
var VersionFormats = []string{"markdown", "akn"}

// aknMessages maps Akoma Ntoso import failures to messages.
var aknMessages = []struct {
	kind error
	msg  string
}{
	{akn.ErrInvalidXML, "law.error.akn_invalid_xml"},
	{akn.ErrNotAKN, "law.error.akn_not_akn"},
	{akn.ErrDuplicateEID, "law.error.duplicate_eid"},
	{akn.ErrTooLarge, "law.error.text_too_large"},
	{akn.ErrTooComplex, "law.error.akn_too_complex"},
}

// duplicateEID returns an eId used twice in doc, or "".
func duplicateEID(doc *lawtext.Document) string {
	seen := map[string]bool{}
	dup := ""
	doc.Walk(func(n *lawtext.Node, _ []*lawtext.Node) bool {
		if n.EID != "" {
			if seen[n.EID] && dup == "" {
				dup = n.EID
			}
			seen[n.EID] = true
		}
		return dup == ""
	})
	return dup
}

// preparedVersion is a validated new text of a version, ready to store.
type preparedVersion struct {
	instrumentID int64
	slug         string
	lang         string
	validFrom    string
	format       string
	source       string
	doc          *lawtext.Document
	raw          []byte
}

// prepareVersion validates a new version's fields and parses its text
// from Markdown (lawtext.ParseMarkdown) or Akoma Ntoso (akn.Import); bad
// XML, a duplicate eId or a text without provisions is a field error.
// Adding and replacing a version share it.
func (s *Store) prepareVersion(ctx context.Context, nv NewVersion) (*preparedVersion, error) {
	id, err := s.FindID(ctx, nv.Instrument)
	if err != nil {
		return nil, NotFound(err)
	}
	var slug, title, adopted string
	if err := s.DB.QueryRowContext(ctx, `SELECT slug, title, adopted_on FROM law_instruments WHERE id = $1`, id).Scan(&slug, &title, &adopted); err != nil {
		return nil, err
	}
	f, d := errs.Fields{}, FieldDetails{}
	nv.ValidFrom = strings.TrimSpace(nv.ValidFrom)
	if t, err := treaty.ParseISODate(nv.ValidFrom); nv.ValidFrom == "" || err != nil || dateStr(t) != nv.ValidFrom {
		f.Add("valid_from", "law.error.bad_date")
	}
	lang := normLang(nv.Language)
	if lang != "" && !langCodeRe.MatchString(lang) {
		f.Add("language", "law.error.bad_language_code")
	}
	nv.Title = strings.TrimSpace(nv.Title)
	if len(nv.Title) > 1000 {
		f.Add("title", "law.error.too_long")
	}
	field := "text"
	if nv.Format == "akn" {
		field = "file"
	}
	var doc *lawtext.Document
	var raw []byte
	switch {
	case !contains(VersionFormats, nv.Format):
		f.Add("format", "law.error.version_format")
	case len(bytes.TrimSpace(nv.Text)) == 0:
		f.Add(field, "law.error.text_empty")
	case nv.Format == "markdown" && len(nv.Text) > MaxVersionMarkdown, nv.Format == "akn" && len(nv.Text) > MaxVersionAKN:
		f.Add(field, "law.error.text_too_large")
	case nv.Format == "markdown":
		if lang == "" {
			f.Add("language", "law.error.language_required")
			break
		}
		doc, err = lawtext.ParseMarkdown(bytes.NewReader(nv.Text), lawtext.MarkdownMeta{Title: nv.Title, Language: lang, Date: adopted, ExpressionDate: nv.ValidFrom})
		if err != nil {
			f.Add(field, "law.error.text_unreadable")
			d[field] = err.Error()
		}
		raw = nv.Text
	default:
		doc, raw, err = akn.Import(bytes.NewReader(nv.Text))
		if err != nil {
			msg := "law.error.akn_invalid_xml"
			for _, m := range aknMessages {
				if errors.Is(err, m.kind) {
					msg = m.msg
					break
				}
			}
			f.Add(field, msg)
			var ie *akn.ImportError
			if errors.As(err, &ie) {
				if ie.Line > 0 {
					d[field] = fmt.Sprintf("line %d: %s", ie.Line, ie.Msg)
				} else {
					d[field] = ie.Msg
				}
			}
			break
		}
		if lang == "" {
			lang = normLang(doc.Language.Code)
		}
		if lang == "" || !langCodeRe.MatchString(lang) {
			f.Add("language", "law.error.language_required")
		}
	}
	if doc != nil && f[field] == "" {
		if countNodes(doc.Body) == 0 {
			f.Add(field, "law.error.text_no_provisions")
		} else if dup := duplicateEID(doc); dup != "" {
			f.Add(field, "law.error.duplicate_eid")
			d[field] = dup
		}
	}
	if err := fieldErr(f, d); err != nil {
		return nil, err
	}
	if nv.Title != "" {
		doc.Title = nv.Title
	}
	if strings.TrimSpace(doc.Title) == "" {
		doc.Title = title
	}
	source := "manual:pasted"
	if nv.FileName != "" {
		source = "manual:" + nv.FileName
	}
	return &preparedVersion{instrumentID: id, slug: slug, lang: lang, validFrom: nv.ValidFrom, format: nv.Format, source: source, doc: doc, raw: raw}, nil
}

// auditValues describes a prepared version in audit entries.
func (p *preparedVersion) auditValues() map[string]any {
	return map[string]any{"instrument": p.slug, "language": p.lang, "valid_from": p.validFrom, "format": p.format, "title": p.doc.Title,
		"provisions": countNodes(p.doc.Body), "bytes": len(p.raw)}
}

// AddVersion validates and stores a new dated language version from
// Markdown or Akoma Ntoso (prepareVersion). A version already stored for
// the language and date is a field error (ReplaceVersion corrects it) and
// nothing is stored. The write records the version's law event and a
// law.version.create audit entry.
func (s *Store) AddVersion(ctx context.Context, nv NewVersion) (_ int64, err error) {
	defer wrapErr(&err, "add version to %s", nv.Instrument)
	p, err := s.prepareVersion(ctx, nv)
	if err != nil {
		return 0, err
	}
	var vid int64
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_versions WHERE instrument_id = $1 AND language = $2 AND valid_from = $3`, p.instrumentID, p.lang, p.validFrom).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"valid_from": "law.error.version_exists"}}
		}
		var err error
		// saveVersion records the version's law event.
		if vid, err = saveVersion(ctx, tx, p.instrumentID, p.doc, p.lang, p.validFrom, p.source, p.format, p.raw); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.version.create", "law_version", vid, nil, p.auditValues())
	})
	if err != nil {
		return 0, err
	}
	return vid, nil
}

// NewRelation is a relationship from an instrument to another.
type NewRelation struct {
	From    string // any identifier
	Kind    string // one of RelationKinds
	To      string // any identifier of the other instrument
	FromEID string // optional article of From
	ToEID   string // optional article of To
	// EffectiveOn is the date the relationship takes effect (a repeal that
	// does not take effect on the repealing instrument's entry into force).
	EffectiveOn string
}

// checkEID reports whether eid may name a provision of an instrument: any
// well-formed eId when no text is stored, else one of its provisions.
func checkEID(ctx context.Context, q db.Querier, instrumentID int64, eid string) (bool, error) {
	if !eidRe.MatchString(eid) {
		return false, nil
	}
	var versions, has int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_versions WHERE instrument_id = $1`, instrumentID).Scan(&versions); err != nil {
		return false, err
	}
	if versions == 0 {
		return true, nil
	}
	err := q.QueryRowContext(ctx, `SELECT 1 FROM law_provisions p JOIN law_versions v ON v.id = p.version_id WHERE v.instrument_id = $1 AND p.eid = $2 LIMIT 1`, instrumentID, eid).Scan(&has)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// validateRelation checks a relationship from the instrument from and
// returns the other instrument's id; selfID is the relationship being
// replaced (0 when adding), which does not count as already recorded.
func validateRelation(ctx context.Context, q db.Querier, from int64, nr *NewRelation, selfID int64) (int64, error) {
	f := errs.Fields{}
	nr.Kind, nr.FromEID, nr.ToEID, nr.EffectiveOn = strings.TrimSpace(nr.Kind), strings.TrimSpace(nr.FromEID), strings.TrimSpace(nr.ToEID), strings.TrimSpace(nr.EffectiveOn)
	if t, err := treaty.ParseISODate(nr.EffectiveOn); nr.EffectiveOn != "" && (err != nil || dateStr(t) != nr.EffectiveOn) {
		f.Add("effective_on", "law.error.bad_date")
	}
	if !contains(RelationKinds, nr.Kind) {
		f.Add("kind", "law.error.relation_kind")
	}
	to, err := findID(ctx, q, nr.To)
	switch {
	case errors.Is(err, ErrUnknownInstrument):
		f.Add("target", "law.error.unknown_instrument")
	case err != nil:
		return 0, err
	case to == from:
		f.Add("target", "law.error.relation_self")
	}
	if nr.FromEID != "" {
		ok, err := checkEID(ctx, q, from, nr.FromEID)
		if err != nil {
			return 0, err
		}
		if !ok {
			f.Add("from_eid", "law.error.unknown_provision")
		}
	}
	if nr.ToEID != "" && f["target"] == "" {
		ok, err := checkEID(ctx, q, to, nr.ToEID)
		if err != nil {
			return 0, err
		}
		if !ok {
			f.Add("to_eid", "law.error.unknown_provision")
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_relationships WHERE from_id = $1 AND to_id = $2 AND kind = $3 AND from_eid = $4 AND to_eid = $5 AND id <> $6`,
		from, to, nr.Kind, nr.FromEID, nr.ToEID, selfID).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"target": "law.error.relation_exists"}}
	}
	return to, nil
}

// relationAudit describes a relationship in audit entries, by slugs.
func relationAudit(ctx context.Context, q db.Querier, from, to int64, nr NewRelation) (map[string]string, error) {
	var fromSlug, toSlug string
	if err := q.QueryRowContext(ctx, `SELECT slug FROM law_instruments WHERE id = $1`, from).Scan(&fromSlug); err != nil {
		return nil, err
	}
	if err := q.QueryRowContext(ctx, `SELECT slug FROM law_instruments WHERE id = $1`, to).Scan(&toSlug); err != nil {
		return nil, err
	}
	return map[string]string{"from": fromSlug, "kind": nr.Kind, "to": toSlug, "from_eid": nr.FromEID, "to_eid": nr.ToEID, "effective_on": nr.EffectiveOn}, nil
}

// AddRelationship validates and stores a relationship (audit
// law.relationship.create) and returns its id. The other instrument is
// found by any identifier; article eIds, when given, must be provisions
// of the stored texts. A relationship already recorded is a field error.
func (s *Store) AddRelationship(ctx context.Context, nr NewRelation) (_ int64, err error) {
	defer wrapErr(&err, "add relationship from %s", nr.From)
	from, err := s.FindID(ctx, nr.From)
	if err != nil {
		return 0, NotFound(err)
	}
	var rid int64
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		to, err := validateRelation(ctx, tx, from, &nr, 0)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO law_relationships (from_id, to_id, kind, from_eid, to_eid, effective_on) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			from, to, nr.Kind, nr.FromEID, nr.ToEID, nr.EffectiveOn).Scan(&rid); err != nil {
			return fmt.Errorf("lawdb: add relationship: %w", err)
		}
		after, err := relationAudit(ctx, tx, from, to, nr)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "law.relationship.create", "law_relationship", rid, nil, after)
	})
	return rid, err
}

package publishing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"corridor/internal/geo"
	"corridor/internal/publishing/oai"
)

// OAIRepository is the repository as OAI-PMH sees it: every publication,
// deleted ones as tombstones, sets per series ("series:ID") and per type
// ("type:working-paper"), Dublin Core from the latest version.
type OAIRepository struct {
	S           *Service
	BaseURL     string // the site's base URL; /oai is appended
	Name        string
	AdminEmails []string
}

// OAI returns the publications as an OAI-PMH repository.
func (s *Service) OAI(baseURL, name string, admins []string) *OAIRepository {
	return &OAIRepository{S: s, BaseURL: strings.TrimRight(baseURL, "/"), Name: name, AdminEmails: admins}
}

func (r *OAIRepository) host() string {
	u, err := url.Parse(r.BaseURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}

// Identifier is the OAI identifier of a publication.
func (r *OAIRepository) Identifier(id int64) string {
	return "oai:" + r.host() + ":publication:" + strconv.FormatInt(id, 10)
}

func (r *OAIRepository) parseIdentifier(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "oai:"+r.host()+":publication:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0 && strconv.FormatInt(id, 10) == rest
}

// Identify implements oai.Repository.
func (r *OAIRepository) Identify(ctx context.Context) (oai.Info, error) {
	var earliest int64
	if err := r.S.DB.QueryRowContext(ctx, `SELECT COALESCE(MIN(datestamp), 0) FROM pub_works`).Scan(&earliest); err != nil {
		return oai.Info{}, fmt.Errorf("publishing: oai identify: %w", err)
	}
	t := r.S.now()
	if earliest != 0 {
		t = time.Unix(earliest, 0).UTC()
	}
	return oai.Info{RepositoryName: r.Name, BaseURL: r.BaseURL + "/oai", AdminEmails: r.AdminEmails, EarliestDatestamp: t}, nil
}

// Sets implements oai.Repository.
func (r *OAIRepository) Sets(ctx context.Context) ([]oai.Set, error) {
	series, err := r.S.AllSeries(ctx)
	if err != nil {
		return nil, err
	}
	out := []oai.Set{{Spec: "series", Name: "Series"}}
	for _, s := range series {
		out = append(out, oai.Set{Spec: "series:" + strconv.FormatInt(s.ID, 10), Name: s.Title("en")})
	}
	out = append(out, oai.Set{Spec: "type", Name: "Publication types"})
	for _, t := range Types {
		out = append(out, oai.Set{Spec: "type:" + string(t), Name: TypeNames[t]})
	}
	return out, nil
}

// TypeNames are the English names of the types (OAI set names, DC types).
var TypeNames = map[Type]string{
	WorkingPaper: "Working paper", PolicyBrief: "Policy brief", Report: "Report", JournalArticle: "Journal article",
	Book: "Book", Chapter: "Book chapter", DataNote: "Data note",
}

type oaiRow struct {
	id, datestamp, deletedAt, series int64
	typ                              string
}

// Records implements oai.Repository: by keyset on (datestamp, id).
func (r *OAIRepository) Records(ctx context.Context, q oai.Query) (_ []oai.Record, err error) {
	cond := []string{"1 = 1"}
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !q.From.IsZero() {
		cond = append(cond, "datestamp >= "+arg(q.From.Unix()))
	}
	if !q.Until.IsZero() {
		cond = append(cond, "datestamp <= "+arg(q.Until.Unix()))
	}
	switch kind, val, _ := strings.Cut(q.Set, ":"); {
	case q.Set == "" || q.Set == "type":
	case q.Set == "series":
		cond = append(cond, "series_id IS NOT NULL")
	case kind == "series":
		id, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return nil, nil
		}
		cond = append(cond, "series_id = "+arg(id))
	case kind == "type":
		cond = append(cond, "type = "+arg(val))
	default:
		return nil, nil
	}
	if q.After != nil {
		id, _ := r.parseIdentifier(q.After.Identifier)
		d := arg(q.After.Datestamp.Unix())
		cond = append(cond, "(datestamp > "+d+" OR datestamp = "+d+" AND id > "+arg(id)+")")
	}
	rows, err := r.S.DB.QueryContext(ctx, `SELECT id, datestamp, deleted_at, COALESCE(series_id, 0), type FROM pub_works WHERE `+
		strings.Join(cond, " AND ")+` ORDER BY datestamp, id LIMIT `+arg(q.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("publishing: oai records: %w", err)
	}
	var found []oaiRow
	for rows.Next() {
		var o oaiRow
		if err := rows.Scan(&o.id, &o.datestamp, &o.deletedAt, &o.series, &o.typ); err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	series := map[int64]*Series{}
	out := make([]oai.Record, 0, len(found))
	for _, o := range found {
		rec, err := r.record(ctx, o, series)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, nil
}

// Record implements oai.Repository.
func (r *OAIRepository) Record(ctx context.Context, identifier string) (oai.Record, error) {
	id, ok := r.parseIdentifier(identifier)
	if !ok {
		return oai.Record{}, oai.ErrNotFound
	}
	var o oaiRow
	err := r.S.DB.QueryRowContext(ctx, `SELECT id, datestamp, deleted_at, COALESCE(series_id, 0), type FROM pub_works WHERE id = $1`, id).
		Scan(&o.id, &o.datestamp, &o.deletedAt, &o.series, &o.typ)
	if err != nil {
		if notFound(err) == ErrNotFound {
			return oai.Record{}, oai.ErrNotFound
		}
		return oai.Record{}, err
	}
	return r.record(ctx, o, map[int64]*Series{})
}

func (r *OAIRepository) record(ctx context.Context, o oaiRow, series map[int64]*Series) (oai.Record, error) {
	rec := oai.Record{Header: oai.Header{Identifier: r.Identifier(o.id), Datestamp: time.Unix(o.datestamp, 0).UTC(), Deleted: o.deletedAt != 0}}
	if o.series != 0 {
		rec.SetSpecs = append(rec.SetSpecs, "series:"+strconv.FormatInt(o.series, 10))
	}
	rec.SetSpecs = append(rec.SetSpecs, "type:"+o.typ)
	if rec.Deleted {
		return rec, nil
	}
	w, err := getWork(ctx, r.S.DB, o.id)
	if err != nil {
		return rec, err
	}
	m, err := getMeta(ctx, r.S.DB, o.id, w.latest)
	if err != nil {
		return rec, err
	}
	var sr *Series
	if m.SeriesID != 0 {
		if sr = series[m.SeriesID]; sr == nil {
			if sr, err = getSeries(ctx, r.S.DB, m.SeriesID); err != nil {
				return rec, err
			}
			series[m.SeriesID] = sr
		}
	}
	rec.Metadata = DublinCore(m, sr, LandingURL(r.BaseURL, o.id, 0))
	return rec, nil
}

// licenceURLs are the canonical URLs of the licences DC rights name.
var licenceURLs = map[string]string{
	"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/", "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
	"CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/", "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
	"CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/", "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
	"CC-BY-3.0-IGO": "https://creativecommons.org/licenses/by/3.0/igo/", "CC-BY-NC-SA-3.0-IGO": "https://creativecommons.org/licenses/by-nc-sa/3.0/igo/",
	"CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

// LicenceURL is the licence's URL where Corridor knows it, else its SPDX page.
func LicenceURL(id string) string {
	if u := licenceURLs[id]; u != "" {
		return u
	}
	return "https://spdx.org/licenses/" + id + ".html"
}

// DublinCore is a version's metadata as unqualified Dublin Core, with
// xml:lang on the titles, abstracts and keywords.
func DublinCore(m *Meta, sr *Series, landing string) oai.DC {
	var dc oai.DC
	for _, l := range Languages {
		if t := m.Titles[l]; t != "" {
			dc.Title = append(dc.Title, oai.Value{Text: t, Lang: l})
		}
	}
	for _, a := range m.Authors {
		name := a.Family
		if a.Given != "" {
			name += ", " + a.Given
		}
		dc.Creator = append(dc.Creator, oai.Value{Text: name})
	}
	for _, k := range m.Keywords {
		dc.Subject = append(dc.Subject, oai.Value{Text: k, Lang: m.Language})
	}
	for _, t := range m.Topics {
		dc.Subject = append(dc.Subject, oai.Value{Text: t})
	}
	for _, l := range Languages {
		if t := m.Abstracts[l]; t != "" {
			dc.Description = append(dc.Description, oai.Value{Text: t, Lang: l})
		}
	}
	pub := m.Publisher
	if pub == "" && sr != nil {
		pub = sr.Publisher
	}
	if pub != "" {
		dc.Publisher = []oai.Value{{Text: pub}}
	}
	dc.Date = []oai.Value{{Text: m.Date}}
	dc.Type = []oai.Value{{Text: "Text"}, {Text: TypeNames[m.Type], Lang: "en"}}
	dc.Identifier = []oai.Value{{Text: landing}}
	if m.DOI != "" {
		dc.Identifier = append(dc.Identifier, oai.Value{Text: "https://doi.org/" + m.DOI})
	}
	dc.Language = []oai.Value{{Text: m.Language}}
	if sr != nil {
		rel := sr.Title("en")
		if m.Number != "" {
			rel += " No. " + m.Number
		}
		if sr.ISSN != "" {
			rel += "; ISSN " + sr.ISSN
		}
		dc.Relation = []oai.Value{{Text: rel, Lang: "en"}}
	}
	if m.Container != "" {
		dc.Source = []oai.Value{{Text: m.Container}}
	}
	for _, c := range m.Countries {
		if cc, ok := geo.ByCode(c); ok {
			dc.Coverage = append(dc.Coverage, oai.Value{Text: cc.Name, Lang: "en"})
		}
	}
	if m.Licence != "" {
		dc.Rights = []oai.Value{{Text: LicenceURL(m.Licence)}}
	}
	return dc
}

// OAIKey returns the key that signs OAI-PMH resumption tokens, kept in the
// settings table so that harvests survive restarts and span instances;
// the first call makes one.
func (s *Service) OAIKey(ctx context.Context) ([]byte, error) {
	b := make([]byte, 32)
	rand.Read(b)
	if _, err := s.DB.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('publishing.oai_key', $1) ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("publishing: oai key: %w", err)
	}
	var v string
	if err := s.DB.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'publishing.oai_key'`).Scan(&v); err != nil {
		return nil, fmt.Errorf("publishing: oai key: %w", err)
	}
	return hex.DecodeString(v)
}

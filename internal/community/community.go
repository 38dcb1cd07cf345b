// Package community is Corridor's people, partners, research projects,
// opportunities (calls for internships, visiting scholars, research
// assistantships and jobs) and the applications to them. The web pages are
// in commweb; this package holds the types, the SQL and the rules.
package community

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/ident"
	"corridor/internal/links"
)

// Service is the community domain's store and rules.
type Service struct {
	DB    *db.DB
	Blobs blob.Store
	// Links checks the typed links projects make to their outputs.
	Links *links.Service
	// BaseURL starts the reference links sent by e-mail.
	BaseURL string
	Now     func() time.Time
}

// New returns the community service.
func New(d *db.DB, blobs blob.Store, lk *links.Service, baseURL string) *Service {
	return &Service{DB: d, Blobs: blobs, Links: lk, BaseURL: strings.TrimRight(baseURL, "/"), Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Service) now() int64 { return s.Now().Unix() }

// ErrNotFound is a missing (or hidden) person, project, call or
// application.
var ErrNotFound = errs.New(errs.NotFound, "community.error.not_found")

// Roles a person may hold, in the order pages list them.
var Roles = []string{"staff", "researcher", "fellow", "visiting_scholar", "intern", "student", "alumni"}

// PartnerKinds are the kinds of organisation.
var PartnerKinds = []string{"university", "io", "ngo", "government", "other"}

// Languages of the profiles' and projects' texts.
var Languages = []string{"en", "fr", "es"}

// Person is a profile.
type Person struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Roles       []string          `json:"roles"`
	Affiliation string            `json:"affiliation,omitempty"`
	ORCID       string            `json:"orcid,omitempty"`
	Bio         map[string]string `json:"bio,omitempty"`
	HasPhoto    bool              `json:"has_photo"`
	PhotoKey    string            `json:"-"`
	VisitFrom   string            `json:"visit_from,omitempty"`
	VisitUntil  string            `json:"visit_until,omitempty"`
	Host        string            `json:"host,omitempty"`
	// Topics are free expertise tags; Countries ISO 3166 alpha-3 codes of
	// the countries the person works on.
	Topics    []string `json:"topics"`
	Countries []string `json:"countries"`
	UserID    int64    `json:"-"`
	Sample    bool     `json:"sample"`
}

// BioIn is the biography in lang, else in English, else any.
func (p Person) BioIn(lang string) string { return textIn(p.Bio, lang) }

// Has reports whether p holds role.
func (p Person) Has(role string) bool {
	for _, r := range p.Roles {
		if r == role {
			return true
		}
	}
	return false
}

func textIn(m map[string]string, lang string) string {
	if t := m[lang]; t != "" {
		return t
	}
	if t := m["en"]; t != "" {
		return t
	}
	for _, l := range Languages {
		if m[l] != "" {
			return m[l]
		}
	}
	return ""
}

var dayForm = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)

// NormalizeORCID returns an ORCID iD bare when its form and check digit
// are right, "" otherwise (internal/ident, shared with publishing).
func NormalizeORCID(s string) string { return ident.ORCID(s) }

// NormalizeROR returns a ROR id bare, or "" when it is not of ROR's form.
func NormalizeROR(s string) string { return ident.ROR(s) }

// validDay checks a YYYY-MM-DD date ("" allowed).
func validDay(s string) bool {
	if s == "" {
		return true
	}
	if !dayForm.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Limits on what an editor writes.
const (
	MaxName = 300
	MaxText = 20000
)

func (p *Person) clean() error {
	bad := errs.Fields{}
	p.Name, p.Affiliation, p.Host = strings.TrimSpace(p.Name), strings.TrimSpace(p.Affiliation), strings.TrimSpace(p.Host)
	if p.Name == "" {
		bad.Add("name", "community.error.required")
	} else if tooLong(p.Name, MaxName) {
		bad.Add("name", "community.error.too_long")
	}
	if tooLong(p.Affiliation, MaxName) {
		bad.Add("affiliation", "community.error.too_long")
	}
	if len(p.Roles) == 0 {
		bad.Add("roles", "community.error.roles")
	}
	for _, r := range p.Roles {
		if !oneOf(r, Roles) {
			bad.Add("roles", "community.error.roles")
		}
	}
	if strings.TrimSpace(p.ORCID) != "" {
		if p.ORCID = NormalizeORCID(p.ORCID); p.ORCID == "" {
			bad.Add("orcid", "community.error.orcid")
		}
	}
	for _, l := range Languages {
		if tooLong(p.Bio[l], MaxText) {
			bad.Add("bio_"+l, "community.error.too_long")
		}
	}
	if !validDay(p.VisitFrom) {
		bad.Add("visit_from", "community.error.date")
	}
	if !validDay(p.VisitUntil) {
		bad.Add("visit_until", "community.error.date")
	}
	if p.VisitFrom != "" && p.VisitUntil != "" && p.VisitUntil < p.VisitFrom {
		bad.Add("visit_until", "community.error.ends_before")
	}
	if p.Has("visiting_scholar") && (p.VisitFrom == "" || p.VisitUntil == "" || p.Host == "") {
		bad.Add("host", "community.error.visit")
	}
	var ok bool
	if p.Topics, ok = cleanTopics(p.Topics); !ok {
		bad.Add("topics", "community.error.topics")
	}
	if p.Countries, ok = cleanCountries(p.Countries); !ok {
		bad.Add("countries", "community.error.countries")
	}
	return bad.Err()
}

const personCols = `id, name, roles, affiliation, orcid, bio_en, bio_fr, bio_es, photo_key, visit_from, visit_until, host, COALESCE(user_id, 0), sample, topics, countries`

func scanPerson(row interface{ Scan(...any) error }) (Person, error) {
	var p Person
	var roles, en, fr, es, topics, countries string
	var sample int
	err := row.Scan(&p.ID, &p.Name, &roles, &p.Affiliation, &p.ORCID, &en, &fr, &es, &p.PhotoKey, &p.VisitFrom, &p.VisitUntil, &p.Host, &p.UserID, &sample, &topics, &countries)
	p.Roles, p.Topics, p.Countries = splitList(roles), splitList(topics), splitList(countries)
	p.Bio = map[string]string{"en": en, "fr": fr, "es": es}
	p.HasPhoto, p.Sample = p.PhotoKey != "", sample == 1
	return p, err
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreatePerson stores a new profile.
func (s *Service) CreatePerson(ctx context.Context, p Person) (_ Person, err error) {
	defer errs.Wrap(&err, "community: create person")
	if err := p.clean(); err != nil {
		return Person{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var err error
		p, err = s.insertPerson(ctx, tx, p)
		return err
	})
	return p, err
}

func (s *Service) insertPerson(ctx context.Context, tx db.Tx, p Person) (Person, error) {
	now := s.now()
	if err := tx.QueryRowContext(ctx, `INSERT INTO community_people (name, roles, affiliation, orcid, bio_en, bio_fr, bio_es, visit_from, visit_until, host, user_id, sample, created_at, updated_at, topics, countries)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14, $15) RETURNING id`,
		p.Name, strings.Join(p.Roles, ","), p.Affiliation, p.ORCID, p.Bio["en"], p.Bio["fr"], p.Bio["es"], p.VisitFrom, p.VisitUntil, p.Host, nullID(p.UserID), b2i(p.Sample), now,
		strings.Join(p.Topics, ","), strings.Join(p.Countries, ",")).Scan(&p.ID); err != nil {
		return Person{}, err
	}
	return p, audit.Record(ctx, tx, "community.person.create", "community_person", p.ID, nil, p)
}

// UpdatePerson changes a profile (not its photo).
func (s *Service) UpdatePerson(ctx context.Context, p Person) (err error) {
	defer errs.Wrap(&err, "community: update person %d", p.ID)
	if err := p.clean(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := s.person(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE community_people SET name = $1, roles = $2, affiliation = $3, orcid = $4, bio_en = $5, bio_fr = $6, bio_es = $7,
			visit_from = $8, visit_until = $9, host = $10, user_id = $11, updated_at = $12, topics = $13, countries = $14 WHERE id = $15`,
			p.Name, strings.Join(p.Roles, ","), p.Affiliation, p.ORCID, p.Bio["en"], p.Bio["fr"], p.Bio["es"], p.VisitFrom, p.VisitUntil, p.Host, nullID(p.UserID), s.now(),
			strings.Join(p.Topics, ","), strings.Join(p.Countries, ","), p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.person.update", "community_person", p.ID, old, p)
	})
}

func (s *Service) person(ctx context.Context, q db.Querier, id int64) (Person, error) {
	p, err := scanPerson(q.QueryRowContext(ctx, `SELECT `+personCols+` FROM community_people WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Person{}, ErrNotFound
	}
	return p, err
}

// Person reads a profile.
func (s *Service) Person(ctx context.Context, id int64) (Person, error) {
	return s.person(ctx, s.DB, id)
}

// PeopleFilter narrows the list of people; "" fields do not filter.
type PeopleFilter struct {
	Role    string
	Topic   string // matched without regard to case
	Country string // ISO 3166 alpha-3
}

func (f PeopleFilter) match(p Person) bool {
	if f.Role != "" && !p.Has(f.Role) {
		return false
	}
	if f.Topic != "" && !p.HasTopic(f.Topic) {
		return false
	}
	return f.Country == "" || oneOf(strings.ToUpper(f.Country), p.Countries)
}

// People lists the profiles, by name, that match f.
func (s *Service) People(ctx context.Context, f PeopleFilter) ([]Person, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+personCols+` FROM community_people ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		if f.match(p) {
			out = append(out, p)
		}
	}
	return out, rows.Err()
}

// SetPhoto stores a photo (already checked and re-encoded by CleanPhoto)
// and replaces the old one.
func (s *Service) SetPhoto(ctx context.Context, id int64, jpeg []byte) (err error) {
	defer errs.Wrap(&err, "community: photo of person %d", id)
	old, err := s.Person(ctx, id)
	if err != nil {
		return err
	}
	key := "community/people/" + randomHex(12) + ".jpg"
	if _, err := s.Blobs.Put(ctx, key, "image/jpeg", strings.NewReader(string(jpeg))); err != nil {
		return err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE community_people SET photo_key = $1, updated_at = $2 WHERE id = $3`, key, s.now(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.person.photo", "community_person", id, nil, map[string]any{"bytes": len(jpeg)})
	})
	if err != nil {
		s.Blobs.Delete(ctx, key)
		return err
	}
	if old.PhotoKey != "" {
		s.Blobs.Delete(ctx, old.PhotoKey)
	}
	return nil
}

// Package events is Corridor's events domain: symposia, conferences,
// seminars, workshops, public lectures and policy dialogues, with their
// timetables (sessions, talks, breaks in parallel tracks, speakers),
// registrations and iCalendar feeds. The web lives in eventweb.
package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// Service is the events domain's store and rules.
type Service struct {
	DB  *db.DB
	Now func() time.Time
}

// New returns the events service on d.
func New(d *db.DB) *Service {
	return &Service{DB: d, Now: func() time.Time { return time.Now().UTC() }}
}

// Kinds of event, in the order forms list them.
var Kinds = []string{"symposium", "conference", "seminar", "workshop", "public-lecture", "policy-dialogue"}

// Statuses of an event.
const (
	Scheduled = "scheduled"
	Cancelled = "cancelled"
)

// Languages an event's title and description are written in.
var Languages = []string{"en", "fr", "es"}

// Event is an event with its texts in every language.
type Event struct {
	ID          int64             `json:"id"`
	Kind        string            `json:"kind"`
	Title       map[string]string `json:"title"`
	Description map[string]string `json:"description"`
	Starts      time.Time         `json:"starts"`
	Ends        time.Time         `json:"ends"`
	TimeZone    string            `json:"timezone"`
	// AllDay events run whole days: Ends is midnight after the last day.
	AllDay bool   `json:"all_day"`
	Venue  string `json:"venue,omitempty"`
	MapURL string `json:"map_url,omitempty"`
	// OnlineURL is for confirmed participants only; handlers blank it
	// for everybody else.
	OnlineURL string `json:"online_url,omitempty"`
	Status    string `json:"status"`
	Capacity  int    `json:"capacity"`
	// Moderated registrations wait for an organiser's approval.
	Moderated bool `json:"moderated"`
	// Fields are the registration form's own questions.
	Fields             []Field   `json:"custom_fields,omitempty"`
	RegistrationCloses time.Time `json:"registration_closes,omitzero"`
	AbstractsDue       time.Time `json:"abstracts_due,omitzero"`
	Sequence           int64     `json:"sequence"`
	Sample             bool      `json:"sample"`
	Updated            time.Time `json:"updated"`
	Talks              []Talk    `json:"talks,omitempty"`
}

// In returns the event's text in lang, falling back to English, then to
// whichever language has one.
func (e Event) In(texts map[string]string, lang string) string {
	if s := texts[lang]; s != "" {
		return s
	}
	if s := texts["en"]; s != "" {
		return s
	}
	for _, l := range Languages {
		if s := texts[l]; s != "" {
			return s
		}
	}
	return ""
}

// TitleIn is the event's title in lang.
func (e Event) TitleIn(lang string) string { return e.In(e.Title, lang) }

// DescriptionIn is the event's description in lang.
func (e Event) DescriptionIn(lang string) string { return e.In(e.Description, lang) }

// zones caches loaded zones: time.LoadLocation reads and parses the zone
// file on every call, which dominated a 5,000-event feed.
var zones sync.Map

// Location is the event's zone (UTC when the stored name fails to load).
func (e Event) Location() *time.Location {
	if loc, ok := zones.Load(e.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(e.TimeZone)
	if err != nil {
		return time.UTC
	}
	zones.Store(e.TimeZone, loc)
	return loc
}

// LastDay is the last day of an all-day event (Ends is exclusive).
func (e Event) LastDay() time.Time { return e.Ends.In(e.Location()).AddDate(0, 0, -1) }

// Cancelled reports whether the event was called off.
func (e Event) Cancelled() bool { return e.Status == Cancelled }

// Limits on what an editor writes.
const (
	MaxTitle       = 300
	MaxDescription = 20000
	MaxURL         = 2000
	MaxCapacity    = 100000
)

// Errors callers tell apart.
var (
	ErrNotFound = errs.New(errs.NotFound, "events.error.not_found")
)

// LoadZone loads an IANA zone name; "Local" and blank names are refused,
// since an event's zone must mean the same on every server.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("no time zone")
	}
	return time.LoadLocation(name)
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= MaxURL
}

// check validates an event, naming every bad field.
func check(e *Event) error {
	bad := errs.Fields{}
	if !oneOf(e.Kind, Kinds) {
		bad.Add("kind", "events.error.kind")
	}
	any := false
	for _, l := range Languages {
		e.Title[l] = strings.TrimSpace(e.Title[l])
		if e.Title[l] != "" {
			any = true
		}
		if utf8.RuneCountInString(e.Title[l]) > MaxTitle {
			bad.Add("title_"+l, "events.error.title_long")
		}
		if utf8.RuneCountInString(e.Description[l]) > MaxDescription {
			bad.Add("description_"+l, "events.error.description_long")
		}
	}
	if !any {
		bad.Add("title_en", "events.error.title_required")
	}
	if _, err := LoadZone(e.TimeZone); err != nil {
		bad.Add("timezone", "events.error.timezone")
	}
	if e.Starts.IsZero() {
		bad.Add("starts", "events.error.starts")
	}
	if e.Ends.IsZero() {
		bad.Add("ends", "events.error.ends")
	} else if !e.Starts.IsZero() && !e.Ends.After(e.Starts) {
		bad.Add("ends", "events.error.ends_before_starts")
	}
	// Stored and answered in UTC; the zone says how to show them.
	e.Starts, e.Ends = e.Starts.UTC(), e.Ends.UTC()
	if !e.RegistrationCloses.IsZero() {
		e.RegistrationCloses = e.RegistrationCloses.UTC()
	}
	if !e.AbstractsDue.IsZero() {
		e.AbstractsDue = e.AbstractsDue.UTC()
	}
	e.Venue, e.MapURL, e.OnlineURL = strings.TrimSpace(e.Venue), strings.TrimSpace(e.MapURL), strings.TrimSpace(e.OnlineURL)
	if e.MapURL != "" && !validURL(e.MapURL) {
		bad.Add("map_url", "events.error.url")
	}
	if e.OnlineURL != "" && !validURL(e.OnlineURL) {
		bad.Add("online_url", "events.error.url")
	}
	if e.Capacity < 0 || e.Capacity > MaxCapacity {
		bad.Add("capacity", "events.error.capacity")
	}
	if e.Status == "" {
		e.Status = Scheduled
	}
	if len(e.Fields) > MaxFields {
		bad.Add("custom_fields", "events.error.fields")
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		f.Label, f.Key = strings.TrimSpace(f.Label), fmt.Sprintf("f%d", i+1)
		if f.Label == "" || utf8.RuneCountInString(f.Label) > MaxTitle {
			bad.Add("custom_fields", "events.error.fields")
		}
	}
	if e.Status != Scheduled && e.Status != Cancelled {
		bad.Add("status", "events.error.status")
	}
	return bad.Err()
}

func oneOf(s string, in []string) bool {
	for _, x := range in {
		if s == x {
			return true
		}
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func unix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func fromUnix(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// Create stores a new event with its audit entry.
func (s *Service) Create(ctx context.Context, e Event, by int64) (out Event, err error) {
	defer errs.Wrap(&err, "events: create")
	e = withMaps(e)
	if err := check(&e); err != nil {
		return Event{}, err
	}
	now := s.Now().Unix()
	var creator any
	if by != 0 {
		creator = by
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO events_events (kind, title_en, title_fr, title_es, description_en, description_fr, description_es,
			starts_at, ends_at, timezone, all_day, venue, map_url, online_url, status, capacity, registration_closes, abstracts_due, sequence, sample, created_by, created_at, updated_at, moderated, custom_fields)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,0,$19,$20,$21,$21,$22,$23) RETURNING id`,
			e.Kind, e.Title["en"], e.Title["fr"], e.Title["es"], e.Description["en"], e.Description["fr"], e.Description["es"],
			e.Starts.Unix(), e.Ends.Unix(), e.TimeZone, b2i(e.AllDay), e.Venue, e.MapURL, e.OnlineURL, e.Status, e.Capacity,
			unix(e.RegistrationCloses), unix(e.AbstractsDue), b2i(e.Sample), creator, now, b2i(e.Moderated), fieldsJSON(e.Fields)).Scan(&e.ID)
		if err != nil {
			return err
		}
		e.Updated = fromUnix(now)
		return audit.Record(ctx, tx, "events.event.create", "events_event", e.ID, nil, e)
	})
	return e, err
}

// Update rewrites an event's fields and raises its sequence.
func (s *Service) Update(ctx context.Context, e Event) (err error) {
	defer errs.Wrap(&err, "events: update event %d", e.ID)
	e = withMaps(e)
	if err := check(&e); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		before, err := s.get(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE events_events SET kind=$2, title_en=$3, title_fr=$4, title_es=$5, description_en=$6, description_fr=$7, description_es=$8,
			starts_at=$9, ends_at=$10, timezone=$11, all_day=$12, venue=$13, map_url=$14, online_url=$15, status=$16, capacity=$17,
			registration_closes=$18, abstracts_due=$19, sequence=sequence+1, updated_at=$20, moderated=$21, custom_fields=$22 WHERE id=$1`,
			e.ID, e.Kind, e.Title["en"], e.Title["fr"], e.Title["es"], e.Description["en"], e.Description["fr"], e.Description["es"],
			e.Starts.Unix(), e.Ends.Unix(), e.TimeZone, b2i(e.AllDay), e.Venue, e.MapURL, e.OnlineURL, e.Status, e.Capacity,
			unix(e.RegistrationCloses), unix(e.AbstractsDue), s.Now().Unix(), b2i(e.Moderated), fieldsJSON(e.Fields))
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.event.update", "events_event", e.ID, before, e)
	})
}

// Cancel calls an event off: it stays listed, and in calendars, as
// cancelled.
func (s *Service) Cancel(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "events: cancel event %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		before, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Cancelled() {
			return errs.New(errs.Conflict, "events.error.already_cancelled")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events_events SET status=$2, sequence=sequence+1, updated_at=$3 WHERE id=$1`, id, Cancelled, s.Now().Unix()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.event.cancel", "events_event", id, before, map[string]string{"status": Cancelled})
	})
}

func withMaps(e Event) Event {
	if e.Title == nil {
		e.Title = map[string]string{}
	}
	if e.Description == nil {
		e.Description = map[string]string{}
	}
	return e
}

const eventCols = `id, kind, title_en, title_fr, title_es, description_en, description_fr, description_es, starts_at, ends_at, timezone, all_day,
	venue, map_url, online_url, status, capacity, registration_closes, abstracts_due, sequence, sample, updated_at, moderated, custom_fields`

func scanEvent(row interface{ Scan(...any) error }) (Event, error) {
	e := withMaps(Event{})
	var te, tf, ts, de, df, ds string
	var starts, ends, closes, due, updated int64
	var allDay, sample, moderated int
	var fields string
	err := row.Scan(&e.ID, &e.Kind, &te, &tf, &ts, &de, &df, &ds, &starts, &ends, &e.TimeZone, &allDay,
		&e.Venue, &e.MapURL, &e.OnlineURL, &e.Status, &e.Capacity, &closes, &due, &e.Sequence, &sample, &updated, &moderated, &fields)
	if err == nil && fields != "" {
		err = json.Unmarshal([]byte(fields), &e.Fields)
	}
	e.Moderated = moderated == 1
	e.Title["en"], e.Title["fr"], e.Title["es"] = te, tf, ts
	e.Description["en"], e.Description["fr"], e.Description["es"] = de, df, ds
	e.Starts, e.Ends, e.RegistrationCloses, e.AbstractsDue, e.Updated = fromUnix(starts), fromUnix(ends), fromUnix(closes), fromUnix(due), fromUnix(updated)
	e.AllDay, e.Sample = allDay == 1, sample == 1
	return e, err
}

func (s *Service) get(ctx context.Context, q db.Querier, id int64) (Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventCols+` FROM events_events WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, ErrNotFound
	}
	return e, err
}

// Get reads an event with its timetable.
func (s *Service) Get(ctx context.Context, id int64) (Event, error) {
	e, err := s.get(ctx, s.DB, id)
	if err != nil {
		return Event{}, err
	}
	e.Talks, err = s.talks(ctx, id)
	return e, err
}

// Filter selects events for a list.
type Filter struct {
	Kind string
	// Past lists events that have ended, latest first; otherwise
	// upcoming and running ones, soonest first.
	Past bool
	// All lists every event, soonest first (feeds).
	All   bool
	Limit int
}

// List lists events without their timetables.
func (s *Service) List(ctx context.Context, f Filter) ([]Event, error) {
	q := `SELECT ` + eventCols + ` FROM events_events WHERE 1=1`
	var args []any
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += fmt.Sprintf(" AND kind = $%d", len(args))
	}
	now := s.Now().Unix()
	switch {
	case f.All:
		q += " ORDER BY starts_at, id"
	case f.Past:
		args = append(args, now)
		q += fmt.Sprintf(" AND ends_at <= $%d ORDER BY starts_at DESC, id DESC", len(args))
	default:
		args = append(args, now)
		q += fmt.Sprintf(" AND ends_at > $%d ORDER BY starts_at, id", len(args))
	}
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("events: list: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("events: list: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Field is a question of an event's registration form.
type Field struct {
	Key      string `json:"key"`
	Label    string `json:"label"`
	Required bool   `json:"required"`
}

// MaxFields bounds an event's custom registration fields; MaxAnswer an
// answer.
const (
	MaxFields = 20
	MaxAnswer = 2000
)

func fieldsJSON(fs []Field) string {
	if len(fs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(fs)
	return string(b)
}

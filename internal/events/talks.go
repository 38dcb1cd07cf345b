package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// Kinds of timetable item an organiser adds.
var TalkKinds = []string{"session", "talk", "break"}

// Contribution is the kind of an abstract accepted through the review
// engine: a talk without times until an organiser schedules it.
const Contribution = "contribution"

// Talk is a timetable item: a session, a talk or a break.
type Talk struct {
	ID       int64     `json:"id"`
	EventID  int64     `json:"event_id"`
	Kind     string    `json:"kind"`
	Track    string    `json:"track,omitempty"`
	Title    string    `json:"title"`
	Abstract string    `json:"abstract,omitempty"`
	Starts   time.Time `json:"starts"`
	Ends     time.Time `json:"ends"`
	Speakers []Speaker `json:"speakers,omitempty"`
}

// Speaker is a name, and optionally the typed-link key of the person.
type Speaker struct {
	Name      string `json:"name"`
	PersonKey string `json:"person_key,omitempty"`
}

// PersonKeyRE is the shape of a link to a person in the community domain.
var PersonKeyRE = regexp.MustCompile(`^community:person:[1-9][0-9]*$`)

// EventKey and TalkKey are the typed-link keys of an event and a talk.
func EventKey(id int64) links.Key {
	return links.Key{Domain: "events", Kind: "event", ID: strconv.FormatInt(id, 10)}
}
func TalkKey(id int64) links.Key {
	return links.Key{Domain: "events", Kind: "talk", ID: strconv.FormatInt(id, 10)}
}

func checkTalk(t *Talk, e Event) error {
	bad := errs.Fields{}
	t.Title, t.Track = strings.TrimSpace(t.Title), strings.TrimSpace(t.Track)
	if !oneOf(t.Kind, TalkKinds) {
		bad.Add("kind", "events.error.talk_kind")
	}
	if t.Title == "" || utf8.RuneCountInString(t.Title) > MaxTitle {
		bad.Add("title", "events.error.title_required")
	}
	if utf8.RuneCountInString(t.Track) > 100 {
		bad.Add("track", "events.error.track")
	}
	if t.Starts.IsZero() {
		bad.Add("starts", "events.error.starts")
	} else if t.Starts.Before(e.Starts) || t.Starts.After(e.Ends) {
		bad.Add("starts", "events.error.talk_outside")
	}
	if t.Ends.IsZero() || !t.Ends.After(t.Starts) {
		bad.Add("ends", "events.error.ends_before_starts")
	} else if t.Ends.After(e.Ends) {
		bad.Add("ends", "events.error.talk_outside")
	}
	for i := range t.Speakers {
		sp := &t.Speakers[i]
		sp.Name, sp.PersonKey = strings.TrimSpace(sp.Name), strings.TrimSpace(sp.PersonKey)
		if sp.Name == "" || utf8.RuneCountInString(sp.Name) > MaxTitle {
			bad.Add("speakers", "events.error.speaker_name")
		}
		if sp.PersonKey != "" && !PersonKeyRE.MatchString(sp.PersonKey) {
			bad.Add("speakers", "events.error.person_key")
		}
	}
	return bad.Err()
}

// AddContribution adds an accepted abstract to an event as an
// unscheduled contribution with its authors as speakers. It is idempotent
// per submission: accepting again returns the same contribution.
func (s *Service) AddContribution(ctx context.Context, eventID, submissionID int64, title, abstract, track string, speakers []Speaker) (out Talk, err error) {
	defer errs.Wrap(&err, "events: contribution from submission %d to event %d", submissionID, eventID)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM events_talks WHERE submission_id = $1`, submissionID).Scan(&id)
		if err == nil {
			out, err = s.talk(ctx, tx, id)
			return err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := s.get(ctx, tx, eventID); err != nil {
			return err
		}
		t := Talk{EventID: eventID, Kind: Contribution, Title: strings.TrimSpace(title), Abstract: abstract, Track: strings.TrimSpace(track), Speakers: speakers}
		if t.Title == "" {
			return errs.Fields{"title": "events.error.title_required"}.Err()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO events_talks (event_id, kind, track, title, abstract, starts_at, ends_at, submission_id) VALUES ($1,$2,$6,$3,$4,0,0,$5) RETURNING id`,
			eventID, Contribution, t.Title, t.Abstract, submissionID, t.Track).Scan(&t.ID); err != nil {
			return err
		}
		for i, sp := range t.Speakers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO events_speakers (talk_id, position, name, person_key) VALUES ($1,$2,$3,$4)`, t.ID, i, sp.Name, sp.PersonKey); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events_events SET sequence=sequence+1, updated_at=$2 WHERE id=$1`, eventID, s.Now().Unix()); err != nil {
			return err
		}
		out = t
		return audit.Record(ctx, tx, "events.contribution.create", "events_talk", t.ID, nil, map[string]any{"submission_id": submissionID, "talk": t})
	})
	return out, err
}

// Scheduled reports whether a timetable item has its times.
func (t Talk) Scheduled() bool { return !t.Starts.IsZero() }

// AddTalk adds a timetable item with its speakers, raising the event's
// sequence (calendars show the timetable in the description).
func (s *Service) AddTalk(ctx context.Context, t Talk) (out Talk, err error) {
	defer errs.Wrap(&err, "events: add talk to event %d", t.EventID)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		e, err := s.get(ctx, tx, t.EventID)
		if err != nil {
			return err
		}
		if err := checkTalk(&t, e); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO events_talks (event_id, kind, track, title, abstract, starts_at, ends_at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`,
			t.EventID, t.Kind, t.Track, t.Title, t.Abstract, t.Starts.Unix(), t.Ends.Unix()).Scan(&t.ID); err != nil {
			return err
		}
		for i, sp := range t.Speakers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO events_speakers (talk_id, position, name, person_key) VALUES ($1,$2,$3,$4)`, t.ID, i, sp.Name, sp.PersonKey); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events_events SET sequence=sequence+1, updated_at=$2 WHERE id=$1`, t.EventID, s.Now().Unix()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.talk.create", "events_talk", t.ID, nil, t)
	})
	return t, err
}

// ErrNotContribution: only contributions (accepted abstracts) are
// scheduled this way; other items are added with their times.
var ErrNotContribution = errs.New(errs.Conflict, "events.error.not_contribution")

// ScheduleContribution gives an accepted abstract its place in the
// timetable (track, start, end, checked as any item's), raising the
// event's sequence. Scheduling it again moves it.
func (s *Service) ScheduleContribution(ctx context.Context, talkID int64, track string, starts, ends time.Time) (out Talk, err error) {
	defer errs.Wrap(&err, "events: schedule contribution %d", talkID)
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		old, err := s.talk(ctx, tx, talkID)
		if err != nil {
			return err
		}
		if old.Kind != Contribution {
			return ErrNotContribution
		}
		e, err := s.get(ctx, tx, old.EventID)
		if err != nil {
			return err
		}
		t := old
		t.Kind, t.Track, t.Starts, t.Ends = "talk", track, starts, ends // checked as a talk
		if err := checkTalk(&t, e); err != nil {
			return err
		}
		t.Kind = Contribution
		res, err := tx.ExecContext(ctx, `UPDATE events_talks SET track=$1, starts_at=$2, ends_at=$3 WHERE id=$4 AND starts_at=$5 AND ends_at=$6 AND track=$7`,
			t.Track, t.Starts.Unix(), t.Ends.Unix(), talkID, unixOrZero(old.Starts), unixOrZero(old.Ends), old.Track)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.New(errs.Conflict, "events.error.changed_meanwhile")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events_events SET sequence=sequence+1, updated_at=$2 WHERE id=$1`, t.EventID, s.Now().Unix()); err != nil {
			return err
		}
		out = t
		return audit.Record(ctx, tx, "events.contribution.schedule", "events_talk", talkID,
			map[string]any{"track": old.Track, "starts": old.Starts, "ends": old.Ends}, map[string]any{"track": t.Track, "starts": t.Starts, "ends": t.Ends})
	})
	return out, err
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// DeleteTalk removes a timetable item.
func (s *Service) DeleteTalk(ctx context.Context, id int64) (err error) {
	defer errs.Wrap(&err, "events: delete talk %d", id)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		t, err := s.talk(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM events_talks WHERE id=$1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events_events SET sequence=sequence+1, updated_at=$2 WHERE id=$1`, t.EventID, s.Now().Unix()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "events.talk.delete", "events_talk", id, t, nil)
	})
}

const talkCols = `id, event_id, kind, track, title, abstract, starts_at, ends_at`

func scanTalk(row interface{ Scan(...any) error }) (Talk, error) {
	var t Talk
	var st, en int64
	err := row.Scan(&t.ID, &t.EventID, &t.Kind, &t.Track, &t.Title, &t.Abstract, &st, &en)
	t.Starts, t.Ends = fromUnix(st), fromUnix(en)
	return t, err
}

func (s *Service) talk(ctx context.Context, q db.Querier, id int64) (Talk, error) {
	t, err := scanTalk(q.QueryRowContext(ctx, `SELECT `+talkCols+` FROM events_talks WHERE id=$1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Talk{}, ErrNotFound
	}
	if err != nil {
		return Talk{}, err
	}
	sp, err := s.speakers(ctx, q, `WHERE talk_id = $1`, id)
	t.Speakers = sp[id]
	return t, err
}

// Talk reads a timetable item with its speakers.
func (s *Service) Talk(ctx context.Context, id int64) (Talk, error) { return s.talk(ctx, s.DB, id) }

func (s *Service) talks(ctx context.Context, eventID int64) ([]Talk, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT `+talkCols+` FROM events_talks WHERE event_id=$1 ORDER BY starts_at, track, id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Talk
	for rows.Next() {
		t, err := scanTalk(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sp, err := s.speakers(ctx, s.DB, `WHERE talk_id IN (SELECT id FROM events_talks WHERE event_id = $1)`, eventID)
	for i := range out {
		out[i].Speakers = sp[out[i].ID]
	}
	return out, err
}

func (s *Service) speakers(ctx context.Context, q db.Querier, where string, arg int64) (map[int64][]Speaker, error) {
	rows, err := q.QueryContext(ctx, `SELECT talk_id, name, person_key FROM events_speakers `+where+` ORDER BY talk_id, position`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]Speaker{}
	for rows.Next() {
		var id int64
		var sp Speaker
		if err := rows.Scan(&id, &sp.Name, &sp.PersonKey); err != nil {
			return nil, err
		}
		out[id] = append(out[id], sp)
	}
	return out, rows.Err()
}

// Tracks lists an event's tracks in order of first appearance; the blank
// (plenary) track is left out.
func Tracks(ts []Talk) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if t.Track != "" && !seen[t.Track] {
			seen[t.Track] = true
			out = append(out, t.Track)
		}
	}
	return out
}

// RegisterLinks registers events and talks with the typed links, so that
// materials (publications, instruments, datasets) can be linked to them.
func (s *Service) RegisterLinks(reg *links.Service) error {
	err := reg.Register(links.Kind{Domain: "events", Name: "event", Edit: accounts.PermEditEvents, Resolve: func(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
		id, err := strconv.ParseInt(k.ID, 10, 64)
		if err != nil {
			return nil, nil
		}
		e, err := s.get(ctx, s.DB, id)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &links.Thing{Key: EventKey(id), Title: e.TitleIn("en"), URL: fmt.Sprintf("/events/%d", id)}, nil
	}})
	if err != nil {
		return err
	}
	return reg.Register(links.Kind{Domain: "events", Name: "talk", Edit: accounts.PermEditEvents, Resolve: func(ctx context.Context, k links.Key, r links.Reader) (*links.Thing, error) {
		id, err := strconv.ParseInt(k.ID, 10, 64)
		if err != nil {
			return nil, nil
		}
		t, err := s.talk(ctx, s.DB, id)
		if errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		return &links.Thing{Key: TalkKey(id), Title: t.Title, URL: fmt.Sprintf("/events/%d/talks/%d", t.EventID, id)}, nil
	}})
}

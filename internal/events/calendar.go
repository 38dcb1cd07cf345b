package events

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"corridor/internal/ical"
)

// FeedOptions say what a calendar holds beyond the public facts.
type FeedOptions struct {
	// BaseURL makes the events' URLs absolute.
	BaseURL string
	// Host is the UID's domain part ("corridor.example").
	Host string
	Lang string
	Name string
	// Conference adds the online link (RFC 7986 CONFERENCE): only for a
	// participant's own feed.
	Conference bool
	Stamp      time.Time
}

// Alarms every event carries: a day and an hour before it starts.
var defaultAlarms = []time.Duration{24 * time.Hour, time.Hour}

// WriteCalendar writes events as an iCalendar feed: one VEVENT per event
// (cancelled ones kept, STATUS:CANCELLED), and one per deadline
// (registration closes, abstracts due) with its own stable UID.
func WriteCalendar(w io.Writer, evs []Event, o FeedOptions) error {
	cal := ical.Calendar{ProdID: "-//Corridor//Events//EN", Name: o.Name, Method: "PUBLISH", RefreshInterval: 12 * time.Hour}
	for _, e := range evs {
		cal.Events = append(cal.Events, calendarEntries(e, o)...)
	}
	return ical.Write(w, cal)
}

func calendarEntries(e Event, o FeedOptions) []ical.Event {
	loc := e.Location()
	title := e.TitleIn(o.Lang)
	url := fmt.Sprintf("%s/events/%d", strings.TrimSuffix(o.BaseURL, "/"), e.ID)
	status := "CONFIRMED"
	if e.Cancelled() {
		status = "CANCELLED"
	}
	stamp := o.Stamp
	if stamp.IsZero() {
		stamp = e.Updated
	}
	var desc strings.Builder
	desc.WriteString(e.DescriptionIn(o.Lang))
	for _, t := range e.Talks {
		if !t.Scheduled() {
			continue
		}
		if desc.Len() > 0 {
			desc.WriteString("\n")
		}
		fmt.Fprintf(&desc, "%s–%s ", t.Starts.In(loc).Format("Mon 15:04"), t.Ends.In(loc).Format("15:04"))
		if t.Track != "" {
			fmt.Fprintf(&desc, "[%s] ", t.Track)
		}
		desc.WriteString(t.Title)
		for i, sp := range t.Speakers {
			if i == 0 {
				desc.WriteString(" — ")
			} else {
				desc.WriteString(", ")
			}
			desc.WriteString(sp.Name)
		}
	}
	desc.WriteString("\n" + url)
	main := ical.Event{
		UID: fmt.Sprintf("event-%d@%s", e.ID, o.Host), Stamp: stamp, Sequence: e.Sequence, Summary: title,
		Description: desc.String(), Location: e.Venue, URL: url, Status: status, LastModified: e.Updated,
		Start: e.Starts.In(loc), End: e.Ends.In(loc), TZ: loc, AllDay: e.AllDay,
	}
	if !e.Cancelled() {
		for _, d := range defaultAlarms {
			main.Alarms = append(main.Alarms, ical.Alarm{Before: d, Description: title})
		}
	}
	if o.Conference && e.OnlineURL != "" {
		main.Conference = e.OnlineURL
	}
	out := []ical.Event{main}
	for _, d := range []struct {
		at   time.Time
		uid  string
		what string
	}{{e.RegistrationCloses, "registration", "Registration closes"}, {e.AbstractsDue, "abstracts", "Abstracts due"}} {
		if d.at.IsZero() {
			continue
		}
		out = append(out, ical.Event{
			UID: fmt.Sprintf("event-%d-%s@%s", e.ID, d.uid, o.Host), Stamp: stamp, Sequence: e.Sequence,
			Summary: d.what + ": " + title, URL: url, Status: status, LastModified: e.Updated,
			// A deadline is a moment; shown as a quarter of an hour
			// ending at it, so that calendars display it.
			Start: d.at.In(loc).Add(-15 * time.Minute), End: d.at.In(loc), TZ: loc,
			Alarms: []ical.Alarm{{Before: 24 * time.Hour, Description: d.what + ": " + title}},
		})
	}
	return out
}

// ForCalendar reads events with their timetables for a feed.
func (s *Service) ForCalendar(ctx context.Context, evs []Event) ([]Event, error) {
	for i := range evs {
		ts, err := s.talks(ctx, evs[i].ID)
		if err != nil {
			return nil, fmt.Errorf("events: calendar of event %d: %w", evs[i].ID, err)
		}
		evs[i].Talks = ts
	}
	return evs, nil
}

// FeedVersion names the state of every event (of one kind, when kind is
// not empty) in one aggregate query, for the feeds' ETag without reading
// the events: every change raises an event's sequence and sets its
// updated_at, a new event raises the count and the largest id, and a
// deleted one lowers the count and the sum of ids.
func (s *Service) FeedVersion(ctx context.Context, kind string) (string, error) {
	var n, maxUpdated, seqs, maxID, ids int64
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(SUM(sequence), 0), COALESCE(MAX(id), 0), COALESCE(SUM(id), 0)
		FROM events_events WHERE kind = $1 OR $1 = ''`, kind).Scan(&n, &maxUpdated, &seqs, &maxID, &ids)
	if err != nil {
		return "", fmt.Errorf("events: feed version: %w", err)
	}
	return fmt.Sprintf("%d/%d/%d/%d/%d", n, maxUpdated, seqs, maxID, ids), nil
}

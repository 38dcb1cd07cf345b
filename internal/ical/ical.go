// Package ical writes iCalendar (RFC 5545) calendars: CRLF line ends,
// lines folded at 75 octets without splitting a UTF-8 character, TEXT
// values escaped, stable UIDs, DTSTAMP and SEQUENCE, all-day events as
// DATE values with an exclusive DTEND, timed events in UTC or with a TZID
// and its VTIMEZONE. Calls for papers use it; learning and events will
// too. No web, no database.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a VCALENDAR.
type Calendar struct {
	ProdID string // e.g. "-//Corridor//Calls for papers//EN"
	Name   string // X-WR-CALNAME, optional
	// Method is written when set ("PUBLISH" for subscription feeds).
	Method string
	// RefreshInterval, when set, asks clients to re-read a feed that
	// often (RFC 7986 REFRESH-INTERVAL).
	RefreshInterval time.Duration
	Events          []Event
}

// Event is a VEVENT.
type Event struct {
	UID      string    // stable across versions: "call-7@corridor.example"
	Stamp    time.Time // DTSTAMP: when this version was written (UTC)
	Sequence int64     // raised at each significant change
	Summary  string
	// Description, Location and URL are optional.
	Description string
	Location    string
	URL         string
	// AllDay events run from the date of Start to the day before End
	// (End is exclusive; zero means one day). Times are ignored.
	AllDay bool
	Start  time.Time
	End    time.Time
	// TZ writes timed events with TZID and a VTIMEZONE; nil writes UTC.
	TZ *time.Location
	// Status is "CANCELLED", "CONFIRMED" or "TENTATIVE"; blank writes
	// none. A cancelled event stays in the feed with this status.
	Status string
	// LastModified is written when set.
	LastModified time.Time
	// Conference is an online meeting URL (RFC 7986 CONFERENCE); put it
	// only in calendars of people entitled to it.
	Conference string
	// Alarms are VALARM reminders.
	Alarms []Alarm
}

// Alarm is a DISPLAY reminder Before the event's start.
type Alarm struct {
	Before      time.Duration
	Description string
}

// Write writes the calendar.
func Write(w io.Writer, c Calendar) error {
	lw := &lineWriter{w: bufio.NewWriter(w)}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.line("PRODID:" + c.ProdID)
	lw.line("CALSCALE:GREGORIAN")
	if c.Method != "" {
		lw.line("METHOD:" + c.Method)
	}
	if c.RefreshInterval > 0 {
		lw.line("REFRESH-INTERVAL;VALUE=DURATION:" + Duration(c.RefreshInterval))
	}
	if c.Name != "" {
		lw.line("X-WR-CALNAME:" + Escape(c.Name))
	}
	zones := map[string][]time.Time{}
	for _, e := range c.Events {
		if !e.AllDay && e.TZ != nil && e.TZ != time.UTC {
			zones[e.TZ.String()] = append(zones[e.TZ.String()], e.Start, e.end())
		}
	}
	names := make([]string, 0, len(zones))
	for n := range zones {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		loc, _ := time.LoadLocation(n)
		writeZone(lw, n, loc, zones[n])
	}
	for _, e := range c.Events {
		if e.UID == "" {
			return fmt.Errorf("ical: an event has no UID")
		}
		lw.line("BEGIN:VEVENT")
		lw.line("UID:" + e.UID)
		lw.line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		lw.line(fmt.Sprintf("SEQUENCE:%d", e.Sequence))
		switch {
		case e.AllDay:
			lw.line("DTSTART;VALUE=DATE:" + e.Start.Format("20060102"))
			lw.line("DTEND;VALUE=DATE:" + e.end().Format("20060102"))
		case e.TZ != nil && e.TZ != time.UTC:
			tz := e.TZ.String()
			lw.line("DTSTART;TZID=" + tz + ":" + e.Start.In(e.TZ).Format("20060102T150405"))
			lw.line("DTEND;TZID=" + tz + ":" + e.end().In(e.TZ).Format("20060102T150405"))
		default:
			lw.line("DTSTART:" + e.Start.UTC().Format("20060102T150405Z"))
			lw.line("DTEND:" + e.end().UTC().Format("20060102T150405Z"))
		}
		lw.line("SUMMARY:" + Escape(e.Summary))
		if e.Description != "" {
			lw.line("DESCRIPTION:" + Escape(e.Description))
		}
		if e.Location != "" {
			lw.line("LOCATION:" + Escape(e.Location))
		}
		if e.URL != "" {
			lw.line("URL:" + e.URL)
		}
		if e.Status != "" {
			lw.line("STATUS:" + e.Status)
		}
		if !e.LastModified.IsZero() {
			lw.line("LAST-MODIFIED:" + e.LastModified.UTC().Format("20060102T150405Z"))
		}
		if e.Conference != "" {
			lw.line("CONFERENCE;VALUE=URI;FEATURE=VIDEO:" + e.Conference)
		}
		for _, a := range e.Alarms {
			lw.line("BEGIN:VALARM")
			lw.line("ACTION:DISPLAY")
			lw.line("TRIGGER:-" + Duration(a.Before))
			lw.line("DESCRIPTION:" + Escape(a.Description))
			lw.line("END:VALARM")
		}
		lw.line("END:VEVENT")
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

func (e Event) end() time.Time {
	if !e.End.IsZero() {
		return e.End
	}
	if e.AllDay {
		return e.Start.AddDate(0, 0, 1)
	}
	return e.Start
}

// Duration writes a positive duration as an RFC 5545 DURATION value
// (3.3.6): weeks alone, or days and a time part.
func Duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	secs := int64(d / time.Second)
	if secs > 0 && secs%(7*86400) == 0 {
		return fmt.Sprintf("P%dW", secs/(7*86400))
	}
	out := "P"
	if days := secs / 86400; days > 0 {
		out += fmt.Sprintf("%dD", days)
		secs %= 86400
	}
	if secs > 0 || out == "P" {
		out += "T"
		if h := secs / 3600; h > 0 {
			out += fmt.Sprintf("%dH", h)
		}
		if m := secs % 3600 / 60; m > 0 {
			out += fmt.Sprintf("%dM", m)
		}
		if sec := secs % 60; sec > 0 || secs == 0 {
			out += fmt.Sprintf("%dS", sec)
		}
	}
	return out
}

// Escape escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and newlines.
func Escape(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return textEscaper.Replace(s)
}

// textEscaper is built once: building a Replacer per value dominated the
// cost of a feed of thousands of events.
var textEscaper = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)

type lineWriter struct {
	w   *bufio.Writer
	err error
}

// line writes one content line folded at 75 octets (3.1): continuation
// lines start with a space, which counts in their 75, and a fold never
// falls inside a UTF-8 character.
func (l *lineWriter) line(s string) {
	if l.err != nil {
		return
	}
	s = strings.Map(func(r rune) rune { // control characters are not allowed in values
		if r < 0x20 && r != '\t' {
			return -1
		}
		return r
	}, s)
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		l.write(s[:cut] + "\r\n ")
		s = s[cut:]
		limit = 74
	}
	l.write(s + "\r\n")
}

func (l *lineWriter) write(s string) {
	if l.err == nil {
		_, l.err = l.w.WriteString(s)
	}
}

// writeZone writes a VTIMEZONE for loc covering the years of the given
// instants: one STANDARD or DAYLIGHT observance per offset change found
// in those years (one-off observances, no RRULE), or a single STANDARD
// for a zone without changes.
func writeZone(lw *lineWriter, name string, loc *time.Location, at []time.Time) {
	lw.line("BEGIN:VTIMEZONE")
	lw.line("TZID:" + name)
	years := map[int]bool{}
	for _, t := range at {
		years[t.In(loc).Year()] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	wrote := false
	for _, y := range ys {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		for _, tr := range transitions(start, start.AddDate(1, 0, 0)) {
			writeObservance(lw, tr.from, tr.to, tr.at.In(loc), tr.dst)
			wrote = true
		}
	}
	if !wrote {
		t := time.Date(ys[0], 1, 1, 0, 0, 0, 0, loc)
		_, off := t.Zone()
		writeObservance(lw, off, off, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), false)
	}
	lw.line("END:VTIMEZONE")
}

type transition struct {
	at       time.Time
	from, to int
	dst      bool
}

// transitions finds the offset changes between from and to, to the second.
func transitions(from, to time.Time) []transition {
	var out []transition
	_, prev := from.Zone()
	for t := from; t.Before(to); t = t.Add(24 * time.Hour) {
		next := t.Add(24 * time.Hour)
		if _, off := next.Zone(); off != prev {
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, o := mid.Zone(); o == prev {
					lo = mid
				} else {
					hi = mid
				}
			}
			out = append(out, transition{at: hi, from: prev, to: off, dst: hi.IsDST()})
			prev = off
		}
	}
	return out
}

func writeObservance(lw *lineWriter, from, to int, at time.Time, dst bool) {
	kind := "STANDARD"
	if dst {
		kind = "DAYLIGHT"
	}
	lw.line("BEGIN:" + kind)
	// DTSTART is the local time of the onset in the old offset (3.6.5).
	lw.line("DTSTART:" + at.UTC().Add(time.Duration(from)*time.Second).Format("20060102T150405"))
	lw.line("TZOFFSETFROM:" + offset(from))
	lw.line("TZOFFSETTO:" + offset(to))
	lw.line("END:" + kind)
}

func offset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	if sec%60 != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, sec/3600, sec%3600/60, sec%60)
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec%3600/60)
}

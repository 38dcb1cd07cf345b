package ical

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goical "github.com/arran4/golang-ical"
)

func sample(t *testing.T) Calendar {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	stamp := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	return Calendar{ProdID: "-//Corridor//Test//EN", Name: "Calls; closing, dates", Events: []Event{
		{UID: "call-7@corridor.test", Stamp: stamp, Sequence: 2, AllDay: true, Start: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC),
			Summary:     "Closing: Migrant smuggling, routes; Nguyễn & Müller's \"call\"",
			Description: "Line one\nLine two, with a comma; a semicolon and a back\\slash. " + strings.Repeat("Ñúñez émigré 移民 ", 12)},
		{UID: "session-3@corridor.test", Stamp: stamp, Sequence: 0, Summary: "Workshop", TZ: paris,
			Start: time.Date(2027, 3, 28, 9, 30, 0, 0, paris), End: time.Date(2027, 3, 28, 11, 0, 0, 0, paris)},
		{UID: "utc-1@corridor.test", Stamp: stamp, Summary: "UTC talk", Start: time.Date(2027, 1, 5, 14, 0, 0, 0, time.UTC), End: time.Date(2027, 1, 5, 15, 0, 0, 0, time.UTC)},
	}}
}

func write(t *testing.T, c Calendar) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLines checks the octet rules by hand: CRLF everywhere, no line over
// 75 octets, no fold inside a UTF-8 character, and unfolding gives back
// the escaped text.
func TestLines(t *testing.T) {
	out := write(t, sample(t))
	if bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("a bare LF")
	}
	for _, l := range strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a character: %q", l)
		}
	}
	unfolded := strings.ReplaceAll(string(out), "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Closing: Migrant smuggling\, routes\; Nguyễn & Müller's "call"`,
		`DESCRIPTION:Line one\nLine two\, with a comma\; a semicolon and a back\\slash.`,
		"DTSTART;VALUE=DATE:20270331\r\nDTEND;VALUE=DATE:20270401\r\n",
		"DTSTART;TZID=Europe/Paris:20270328T093000\r\n",
		"DTSTART:20270105T140000Z\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT",
		"SEQUENCE:2\r\n", "DTSTAMP:20261202T100000Z\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
}

// TestGolangICal reads the calendar back with golang-ical.
func TestGolangICal(t *testing.T) {
	cal, err := goical.ParseCalendar(bytes.NewReader(write(t, sample(t))))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if e.Id() != "call-7@corridor.test" {
		t.Errorf("uid %q", e.Id())
	}
	if got := e.GetProperty(goical.ComponentPropertySummary).Value; got != `Closing: Migrant smuggling, routes; Nguyễn & Müller's "call"` {
		t.Errorf("summary %q", got)
	}
	desc := e.GetProperty(goical.ComponentPropertyDescription).Value
	if !strings.HasPrefix(desc, "Line one\nLine two, with a comma; a semicolon and a back\\slash. Ñúñez émigré 移民") {
		t.Errorf("description %q", desc)
	}
	start, err := e.GetAllDayStartAt()
	if err != nil || start.Format("2006-01-02") != "2027-03-31" {
		t.Errorf("all-day start %v %v", start, err)
	}
	end, err := e.GetAllDayEndAt()
	if err != nil || end.Format("2006-01-02") != "2027-04-01" {
		t.Errorf("all-day end (exclusive) %v %v", end, err)
	}
	if u, err := evs[2].GetStartAt(); err != nil || !u.Equal(time.Date(2027, 1, 5, 14, 0, 0, 0, time.UTC)) {
		t.Errorf("UTC start %v %v", u, err)
	}
}

// TestICalJS reads the calendar with ical.js (Mozilla's parser, as
// Thunderbird uses), the zone from our VTIMEZONE.
func TestICalJS(t *testing.T) {
	dir := filepath.Join("testdata", "clients")
	if _, err := exec.LookPath("node"); err != nil {
		skipOrFail(t, "node")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "ical.js")); err != nil {
		skipOrFail(t, dir+"/node_modules (run npm ci there)")
	}
	file := filepath.Join(t.TempDir(), "cal.ics")
	if err := os.WriteFile(file, write(t, sample(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", "parse.mjs", file)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ical.js: %v %s", err, out)
	}
	var evs []struct {
		UID, Summary, Description, Start, End, StartUTC, Zone string
		Sequence                                              int
		IsDate                                                bool
	}
	if err := json.Unmarshal(out, &evs); err != nil || len(evs) != 3 {
		t.Fatalf("%v %s", err, out)
	}
	if e := evs[0]; !e.IsDate || e.Start != "2027-03-31" || e.End != "2027-04-01" || e.Sequence != 2 ||
		e.Summary != `Closing: Migrant smuggling, routes; Nguyễn & Müller's "call"` || !strings.Contains(e.Description, "back\\slash. Ñúñez émigré 移民") {
		t.Errorf("all-day event: %+v", e)
	}
	// 09:30 in Paris on the first day of summer time is 07:30 UTC.
	if e := evs[1]; e.Zone != "Europe/Paris" || e.StartUTC != "2027-03-28T07:30:00.000Z" {
		t.Errorf("zoned event: %+v", e)
	}
	if e := evs[2]; e.StartUTC != "2027-01-05T14:00:00.000Z" {
		t.Errorf("UTC event: %+v", e)
	}
}

func skipOrFail(t *testing.T, missing string) {
	t.Helper()
	msg := "ICAL CLIENT TEST NOT RUN: missing " + missing + " (./scripts/test installs it)"
	if os.Getenv("CORRIDOR_E2E_REQUIRED") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

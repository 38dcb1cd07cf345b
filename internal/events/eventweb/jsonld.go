package eventweb

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"corridor/internal/events"
	"corridor/internal/web"
)

// eventLD is the event as schema.org Event data, for search engines and
// calendars that read pages: its dates in its own time zone, its status,
// how to attend (in person, online or both) — never the online link
// itself, which only registered participants see.
func eventLD(e events.Event, lang, base string) template.JS {
	ld := map[string]any{
		"@type":       "Event",
		"name":        e.TitleIn(lang),
		"url":         strings.TrimRight(base, "/") + "/events/" + strconv.FormatInt(e.ID, 10),
		"eventStatus": "https://schema.org/EventScheduled",
	}
	if e.Cancelled() {
		ld["eventStatus"] = "https://schema.org/EventCancelled"
	}
	if d := e.In(e.Description, lang); d != "" {
		ld["description"] = d
	}
	loc := e.Location()
	if e.AllDay {
		// Ends is midnight after the last day; schema.org wants the last day.
		ld["startDate"] = e.Starts.In(loc).Format(time.DateOnly)
		ld["endDate"] = e.Ends.In(loc).Add(-time.Second).Format(time.DateOnly)
	} else {
		ld["startDate"] = e.Starts.In(loc).Format(time.RFC3339)
		ld["endDate"] = e.Ends.In(loc).Format(time.RFC3339)
	}
	var where []any
	if e.Venue != "" {
		where = append(where, map[string]any{"@type": "Place", "name": e.Venue, "address": e.Venue})
	}
	if e.OnlineURL != "" {
		where = append(where, map[string]any{"@type": "VirtualLocation"})
	}
	switch {
	case e.Venue != "" && e.OnlineURL != "":
		ld["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
	case e.OnlineURL != "":
		ld["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
	default:
		ld["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
	}
	if len(where) > 0 {
		ld["location"] = where
	}
	return web.JSONLD(ld)
}

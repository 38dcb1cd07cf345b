package app

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/db/dbtest"
	"corridor/internal/events"
	"corridor/internal/web/webtest"
)

// An event's page carries it as schema.org Event data (what Google's
// event rich results read: name, startDate with its offset, eventStatus,
// eventAttendanceMode, location), and never the online link, which only
// registered participants see.
func TestEventPageJSONLD(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			if err := events.LoadDemo(context.Background(), a.DB); err != nil {
				t.Fatal(err)
			}
			list, err := a.Events.List(context.Background(), events.Filter{All: true})
			if err != nil {
				t.Fatal(err)
			}
			var sym events.Event
			for _, e := range list {
				if e.Kind == "symposium" && e.OnlineURL != "" && e.Venue != "" {
					sym = e
				}
			}
			if sym.ID == 0 {
				t.Fatal("no demo symposium held both in person and online")
			}
			_, page := webtest.NewClient(t, a.URL).Get("/events/" + strconv.FormatInt(sym.ID, 10))
			m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no JSON-LD on the event page")
			}
			var ld map[string]any
			if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
				t.Fatalf("%v: %s", err, m[1])
			}
			start, err := time.Parse(time.RFC3339, ld["startDate"].(string))
			if ld["@context"] != "https://schema.org" || ld["@type"] != "Event" || err != nil || !start.Equal(sym.Starts) ||
				ld["eventStatus"] != "https://schema.org/EventScheduled" || ld["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" {
				t.Errorf("JSON-LD %v (start %v, want %v)", ld, start, sym.Starts)
			}
			if strings.Contains(page, sym.OnlineURL) {
				t.Error("the public page reveals the online link")
			}
		})
	}
}

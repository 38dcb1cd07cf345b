package app

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// TestCorridorPageListsInstruments: the corridor page names the treaties
// both States are party to, from the UNTC status snapshot. Mexico and the
// United States are both party to the 1967 Protocol (V-5) and the
// trafficking protocol (XVIII-12-a); the United States is not party to the
// 1951 Convention (V-2) nor to the Migrant Workers Convention (IV-13),
// which Mexico has ratified.
func TestCorridorPageListsInstruments(t *testing.T) {
	dir := testutil.SharedData(t, "untc-status-snapshot")
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			if _, err := a.Law.ImportSnapshot(context.Background(), dir); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			_, body := c.Get("/data/corridors/MEX/USA")
			section := body[strings.Index(body, `id="h-instruments"`):]
			section = section[:strings.Index(section, "</section>")]
			for _, want := range []string{`href="/law/instruments/V-5"`, `href="/law/instruments/XVIII-12-a"`, "both States are parties"} {
				if !strings.Contains(strings.ToLower(section), strings.ToLower(want)) {
					t.Errorf("the corridor's instruments lack %s:\n%s", want, section)
				}
			}
			for _, absent := range []string{`href="/law/instruments/V-2"`, `href="/law/instruments/IV-13"`} {
				if strings.Contains(strings.ToLower(section), strings.ToLower(absent)) {
					t.Errorf("the corridor's instruments list %s, which the United States is not party to", absent)
				}
			}
			if _, body := c.Get("/data/countries/MEX"); !strings.Contains(body, `href="/law/countries/MEX"`) {
				t.Error("the country profile does not link to the country's treaties and law")
			}
			_, body = c.Get("/data/corridors/MEX/USA?format=json")
			if !strings.Contains(body, `"url": "/law/instruments/V-5"`) || !strings.Contains(body, `"why": "parties"`) {
				t.Errorf("the corridor's JSON lacks its instruments:\n%.600s", body)
			}
		})
	}
}

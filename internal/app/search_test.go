package app

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
	"corridor/internal/web/webtest"
)

// The one search box answers from every domain: a country by its name in
// the reader's language, a corridor written as two places, the provision
// and the papers on non-refoulement (the demo's law texts are the shared
// sets: the 1951 Convention, the 1967 Protocol, the Dutch acts…).
func TestOneSearchAcrossDomains(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			for _, load := range a.DemoLoaders() {
				if err := load(context.Background(), a.DB); err != nil {
					t.Fatal(err)
				}
			}
			// the law texts come in the demo's background job: run it now
			if err := lawdb.LoadDemoNow(context.Background(), a.DB, nil); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			search := func(path string) map[string][]web.SearchHit {
				t.Helper()
				resp, body := c.Get(path)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
				}
				var r struct{ Groups []web.SearchGroup }
				if err := json.Unmarshal([]byte(body), &r); err != nil {
					t.Fatal(err)
				}
				out := map[string][]web.SearchHit{}
				for _, g := range r.Groups {
					out[g.Kind] = g.Items
				}
				return out
			}
			q := func(s string) string { return url.QueryEscape(s) }
			if got := search("/fr/api/v1/search?q=" + q("allemagne"))["search.kind.places"]; len(got) == 0 || got[0].Title != "Allemagne" || got[0].URL != "/data/countries/DEU" {
				t.Errorf("allemagne: %+v", got)
			}
			if got := search("/es/api/v1/search?q=" + q("Mexico a Estados Unidos"))["search.kind.places"]; len(got) == 0 || got[0].URL != "/data/corridors/MEX/USA" || got[0].Title != "México → Estados Unidos" {
				t.Errorf("corridor: %+v", got)
			}
			if got := search("/api/v1/search?q=" + q("MEX → USA"))["search.kind.places"]; len(got) == 0 || got[0].URL != "/data/corridors/MEX/USA" {
				t.Errorf("MEX → USA: %+v", got)
			}
			law := search("/en/api/v1/search?q=refugee")["search.kind.law"]
			pubs := search("/en/api/v1/search?q=refoulement&limit=10")["search.kind.publications"]
			if len(law) == 0 || !strings.Contains(law[0].URL, "/law/instruments/") {
				t.Errorf("law: %+v", law)
			}
			found := false
			for _, h := range pubs {
				found = found || strings.HasPrefix(h.Title, "Non-refoulement at sea")
			}
			if !found {
				t.Errorf("publications: %+v", pubs)
			}
			// Every group has a list, empty when nothing matched (the
			// type-ahead reads each group's items).
			if _, body := c.Get("/api/v1/search?q=zzzzqqq"); strings.Contains(body, `"items":null`) {
				t.Errorf("a group without answers has no list: %.300s", body)
			}
			// A query one source cannot read is that source's note, not a failure.
			if resp, body := c.Get("/api/v1/search?q=" + q(`"unbalanced`)); resp.StatusCode != 200 || !strings.Contains(body, `"error"`) {
				t.Errorf("unbalanced quote: %d %.300s", resp.StatusCode, body)
			}
			if resp, _ := c.Get("/api/v1/search?q=" + strings.Repeat("a", 201)); resp.StatusCode != 422 {
				t.Errorf("a 201-character query: %d", resp.StatusCode)
			}
			if got := search("/en/api/v1/search?q=" + q("symposium"))["search.kind.events"]; len(got) == 0 || !strings.HasPrefix(got[0].URL, "/events/") {
				t.Errorf("events: %+v", got)
			}
			if got := search("/en/api/v1/search?q=" + q("migration management"))["search.kind.courses"]; len(got) == 0 || !strings.HasPrefix(got[0].URL, "/learning/courses/") {
				t.Errorf("courses: %+v", got)
			}
			resp, page := c.Get("/search?q=" + q("Germany"))
			if resp.StatusCode != 200 || !strings.Contains(page, `href="/data/countries/DEU"`) {
				t.Errorf("the search page: %d", resp.StatusCode)
			}
		})
	}
}

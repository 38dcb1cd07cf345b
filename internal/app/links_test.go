package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/links"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// TestCorridorLinksAreCorridorInstruments: what the links service says
// governs a corridor is exactly what lawdb.CorridorInstruments computes
// from the UNTC status snapshot, in the same order and for the same
// reasons.
func TestCorridorLinksAreCorridorInstruments(t *testing.T) {
	dir := testutil.SharedData(t, "untc-status-snapshot")
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			store := a.Law
			if _, err := store.ImportSnapshot(ctx, dir); err != nil {
				t.Fatal(err)
			}
			for _, c := range [][2]string{{"MEX", "USA"}, {"SYR", "DEU"}, {"PHL", "SAU"}, {"FRA", "ITA"}} {
				want, err := store.CorridorInstruments(ctx, c[0], c[1], time.Now().UTC())
				if err != nil {
					t.Fatal(err)
				}
				g, err := a.Links.To(ctx, data.CorridorKey(c[0], c[1]), links.Reader{})
				if err != nil {
					t.Fatal(err)
				}
				got := g.Of(links.Governs)
				if len(want) == 0 || len(got) != len(want) {
					t.Fatalf("%s→%s: %d links, CorridorInstruments gives %d", c[0], c[1], len(got), len(want))
				}
				for i, ci := range want {
					e := got[i]
					if e.From.Key.String() != "law:instrument:"+ci.Slug || e.From.Title != ci.Title || e.From.URL != "/law/instruments/"+ci.Slug || e.Basis != ci.Cover || e.Source != links.SourceDerived {
						t.Errorf("%s→%s #%d: %+v, want %+v", c[0], c[1], i, e, ci)
					}
				}
			}
		})
	}
}

type linkPage struct {
	Items      []links.Entry `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

// TestLinksAPI: a legal officer links an instrument to a country; both
// ends list it; bad parameters are refused naming the parameter; a write
// without the CSRF token or by someone who edits neither end changes
// nothing.
func TestLinksAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ensureLawDemo(t, a)
			legal := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleLegalOfficer])
			resp, body := legal.API("POST", "/api/v1/links", `{"from":"law:instrument:5-5","to":"geo:country:mex","relation":"about","article":"art_1","years":"1967-2000","note":"ratified 2000"}`)
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d %s", resp.StatusCode, body)
			}
			var made links.Link
			json.Unmarshal([]byte(body), &made)
			if made.From.String() != "law:instrument:V-5" || made.To.String() != "geo:country:MEX" {
				t.Errorf("stored %s → %s, want the canonical keys law:instrument:V-5 → geo:country:MEX", made.From, made.To)
			}

			pub := webtest.NewClient(t, a.URL)
			for _, q := range []string{"to=geo:country:MEX", "from=law:instrument:V-5&relation=about"} {
				resp, body := pub.Get("/api/v1/links?" + q)
				var p linkPage
				if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &p) != nil || len(p.Items) != 1 {
					t.Fatalf("GET ?%s: %d %s", q, resp.StatusCode, body)
				}
				e := p.Items[0]
				if e.ID != made.ID || e.From.URL != "/law/instruments/V-5" || e.To.URL != "/data/countries/MEX" || e.To.Title != "Mexico" || e.Years != "1967-2000" || e.Article != "art_1" {
					t.Errorf("GET ?%s: %+v", q, e)
				}
			}

			for _, c := range []struct{ query, field string }{
				{"", "from"},
				{"from=law:instrument:V-5&to=geo:country:MEX", "to"},
				{"to=law:instrument", "to"},
				{"to=" + url.QueryEscape("law:instrument:V-5\x01"), "to"},
				{"to=law:instrument:" + strings.Repeat("x", 300), "to"},
				{"to=law:sonnet:V-5", "to"},
				{"to=geo:country:ATLANTIS", "to"},
				{"to=geo:country:MEX&relation=likes", "relation"},
				{"to=geo:country:MEX&limit=0", "limit"},
				{"to=geo:country:MEX&cursor=!!", "cursor"},
			} {
				resp, body := pub.Get("/api/v1/links?" + c.query)
				var p struct {
					Errors map[string]string `json:"errors"`
				}
				json.Unmarshal([]byte(body), &p)
				if resp.StatusCode != http.StatusUnprocessableEntity || p.Errors[c.field] == "" {
					t.Errorf("GET ?%.60s: %d %s, want 422 naming %s", c.query, resp.StatusCode, body, c.field)
				}
			}
			if resp, _ := pub.Get("/api/v1/links?to=law:instrument:NOPE-1"); resp.StatusCode != http.StatusNotFound {
				t.Errorf("links of an unknown instrument: %d, want 404", resp.StatusCode)
			}

			count := func() int {
				var n int
				a.DB.QueryRow(`SELECT COUNT(*) FROM links`).Scan(&n)
				return n
			}
			// A forged write: the session cookie without the CSRF token.
			forged, _ := http.NewRequest("POST", a.URL+"/api/v1/links", strings.NewReader(`{"from":"law:instrument:V-2","to":"geo:country:MEX","relation":"about"}`))
			forged.Header.Set("Content-Type", "application/json")
			if resp, _ := legal.Do(forged); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a write without the CSRF token: %d, want 403", resp.StatusCode)
			}
			del, _ := http.NewRequest("DELETE", a.URL+"/api/v1/links/"+strconv.FormatInt(made.ID, 10), nil)
			if resp, _ := legal.Do(del); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a delete without the CSRF token: %d, want 403", resp.StatusCode)
			}
			// A trainer holds links.edit but edits neither law nor data.
			trainer := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
			if resp, body := trainer.API("POST", "/api/v1/links", `{"from":"law:instrument:V-2","to":"geo:country:MEX","relation":"about"}`); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a trainer linking law to a country: %d %s, want 403", resp.StatusCode, body)
			}
			if resp, _ := trainer.API("DELETE", "/api/v1/links/"+strconv.FormatInt(made.ID, 10), ""); resp.StatusCode != http.StatusForbidden {
				t.Errorf("a trainer deleting a law link: %d, want 403", resp.StatusCode)
			}
			if resp, _ := legal.API("POST", "/api/v1/links", `{"from":"law:instrument:V-5","to":"geo:country:MEX","relation":"about"}`); resp.StatusCode != http.StatusConflict {
				t.Errorf("the same link again: %d, want 409", resp.StatusCode)
			}
			if n := count(); n != 1 {
				t.Fatalf("%d links stored after the refused writes, want 1", n)
			}
			if resp, body := legal.API("DELETE", "/api/v1/links/"+strconv.FormatInt(made.ID, 10), ""); resp.StatusCode != http.StatusNoContent {
				t.Errorf("delete: %d %s", resp.StatusCode, body)
			}
			if n := count(); n != 0 {
				t.Errorf("%d links after the delete, want 0", n)
			}
		})
	}
}

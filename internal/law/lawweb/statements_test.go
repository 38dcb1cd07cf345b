package lawweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

func TestStatementForm(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			officer, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "officer@example.org", Name: "Officer", Password: "password-officer", Role: accounts.RoleLegalOfficer}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.SignedIn(t, base, a.Accounts, officer)
			public := webtest.NewClient(t, base)
			var actionID int64
			var state, eid string
			if err := a.DB.QueryRowContext(ctx, `SELECT a.id, a.state FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id
				WHERE i.slug = 'V-5' AND a.kind = 'accession' ORDER BY a.state LIMIT 1`).Scan(&actionID, &state); err != nil {
				t.Fatal(err)
			}
			if err := a.DB.QueryRowContext(ctx, `SELECT p.eid FROM law_provisions p JOIN law_versions v ON v.id = p.version_id JOIN law_instruments i ON i.id = v.instrument_id
				WHERE i.slug = 'V-5' AND p.kind = 'article' ORDER BY p.ordinal LIMIT 1`).Scan(&eid); err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"en", "fr", "es"} {
				req, _ := http.NewRequest("GET", base+"/law/instruments/V-5/statements/new?state="+state, nil)
				req.Header.Set("Accept-Language", lang)
				resp, body := c.Do(req)
				if resp.StatusCode != 200 || !strings.Contains(body, `<option value="`+strconv.FormatInt(actionID, 10)+`"`) {
					t.Errorf("form (%s): %d", lang, resp.StatusCode)
				}
				if m := rawKey.FindString(body); m != "" {
					t.Errorf("form (%s): untranslated %q", lang, m)
				}
			}
			if resp, _ := public.Get("/law/instruments/V-5/statements/new"); resp.StatusCode == 200 {
				t.Error("the form is open to the public")
			}
			form := url.Values{"state": {state}, "kind": {"reservation"}, "action": {strconv.FormatInt(actionID, 10)}, "eids": {eid + ", art_nope"},
				"text": {"Reservation <entered> by the test."}}
			before := rowCounts(t, a)
			resp, body := c.Post("/law/instruments/V-5/statements", form)
			if resp.StatusCode != 422 || !strings.Contains(body, "art_nope") || !strings.Contains(body, `Reservation &lt;entered&gt; by the test.`) {
				t.Errorf("unknown article: %d %.2000s", resp.StatusCode, body)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad statement stored rows: %s → %s", before, after)
			}
			form.Set("eids", eid)
			if resp, _ := c.Post("/law/instruments/V-5/statements", form); resp.StatusCode != 303 {
				t.Fatalf("save: %d", resp.StatusCode)
			}
			link := `href="/law/instruments/V-5/` + eid + `#` + eid + `"`
			if _, body := public.Get("/law/instruments/V-5/status#state-" + state); !strings.Contains(body, "Reservation &lt;entered&gt; by the test.") || !strings.Contains(body, link) {
				t.Errorf("status page lacks the reservation with its deep link %s", link)
			}
			if _, body := public.Get("/law/countries/" + state); !strings.Contains(body, "Reservation &lt;entered&gt; by the test.") || !strings.Contains(body, link) {
				t.Errorf("country page lacks the reservation")
			}
			if _, body := public.Get("/api/v1/law/instruments/V-5/status?format=csv"); !strings.Contains(body, ",statements,as_of,after_as_of\n") || !strings.Contains(body, "reservation ["+eid+"]") {
				t.Errorf("status CSV lacks the reservation: %.500s", body)
			}

			// the same through the JSON API: an objection to that reservation
			var resID int64
			if err := a.DB.QueryRowContext(ctx, `SELECT MAX(id) FROM law_statements`).Scan(&resID); err != nil {
				t.Fatal(err)
			}
			apic := tokenFor(t, a, base, accounts.RoleLegalOfficer)
			objection := map[string]any{"state": "DEU", "kind": "objection", "objects_to": resID, "made_on": "2025-01-01", "text": "Objection.", "eids": []string{"art_nope"}}
			resp, doc := apic.do("POST", "/api/v1/law/instruments/V-5/statements", js(objection))
			if f := problemFields(t, "API objection with an unknown article", resp, doc, 422); f["eids"] == "" {
				t.Errorf("API: no eids error: %v", doc)
			}
			objection["eids"] = []string{eid}
			if resp, doc := apic.do("POST", "/api/v1/law/instruments/V-5/statements", js(objection)); resp.StatusCode != 201 || doc["id"] == nil {
				t.Errorf("API objection: %d %v", resp.StatusCode, doc)
			}
			if _, body := public.Get("/law/instruments/V-5/status"); !strings.Contains(body, `<a href="#state-`+state+`">`+state+`</a>`) {
				t.Errorf("status page: the objection does not link to the reserving State's row")
			}

			// a withdrawal recorded later takes the reservation off the table
			wpath := "/law/instruments/V-5/statements/" + strconv.FormatInt(resID, 10) + "/withdrawal"
			for _, lang := range []string{"en", "fr", "es"} {
				req, _ := http.NewRequest("GET", base+wpath, nil)
				req.Header.Set("Accept-Language", lang)
				resp, body := c.Do(req)
				if m := rawKey.FindString(body); resp.StatusCode != 200 || m != "" {
					t.Errorf("withdrawal form (%s): %d %q", lang, resp.StatusCode, m)
				}
			}
			if resp, body := c.Post(wpath, url.Values{"withdrawn_on": {"1900-01-01"}}); resp.StatusCode != 422 || !strings.Contains(body, `id="e-withdrawn_on"`) {
				t.Errorf("bad withdrawal: %d", resp.StatusCode)
			}
			if resp, _ := c.Post(wpath, url.Values{"withdrawn_on": {"2025-06-01"}}); resp.StatusCode != 303 {
				t.Errorf("withdrawal: %d", resp.StatusCode)
			}
			if _, body := public.Get("/law/instruments/V-5/status?on=2025-06-01"); strings.Contains(body, "Reservation &lt;entered&gt; by the test.") {
				t.Error("the withdrawn reservation is still on the status table")
			}
			if _, body := public.Get("/law/instruments/V-5/status?on=2025-05-31"); !strings.Contains(body, "Reservation &lt;entered&gt; by the test.") {
				t.Error("the reservation is gone before its withdrawal")
			}
		})
	}
}

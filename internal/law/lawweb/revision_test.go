package lawweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/app"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

var revisionField = regexp.MustCompile(`name="revision" value="(\d+)"`)

// editForm is the instrument's saved metadata as the edit form posts it.
func editForm(t *testing.T, a *app.App, ref, revision string) url.Values {
	t.Helper()
	in, err := a.Law.InstrumentInputOf(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"revision": {revision}, "title": {in.Title}, "level": {in.Level}, "type": {in.Type}, "jurisdiction": {in.Jurisdiction},
		"issuing_body": {in.IssuingBody}, "adopted_on": {in.AdoptedOn}, "signed_on": {in.SignedOn}, "in_force_on": {in.InForceOn}, "ends_on": {in.EndsOn},
		"languages": {strings.Join(in.Languages, ", ")}, "topics": in.Topics, "target_groups": in.TargetGroups, "identifiers": {string(in.Identifiers)}}
}

func savedTitle(t *testing.T, a *app.App, ref string) string {
	t.Helper()
	in, err := a.Law.InstrumentInputOf(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return in.Title
}

// Two legal officers open an instrument's edit form and both save: the
// second save would silently undo the first. One is saved; the other gets
// 409 and the form again, with the saved values and a message saying why.
func TestInstrumentEditFormRefusesAStaleSave(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			var clients [2]*webtest.Client
			var forms [2]url.Values
			for i, email := range []string{"ana@example.org", "ben@example.org"} {
				u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: email, Name: email, Password: "password-" + email, Role: accounts.RoleLegalOfficer}, accounts.StatusActive)
				if err != nil {
					t.Fatal(err)
				}
				clients[i] = webtest.SignedIn(t, base, a.Accounts, u)
				_, body := clients[i].Get("/law/instruments/V-5/edit")
				m := revisionField.FindStringSubmatch(body)
				if m == nil {
					t.Fatal("the edit form has no revision field")
				}
				forms[i] = editForm(t, a, "V-5", m[1])
				forms[i].Set("title", "Title saved by "+email)
			}
			if forms[0].Get("revision") != forms[1].Get("revision") {
				t.Fatal("the two officers read different revisions")
			}
			// Both save at once.
			status, bodies := postAtOnce(base, "/law/instruments/V-5/edit", clients, forms)
			winner, loser := 0, 1
			if status[1] == http.StatusSeeOther {
				winner, loser = 1, 0
			}
			if status[winner] != http.StatusSeeOther || status[loser] != http.StatusConflict {
				t.Fatalf("two saves from one revision: %v, want one 303 and one 409", status)
			}
			want := forms[winner].Get("title")
			if got := savedTitle(t, a, "V-5"); got != want {
				t.Errorf("saved title %q, want the first save's %q", got, want)
			}
			body := bodies[loser]
			if !strings.Contains(body, "Someone else saved a change here") || !strings.Contains(body, `value="`+want+`"`) {
				t.Errorf("the refused save does not show why and the saved values: %.3000s", body)
			}
			// The form it shows carries the new revision: saving it works.
			m := revisionField.FindStringSubmatch(body)
			if m == nil || m[1] == forms[loser].Get("revision") {
				t.Fatalf("the refused form does not carry the current revision: %v", m)
			}
			retry := editForm(t, a, "V-5", m[1])
			retry.Set("title", forms[loser].Get("title"))
			if resp, _ := clients[loser].Post("/law/instruments/V-5/edit", retry); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("saving again from the current revision: %d", resp.StatusCode)
			}
		})
	}
}

// postAtOnce posts each client's form to path at the same time.
func postAtOnce(base, path string, clients [2]*webtest.Client, forms [2]url.Values) (status [2]int, bodies [2]string) {
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", base+path, strings.NewReader(withCSRF(forms[i], clients[i].CSRF).Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := clients[i].HTTP.Do(req)
			if err != nil {
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			status[i], bodies[i] = resp.StatusCode, string(b)
		}()
	}
	wg.Wait()
	return status, bodies
}

func withCSRF(v url.Values, token string) url.Values {
	out := url.Values{"csrf_token": {token}}
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

// The API gives an instrument's ETag; a PUT naming it in If-Match is saved
// once, and a second PUT from the same ETag gets 412. Without If-Match a
// PUT is saved as before (clients written before ETags).
func TestInstrumentAPIRefusesAStaleIfMatch(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			officer := tokenFor(t, a, base, accounts.RoleLegalOfficer)
			send := func(method, ifMatch, body string) (*http.Response, map[string]any) {
				req, _ := http.NewRequest(method, base+"/api/v1/law/instruments/V-5", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+officer.token)
				if body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				if ifMatch != "" {
					req.Header.Set("If-Match", ifMatch)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return &http.Response{}, nil
				}
				defer resp.Body.Close()
				doc := map[string]any{}
				json.NewDecoder(resp.Body).Decode(&doc)
				return resp, doc
			}
			put := func(title string) string {
				in, err := a.Law.InstrumentInputOf(context.Background(), "V-5")
				if err != nil {
					t.Fatal(err)
				}
				in.Title = title
				return js(in)
			}
			resp, _ := send("GET", "", "")
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != 200 || !strings.HasPrefix(etag, `"`) {
				t.Fatalf("GET: %d, ETag %q", resp.StatusCode, etag)
			}
			// Two clients PUT from the same ETag at once.
			var wg sync.WaitGroup
			var status [2]int
			var docs [2]map[string]any
			bodies := [2]string{put("First title"), put("Second title")}
			for i := range bodies {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r, doc := send("PUT", etag, bodies[i])
					status[i], docs[i] = r.StatusCode, doc
				}()
			}
			wg.Wait()
			winner, loser := 0, 1
			if status[1] == http.StatusOK {
				winner, loser = 1, 0
			}
			if status[winner] != http.StatusOK || status[loser] != http.StatusPreconditionFailed {
				t.Fatalf("two PUTs from one ETag: %v, want one 200 and one 412", status)
			}
			if docs[loser]["status"] != float64(412) || !strings.Contains(js(docs[loser]["detail"]), "If-Match") {
				t.Errorf("412 problem: %v", docs[loser])
			}
			want := []string{"First title", "Second title"}[winner]
			if got := savedTitle(t, a, "V-5"); got != want {
				t.Errorf("saved title %q, want %q", got, want)
			}
			resp, _ = send("GET", "", "")
			current := resp.Header.Get("ETag")
			if current == etag {
				t.Fatal("the ETag did not change with the edit")
			}
			for _, tag := range []string{etag, "W/" + current, `"something else"`, current + ", " + etag} {
				if resp, _ := send("PUT", tag, put("Stale")); resp.StatusCode != http.StatusPreconditionFailed {
					t.Errorf("If-Match %s: %d, want 412", tag, resp.StatusCode)
				}
			}
			if got := savedTitle(t, a, "V-5"); got != want {
				t.Errorf("a refused PUT changed the title to %q", got)
			}
			resp, _ = send("PUT", current, put("Third title"))
			if resp.StatusCode != 200 || resp.Header.Get("ETag") == current || resp.Header.Get("ETag") == "" {
				t.Errorf("PUT with the current ETag: %d, new ETag %q", resp.StatusCode, resp.Header.Get("ETag"))
			}
			for _, tag := range []string{"", "*"} {
				if resp, _ := send("PUT", tag, put("Unconditional "+tag)); resp.StatusCode != 200 {
					t.Errorf("PUT with If-Match %q: %d, want 200", tag, resp.StatusCode)
				}
			}
		})
	}
}

// The same for a policy change: its edit form and its API.
func TestPolicyChangeEditsRefuseAStaleRevision(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			store := a.Law
			pid, err := store.AddPolicyChange(ctx, lawdb.PolicyChange{Country: "NLD", Date: "2005-01-01", Area: "integration", Restrictiveness: -1, Magnitude: 2, Summary: "Shelter"})
			if err != nil {
				t.Fatal(err)
			}
			path := fmt.Sprintf("/law/policy/changes/%d/edit", pid)
			var clients [2]*webtest.Client
			var forms [2]url.Values
			for i, email := range []string{"ana@example.org", "ben@example.org"} {
				clients[i] = webtest.SignedIn(t, base, a.Accounts, mustUser(t, a, email, accounts.RoleLegalOfficer))
				_, body := clients[i].Get(path)
				m := revisionField.FindStringSubmatch(body)
				if m == nil {
					t.Fatal("the policy form has no revision field")
				}
				forms[i] = url.Values{"revision": {m[1]}, "country": {"NLD"}, "date": {"2005-01-01"}, "pol_area": {"integration"},
					"change_restrict": {"-1"}, "change_level": {"2"}, "summary": {"Summary by " + email}}
			}
			status, bodies := postAtOnce(base, path, clients, forms)
			winner, loser := 0, 1
			if status[1] == http.StatusSeeOther {
				winner, loser = 1, 0
			}
			if status[winner] != http.StatusSeeOther || status[loser] != http.StatusConflict {
				t.Fatalf("two saves from one revision: %v, want one 303 and one 409", status)
			}
			want := forms[winner].Get("summary")
			if p, _ := store.PolicyChangeByID(ctx, pid); p.Summary != want {
				t.Errorf("saved summary %q, want %q", p.Summary, want)
			}
			if !strings.Contains(bodies[loser], "Someone else saved a change here") || !strings.Contains(bodies[loser], want) {
				t.Errorf("the refused save does not show why and the saved values: %.3000s", bodies[loser])
			}

			// The API: GET gives the ETag; of two PUTs from it one is saved.
			officer := tokenFor(t, a, base, accounts.RoleLegalOfficer)
			api := base + fmt.Sprintf("/api/v1/law/policy-changes/%d", pid)
			resp, err := http.Get(api)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != 200 || etag == "" {
				t.Fatalf("GET: %d, ETag %q", resp.StatusCode, etag)
			}
			var wg sync.WaitGroup
			var codes [2]int
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					body := fmt.Sprintf(`{"country":"NLD","date":"2005-01-01","pol_area":"integration","change_restrict":-1,"change_level":2,"summary":"API %d"}`, i)
					req, _ := http.NewRequest("PUT", api, strings.NewReader(body))
					req.Header.Set("Authorization", "Bearer "+officer.token)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("If-Match", etag)
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
						codes[i] = resp.StatusCode
					}
				}()
			}
			wg.Wait()
			if !(codes[0] == 200 && codes[1] == 412 || codes[0] == 412 && codes[1] == 200) {
				t.Errorf("two PUTs from one ETag: %v, want one 200 and one 412", codes)
			}
		})
	}
}

// The same for a relationship: its edit form, and its API (the ETag comes
// with the answer to its creation).
func TestRelationshipEditsRefuseAStaleRevision(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			store := a.Law
			if _, err := store.CreateInstrument(ctx, lawdb.InstrumentInput{Slug: "REV-W", Title: "Reception Act", Level: "national", Type: "act", Jurisdiction: "NLD"}); err != nil {
				t.Fatal(err)
			}
			rid, err := store.AddRelationship(ctx, lawdb.NewRelation{From: "REV-W", Kind: "implements", To: "V-2"})
			if err != nil {
				t.Fatal(err)
			}
			path := fmt.Sprintf("/law/instruments/REV-W/relations/%d/edit", rid)
			var clients [2]*webtest.Client
			var forms [2]url.Values
			dates := [2]string{"2001-01-01", "2002-02-02"}
			for i, email := range []string{"ana@example.org", "ben@example.org"} {
				clients[i] = webtest.SignedIn(t, base, a.Accounts, mustUser(t, a, email, accounts.RoleLegalOfficer))
				_, body := clients[i].Get(path)
				m := revisionField.FindStringSubmatch(body)
				if m == nil {
					t.Fatal("the relationship form has no revision field")
				}
				forms[i] = url.Values{"revision": {m[1]}, "kind": {"implements"}, "target": {"V-2"}, "effective_on": {dates[i]}}
			}
			status, bodies := postAtOnce(base, path, clients, forms)
			winner, loser := 0, 1
			if status[1] == http.StatusSeeOther {
				winner, loser = 1, 0
			}
			if status[winner] != http.StatusSeeOther || status[loser] != http.StatusConflict {
				t.Fatalf("two saves from one revision: %v, want one 303 and one 409", status)
			}
			rel, err := store.RelationOf(ctx, "REV-W", rid)
			if err != nil || rel.EffectiveOn != dates[winner] {
				t.Errorf("saved relationship %+v (%v), want effective on %s", rel, err, dates[winner])
			}
			if !strings.Contains(bodies[loser], "Someone else saved a change here") || !strings.Contains(bodies[loser], dates[winner]) {
				t.Errorf("the refused save does not show why and the saved values: %.3000s", bodies[loser])
			}

			officer := tokenFor(t, a, base, accounts.RoleLegalOfficer)
			resp, doc := officer.do("POST", "/api/v1/law/instruments/REV-W/relationships", `{"kind":"amends","target":"V-5"}`)
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != 201 || etag == "" {
				t.Fatalf("POST relationship: %d, ETag %q: %v", resp.StatusCode, etag, doc)
			}
			api := fmt.Sprintf("%s/api/v1/law/instruments/REV-W/relationships/%v", base, doc["id"])
			var wg sync.WaitGroup
			var codes [2]int
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest("PUT", api, strings.NewReader(fmt.Sprintf(`{"kind":"amends","target":"V-5","effective_on":%q}`, dates[i])))
					req.Header.Set("Authorization", "Bearer "+officer.token)
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("If-Match", etag)
					if resp, err := http.DefaultClient.Do(req); err == nil {
						resp.Body.Close()
						codes[i] = resp.StatusCode
					}
				}()
			}
			wg.Wait()
			if !(codes[0] == 200 && codes[1] == 412 || codes[0] == 412 && codes[1] == 200) {
				t.Errorf("two PUTs from one ETag: %v, want one 200 and one 412", codes)
			}
		})
	}
}

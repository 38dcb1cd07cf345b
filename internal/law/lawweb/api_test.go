package lawweb_test

import (
	"context"
	"corridor/internal/testutil"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/app"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// apiClient calls the JSON API with a personal token, as a script does.
type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func tokenFor(t *testing.T, a *app.App, base string, role accounts.Role) *apiClient {
	t.Helper()
	ctx := context.Background()
	u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: string(role) + "-api@example.org", Name: "API " + string(role), Password: "password-" + string(role), Role: role}, accounts.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := a.Accounts.CreateAPIToken(ctx, u.ID, "script")
	if err != nil {
		t.Fatal(err)
	}
	return &apiClient{t: t, base: base, token: secret}
}

// do sends body (JSON, or none) and decodes the JSON answer into a map.
func (c *apiClient) do(method, path, body string) (*http.Response, map[string]any) {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	out := map[string]any{}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			c.t.Fatalf("%s %s: not JSON: %.300s", method, path, b)
		}
	}
	return resp, out
}

// problemFields returns the per-field errors of a problem document,
// checking it is one.
func problemFields(t *testing.T, what string, resp *http.Response, doc map[string]any, status int) map[string]string {
	t.Helper()
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != "application/problem+json" || doc["status"] != float64(status) {
		t.Errorf("%s: %d %s %v, want a %d problem", what, resp.StatusCode, resp.Header.Get("Content-Type"), doc, status)
	}
	out := map[string]string{}
	if m, ok := doc["errors"].(map[string]any); ok {
		for k, v := range m {
			out[k], _ = v.(string)
		}
	}
	return out
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestLawWriteAPI does through the JSON API what the legal officers' forms
// do, and checks the problem details of bad input and who may write.
func TestLawWriteAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			officer := tokenFor(t, a, base, accounts.RoleLegalOfficer)
			member := tokenFor(t, a, base, accounts.RoleMember)
			anonymous := &apiClient{t: t, base: base}

			newInst := `{"id":"NL-MA-2024","title":"Agreement on seasonal workers","level":"bilateral","type":"agreement","jurisdiction":"NLD",
				"issuing_body":"Staten-Generaal","adopted_on":"2024-03-01","signed_on":"2024-02-01","in_force_on":"2024-06-01","languages":["en","fr"],
				"topics":["labour-migration"],"target_groups":["low-skilled","students"],"identifiers":[{"scheme":"other","value":"nl-ma-2024"},{"scheme":"untc","value":"XVIII-14"}]}`
			if resp, _ := member.do("POST", "/api/v1/law/instruments", newInst); resp.StatusCode != 403 {
				t.Errorf("member: %d, want 403", resp.StatusCode)
			}
			if resp, _ := anonymous.do("POST", "/api/v1/law/instruments", newInst); resp.StatusCode != 401 {
				t.Errorf("anonymous: %d, want 401", resp.StatusCode)
			}
			// a session needs the CSRF header on writes
			sess := webtest.SignedIn(t, base, a.Accounts, mustUser(t, a, "officer-session@example.org", accounts.RoleLegalOfficer))
			sess.CSRF = ""
			if resp, _ := sess.API("POST", "/api/v1/law/instruments", newInst); resp.StatusCode != 403 {
				t.Errorf("session without the CSRF header: %d, want 403", resp.StatusCode)
			}

			// bad input: a problem naming every field, nothing stored
			before := rowCounts(t, a)
			resp, doc := officer.do("POST", "/api/v1/law/instruments", `{"id":"new","title":"","level":"planetary","type":"agreement","adopted_on":"2024-02-30",
				"languages":["english!"],"topics":["gardening"],"target_groups":["everyone"],"identifiers":[{"scheme":"other","value":"ok-1"},{"scheme":"bogus","value":"1"}]}`)
			f := problemFields(t, "bad instrument", resp, doc, 422)
			for _, k := range []string{"id", "title", "level", "adopted_on", "languages", "topics", "target_groups"} {
				if f[k] == "" {
					t.Errorf("bad instrument: no error for %q: %v", k, f)
				}
			}
			if !strings.Contains(f["identifiers"], "line 2: bogus:1") {
				t.Errorf("identifier error %q does not name the entry", f["identifiers"])
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments", `{"title":"X","level":"national","type":"act","colour":"red"}`)
			if f := problemFields(t, "unknown field", resp, doc, 422); f["colour"] == "" {
				t.Errorf("unknown field: %v", f)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments", `{"title":"X","level":"national","type":"act","topics":"asylum"}`)
			if f := problemFields(t, "wrong type", resp, doc, 422); f["topics"] == "" {
				t.Errorf("wrong type: %v", f)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments", `{"title":"X","level":"national","type":"act","url":"https://example.org/x","identifiers":[{"scheme":"other","value":"a\nother:b"}]}`)
			if f := problemFields(t, "line break in an identifier", resp, doc, 422); f["identifiers"] == "" {
				t.Errorf("line break in an identifier: %v", f)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments", `{"title":"X","level":"national","type":"act","url":"https://example.org/x"}`)
			if f := problemFields(t, "url", resp, doc, 422); f["url"] == "" {
				t.Errorf("setting the url: %v", f)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad input stored rows: %s → %s", before, after)
			}

			// create, then read back every field
			resp, doc = officer.do("POST", "/api/v1/law/instruments", newInst)
			if resp.StatusCode != 201 || resp.Header.Get("Location") != "/api/v1/law/instruments/NL-MA-2024" {
				t.Fatalf("create: %d %v", resp.StatusCode, doc)
			}
			inst, _ := doc["instrument"].(map[string]any)
			if js(inst["target_groups"]) != `["low-skilled","students"]` || js(inst["topics"]) != `["labour-migration"]` || js(inst["languages"]) != `["en","fr"]` ||
				js(inst["identifiers"]) != `[{"scheme":"other","value":"nl-ma-2024"},{"scheme":"untc","value":"XVIII-14"}]` || inst["in_force_on"] != "2024-06-01" {
				t.Errorf("created instrument: %v", inst)
			}
			// the representation read goes back unchanged (PUT of a GET)
			_, got := anonymous.do("GET", "/api/v1/law/instruments/18-14", "")
			if resp, doc := officer.do("PUT", "/api/v1/law/instruments/NL-MA-2024", js(got["instrument"])); resp.StatusCode != 200 || js(doc["instrument"]) != js(got["instrument"]) {
				t.Errorf("PUT of the representation: %d %v", resp.StatusCode, doc)
			}
			resp, doc = officer.do("PUT", "/api/v1/law/instruments/NL-MA-2024", `{"id":"OTHER","title":"T","level":"bilateral","type":"agreement"}`)
			if f := problemFields(t, "changing the id", resp, doc, 422); f["id"] == "" {
				t.Errorf("changing the id: %v", f)
			}
			resp, doc = officer.do("PUT", "/api/v1/law/instruments/NL-MA-2024", `{"title":"Agreement on seasonal and student workers","level":"bilateral","type":"agreement","target_groups":["students"],"identifiers":[{"scheme":"other","value":"nl-ma-2024"}]}`)
			inst, _ = doc["instrument"].(map[string]any)
			if resp.StatusCode != 200 || inst["title"] != "Agreement on seasonal and student workers" || js(inst["target_groups"]) != `["students"]` || js(inst["identifiers"]) != `[{"scheme":"other","value":"nl-ma-2024"}]` {
				t.Errorf("update: %d %v", resp.StatusCode, doc)
			}

			// versions: Markdown, Akoma Ntoso, a correction, deletions
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/versions", js(map[string]string{"format": "markdown", "language": "en", "valid_from": "2024-06-01",
				"text": "### Article 1\n\nSeasonal workers receive housing.\n"}))
			v1, _ := doc["version"].(map[string]any)
			if resp.StatusCode != 201 || doc["provisions"] != float64(2) || v1["valid_from"] != "2024-06-01" {
				t.Fatalf("add version: %d %v", resp.StatusCode, doc)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/versions", js(map[string]string{"format": "markdown", "language": "en", "valid_from": "2024-06-01", "text": "### Article 1\n\nx\n"}))
			if f := problemFields(t, "same date", resp, doc, 422); f["valid_from"] == "" {
				t.Errorf("same language and date: %v", f)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/versions", js(map[string]string{"format": "akn", "valid_from": "2025-01-01", "text": "<akomaNtoso>\n<act>"}))
			if f := problemFields(t, "bad XML", resp, doc, 422); !strings.Contains(f["text"], "line") {
				t.Errorf("bad XML: %v", f)
			}
			protocol, err := os.ReadFile(testutil.SharedData(t, "akn-example-1967-protocol", "protocol-status-refugees-1967.eng.akn.xml"))
			if err != nil {
				t.Fatal(err)
			}
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/versions", js(map[string]string{"format": "akn", "valid_from": "2025-01-01", "text": string(protocol)}))
			v2, _ := doc["version"].(map[string]any)
			if resp.StatusCode != 201 || v2["language"] != "en" || v2["format"] != "akn" {
				t.Fatalf("add Akoma Ntoso version: %d %v", resp.StatusCode, doc)
			}
			path2 := fmt.Sprintf("/api/v1/law/instruments/NL-MA-2024/versions/%v", v2["id"])
			resp, doc = officer.do("PUT", path2, js(map[string]string{"format": "markdown", "text": "### Article 1\n\nSeasonal workers receive shelter.\n"}))
			if v, _ := doc["version"].(map[string]any); resp.StatusCode != 200 || v["id"] != v2["id"] || v["valid_from"] != "2025-01-01" || v["format"] != "markdown" {
				t.Errorf("replace version: %d %v", resp.StatusCode, doc)
			}
			resp, doc = officer.do("PUT", path2, js(map[string]string{"format": "markdown", "valid_from": "2026-01-01", "text": "### Article 1\n\nx\n"}))
			if f := problemFields(t, "moving a version", resp, doc, 422); f["valid_from"] == "" {
				t.Errorf("a correction with another date: %v", f)
			}
			hits := func(q string) float64 {
				_, doc := anonymous.do("GET", "/api/v1/law/search?lang=en&q="+q, "")
				n := 0.0
				items, _ := doc["items"].([]any)
				for _, it := range items {
					if m, _ := it.(map[string]any); m["instrument"] == "NL-MA-2024" {
						n++
					}
				}
				return n
			}
			if hits("shelter") != 1 || hits("housing") != 0 {
				t.Errorf("search before the deletion: shelter %v, housing %v", hits("shelter"), hits("housing"))
			}
			if resp, _ := officer.do("DELETE", path2, ""); resp.StatusCode != 204 {
				t.Errorf("delete version: %d", resp.StatusCode)
			}
			if hits("shelter") != 0 || hits("housing") != 1 {
				t.Errorf("search after the deletion: shelter %v, housing %v", hits("shelter"), hits("housing"))
			}
			if resp, _ := officer.do("DELETE", path2, ""); resp.StatusCode != 404 {
				t.Errorf("delete again: %d", resp.StatusCode)
			}
			resp, doc = officer.do("DELETE", fmt.Sprintf("/api/v1/law/instruments/NL-MA-2024/versions/%v", v1["id"]), "")
			if f := problemFields(t, "last version", resp, doc, 409); f["version"] == "" {
				t.Errorf("deleting the only version: %v", f)
			}

			// relationships
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/relationships", `{"kind":"implements","target":"5-2","from_eid":"art_1"}`)
			if resp.StatusCode != 201 || doc["from"] != "NL-MA-2024" || doc["to"] != "V-2" || doc["from_eid"] != "art_1" {
				t.Fatalf("add relationship: %d %v", resp.StatusCode, doc)
			}
			rel := fmt.Sprintf("/api/v1/law/instruments/NL-MA-2024/relationships/%v", doc["id"])
			resp, doc = officer.do("POST", "/api/v1/law/instruments/NL-MA-2024/relationships", `{"kind":"likes","target":"nowhere","from_eid":"art_99"}`)
			if f := problemFields(t, "bad relationship", resp, doc, 422); f["kind"] == "" || f["target"] == "" || f["from_eid"] == "" {
				t.Errorf("bad relationship: %v", f)
			}
			if resp, doc := officer.do("PUT", rel, `{"kind":"cites","target":"V-2"}`); resp.StatusCode != 200 || doc["kind"] != "cites" || doc["from_eid"] != "" {
				t.Errorf("replace relationship: %d %v", resp.StatusCode, doc)
			}
			_, got = anonymous.do("GET", "/api/v1/law/instruments/V-2", "")
			found := false
			rels, _ := got["relationships"].([]any)
			for _, x := range rels {
				m, _ := x.(map[string]any)
				found = found || m["instrument"] == "NL-MA-2024" && m["kind"] == "cites" && m["direction"] == "incoming"
			}
			if !found {
				t.Errorf("the other end does not show the relationship: %v", got["relationships"])
			}
			if resp, _ := officer.do("DELETE", strings.Replace(rel, "NL-MA-2024", "V-2", 1), ""); resp.StatusCode != 204 {
				t.Errorf("delete relationship through the other end: %d", resp.StatusCode)
			}
			if resp, _ := officer.do("PUT", rel, `{"kind":"cites","target":"V-2"}`); resp.StatusCode != 404 {
				t.Errorf("replace a deleted relationship: %d", resp.StatusCode)
			}

			// policy changes
			pc := `{"country":"nld","date":"2024-06-01","instrument":"NL-MA-2024","article_eid":"art_1","pol_area":"legal-entry-stay","pol_tool":"work permit",
				"target_group":"low-skilled","origin":"specific-nationalities","change_restrict":-1,"change_level":3,"summary":"Seasonal permits"}`
			resp, doc = officer.do("POST", "/api/v1/law/policy-changes", pc)
			if resp.StatusCode != 201 || doc["country"] != "NLD" || doc["instrument"] != "NL-MA-2024" || doc["change_level"] != float64(3) {
				t.Fatalf("add policy change: %d %v", resp.StatusCode, doc)
			}
			pcPath := fmt.Sprintf("/api/v1/law/policy-changes/%v", doc["id"])
			resp, doc = officer.do("PUT", pcPath, strings.Replace(pc, `"change_level":3`, `"change_level":4`, 1))
			if resp.StatusCode != 200 || doc["change_level"] != float64(4) {
				t.Errorf("update policy change: %d %v", resp.StatusCode, doc)
			}
			resp, doc = officer.do("PUT", pcPath, `{"country":"ZZZ","date":"2024","pol_area":"x","change_restrict":5,"change_level":0}`)
			if f := problemFields(t, "bad policy change", resp, doc, 422); len(f) != 5 {
				t.Errorf("bad policy change: %v", f)
			}
			resp, doc = officer.do("POST", "/api/v1/law/policy-changes", `{"country":"NLD","date":"2024-01-01","pol_area":"exit","change_restrict":"more","change_level":1}`)
			if f := problemFields(t, "wrong type", resp, doc, 422); f["change_restrict"] == "" {
				t.Errorf("change_restrict as text: %v", f)
			}
			if resp, _ := officer.do("PUT", "/api/v1/law/policy-changes/999999", pc); resp.StatusCode != 404 {
				t.Errorf("unknown policy change: %d", resp.StatusCode)
			}

			// every write left its audit entry
			var n int
			a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE actor = 'legal_officer-api@example.org' AND action IN ('law.instrument.create', 'law.instrument.update',
				'law.version.create', 'law.version.replace', 'law.version.delete', 'law.relationship.create', 'law.relationship.update', 'law.relationship.delete',
				'law.policy_change.create', 'law.policy_change.update')`).Scan(&n)
			if n != 12 {
				t.Errorf("%d audit entries of the API writes, want 12", n)
			}
		})
	}
}

func mustUser(t *testing.T, a *app.App, email string, role accounts.Role) *accounts.User {
	t.Helper()
	u, err := a.Accounts.Create(context.Background(), accounts.NewUser{Email: email, Name: "User", Password: "password-" + string(role), Role: role}, accounts.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the legal officers' JSON API
// (internal/law/lawweb/api.go) and of the corrections: replacing and
// deleting versions and relationships, editing policy changes
// (internal/law/lawweb/revise.go). They need the same permission as the
// forms.
func init() {
	edit := accounts.PermEditLaw
	decide(map[string]accounts.Permission{
		"POST /api/v1/law/instruments": edit, "PUT /api/v1/law/instruments/{instrument}": edit,
		"POST /api/v1/law/instruments/{instrument}/versions":                   edit,
		"PUT /api/v1/law/instruments/{instrument}/versions/{version}":          edit,
		"DELETE /api/v1/law/instruments/{instrument}/versions/{version}":       edit,
		"POST /api/v1/law/instruments/{instrument}/relationships":              edit,
		"PUT /api/v1/law/instruments/{instrument}/relationships/{relation}":    edit,
		"DELETE /api/v1/law/instruments/{instrument}/relationships/{relation}": edit,
		"POST /api/v1/law/policy-changes":                                      edit, "PUT /api/v1/law/policy-changes/{change}": edit,

		"GET /law/instruments/{instrument}/versions/{version}/replace":   edit,
		"POST /law/instruments/{instrument}/versions/{version}/replace":  edit,
		"GET /law/instruments/{instrument}/versions/{version}/delete":    edit,
		"POST /law/instruments/{instrument}/versions/{version}/delete":   edit,
		"GET /law/instruments/{instrument}/relations/{relation}/edit":    edit,
		"POST /law/instruments/{instrument}/relations/{relation}/edit":   edit,
		"GET /law/instruments/{instrument}/relations/{relation}/delete":  edit,
		"POST /law/instruments/{instrument}/relations/{relation}/delete": edit,
		"GET /law/policy/changes/{change}/edit":                          edit, "POST /law/policy/changes/{change}/edit": edit,
	})
	// The fillers give V-5 (the {instrument} filler) a throwaway Italian
	// version and relationship, made again when a request deleted them.
	pathFillers["{version}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(throwawayVersion(t, a), 10) }
	pathFillers["{relation}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(throwawayRelation(t, a), 10) }
	pathFillers["{change}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(throwawayPolicyChange(t, a), 10) }

	legal := accounts.RoleLegalOfficer
	// withPath calls do with the path of a throwaway object.
	withPath := func(path func(*testing.T, *testApp) string, do func(c *webtest.Client, path string) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response { return do(c, path(t, a)) }
	}
	versionPath := func(t *testing.T, a *testApp) string {
		return fmt.Sprintf("/law/instruments/V-5/versions/%d", throwawayVersion(t, a))
	}
	relationPath := func(t *testing.T, a *testApp) string {
		return fmt.Sprintf("/law/instruments/V-5/relations/%d", throwawayRelation(t, a))
	}
	changePath := func(t *testing.T, a *testApp) string {
		return fmt.Sprintf("/law/policy/changes/%d", throwawayPolicyChange(t, a))
	}
	withVersion := func(do func(c *webtest.Client, path string) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return withPath(versionPath, do)
	}
	withRelation := func(do func(c *webtest.Client, path string) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return withPath(relationPath, do)
	}
	withChange := func(do func(c *webtest.Client, path string) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return withPath(changePath, do)
	}
	apiCall := func(method, path, body string, c *webtest.Client) *http.Response {
		resp, _ := c.API(method, path, body)
		return resp
	}
	form := func(path string, v url.Values, c *webtest.Client) *http.Response {
		resp, _ := c.Post(path, v)
		return resp
	}
	const corrected = `{"format":"markdown","text":"### Articolo 1\n\nTesto corretto.\n"}`
	const policy = `{"country":"NLD","date":"2017-03-01","pol_area":"integration","target_group":"family","origin":"all","change_restrict":1,"change_level":2,"summary":"api test"}`
	for k, v := range map[string]writeScenario{
		"POST /api/v1/law/instruments": {legal, "law.instrument.create", api("POST", "/api/v1/law/instruments",
			`{"id":"TEST-API-1","title":"Test agreement","level":"bilateral","type":"agreement","languages":["en"],"target_groups":["students"],"identifiers":[{"scheme":"other","value":"test-api-1"}]}`)},
		"PUT /api/v1/law/instruments/{instrument}": {legal, "law.instrument.update", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			ensureLawDemo(t, a)
			return apiCall("PUT", "/api/v1/law/instruments/V-5", `{"title":"Protocol (edited)","level":"international","type":"protocol","identifiers":[{"scheme":"untc","value":"V-5"},{"scheme":"untc-key","value":"5-5"}]}`, c)
		}},
		"POST /api/v1/law/instruments/{instrument}/versions": {legal, "law.version.create", withLawDemo(api("POST", "/api/v1/law/instruments/V-5/versions",
			`{"format":"markdown","language":"pt","valid_from":"2021-01-01","text":"### Artigo 1\n\nTexto.\n"}`))},
		"PUT /api/v1/law/instruments/{instrument}/versions/{version}": {legal, "law.version.replace", withVersion(func(c *webtest.Client, p string) *http.Response {
			return apiCall("PUT", "/api/v1"+p, corrected, c)
		})},
		"DELETE /api/v1/law/instruments/{instrument}/versions/{version}": {legal, "law.version.delete", withVersion(func(c *webtest.Client, p string) *http.Response {
			return apiCall("DELETE", "/api/v1"+p, "", c)
		})},
		"POST /api/v1/law/instruments/{instrument}/relationships": {legal, "law.relationship.create", withLawDemo(api("POST", "/api/v1/law/instruments/V-5/relationships",
			`{"kind":"supplements","target":"V-2"}`))},
		"PUT /api/v1/law/instruments/{instrument}/relationships/{relation}": {legal, "law.relationship.update", withRelation(func(c *webtest.Client, p string) *http.Response {
			return apiCall("PUT", "/api/v1/law/instruments/V-5/relationships/"+lastSegment(p), `{"kind":"amends","target":"V-2"}`, c)
		})},
		"DELETE /api/v1/law/instruments/{instrument}/relationships/{relation}": {legal, "law.relationship.delete", withRelation(func(c *webtest.Client, p string) *http.Response {
			return apiCall("DELETE", "/api/v1/law/instruments/V-5/relationships/"+lastSegment(p), "", c)
		})},
		"POST /api/v1/law/policy-changes": {legal, "law.policy_change.create", withLawDemo(api("POST", "/api/v1/law/policy-changes", policy))},
		"PUT /api/v1/law/policy-changes/{change}": {legal, "law.policy_change.update", withChange(func(c *webtest.Client, p string) *http.Response {
			return apiCall("PUT", "/api/v1/law/policy-changes/"+lastSegment(p), policy, c)
		})},
		"POST /law/instruments/{instrument}/versions/{version}/replace": {legal, "law.version.replace", withVersion(func(c *webtest.Client, p string) *http.Response {
			return form(p+"/replace", url.Values{"format": {"markdown"}, "text": {"### Articolo 1\n\nTesto corretto.\n"}}, c)
		})},
		"POST /law/instruments/{instrument}/versions/{version}/delete": {legal, "law.version.delete", withVersion(func(c *webtest.Client, p string) *http.Response {
			return form(p+"/delete", nil, c)
		})},
		"POST /law/instruments/{instrument}/relations/{relation}/edit": {legal, "law.relationship.update", withRelation(func(c *webtest.Client, p string) *http.Response {
			return form(p+"/edit", url.Values{"kind": {"implements"}, "target": {"V-2"}}, c)
		})},
		"POST /law/instruments/{instrument}/relations/{relation}/delete": {legal, "law.relationship.delete", withRelation(func(c *webtest.Client, p string) *http.Response {
			return form(p+"/delete", nil, c)
		})},
		"POST /law/policy/changes/{change}/edit": {legal, "law.policy_change.update", withChange(func(c *webtest.Client, p string) *http.Response {
			return form(p+"/edit", url.Values{"country": {"NLD"}, "date": {"2016-01-01"}, "pol_area": {"exit"},
				"target_group": {"family"}, "origin": {"all"}, "change_restrict": {"-1"}, "change_level": {"3"}, "summary": {"edited"}}, c)
		})},
	} {
		writeScenarios[k] = v
	}
}

func lastSegment(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' {
			return p[i+1:]
		}
	}
	return p
}

// findOrAdd returns the id the query finds, or the one add makes when it
// finds none (a request deleted it).
func findOrAdd(t *testing.T, a *testApp, query string, add func(*lawdb.Store) (int64, error)) int64 {
	t.Helper()
	ensureLawDemo(t, a)
	var id int64
	err := a.DB.QueryRow(query).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id, err = add(a.Law)
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// throwawayVersion returns V-5's Italian version, adding it when missing.
func throwawayVersion(t *testing.T, a *testApp) int64 {
	return findOrAdd(t, a, `SELECT v.id FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id WHERE i.slug = 'V-5' AND v.language = 'it'`,
		func(s *lawdb.Store) (int64, error) {
			return s.AddVersion(context.Background(), lawdb.NewVersion{Instrument: "V-5", Language: "it", ValidFrom: "1967-01-31",
				Format: "markdown", Text: []byte("### Articolo 1\n\nTesto.\n")})
		})
}

// throwawayRelation returns V-5's "replaces" relationship, adding it when
// missing.
func throwawayRelation(t *testing.T, a *testApp) int64 {
	return findOrAdd(t, a, `SELECT r.id FROM law_relationships r JOIN law_instruments i ON i.id = r.from_id WHERE i.slug = 'V-5' AND r.kind = 'replaces'`,
		func(s *lawdb.Store) (int64, error) {
			return s.AddRelationship(context.Background(), lawdb.NewRelation{From: "V-5", Kind: "replaces", To: "V-2"})
		})
}

// throwawayPolicyChange adds a policy change and returns its id.
func throwawayPolicyChange(t *testing.T, a *testApp) int64 {
	t.Helper()
	ensureLawDemo(t, a)
	id, err := a.Law.AddPolicyChange(context.Background(), lawdb.PolicyChange{Country: "NLD", Date: "2015-06-01", Area: "integration",
		TargetGroup: "family", OriginGroup: "all", Restrictiveness: 1, Magnitude: 2, Summary: "throwaway"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

package app

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

func init() {
	pub, edit := accounts.PermPublic, accounts.PermEditLaw
	in, admin := accounts.PermSignedIn, accounts.PermAdmin
	decide(map[string]accounts.Permission{
		"GET /law": pub, "GET /law/assets/law.css": pub, "GET /law/search": pub,
		"GET /law/instruments/{instrument}": pub, "GET /law/instruments/{instrument}/{eid}": pub,
		"GET /law/instruments/{instrument}/diff": pub, "GET /law/instruments/{instrument}/akn": pub,
		"GET /law/instruments/{instrument}/status":      pub,
		"GET /law/instruments/{instrument}/actions/new": edit, "POST /law/instruments/{instrument}/actions": edit,
		"GET /law/countries/{country}": pub,
		"GET /law/policy":              pub, "GET /law/policy.csv": pub, "GET /law/policy/{country}": pub,
		"GET /law/policy/new": edit, "POST /law/policy": edit,
		"GET /law/policy/import": edit, "POST /law/policy/import": edit,
		"GET /api/v1/law/instruments": pub, "GET /api/v1/law/instruments/{instrument}": pub,
		"GET /api/v1/law/instruments/{instrument}/status": pub, "POST /api/v1/law/instruments/{instrument}/actions": edit,
		"GET /api/v1/law/search": pub, "GET /api/v1/law/policy-changes": pub, "GET /api/v1/law/policy-changes/{change}": pub,
		"GET /law/following": in, "POST /law/following": in, "POST /law/following/remove": in,
		"POST /law/following/feed-token": in, "POST /law/following/feed-token/revoke": in,
		"POST /law/digest": admin, "GET /law/feeds/{feed}": pub,
		"GET /law/instruments/{instrument}/feed.atom": pub, "GET /law/countries/{country}/feed.atom": pub,
		"GET /law/export/{export}": pub,
	})
	pathFillers["{instrument}"] = func(t *testing.T, a *testApp) string {
		ensureLawDemo(t, a)
		return "V-5"
	}
	legal := accounts.RoleLegalOfficer
	writeScenarios["POST /law/instruments/{instrument}/actions"] = writeScenario{legal, "law.treaty_action.create",
		withLawDemo(post("/law/instruments/V-5/actions", url.Values{"state": {"FRA"}, "kind": {"signature"}, "action_date": {"1967-02-01"}}))}
	writeScenarios["POST /api/v1/law/instruments/{instrument}/actions"] = writeScenario{legal, "law.treaty_action.create",
		withLawDemo(api("POST", "/api/v1/law/instruments/V-5/actions", `{"state":"MEX","kind":"accession","action_date":"2000-06-07"}`))}
	writeScenarios["POST /law/policy"] = writeScenario{legal, "law.policy_change.create",
		withLawDemo(post("/law/policy", url.Values{"country": {"NLD"}, "date": {"2016-01-01"}, "pol_area": {"integration"}, "target_group": {"family"}, "origin": {"all"}, "change_restrict": {"1"}, "change_level": {"2"}, "summary": {"test"}}))}
	writeScenarios["POST /law/policy/import"] = writeScenario{legal, "law.import",
		withLawDemo(post("/law/policy/import", url.Values{"csv": {"country,date,pol_area,change_restrict,change_level\nFRA,2018-09-10,legal-entry-stay,1,3\n"}}))}
	member := accounts.RoleMember
	writeScenarios["POST /law/following"] = writeScenario{member, "law.follow.create",
		withLawDemo(post("/law/following", url.Values{"kind": {"country"}, "target": {"fra"}, "next": {"/law/countries/FRA"}}))}
	writeScenarios["POST /law/following/remove"] = writeScenario{member, "law.follow.delete",
		withLawDemo(post("/law/following/remove", url.Values{"kind": {"country"}, "target": {"FRA"}}))}
	writeScenarios["POST /law/following/feed-token"] = writeScenario{member, "law.feed_token.create", post("/law/following/feed-token", nil)}
	writeScenarios["POST /law/following/feed-token/revoke"] = writeScenario{member, "law.feed_token.revoke", post("/law/following/feed-token/revoke", nil)}
	writeScenarios["POST /law/digest"] = writeScenario{accounts.RoleAdmin, "law.digest.trigger", post("/law/digest", nil)}
	pathFillers["{feed}"] = func(t *testing.T, a *testApp) string {
		tok, err := a.Law.NewFeedToken(context.Background(), a.Users[accounts.RoleTrainer].ID)
		if err != nil {
			t.Fatal(err)
		}
		return tok + ".atom"
	}
	pathFillers["{export}"] = func(*testing.T, *testApp) string { return "actions.csv" }
	pathFillers["{eid}"] = func(*testing.T, *testApp) string { return "art_I" }
	pathFillers["{country}"] = func(*testing.T, *testApp) string { return "NLD" }
}

// withLawDemo runs a write scenario on an app with the law demo loaded.
func withLawDemo(do func(*testing.T, *testApp, *webtest.Client) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
	return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		ensureLawDemo(t, a)
		return do(t, a, c)
	}
}

// ensureLawDemo loads the law demo sample once into a test app.
func ensureLawDemo(t *testing.T, a *testApp) {
	t.Helper()
	var n int
	if err := a.DB.QueryRow(`SELECT COUNT(*) FROM law_instruments`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		if err := lawdb.LoadDemoNow(context.Background(), a.DB, nil); err != nil {
			t.Fatal(err)
		}
	}
}

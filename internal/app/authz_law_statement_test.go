package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the legal officers' reservation /
// declaration / objection form and API (internal/law/lawweb/statements.go).
func init() {
	edit := accounts.PermEditLaw
	decide(map[string]accounts.Permission{
		"GET /law/instruments/{instrument}/statements/new": edit, "POST /law/instruments/{instrument}/statements": edit,
		"POST /api/v1/law/instruments/{instrument}/statements":                edit,
		"GET /law/instruments/{instrument}/statements/{statement}/withdrawal": edit, "POST /law/instruments/{instrument}/statements/{statement}/withdrawal": edit,
	})
	writeScenarios["POST /law/instruments/{instrument}/statements"] = writeScenario{accounts.RoleLegalOfficer, "law.statement.create",
		func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post("/law/instruments/V-2/statements", url.Values{"state": {"FRA"}, "kind": {"declaration"}, "action": {frenchRatificationOfV2(t, a)},
				"text": {"Declaration entered by the test."}})
			return resp
		}}
	// {statement} is a statement of the {instrument} filler's V-5
	pathFillers["{statement}"] = func(t *testing.T, a *testApp) string { return firstStatementOf(t, a, "V-5") }
	writeScenarios["POST /law/instruments/{instrument}/statements/{statement}/withdrawal"] = writeScenario{accounts.RoleLegalOfficer, "law.statement.withdraw",
		func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post("/law/instruments/V-5/statements/"+firstStatementOf(t, a, "V-5")+"/withdrawal", url.Values{"withdrawn_on": {"2020-01-01"}})
			return resp
		}}
	writeScenarios["POST /api/v1/law/instruments/{instrument}/statements"] = writeScenario{accounts.RoleLegalOfficer, "law.statement.create",
		func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			body := `{"state":"FRA","kind":"declaration","action_id":` + frenchRatificationOfV2(t, a) + `,"text":"Declaration entered by the test."}`
			return api("POST", "/api/v1/law/instruments/V-2/statements", body)(t, a, c)
		}}
}

// frenchRatificationOfV2 loads the demo and returns the id of France's
// ratification of the 1951 Convention, the action the statements are made at.
func frenchRatificationOfV2(t *testing.T, a *testApp) string {
	t.Helper()
	ensureLawDemo(t, a)
	var id int64
	if err := a.DB.QueryRowContext(context.Background(), `SELECT a.id FROM law_treaty_actions a JOIN law_instruments i ON i.id = a.instrument_id
		WHERE i.slug = 'V-2' AND a.state = 'FRA' AND a.kind = 'ratification'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// firstStatementOf loads the demo and returns the id of an instrument's
// first imported statement.
func firstStatementOf(t *testing.T, a *testApp, slug string) string {
	t.Helper()
	ensureLawDemo(t, a)
	var id int64
	if err := a.DB.QueryRowContext(context.Background(), `SELECT MIN(s.id) FROM law_statements s JOIN law_instruments i ON i.id = s.instrument_id WHERE i.slug = $1`, slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

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
		"POST /api/v1/law/instruments/{instrument}/statements": edit,
	})
	writeScenarios["POST /law/instruments/{instrument}/statements"] = writeScenario{accounts.RoleLegalOfficer, "law.statement.create",
		func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post("/law/instruments/V-2/statements", url.Values{"state": {"FRA"}, "kind": {"declaration"}, "action": {frenchRatificationOfV2(t, a)},
				"text": {"Declaration entered by the test."}})
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

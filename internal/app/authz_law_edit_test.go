package app

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the legal officers' instrument forms
// (internal/law/lawweb/edit.go).
func init() {
	edit := accounts.PermEditLaw
	decide(map[string]accounts.Permission{
		"GET /law/instruments/new": edit, "POST /law/instruments": edit,
		"GET /law/instruments/{instrument}/edit": edit, "POST /law/instruments/{instrument}/edit": edit,
		"GET /law/instruments/{instrument}/versions/new": edit, "POST /law/instruments/{instrument}/versions": edit,
		"GET /law/instruments/{instrument}/relations/new": edit, "POST /law/instruments/{instrument}/relations": edit,
	})
	legal := accounts.RoleLegalOfficer
	writeScenarios["POST /law/instruments"] = writeScenario{legal, "law.instrument.create",
		withLawDemo(post("/law/instruments", url.Values{"slug": {"TEST-EDIT-1"}, "title": {"Test agreement"}, "level": {"bilateral"}, "type": {"agreement"},
			"adopted_on": {"2001-02-03"}, "in_force_on": {"2002-01-01"}, "languages": {"en"}, "topics": {"labour-migration"},
			"target_groups": {"low-skilled"}, "identifiers": {"other:test-edit-1"}}))}
	writeScenarios["POST /law/instruments/{instrument}/edit"] = writeScenario{legal, "law.instrument.update",
		func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			ensureLawDemo(t, a)
			in, err := a.Law.InstrumentInputOf(context.Background(), "V-5")
			if err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Post("/law/instruments/V-5/edit", url.Values{"title": {in.Title + " (edited)"}, "level": {in.Level}, "type": {in.Type},
				"jurisdiction": {in.Jurisdiction}, "issuing_body": {in.IssuingBody}, "adopted_on": {in.AdoptedOn}, "signed_on": {in.SignedOn},
				"in_force_on": {in.InForceOn}, "languages": {strings.Join(in.Languages, ",")}, "topics": in.Topics, "identifiers": {string(in.Identifiers)}})
			return resp
		}}
	writeScenarios["POST /law/instruments/{instrument}/versions"] = writeScenario{legal, "law.version.create",
		withLawDemo(post("/law/instruments/V-5/versions", url.Values{"format": {"markdown"}, "language": {"de"}, "valid_from": {"2020-01-01"},
			"text": {"##Protokoll\n\n### Artikel I\n\nText.\n"}}))}
	writeScenarios["POST /law/instruments/{instrument}/relations"] = writeScenario{legal, "law.relationship.create",
		withLawDemo(post("/law/instruments/V-5/relations", url.Values{"kind": {"cites"}, "target": {"5-2"}}))}
}

package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/links"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the typed links' API
// (internal/links/linksweb). Reading is public (filtered for the reader);
// adding and removing need links.edit, which every content-editing role
// holds: the links service then requires the permission of the domain of
// one of the link's ends.
func init() {
	edit := accounts.PermEditLinks
	rolesWith[edit] = []accounts.Role{accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleLegalOfficer, accounts.RoleDataCurator, accounts.RoleTrainer}
	decide(map[string]accounts.Permission{
		"GET /api/v1/links":           accounts.PermPublic,
		"POST /api/v1/links":          edit,
		"DELETE /api/v1/links/{link}": edit,
	})
	pathFillers["{link}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(throwawayLink(t, a), 10) }
	writeScenarios["POST /api/v1/links"] = writeScenario{accounts.RoleLegalOfficer, "link.create",
		withLawDemo(api("POST", "/api/v1/links", `{"from":"law:instrument:V-5","to":"geo:country:MEX","relation":"about","note":"scenario"}`))}
	writeScenarios["DELETE /api/v1/links/{link}"] = writeScenario{accounts.RoleDataCurator, "link.delete", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.API("DELETE", fmt.Sprintf("/api/v1/links/%d", throwawayLink(t, a)), "")
		return resp
	}}
}

// throwawayLink returns the link "the corridor MEX→USA is about Mexico",
// adding it when a request deleted it.
func throwawayLink(t *testing.T, a *testApp) int64 {
	t.Helper()
	var id int64
	err := a.DB.QueryRow(`SELECT id FROM links WHERE from_key = 'data:corridor:MEX-USA' AND relation = 'about' AND to_key = 'geo:country:MEX'`).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		var l links.Link
		l, err = links.Insert(context.Background(), a.DB, links.Link{
			From: links.Key{Domain: "data", Kind: "corridor", ID: "MEX-USA"}, To: links.Key{Domain: "geo", Kind: "country", ID: "MEX"},
			Relation: links.About, Source: links.SourceEditor})
		id = l.ID
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

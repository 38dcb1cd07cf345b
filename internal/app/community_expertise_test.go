package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/community"
	"corridor/internal/db/dbtest"
	"corridor/internal/links"
	"corridor/internal/web/webtest"
)

// TestProjectBudgetIsRestricted: a project's budget is on the page of
// community editors and admins, and nowhere the public or a member can
// read it: not the page, not its JSON-LD, not the API.
func TestProjectBudgetIsRestricted(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			f := communityFixture(t, a)
			ed := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
			path := fmt.Sprintf("/projects/%d", f.project)
			ed.Get(path + "/edit")
			if resp, body := ed.Post(path+"/edit", url.Values{"title": {"Fixture project"}, "grants": {"Sample Foundation | SF-2024-017\nEuropean Commission | 101094310"},
				"budget_amount": {"987 654.32"}, "budget_currency": {"chf"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the editor's save: %d %.400s", resp.StatusCode, body)
			}
			const amount = "987654.32"
			if _, body := ed.Get(path); !strings.Contains(body, amount) || !strings.Contains(body, "CHF") {
				t.Error("the editor does not see the budget")
			}
			if _, body := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleAdmin]).Get(path); !strings.Contains(body, amount) {
				t.Error("the admin does not see the budget")
			}
			for name, c := range map[string]*webtest.Client{"the public": webtest.NewClient(t, a.URL), "a member": webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])} {
				for _, p := range []string{path, "/fr" + path, "/api/v1/community/projects/" + fmt.Sprint(f.project), "/projects"} {
					resp, body := c.Get(p)
					if resp.StatusCode != http.StatusOK {
						t.Errorf("%s as %s: %d", p, name, resp.StatusCode)
					}
					if strings.Contains(body, "987") || strings.Contains(body, "CHF") || strings.Contains(strings.ToLower(body), "budget") {
						t.Errorf("%s as %s reveals the budget", p, name)
					}
				}
				_, body := c.Get(path)
				if !strings.Contains(body, "SF-2024-017") || !strings.Contains(body, `"funder":[{"@type":"Organization","name":"Sample Foundation"}`) {
					t.Errorf("the funders and grants are not public for %s", name)
				}
				_, body = c.Get("/api/v1/community/projects/" + fmt.Sprint(f.project))
				if !strings.Contains(body, `"grant_number": "101094310"`) {
					t.Errorf("the API does not give the grant numbers: %.300s", body)
				}
			}
		})
	}
}

// TestPersonPageExpertiseAndLinks: the profile's countries are named in
// the reader's language (UN terminology: Mexique, México) and link to the
// country's data page; /people filters by topic and country; the page
// lists what links to the person and what the person links to, grouped by
// relation.
func TestPersonPageExpertiseAndLinks(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			f := communityFixture(t, a)
			ctx := context.Background()
			p, err := a.Community.CreatePerson(ctx, community.Person{Name: "Lucía Expert", Roles: []string{"researcher"}, Topics: []string{"Labour migration"}, Countries: []string{"MEX", "TUN"}})
			if err != nil {
				t.Fatal(err)
			}
			editor := links.Reader{Role: accounts.RoleEditor}
			// The call was produced by her; she references the project.
			if _, err := a.Links.Add(ctx, links.NewLink{From: community.CallKey(f.call).String(), To: community.PersonKey(p.ID).String(), Relation: links.ProducedBy}, editor); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Links.Add(ctx, links.NewLink{From: community.PersonKey(p.ID).String(), To: community.ProjectKey(f.project).String(), Relation: links.References}, editor); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			path := fmt.Sprintf("/people/%d", p.ID)
			_, body := c.Get(path)
			for _, want := range []string{`href="/data/countries/MEX">Mexico</a>`, `href="/data/countries/TUN">Tunisia</a>`, ">Labour migration</a>",
				"<h3>Produces</h3>", "Fixture call", "<h3>References</h3>", "Fixture project", `"knowsAbout":["Labour migration"`} {
				if !strings.Contains(body, want) {
					t.Errorf("the English page lacks %q", want)
				}
			}
			if _, body := c.Get("/fr" + path); !strings.Contains(body, ">Mexique</a>") {
				t.Error("the French page does not name Mexico in French")
			}
			if _, body := c.Get("/es" + path); !strings.Contains(body, ">México</a>") {
				t.Error("the Spanish page does not name Mexico in Spanish")
			}
			for q, want := range map[string]bool{"topic=labour+migration": true, "country=MEX": true, "country=FRA": false, "topic=asylum": false} {
				_, body := c.Get("/people?" + q)
				if strings.Contains(body, "Lucía Expert") != want {
					t.Errorf("/people?%s lists her: %v, want %v", q, !want, want)
				}
				if strings.Contains(body, "Fixture Person") {
					t.Errorf("/people?%s lists a person without that expertise", q)
				}
			}
			// The editor's form edits them; a bad code names the field.
			ed := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
			ed.Get(path + "/edit")
			if resp, body := ed.Post(path+"/edit", url.Values{"name": {"Lucía Expert"}, "roles": {"researcher"}, "topics": {"asylum, climate mobility"}, "countries": {"gtm, XYZ"}}); resp.StatusCode == http.StatusSeeOther || !strings.Contains(body, "ISO 3166 alpha-3") {
				t.Errorf("a bad country code saved: %d", resp.StatusCode)
			}
			if resp, _ := ed.Post(path+"/edit", url.Values{"name": {"Lucía Expert"}, "roles": {"researcher"}, "topics": {"asylum, climate mobility"}, "countries": {"gtm"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("the edit: %d", resp.StatusCode)
			}
			got, _ := a.Community.Person(ctx, p.ID)
			if strings.Join(got.Topics, "|") != "asylum|climate mobility" || strings.Join(got.Countries, "|") != "GTM" {
				t.Errorf("saved expertise %q %q", got.Topics, got.Countries)
			}
		})
	}
}

// TestPartnerAgreementsShown: the partners page shows each agreement with
// its state as of today.
func TestPartnerAgreementsShown(t *testing.T) {
	a := openTestApp(t, dbtest.TestEngines()[0])
	f := communityFixture(t, a)
	ed := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
	ed.Get(fmt.Sprintf("/partners/%d/agreements/new", f.partner))
	if resp, body := ed.Post(fmt.Sprintf("/partners/%d/agreements", f.partner), url.Values{"title": {"Old MoU"}, "kind": {"mou"}, "from": {"2019-01-01"}, "until": {"2020-12-31"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d %.300s", resp.StatusCode, body)
	}
	if resp, body := ed.Post(fmt.Sprintf("/partners/%d/agreements", f.partner), url.Values{"title": {"Broken"}, "kind": {"mou"}, "from": {"2021-01-01"}, "until": {"2020-12-31"}}); resp.StatusCode == http.StatusSeeOther || !strings.Contains(body, "field-error") {
		t.Errorf("an agreement ending before it starts: %d", resp.StatusCode)
	}
	_, body := webtest.NewClient(t, a.URL).Get("/partners")
	old, fixture := strings.Index(body, "Old MoU"), strings.Index(body, "Fixture agreement")
	if old < 0 || fixture < 0 || !strings.Contains(body[old:], "Expired") || !strings.Contains(body[fixture:], "In force") {
		t.Errorf("states not shown: %d %d", old, fixture)
	}
	if strings.Contains(body, "/agreements/") {
		t.Error("the public sees the editors' forms")
	}
}

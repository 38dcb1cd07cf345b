package lawweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

// TestCorrectionPages walks the legal officers' correction pages: a
// corrected text, deleting a version after a confirmation page that says
// what changes (and refuses the only version), editing and deleting a
// relationship, editing a policy change — in every language without
// untranslated keys.
func TestCorrectionPages(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			store := a.Law
			c := webtest.SignedIn(t, base, a.Accounts, mustUser(t, a, "officer@example.org", accounts.RoleLegalOfficer))
			if _, err := store.CreateInstrument(ctx, lawdb.InstrumentInput{Slug: "REV-W", Title: "Reception Act", Level: "national", Type: "act", Jurisdiction: "NLD"}); err != nil {
				t.Fatal(err)
			}
			add := func(date, text string) int64 {
				id, err := store.AddVersion(ctx, lawdb.NewVersion{Instrument: "REV-W", Language: "en", ValidFrom: date, Format: "markdown", Text: []byte(text)})
				if err != nil {
					t.Fatal(err)
				}
				return id
			}
			v1 := add("2001-01-01", "### Article 1\n\nRefugees receive housing.\n")
			v2 := add("2005-01-01", "### Article 1\n\nRefugees receive shelter.\n")
			rid, err := store.AddRelationship(ctx, lawdb.NewRelation{From: "REV-W", Kind: "implements", To: "V-2"})
			if err != nil {
				t.Fatal(err)
			}
			pid, err := store.AddPolicyChange(ctx, lawdb.PolicyChange{Country: "NLD", Date: "2005-01-01", Area: "integration", Restrictiveness: -1, Magnitude: 2, Summary: "Shelter"})
			if err != nil {
				t.Fatal(err)
			}
			pages := []string{"/law/instruments/REV-W/versions/new", fmt.Sprintf("/law/instruments/REV-W/versions/%d/replace", v2),
				fmt.Sprintf("/law/instruments/REV-W/versions/%d/delete", v2), fmt.Sprintf("/law/instruments/REV-W/relations/%d/edit", rid),
				fmt.Sprintf("/law/instruments/REV-W/relations/%d/delete", rid), fmt.Sprintf("/law/policy/changes/%d/edit", pid), "/law/instruments/REV-W/relations/new", "/law/policy/NLD"}
			pagesTranslated(t, c, pages)
			// the lists link to the corrections
			if _, body := c.Get("/law/instruments/REV-W/versions/new"); !strings.Contains(body, fmt.Sprintf(`/versions/%d/delete"`, v2)) || !strings.Contains(body, fmt.Sprintf(`/versions/%d/replace"`, v1)) {
				t.Error("the version form does not link to replacing and deleting the versions")
			}
			if _, body := c.Get("/law/policy/NLD"); !strings.Contains(body, fmt.Sprintf(`/law/policy/changes/%d/edit"`, pid)) {
				t.Error("the policy page does not link to editing a change")
			}
			if _, body := webtest.NewClient(t, base).Get("/law/policy/NLD"); strings.Contains(body, "/law/policy/changes/") {
				t.Error("the public sees the edit links of policy changes")
			}

			// a corrected text: same date and language, new words; the form
			// starts from the stored Markdown
			if _, body := c.Get(fmt.Sprintf("/law/instruments/REV-W/versions/%d/replace", v2)); !strings.Contains(body, "### Article 1\n\nRefugees receive shelter.\n</textarea>") {
				t.Error("the correction form does not start from the stored Markdown")
			}
			resp, _ := c.Post(fmt.Sprintf("/law/instruments/REV-W/versions/%d/replace", v2), url.Values{"format": {"markdown"}, "text": {"### Article 1\n\nRefugees receive shelter and food.\n"}})
			if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "on=2005-01-01") {
				t.Errorf("replace: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			if _, body := c.Get("/law/instruments/REV-W"); !strings.Contains(body, "shelter and food") {
				t.Error("the instrument page does not show the corrected text")
			}
			resp, body := c.Post(fmt.Sprintf("/law/instruments/REV-W/versions/%d/replace", v2), url.Values{"format": {"markdown"}, "text": {""}})
			if resp.StatusCode != 422 || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("empty correction: %d", resp.StatusCode)
			}

			// deleting the current version: the page says the 2001 text takes over
			_, body = c.Get(fmt.Sprintf("/law/instruments/REV-W/versions/%d/delete", v2))
			if !strings.Contains(body, "the version valid from 2001-01-01 becomes the current text") || !strings.Contains(body, `<button type="submit" class="danger">`) {
				t.Errorf("confirmation page: %.2000s", body)
			}
			resp, _ = c.Post(fmt.Sprintf("/law/instruments/REV-W/versions/%d/delete", v2), nil)
			if resp.StatusCode != 303 {
				t.Errorf("delete: %d", resp.StatusCode)
			}
			if _, body := c.Get("/law/instruments/REV-W"); strings.Contains(body, "shelter") || !strings.Contains(body, "housing") {
				t.Error("the instrument page still shows the deleted text")
			}
			if resp, _ := c.Get(fmt.Sprintf("/law/instruments/REV-W/diff?from=%d&to=%d", v1, v2)); resp.StatusCode != 404 {
				t.Errorf("diff with a deleted version: %d", resp.StatusCode)
			}
			// the only version: the page refuses, without a delete button; a POST anyway is refused
			_, body = c.Get(fmt.Sprintf("/law/instruments/REV-W/versions/%d/delete", v1))
			if !strings.Contains(body, "only version") || strings.Contains(body, `class="danger"`) {
				t.Errorf("confirmation page of the only version: %.2000s", body)
			}
			if resp, _ := c.Post(fmt.Sprintf("/law/instruments/REV-W/versions/%d/delete", v1), nil); resp.StatusCode != 409 {
				t.Errorf("deleting the only version: %d", resp.StatusCode)
			}

			// relationships: edit, then delete after confirmation
			resp, _ = c.Post(fmt.Sprintf("/law/instruments/REV-W/relations/%d/edit", rid), url.Values{"kind": {"cites"}, "target": {"5-5"}})
			if resp.StatusCode != 303 {
				t.Errorf("edit relationship: %d", resp.StatusCode)
			}
			if r, err := store.RelationOf(ctx, "REV-W", rid); err != nil || r.Kind != "cites" || r.To != "V-5" {
				t.Errorf("edited relationship: %+v %v", r, err)
			}
			resp, body = c.Post(fmt.Sprintf("/law/instruments/REV-W/relations/%d/edit", rid), url.Values{"kind": {"cites"}, "target": {"REV-W"}})
			if resp.StatusCode != 422 || !strings.Contains(body, `value="REV-W"`) {
				t.Errorf("relationship to itself: %d", resp.StatusCode)
			}
			if _, body := c.Get(fmt.Sprintf("/law/instruments/REV-W/relations/%d/delete", rid)); !strings.Contains(body, "V-5") {
				t.Error("the relationship's confirmation page does not name it")
			}
			if resp, _ := c.Post(fmt.Sprintf("/law/instruments/REV-W/relations/%d/delete", rid), nil); resp.StatusCode != 303 {
				t.Errorf("delete relationship: %d", resp.StatusCode)
			}
			if _, body := c.Get("/law/instruments/V-5"); strings.Contains(body, "REV-W") {
				t.Error("the other instrument still shows the deleted relationship")
			}

			// a policy change
			resp, _ = c.Post(fmt.Sprintf("/law/policy/changes/%d/edit", pid), url.Values{"country": {"BEL"}, "date": {"2006-02-01"}, "pol_area": {"exit"},
				"change_restrict": {"1"}, "change_level": {"4"}, "summary": {"Shelter ends"}})
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/law/policy/BEL" {
				t.Errorf("edit policy change: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			if p, _ := store.PolicyChangeByID(ctx, pid); p.Country != "BEL" || p.Magnitude != 4 || p.Summary != "Shelter ends" {
				t.Errorf("edited policy change: %+v", p)
			}
			resp, body = c.Post(fmt.Sprintf("/law/policy/changes/%d/edit", pid), url.Values{"country": {"BEL"}, "date": {"2006-02-01"}, "pol_area": {"exit"},
				"change_restrict": {"x"}, "change_level": {"4"}, "summary": {"kept"}})
			if resp.StatusCode != 422 || !strings.Contains(body, "kept") {
				t.Errorf("bad policy edit: %d", resp.StatusCode)
			}
		})
	}
}

// pagesTranslated gets each page in every language: 200, and no catalog
// key left untranslated.
func pagesTranslated(t *testing.T, c *webtest.Client, pages []string) {
	t.Helper()
	for _, lang := range []string{"en", "fr", "es"} {
		for _, p := range pages {
			req, _ := http.NewRequest("GET", c.BaseURL+p, nil)
			req.Header.Set("Accept-Language", lang)
			resp, body := c.Do(req)
			if resp.StatusCode != 200 {
				t.Errorf("%s (%s): %d", p, lang, resp.StatusCode)
			}
			if m := rawKey.FindString(body); m != "" {
				t.Errorf("%s (%s): untranslated %q", p, lang, m)
			}
		}
	}
}

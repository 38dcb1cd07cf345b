package lawweb_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/app"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// rowCounts counts the rows an instrument form may write.
func rowCounts(t *testing.T, a *app.App) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range []string{"law_instruments", "law_identifiers", "law_versions", "law_provisions", "law_relationships", "law_events", "audit_log"} {
		var n int
		if err := a.DB.QueryRow(`SELECT COUNT(*) FROM ` + tb).Scan(&n); err != nil { // fixed table names
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", tb, n)
	}
	return b.String()
}

// postMultipart submits a multipart form with one file, as a browser does.
func postMultipart(t *testing.T, c *webtest.Client, path string, fields map[string]string, fileName string, file []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf_token", c.CSRF)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func TestInstrumentEditForms(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			officer, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "officer@example.org", Name: "Officer", Password: "password-officer", Role: accounts.RoleLegalOfficer}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			member, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "member@example.org", Name: "Member", Password: "password-member", Role: accounts.RoleMember}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.SignedIn(t, base, a.Accounts, officer)
			public := webtest.NewClient(t, base)

			// the forms, in every language, without untranslated keys
			pagesTranslated(t, c, []string{"/law/instruments/new", "/law/instruments/V-5/edit", "/law/instruments/V-5/versions/new", "/law/instruments/V-5/relations/new"})
			if resp, body := c.Get("/law/instruments/V-5/edit"); !strings.Contains(body, "untc:V-5") || resp.StatusCode != 200 {
				t.Errorf("edit form not prefilled with the identifiers")
			}
			if resp, _ := webtest.SignedIn(t, base, a.Accounts, member).Post("/law/instruments", url.Values{"title": {"X"}}); resp.StatusCode != 403 {
				t.Errorf("member creating an instrument: %d", resp.StatusCode)
			}
			c.Get("/law/instruments/new")

			// create: bad input comes back with the values and errors, nothing stored
			form := url.Values{"slug": {"NL-MA-2024"}, "title": {"Agreement on seasonal workers <Morocco>"}, "level": {"bilateral"}, "type": {"agreement"},
				"jurisdiction": {"NLD"}, "adopted_on": {"2024-03-01"}, "in_force_on": {"2023-01-01"}, "languages": {"en, fr"},
				"topics": {"labour-migration", "immigration"}, "target_groups": {"low-skilled"}, "identifiers": {"other:nl-ma-2024\nbogus:1"}}
			before := rowCounts(t, a)
			resp, body := c.Post("/law/instruments", form)
			if resp.StatusCode != 422 || !strings.Contains(body, `value="Agreement on seasonal workers &lt;Morocco&gt;"`) ||
				!strings.Contains(body, "Unknown identifier scheme. — line 2: bogus:1") || !strings.Contains(body, "The entry into force cannot be before the adoption.") ||
				!strings.Contains(body, `value="labour-migration" checked`) {
				t.Errorf("bad create: %d %.3000s", resp.StatusCode, body)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad create stored rows: %s → %s", before, after)
			}
			form.Set("in_force_on", "2024-06-01")
			form.Set("identifiers", "other:nl-ma-2024")
			resp, _ = c.Post("/law/instruments", form)
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/law/instruments/NL-MA-2024" {
				t.Fatalf("create: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if resp, body := public.Get("/law/instruments/nl-ma-2024"); resp.StatusCode != 200 || !strings.Contains(body, "Agreement on seasonal workers &lt;Morocco&gt;") {
				t.Errorf("public page of the new instrument: %d", resp.StatusCode)
			}

			// edit the metadata
			c.Get("/law/instruments/NL-MA-2024/edit")
			form.Set("title", "Agreement on seasonal workers (Morocco)")
			form.Set("identifiers", "other:nl-ma-2024\nuntc:V-2")
			before = rowCounts(t, a)
			if resp, body := c.Post("/law/instruments/NL-MA-2024/edit", form); resp.StatusCode != 422 || !strings.Contains(body, "This identifier belongs to another instrument.") {
				t.Errorf("taken identifier: %d", resp.StatusCode)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad edit stored rows: %s → %s", before, after)
			}
			form.Set("identifiers", "other:nl-ma-2024\ncelex:22024A0301(01)")
			if resp, _ := c.Post("/law/instruments/NL-MA-2024/edit", form); resp.StatusCode != 303 {
				t.Errorf("edit: %d", resp.StatusCode)
			}
			if _, body := public.Get("/law/instruments/22024A0301(01)"); !strings.Contains(body, "Agreement on seasonal workers (Morocco)") || !strings.Contains(body, "celex") {
				t.Errorf("edited metadata not on the public page")
			}

			// a version pasted as Markdown
			c.Get("/law/instruments/NL-MA-2024/versions/new")
			md := "##Agreement on seasonal workers\n\n### Article 1\n\n####Scope\n\nSeasonal workers from Morocco may work in the Netherlands.\n"
			before = rowCounts(t, a)
			if resp, body := c.Post("/law/instruments/NL-MA-2024/versions", url.Values{"format": {"markdown"}, "language": {"en"}, "valid_from": {"2024-13-01"}, "text": {md}}); resp.StatusCode != 422 ||
				!strings.Contains(body, "Seasonal workers from Morocco may work") {
				t.Errorf("bad version date: %d", resp.StatusCode)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad version stored rows: %s → %s", before, after)
			}
			resp, _ = c.Post("/law/instruments/NL-MA-2024/versions", url.Values{"format": {"markdown"}, "language": {"en"}, "valid_from": {"2024-06-01"}, "text": {md}})
			if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/law/instruments/NL-MA-2024?") {
				t.Fatalf("markdown version: %d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if _, body := public.Get("/law/instruments/NL-MA-2024/art_1"); !strings.Contains(body, "Seasonal workers from Morocco may work in the Netherlands.") {
				t.Errorf("pasted text not on the public page")
			}

			// an Akoma Ntoso upload: bad XML is refused and never echoed
			c.Get("/law/instruments/NL-MA-2024/versions/new")
			before = rowCounts(t, a)
			evil := `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body><p><script>alert(1)</script>`
			resp, body = postMultipart(t, c, "/law/instruments/NL-MA-2024/versions", map[string]string{"format": "akn", "valid_from": "2024-07-01"}, "evil.xml", []byte(evil))
			if resp.StatusCode != 422 || !strings.Contains(body, "The file is not well-formed XML") || strings.Contains(body, "<script>alert") {
				t.Errorf("bad XML upload: %d %.2000s", resp.StatusCode, body)
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("bad upload stored rows: %s → %s", before, after)
			}
			dup := strings.Replace(strings.Replace(convFR, "fra@", "nld@", -1), `</article></body>`, `</article><article eId="art_33"><num>Artikel 33 bis</num></article></body>`, 1)
			resp, body = postMultipart(t, c, "/law/instruments/NL-MA-2024/versions", map[string]string{"format": "akn", "valid_from": "2024-07-01"}, "dup.xml", []byte(dup))
			if resp.StatusCode != 422 || !strings.Contains(body, "Two provisions have the same eId") {
				t.Errorf("duplicate eId upload: %d", resp.StatusCode)
			}
			resp, _ = postMultipart(t, c, "/law/instruments/NL-MA-2024/versions", map[string]string{"format": "akn", "valid_from": "2024-07-01"}, "conv.fr.xml", []byte(convFR))
			if resp.StatusCode != 303 {
				t.Fatalf("akn upload: %d", resp.StatusCode)
			}
			if _, body := public.Get("/law/instruments/NL-MA-2024?lang=fr"); !strings.Contains(body, "Aucun des États contractants") {
				t.Errorf("uploaded text not on the public page")
			}
			if resp, body := public.Get("/law/instruments/NL-MA-2024/akn?lang=fr"); resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/akn+xml") || body != convFR {
				t.Errorf("akn download: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if after := rowCounts(t, a); after == before {
				t.Errorf("nothing stored")
			}

			// a relationship, shown both ways
			c.Get("/law/instruments/NL-MA-2024/relations/new")
			if resp, body := c.Post("/law/instruments/NL-MA-2024/relations", url.Values{"kind": {"implements"}, "target": {"no-such-thing"}}); resp.StatusCode != 422 || !strings.Contains(body, "No instrument has this identifier.") {
				t.Errorf("unknown target: %d", resp.StatusCode)
			}
			if resp, body := c.Post("/law/instruments/NL-MA-2024/relations", url.Values{"kind": {"cites"}, "target": {"bwbr0007149"}, "from_eid": {"art_1"}}); resp.StatusCode != 303 {
				t.Errorf("relationship: %d %s", resp.StatusCode, regexp.MustCompile(`field-error[^<]*<`).FindAllString(body, -1))
			}
			if _, body := public.Get("/law/instruments/NL-MA-2024"); !strings.Contains(body, "Cites") || !strings.Contains(body, `href="/law/instruments/BWBR0007149"`) {
				t.Errorf("relationship not on the instrument page")
			}
			if _, body := public.Get("/law/instruments/BWBR0007149"); !strings.Contains(body, "Cited by") || !strings.Contains(body, `href="/law/instruments/NL-MA-2024"`) {
				t.Errorf("relationship not on the other instrument's page")
			}

			var n int
			a.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action IN ('law.instrument.create', 'law.instrument.update', 'law.version.create', 'law.relationship.create') AND actor = 'officer@example.org'`).Scan(&n)
			if n != 5 {
				t.Errorf("%d audit entries by the officer, want 5", n)
			}
		})
	}
}

// TestEditLinksShowForLegalOfficersOnly: the forms are reachable from the
// public pages by those who may use them, and by nobody else.
func TestEditLinksShowForLegalOfficersOnly(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			for role, want := range map[accounts.Role]bool{accounts.RoleLegalOfficer: true, accounts.RoleMember: false} {
				u, err := a.Accounts.Create(context.Background(), accounts.NewUser{Email: string(role) + "@example.org", Name: "X", Password: "password-" + string(role), Role: role}, accounts.StatusActive)
				if err != nil {
					t.Fatal(err)
				}
				c := webtest.SignedIn(t, base, a.Accounts, u)
				_, list := c.Get("/law")
				_, page := c.Get("/law/instruments/V-5")
				hasNew := strings.Contains(list, `href="/law/instruments/new"`)
				hasEdit := strings.Contains(page, `/edit"`)
				if hasNew != want || hasEdit != want {
					t.Errorf("%s: new link %v, edit link %v, want %v", role, hasNew, hasEdit, want)
				}
			}
		})
	}
}

// TestTargetGroupsShowOnThePublicPage: the groups a legal officer recorded
// are listed, translated, on the instrument page.
func TestTargetGroupsShowOnThePublicPage(t *testing.T) {
	a, base := openSite(t, db.SQLite)
	if _, err := a.DB.Exec(`UPDATE law_instruments SET target_groups = 'refugees-asylum,students' WHERE slug = 'V-5'`); err != nil {
		t.Fatal(err)
	}
	_, page := webtest.NewClient(t, base).Get("/law/instruments/V-5")
	for _, want := range []string{"Refugees, asylum seekers and other vulnerable people", "International students"} {
		if !strings.Contains(page, want) {
			t.Errorf("instrument page lacks target group %q", want)
		}
	}
}

// TestSearchByInForceAndAdoptionDate: the 1951 Convention was adopted on
// 28 July 1951 and the 1967 Protocol on 31 January 1967 (UN Treaty
// Collection, chapters V.2 and V.5); both are in force.
func TestSearchByInForceAndAdoptionDate(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			a.DB.Exec(`UPDATE law_instruments SET adopted_on = '1951-07-28', in_force_on = '1954-04-22' WHERE slug = 'V-2'`)
			a.DB.Exec(`UPDATE law_instruments SET adopted_on = '1967-01-31', in_force_on = '1967-10-04' WHERE slug = 'V-5'`)
			c := webtest.NewClient(t, base)
			hitsOf := func(query string) string {
				resp, body := c.Get("/law/search?lang=en&q=refugee" + query)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d", query, resp.StatusCode)
				}
				return body
			}
			all := hitsOf("")
			if !strings.Contains(all, `href="/law/instruments/V-5/`) {
				t.Fatal("the Protocol is not found at all")
			}
			if body := hitsOf("&from=1960-01-01"); strings.Contains(body, `href="/law/instruments/V-2/`) || !strings.Contains(body, `href="/law/instruments/V-5/`) {
				t.Error("from=1960: the 1951 Convention is listed or the Protocol missing")
			}
			if body := hitsOf("&to=1960-01-01"); strings.Contains(body, `href="/law/instruments/V-5/`) {
				t.Error("to=1960: the 1967 Protocol is listed")
			}
			if body := hitsOf("&in_force=no"); strings.Contains(body, `href="/law/instruments/V-5/`) || strings.Contains(body, `href="/law/instruments/V-2/`) {
				t.Error("in_force=no lists instruments in force")
			}
			if body := hitsOf("&in_force=yes"); !strings.Contains(body, `href="/law/instruments/V-5/`) {
				t.Error("in_force=yes misses the Protocol")
			}
			for _, bad := range []string{"&in_force=maybe", "&from=1960-13-01"} {
				if resp, _ := c.Get("/law/search?lang=en&q=refugee" + bad); resp.StatusCode != 422 {
					t.Errorf("%s: %d, want 422", bad, resp.StatusCode)
				}
			}
		})
	}
}

// An Akoma Ntoso file nested thousands of levels deep (~200 KB) once took
// the server to about a gigabyte and made a 100 MB public page. Uploaded
// as a new version or as the replacement of a stored one, it is refused
// with a 422 naming the limit and the line, and what was stored stays.
func TestAKNUploadBeyondLimitsRefused(t *testing.T) {
	deep := strings.Replace(convFR, `</article></body>`, `</article>`+strings.Repeat(`<level>`, 13_000)+strings.Repeat(`</level>`, 13_000)+`</body>`, 1)
	if len(deep) < 190_000 {
		t.Fatalf("test file of %d bytes", len(deep))
	}
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			officer, err := a.Accounts.Create(context.Background(), accounts.NewUser{Email: "officer@example.org", Name: "Officer", Password: "password-officer", Role: accounts.RoleLegalOfficer}, accounts.StatusActive)
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.SignedIn(t, base, a.Accounts, officer)
			public := webtest.NewClient(t, base)
			var frVersion int64
			if err := a.DB.QueryRow(`SELECT v.id FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id WHERE i.slug = 'V-2' AND v.language = 'fr'`).Scan(&frVersion); err != nil {
				t.Fatal(err)
			}
			before := rowCounts(t, a)
			// a new version, and a correction that keeps the version's date
			for path, date := range map[string]string{"/law/instruments/V-2/versions": "2024-07-01", fmt.Sprintf("/law/instruments/V-2/versions/%d/replace", frVersion): "1951-07-28"} {
				c.Get("/law/instruments/V-2/versions/new")
				resp, body := postMultipart(t, c, path, map[string]string{"format": "akn", "valid_from": date, "language": "fr"}, "deep.xml", []byte(deep))
				if resp.StatusCode != 422 || !strings.Contains(body, "The file is nested too deeply") ||
					!regexp.MustCompile(`line \d+: &lt;level&gt; is nested more than 100 elements deep`).MatchString(body) {
					t.Errorf("%s: %d %.3000s", path, resp.StatusCode, body)
				}
				if len(body) > 200_000 {
					t.Errorf("%s: error page of %d bytes", path, len(body))
				}
			}
			if after := rowCounts(t, a); after != before {
				t.Errorf("refused uploads changed rows: %s → %s", before, after)
			}
			if resp, body := public.Get("/law/instruments/V-2/akn?lang=fr"); resp.StatusCode != 200 || body != convFR {
				t.Errorf("stored French version changed: %d", resp.StatusCode)
			}
		})
	}
}

package app

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/links"
	"corridor/internal/publishing"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the publishing repository
// (internal/publishing/pubweb): the public reads, editors write.
func init() {
	pub, ed := accounts.PermPublic, accounts.PermEditPublications
	decide(map[string]accounts.Permission{
		"GET /publications": pub, "GET /publications/assets/pub.css": pub,
		"GET /publications/cite.bib": pub, "GET /publications/cite.ris": pub, "GET /publications/cite.json": pub,
		"GET /publications/{publication}": pub, "GET /publications/{publication}/v/{n}": pub,
		"GET /publications/{publication}/cite.bib": pub, "GET /publications/{publication}/cite.ris": pub, "GET /publications/{publication}/cite.json": pub,
		"GET /publications/{publication}/files/{file}": pub,
		"GET /series": pub, "GET /series/{series}": pub, "GET /oai": pub, "POST /oai": pub,

		"GET /publications/new": ed, "POST /publications": ed,
		"GET /publications/{publication}/edit": ed, "POST /publications/{publication}": ed,
		"GET /publications/{publication}/versions/new": ed, "POST /publications/{publication}/versions": ed,
		"POST /publications/{publication}/files": ed, "POST /publications/{publication}/files/{file}/access": ed,
		"POST /publications/{publication}/links": ed, "POST /publications/{publication}/links/{link}/delete": ed,
		"POST /publications/{publication}/delete": ed,
		"GET /series/new":                         ed, "POST /series": ed, "GET /series/{series}/edit": ed, "POST /series/{series}": ed,

		"GET /api/v1/publications": pub, "GET /api/v1/publications/{publication}": pub, "GET /api/v1/series": pub,
		"POST /api/v1/publications": ed, "PUT /api/v1/publications/{publication}": ed, "DELETE /api/v1/publications/{publication}": ed,
		"POST /api/v1/publications/{publication}/versions": ed, "POST /api/v1/publications/{publication}/files": ed,
		"POST /api/v1/publications/{publication}/links": ed, "POST /api/v1/series": ed,
	})
	pathFillers["{publication}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(throwawayPublication(t, a).ID, 10) }
	pathFillers["{series}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(testSeries(t, a), 10) }
	pathFillers["{n}"] = func(*testing.T, *testApp) string { return "1" }
	pathFillers["{file}"] = func(t *testing.T, a *testApp) string {
		return strconv.FormatInt(throwawayPublication(t, a).Files[0].ID, 10)
	}
	pathFillers["{link}"] = func(t *testing.T, a *testApp) string { return "999999" }

	editor := accounts.RoleEditor
	onPub := func(do func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(t, a, c, throwawayPublication(t, a))
		}
	}
	metaForm := url.Values{"type": {"report"}, "title_en": {"Audit test"}, "date": {"2025"}, "language": {"en"}, "authors": {"Müller, Anna"}, "revision": {"0"}}
	const metaJSON = `{"metadata":{"type":"report","titles":{"en":"API test"},"authors":[{"family":"Ñúñez","given":"José"}],"date":"2025-01-02","language":"en"}}`
	for k, v := range map[string]writeScenario{
		"POST /publications": {editor, "publishing.publication.create", post("/publications", metaForm)},
		"POST /publications/{publication}": {editor, "publishing.publication.update", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			f := cloneForm(metaForm)
			f.Set("revision", strconv.FormatInt(p.Revision, 10))
			resp, _ := c.Post(fmt.Sprintf("/publications/%d", p.ID), f)
			return resp
		})},
		"POST /publications/{publication}/versions": {editor, "publishing.publication.version", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/publications/%d/versions", p.ID), metaForm)
			return resp
		})},
		"POST /publications/{publication}/files": {editor, "publishing.file.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return uploadPDF(t, c, fmt.Sprintf("/publications/%d/files", barePublication(t, a)), false)
		}},
		"POST /publications/{publication}/files/{file}/access": {editor, "publishing.file.access", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/publications/%d/files/%d/access", p.ID, p.Files[0].ID), url.Values{"access": {"embargoed"}, "embargo_until": {"2099-01-01"}})
			return resp
		})},
		"POST /publications/{publication}/links": {editor, "link.create", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/publications/%d/links", p.ID), url.Values{"to": {"geo:country:MEX"}, "relation": {"about"}})
			return resp
		})},
		"POST /publications/{publication}/links/{link}/delete": {editor, "link.delete", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			in, _ := a.Publishing.NewLink(p.ID, "geo:country:FRA", links.About, "")
			l, err := a.Links.Add(context.Background(), in, links.Reader{Role: accounts.RoleAdmin})
			if err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Post(fmt.Sprintf("/publications/%d/links/%d/delete", p.ID, l.ID), nil)
			return resp
		})},
		"POST /publications/{publication}/delete": {editor, "publishing.publication.delete", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/publications/%d/delete", p.ID), nil)
			return resp
		})},
		"POST /series": {editor, "publishing.series.create", post("/series", url.Values{"title_en": {"New series"}, "issn": {"0028-0836"}})},
		"POST /series/{series}": {editor, "publishing.series.update", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			id := testSeries(t, a)
			s, _ := a.Publishing.Series(context.Background(), id)
			resp, _ := c.Post(fmt.Sprintf("/series/%d", id), url.Values{"title_en": {"Renamed series"}, "revision": {strconv.FormatInt(s.Revision, 10)}})
			return resp
		}},
		"POST /api/v1/publications": {editor, "publishing.publication.create", api("POST", "/api/v1/publications", metaJSON)},
		"PUT /api/v1/publications/{publication}": {editor, "publishing.publication.update", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.API("PUT", fmt.Sprintf("/api/v1/publications/%d", p.ID), fmt.Sprintf(`{"metadata":{"type":"report","titles":{"en":"Edited"},"date":"2025","language":"en"},"revision":%d}`, p.Revision))
			return resp
		})},
		"DELETE /api/v1/publications/{publication}": {editor, "publishing.publication.delete", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.API("DELETE", fmt.Sprintf("/api/v1/publications/%d", p.ID), "")
			return resp
		})},
		"POST /api/v1/publications/{publication}/versions": {editor, "publishing.publication.version", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/publications/%d/versions", p.ID), metaJSON)
			return resp
		})},
		"POST /api/v1/publications/{publication}/files": {editor, "publishing.file.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return uploadPDF(t, c, fmt.Sprintf("/api/v1/publications/%d/files", barePublication(t, a)), true)
		}},
		"POST /api/v1/publications/{publication}/links": {editor, "link.create", onPub(func(t *testing.T, a *testApp, c *webtest.Client, p *publishing.Publication) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/publications/%d/links", p.ID), `{"to":"data:corridor:MEX-USA","relation":"uses-data"}`)
			return resp
		})},
		"POST /api/v1/series": {editor, "publishing.series.create", api("POST", "/api/v1/series", `{"titles":{"en":"API series"}}`)},
	} {
		writeScenarios[k] = v
	}
}

func cloneForm(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// uploadPDF posts a small PDF as multipart "file" (with the CSRF header
// for the API, the form field for the page).
func uploadPDF(t *testing.T, c *webtest.Client, path string, api bool) *http.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if !api {
		mw.WriteField("csrf_token", c.CSRF)
	}
	mw.WriteField("access", "open")
	fw, _ := mw.CreateFormFile("file", "upload.pdf")
	fw.Write(publishing.SamplePDF("Uploaded"))
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if api {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	resp, _ := c.Do(req)
	return resp
}

// testSeries is a series the tests share.
func testSeries(t *testing.T, a *testApp) int64 {
	t.Helper()
	all, err := a.Publishing.AllSeries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) > 0 {
		return all[0].ID
	}
	s, err := a.Publishing.SaveSeries(context.Background(), publishing.Series{Titles: map[string]string{"en": "Test series"}, ISSN: "0028-0836", Publisher: "Corridor"})
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// throwawayPublication is a fresh publication with one open PDF, for
// routes that change or withdraw it.
func throwawayPublication(t *testing.T, a *testApp) *publishing.Publication {
	t.Helper()
	ctx := context.Background()
	id, err := a.Publishing.Create(ctx, publishing.Meta{Type: publishing.WorkingPaper, Titles: map[string]string{"en": "Throwaway"},
		Authors: []publishing.Author{{Family: "Nguyễn", Given: "Lan"}}, SeriesID: testSeries(t, a), Number: "1", Date: "2025-01-01", Language: "en"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Publishing.AddFile(ctx, id, publishing.NewFile{Name: "t.pdf", Body: bytes.NewReader(publishing.SamplePDF("Throwaway")), Access: publishing.Open}); err != nil {
		t.Fatal(err)
	}
	p, err := a.Publishing.Get(ctx, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// barePublication is a fresh publication without files (its creation
// leaves no file entry in the audit log).
func barePublication(t *testing.T, a *testApp) int64 {
	t.Helper()
	id, err := a.Publishing.Create(context.Background(), publishing.Meta{Type: publishing.Report, Titles: map[string]string{"en": "Bare"}, Date: "2025", Language: "en"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/community"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/links"
	"corridor/internal/mail"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the community domain
// (internal/community/commweb). People, partners, projects and
// opportunities are public; editing them needs community.edit (editors
// and admins), except a profile, which its account holder edits too;
// applying needs an account; applications are routes for any account
// whose handlers answer 404 to all but the applicant, the call's
// reviewers and admins (TestApplicationsArePrivate proves it).
func init() {
	pub, in, edit, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermEditCommunity, accounts.PermAdmin
	decide(map[string]accounts.Permission{
		"GET /community/assets/community.css": pub, "GET /people": pub, "GET /people/{person}": pub, "GET /people/{person}/photo": pub,
		"GET /partners": pub, "GET /projects": pub, "GET /projects/{project}": pub, "GET /opportunities": pub,
		"GET /opportunities/{opportunity}": pub, "GET /references": pub, "POST /references": pub,

		"GET /people/new": edit, "POST /people": edit, "GET /people/{person}/edit": in, "POST /people/{person}/edit": in,
		"POST /people/{person}/photo": in, "GET /partners/new": edit, "POST /partners": edit,
		"GET /partners/{partner}/agreements/new": edit, "POST /partners/{partner}/agreements": edit, "POST /agreements/{agreement}/delete": edit,
		"GET /projects/new": edit, "POST /projects": edit, "GET /projects/{project}/edit": edit, "POST /projects/{project}/edit": edit,
		"POST /projects/{project}/members": edit, "POST /projects/{project}/partners": edit, "POST /projects/{project}/outputs": edit,
		"GET /opportunities/new": edit, "POST /opportunities": edit, "POST /opportunities/{opportunity}/reviewers": edit,

		"GET /opportunities/{opportunity}/apply": in, "POST /opportunities/{opportunity}/apply": in,
		"GET /opportunities/{opportunity}/applications": in, "GET /applications": in, "GET /applications/{application}": in,
		"GET /applications/{application}/files/{doc}": in, "POST /applications/{application}/review": in,
		"POST /applications/{application}/shortlist": in, "POST /applications/{application}/decision": in,
		"POST /applications/{application}/delete": in,

		"GET /api/v1/community/people": pub, "GET /api/v1/community/people/{person}": pub,
		"GET /api/v1/community/projects/{project}": pub, "GET /api/v1/community/opportunities": pub,

		"GET /community/settings": admin, "POST /community/settings": admin,
	})
	rolesWith[edit] = []accounts.Role{accounts.RoleAdmin, accounts.RoleEditor}
	id := func(get func(f commFixture) int64) func(*testing.T, *testApp) string {
		return func(t *testing.T, a *testApp) string { return strconv.FormatInt(get(communityFixture(t, a)), 10) }
	}
	pathFillers["{person}"] = id(func(f commFixture) int64 { return f.person })
	pathFillers["{project}"] = id(func(f commFixture) int64 { return f.project })
	pathFillers["{partner}"] = id(func(f commFixture) int64 { return f.partner })
	pathFillers["{agreement}"] = id(func(f commFixture) int64 { return f.agreement })
	pathFillers["{opportunity}"] = id(func(f commFixture) int64 { return f.call })
	pathFillers["{application}"] = id(func(f commFixture) int64 { return f.application })
	pathFillers["{doc}"] = func(*testing.T, *testApp) string { return "cv" }

	editor, member, reviewer := accounts.RoleEditor, accounts.RoleMember, accounts.RoleReviewer
	on := func(do func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response) func(*testing.T, *testApp, *webtest.Client) *http.Response {
		return func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return do(t, a, c, communityFixture(t, a))
		}
	}
	for k, v := range map[string]writeScenario{
		"POST /people":             {editor, "community.person.create", post("/people", url.Values{"name": {"Scenario Person"}, "roles": {"researcher"}})},
		"POST /partners":           {editor, "community.partner.create", post("/partners", url.Values{"name": {"Scenario University"}, "kind": {"university"}, "ror": {"https://ror.org/01ggx4157"}})},
		"POST /projects":           {editor, "community.project.create", post("/projects", url.Values{"title": {"Scenario project"}, "starts": {"2025-01-01"}, "ends": {"2026-01-01"}})},
		"POST /opportunities":      {editor, "community.call.create", post("/opportunities", url.Values{"kind": {"job"}, "title": {"Scenario job"}, "deadline": {"2099-01-01"}, "criteria": {"Skills\nMotivation"}})},
		"POST /community/settings": {accounts.RoleAdmin, "community.settings.update", post("/community/settings", url.Values{"retention_days": {"90"}})},
		"POST /people/{person}/edit": {editor, "community.person.update", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/people/%d/edit", f.person), url.Values{"name": {"Fixture Person"}, "roles": {"staff"}})
			return resp
		})},
		"POST /people/{person}/photo": {editor, "community.person.photo", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			return postMultipart(t, c, fmt.Sprintf("/people/%d/photo", f.person), nil, map[string]commUpload{"photo": {"me.png", testPNG(t, 600, 400)}})
		})},
		"POST /projects/{project}/edit": {editor, "community.project.update", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/projects/%d/edit", f.project), url.Values{"title": {"Fixture project"}})
			return resp
		})},
		"POST /projects/{project}/members": {editor, "community.project.member", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/projects/%d/members", f.project), url.Values{"person": {strconv.FormatInt(f.person, 10)}, "role": {"researcher"}})
			return resp
		})},
		"POST /projects/{project}/partners": {editor, "community.project.partner", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/projects/%d/partners", f.project), url.Values{"partner": {strconv.FormatInt(f.partner, 10)}})
			return resp
		})},
		"POST /projects/{project}/outputs": {editor, "community.project.output", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			a.DB.Exec(`DELETE FROM links WHERE to_key = $1`, community.ProjectKey(f.project).String())
			resp, _ := c.Post(fmt.Sprintf("/projects/%d/outputs", f.project), url.Values{"output": {community.CallKey(f.call).String()}})
			return resp
		})},
		"POST /partners/{partner}/agreements": {editor, "community.agreement.create", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/partners/%d/agreements", f.partner), url.Values{"title": {"Scenario MoU"}, "kind": {"mou"}, "signed": {"2025-03-01"}, "from": {"2025-03-01"}, "until": {"2028-02-29"}})
			return resp
		})},
		"POST /agreements/{agreement}/delete": {editor, "community.agreement.delete", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			ag, err := a.Community.AddAgreement(context.Background(), community.Agreement{PartnerID: f.partner, Title: "Scenario to delete", Kind: "other"})
			if err != nil {
				t.Fatal(err)
			}
			resp, _ := c.Post(fmt.Sprintf("/agreements/%d/delete", ag.ID), nil)
			return resp
		})},
		"POST /opportunities/{opportunity}/reviewers": {editor, "community.call.reviewer", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/opportunities/%d/reviewers", f.call), url.Values{"email": {"reviewer@corridor.test"}})
			return resp
		})},
		"POST /opportunities/{opportunity}/apply": {member, "community.application.create", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			a.DB.Exec(`DELETE FROM community_applications WHERE user_id = $1`, a.Users[member].ID)
			return postMultipart(t, c, fmt.Sprintf("/opportunities/%d/apply", f.call), map[string]string{"name": "Sam", "email": "member@corridor.test"},
				map[string]commUpload{"cv": {"cv.pdf", realPDF(t)}, "letter": {"letter.pdf", realPDF(t)}})
		})},
		"POST /applications/{application}/review": {reviewer, "community.application.review", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/applications/%d/review", f.application), url.Values{"score0": {"4"}, "score1": {"3"}, "note": {"Strong."}})
			return resp
		})},
		"POST /applications/{application}/shortlist": {reviewer, "community.application.shortlist", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/applications/%d/shortlist", freshApplication(t, a, f, a.throwawayUser(t), "")), nil)
			return resp
		})},
		"POST /applications/{application}/decision": {reviewer, "community.application.decide", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/applications/%d/decision", freshApplication(t, a, f, a.throwawayUser(t), "")), url.Values{"decision": {"accepted"}})
			return resp
		})},
		"POST /applications/{application}/delete": {member, "community.application.delete", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			a.DB.Exec(`DELETE FROM community_applications WHERE user_id = $1`, a.Users[member].ID)
			resp, _ := c.Post(fmt.Sprintf("/applications/%d/delete", freshApplication(t, a, f, a.Users[member].ID, "")), nil)
			return resp
		})},
		"POST /references": {accounts.RoleAnonymous, "community.reference.upload", on(func(t *testing.T, a *testApp, c *webtest.Client, f commFixture) *http.Response {
			freshApplication(t, a, f, a.throwawayUser(t), "referee-scenario@example.org")
			token := referenceToken(t, a, "referee-scenario@example.org")
			c.Get("/references?token=" + token)
			return postMultipart(t, c, "/references", map[string]string{"token": token}, map[string]commUpload{"letter": {"reference.pdf", realPDF(t)}})
		})},
	} {
		writeScenarios[k] = v
	}
}

// commFixture is a person, a partner, a project, an open call (reviewed by
// reviewer@corridor.test) and an application to it by an account of its
// own.
type commFixture struct {
	person, partner, project, call, application, agreement int64
}

func communityFixture(t *testing.T, a *testApp) commFixture {
	t.Helper()
	ctx := context.Background()
	var f commFixture
	err := a.DB.QueryRow(`SELECT p.id, pa.id, pr.id, c.id FROM community_people p, community_partners pa, community_projects pr, community_calls c
		WHERE pa.name = 'Fixture Partner' AND c.title = 'Fixture call' AND pr.id = c.project_id ORDER BY p.id LIMIT 1`).Scan(&f.person, &f.partner, &f.project, &f.call)
	if err != nil {
		svc := a.Community
		p, err := svc.CreatePerson(ctx, community.Person{Name: "Fixture Person", Roles: []string{"staff"}})
		if err != nil {
			t.Fatal(err)
		}
		pa, err := svc.CreatePartner(ctx, community.Partner{Name: "Fixture Partner", Kind: "ngo"})
		if err != nil {
			t.Fatal(err)
		}
		pr, err := svc.CreateProject(ctx, community.Project{Title: "Fixture project"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.CreateCall(ctx, community.Call{Kind: "internship", Title: "Fixture call", Deadline: time.Now().Add(24 * time.Hour).Unix(), Criteria: []string{"Law", "Languages"}, ProjectID: pr.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.AddReviewer(ctx, c.ID, "reviewer@corridor.test"); err != nil {
			t.Fatal(err)
		}
		f = commFixture{person: p.ID, partner: pa.ID, project: pr.ID, call: c.ID}
	}
	if a.DB.QueryRow(`SELECT id FROM community_partner_agreements WHERE partner_id = $1 AND title = 'Fixture agreement'`, f.partner).Scan(&f.agreement) != nil {
		ag, err := a.Community.AddAgreement(ctx, community.Agreement{PartnerID: f.partner, Title: "Fixture agreement", Kind: "mou", Signed: "2024-01-15"})
		if err != nil {
			t.Fatal(err)
		}
		f.agreement = ag.ID
	}
	var applicant int64
	if a.DB.QueryRow(`SELECT id FROM users WHERE email = 'applicant-fixture@corridor.test'`).Scan(&applicant) != nil {
		if err := a.DB.QueryRow(`INSERT INTO users (email, name, password_hash, role, status, created_at, updated_at)
			VALUES ('applicant-fixture@corridor.test', 'Applicant', 'x', 'member', 'active', 0, 0) RETURNING id`).Scan(&applicant); err != nil {
			t.Fatal(err)
		}
	}
	if a.DB.QueryRow(`SELECT id FROM community_applications WHERE call_id = $1 AND user_id = $2`, f.call, applicant).Scan(&f.application) != nil {
		f.application = freshApplication(t, a, f, applicant, "")
	}
	return f
}

// freshApplication applies to the fixture call as user, with a referee
// when referee is not "".
func freshApplication(t *testing.T, a *testApp, f commFixture, user int64, referee string) int64 {
	t.Helper()
	in := community.NewApplication{CallID: f.call, UserID: user, Name: "Applicant " + strconv.FormatInt(user, 10), Email: fmt.Sprintf("applicant%d@example.org", user), Lang: "fr",
		CV: community.Doc{Name: "cv.pdf", Body: realPDF(t)}, Letter: community.Doc{Name: "letter.pdf", Body: realPDF(t)}}
	if referee != "" {
		in.Referees = []community.Referee{{Name: "Dr Referee", Email: referee}}
	}
	app, err := a.Community.Apply(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return app.ID
}

var referenceLink = regexp.MustCompile(`/references\?token=([0-9a-f]+)`)

// referenceToken is the token of the latest reference request mailed to
// email.
func referenceToken(t *testing.T, a *testApp, email string) string {
	t.Helper()
	msgs, err := mail.List(context.Background(), a.DB, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.To == email {
			if s := referenceLink.FindStringSubmatch(m.Body); s != nil {
				return s[1]
			}
		}
	}
	t.Fatalf("no reference request mailed to %s", email)
	return ""
}

// realPDF is a PDF a real browser printed (Chromium's Skia writer).
func realPDF(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../docfile/testdata/chromium-skia.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type commUpload struct {
	name string
	body []byte
}

// postMultipart submits a form with files, as a browser's upload form.
func postMultipart(t *testing.T, c *webtest.Client, path string, fields map[string]string, files map[string]commUpload) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, f := range files {
		fw, _ := mw.CreateFormFile(field, f.name)
		fw.Write(f.body)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := c.Do(req)
	return resp
}

// TestApplicationsArePrivate: an application is seen by its applicant
// (status only), the call's reviewers and admins; another member, an
// editor who does not review the call and the public get nothing.
func TestApplicationsArePrivate(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			f := communityFixture(t, a)
			var applicant int64
			a.DB.QueryRow(`SELECT user_id FROM community_applications WHERE id = $1`, f.application).Scan(&applicant)
			app := fmt.Sprintf("/applications/%d", f.application)
			paths := []string{app, app + "/files/cv", app + "/files/letter", fmt.Sprintf("/opportunities/%d/applications", f.call)}
			for _, role := range []accounts.Role{accounts.RoleMember, accounts.RoleEditor, accounts.RoleTrainer} {
				c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[role])
				for _, p := range paths {
					if resp, body := c.Get(p); resp.StatusCode != http.StatusNotFound || strings.Contains(body, "applicant") {
						t.Errorf("%s as %s: got %d, want 404", p, role, resp.StatusCode)
					}
				}
				for _, w := range []string{"/review", "/shortlist", "/decision", "/delete"} {
					if resp, _ := c.Post(app+w, url.Values{"decision": {"accepted"}, "score0": {"5"}, "score1": {"5"}}); resp.StatusCode != http.StatusNotFound {
						t.Errorf("POST %s%s as %s: got %d, want 404", app, w, role, resp.StatusCode)
					}
				}
			}
			pubc := webtest.NewClient(t, a.URL)
			for _, p := range paths {
				if resp, _ := pubc.Get(p); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
					t.Errorf("%s as the public: got %d, want the login page", p, resp.StatusCode)
				}
			}
			var status string
			a.DB.QueryRow(`SELECT status FROM community_applications WHERE id = $1`, f.application).Scan(&status)
			if status != community.Submitted {
				t.Errorf("a refused request changed the application to %q", status)
			}
			for _, role := range []accounts.Role{accounts.RoleReviewer, accounts.RoleAdmin} {
				c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[role])
				if resp, body := c.Get(app); resp.StatusCode != http.StatusOK || !strings.Contains(body, "applicant") || !strings.Contains(body, "/files/cv") {
					t.Errorf("%s as %s: got %d without the applicant's details", app, role, resp.StatusCode)
				}
				if resp, body := c.Get(app + "/files/cv"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF-") {
					t.Errorf("the CV as %s: got %d", role, resp.StatusCode)
				}
			}
			// The applicant sees the status, not the reviewers' side.
			own, err := a.Accounts.ByID(context.Background(), applicant)
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.SignedIn(t, a.URL, a.Accounts, own)
			resp, body := c.Get(app)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "/files/cv") || strings.Contains(body, "/review") {
				t.Errorf("the applicant's view: %d, reviewers' controls shown=%v", resp.StatusCode, strings.Contains(body, "/review"))
			}
		})
	}
}

// TestCommunityAPIProjectOutputs: the project API lists what was linked to
// the project as its output, resolved, and the person API what links to
// the person.
func TestCommunityAPIProjectOutputs(t *testing.T) {
	a := openTestApp(t, db.SQLite)
	f := communityFixture(t, a)
	ctx := context.Background()
	editor := links.Reader{Role: accounts.RoleEditor}
	if err := a.Community.AddOutput(ctx, f.project, community.CallKey(f.call).String(), editor); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Links.Add(ctx, links.NewLink{From: community.CallKey(f.call).String(), To: community.PersonKey(f.person).String(), Relation: links.ProducedBy}, editor); err != nil {
		t.Fatal(err)
	}
	c := webtest.NewClient(t, a.URL)
	var p struct {
		Title   string `json:"title"`
		Outputs []struct {
			Key   string `json:"key"`
			Title string `json:"title"`
			URL   string `json:"url"`
		} `json:"outputs"`
	}
	resp, body := c.Get(fmt.Sprintf("/api/v1/community/projects/%d", f.project))
	if err := json.Unmarshal([]byte(body), &p); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %v %s", resp.StatusCode, err, body)
	}
	if len(p.Outputs) != 1 || p.Outputs[0].Key != community.CallKey(f.call).String() || p.Outputs[0].Title != "Fixture call" {
		t.Errorf("outputs = %+v", p.Outputs)
	}
	_, body = c.Get(fmt.Sprintf("/api/v1/community/people/%d", f.person))
	if !strings.Contains(body, `"Fixture call"`) || !strings.Contains(body, `"produced-by"`) {
		t.Errorf("the person's links: %s", body)
	}
	if resp, _ := c.Get("/api/v1/community/people/99999"); resp.StatusCode != 404 {
		t.Errorf("a missing person: %d", resp.StatusCode)
	}
}

// TestProfileOwnerEdits: the account a profile belongs to edits its texts
// but not its roles; another member cannot open the form.
func TestProfileOwnerEdits(t *testing.T) {
	a := openTestApp(t, db.SQLite)
	ctx := context.Background()
	p, err := a.Community.CreatePerson(ctx, community.Person{Name: "Sam Okafor", Roles: []string{"student"}, UserID: a.Users[accounts.RoleMember].ID})
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/people/%d/edit", p.ID)
	other := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
	if resp, _ := other.Get(path); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another account opened the form: %d", resp.StatusCode)
	}
	if resp, _ := other.Post(path, url.Values{"name": {"Hijacked"}, "roles": {"student"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("another account edited the profile: %d", resp.StatusCode)
	}
	own := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
	own.Get(path)
	if resp, body := own.Post(path, url.Values{"name": {"Sam Okafor"}, "bio_en": {"I study smuggling routes."}, "roles": {"staff"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the owner's edit: %d %.300s", resp.StatusCode, body)
	}
	got, _ := a.Community.Person(ctx, p.ID)
	if got.Bio["en"] != "I study smuggling routes." || len(got.Roles) != 1 || got.Roles[0] != "student" || got.UserID != p.UserID {
		t.Errorf("after the owner's edit: %+v", got)
	}
}

// TestRetentionJobScheduled: serving queues the retention sweep once, and
// its handler deletes an application decided longer ago than the period
// an admin set, then queues the next run.
func TestRetentionJobScheduled(t *testing.T) {
	a := openTestApp(t, db.SQLite)
	ctx := context.Background()
	count := func() int {
		var n int
		a.DB.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = $1 AND status = 'queued'`, community.RetentionJob).Scan(&n)
		return n
	}
	if n := count(); n != 1 {
		t.Fatalf("%d retention jobs queued at start, want 1", n)
	}
	f := communityFixture(t, a)
	id := freshApplication(t, a, f, a.throwawayUser(t), "")
	if err := a.Community.Decide(ctx, id, community.Rejected); err != nil {
		t.Fatal(err)
	}
	if err := a.Community.SetRetentionDays(ctx, 1); err != nil {
		t.Fatal(err)
	}
	a.DB.Exec(`UPDATE community_applications SET decided_at = decided_at - 2 * 86400 WHERE id = $1`, id)
	a.DB.Exec(`DELETE FROM jobs WHERE kind = $1`, community.RetentionJob)
	if err := a.Community.SweepHandler(time.Hour)(ctx, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Community.Application(ctx, id); err != community.ErrNotFound {
		t.Errorf("the application past retention was kept: %v", err)
	}
	if _, err := a.Community.Application(ctx, f.application); err != nil {
		t.Errorf("an undecided application was deleted: %v", err)
	}
	if n := count(); n != 1 {
		t.Errorf("%d retention jobs queued after a run, want the next one", n)
	}
}

package app

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/docfile"
	"corridor/internal/review"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// Decisions and audit scenarios of the review engine
// (internal/review/reviewweb). Calls are public; submitting and reviewing
// need an account (whether it is the submitter or the assigned reviewer is
// the service's check, answered 404 otherwise); calls, assignments,
// decisions and templates need review.manage.
func init() {
	pub, in, manage := accounts.PermPublic, accounts.PermSignedIn, accounts.PermManageReview
	rolesWith[manage] = []accounts.Role{accounts.RoleAdmin, accounts.RoleEditor}
	decide(map[string]accounts.Permission{
		"GET /review/assets/review.css": pub, "GET /calls": pub, "GET /calls/feed.atom": pub, "GET /calls/new": manage, "POST /calls": manage,
		"GET /calls/{call}": pub, "GET /calls/{call}/submit": in, "POST /calls/{call}/submit": in,
		"GET /submissions": in, "GET /submissions/{sub}": in, "POST /submissions/{sub}/files": in, "GET /submissions/{sub}/files/{file}": in,
		"POST /submissions/{sub}/declare": in, "POST /submissions/{sub}/resubmit": in, "POST /submissions/{sub}/messages": in,
		"POST /submissions/{sub}/reviewers": manage, "POST /submissions/{sub}/decision": manage,
		"GET /reviews": in, "GET /reviews/{review}": in, "POST /reviews/{review}": in, "POST /reviews/{review}/respond": in,
		"POST /reviews/{review}/messages": in, "GET /reviews/{review}/files/{file}": in, "POST /reviews/acknowledge": in,
		"GET /review/manage": manage, "GET /review/reviewers": manage, "GET /review/templates": manage, "POST /review/templates": manage,
		"GET /review/thanks/{year}": pub,

		"GET /api/v1/calls": pub, "POST /api/v1/calls": manage, "GET /api/v1/calls/{call}": pub,
		"GET /api/v1/submissions": in, "POST /api/v1/submissions": in, "GET /api/v1/submissions/{sub}": in,
		"POST /api/v1/submissions/{sub}/files": in, "POST /api/v1/submissions/{sub}/reviewers": manage,
		"POST /api/v1/submissions/{sub}/decision": manage, "POST /api/v1/submissions/{sub}/resubmit": in,
		"POST /api/v1/submissions/{sub}/messages": in,
		"GET /api/v1/reviews":                     in, "GET /api/v1/reviews/{review}": in, "POST /api/v1/reviews/{review}": in,
		"POST /api/v1/reviews/{review}/respond": in, "POST /api/v1/reviews/{review}/messages": in,
	})
	pathFillers["{call}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(reviewFixtureOf(t, a).call, 10) }
	pathFillers["{sub}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(reviewFixtureOf(t, a).sub, 10) }
	pathFillers["{file}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(reviewFixtureOf(t, a).file, 10) }
	pathFillers["{review}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(reviewFixtureOf(t, a).review, 10) }
	pathFillers["{year}"] = func(*testing.T, *testApp) string { return strconv.Itoa(time.Now().Year()) }

	editor, member, reviewer := accounts.RoleEditor, accounts.RoleMember, accounts.RoleReviewer
	today, later := time.Now().UTC().Format("2006-01-02"), time.Now().UTC().AddDate(0, 0, 20).Format("2006-01-02")
	for k, v := range map[string]writeScenario{
		"POST /calls": {editor, "review.call.create", post("/calls", url.Values{"title": {"Scenario call"}, "opens": {today}, "closes": {later}, "review_mode": {"double"}})},
		"POST /calls/{call}/submit": {member, "review.submission.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/calls/%d/submit", reviewFixtureOf(t, a).call), url.Values{"title": {"Scenario paper"}, "author_name_0": {"A. Author"},
				"originality": {"1"}, "ethics": {"1"}})
			return resp
		}},
		"POST /submissions/{sub}/files": {member, "review.file.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return upload(t, c, fmt.Sprintf("/submissions/%d/files", freshSubmission(t, a)), "paper.pdf", testPDF)
		}},
		"POST /api/v1/submissions/{sub}/files": {member, "review.file.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			return upload(t, c, fmt.Sprintf("/api/v1/submissions/%d/files", freshSubmission(t, a)), "paper.pdf", testPDF)
		}},
		"POST /submissions/{sub}/declare": {member, "review.submission.declare", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/submissions/%d/declare", reviewFixtureOf(t, a).sub), url.Values{"originality": {"1"}, "ethics": {"1"}})
			return resp
		}},
		"POST /submissions/{sub}/resubmit": {member, "review.submission.resubmit", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/submissions/%d/resubmit", revisionsRequested(t, a)), url.Values{"note": {"Done."}})
			return resp
		}},
		"POST /api/v1/submissions/{sub}/resubmit": {member, "review.submission.resubmit", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/submissions/%d/resubmit", revisionsRequested(t, a)), `{"note":"Done."}`)
			return resp
		}},
		"POST /submissions/{sub}/messages": {member, "review.message.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/submissions/%d/messages", reviewFixtureOf(t, a).sub), url.Values{"body": {"A question."}})
			return resp
		}},
		"POST /api/v1/submissions/{sub}/messages": {editor, "review.message.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/submissions/%d/messages", reviewFixtureOf(t, a).sub), `{"body":"An answer."}`)
			return resp
		}},
		"POST /submissions/{sub}/reviewers": {editor, "review.assignment.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/submissions/%d/reviewers", freshSubmission(t, a)), url.Values{"reviewer": {"reviewer@corridor.test"}, "due": {later}})
			return resp
		}},
		"POST /api/v1/submissions/{sub}/reviewers": {editor, "review.assignment.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/submissions/%d/reviewers", freshSubmission(t, a)), `{"reviewer":"reviewer@corridor.test","due":"`+later+`"}`)
			return resp
		}},
		"POST /submissions/{sub}/decision": {editor, "review.decision.desk_reject", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/submissions/%d/decision", freshSubmission(t, a)), url.Values{"decision": {"desk_reject"}})
			return resp
		}},
		"POST /api/v1/submissions/{sub}/decision": {editor, "review.decision.desk_reject", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/submissions/%d/decision", freshSubmission(t, a)), `{"decision":"desk_reject"}`)
			return resp
		}},
		"POST /reviews/{review}": {reviewer, "review.assignment.complete", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/reviews/%d", freshAssignment(t, a)), url.Values{"recommendation": {"accept"}})
			return resp
		}},
		"POST /api/v1/reviews/{review}": {reviewer, "review.assignment.complete", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/reviews/%d", freshAssignment(t, a)), `{"recommendation":"decline","comments_for_author":"Out of scope.","comments_for_editor":""}`)
			return resp
		}},
		"POST /reviews/{review}/respond": {reviewer, "review.assignment.accepted", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/reviews/%d/respond", freshAssignment(t, a)), url.Values{"answer": {"accept"}})
			return resp
		}},
		"POST /api/v1/reviews/{review}/respond": {reviewer, "review.assignment.declined", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/reviews/%d/respond", freshAssignment(t, a)), `{"answer":"decline"}`)
			return resp
		}},
		"POST /reviews/{review}/messages": {reviewer, "review.message.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.Post(fmt.Sprintf("/reviews/%d/messages", reviewFixtureOf(t, a).review), url.Values{"body": {"A question for the editors."}})
			return resp
		}},
		"POST /api/v1/reviews/{review}/messages": {reviewer, "review.message.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", fmt.Sprintf("/api/v1/reviews/%d/messages", reviewFixtureOf(t, a).review), `{"body":"Another question."}`)
			return resp
		}},
		"POST /reviews/acknowledge": {reviewer, "review.acknowledge.set", post("/reviews/acknowledge", url.Values{"acknowledge": {"1"}})},
		"POST /review/templates":    {editor, "review.template.set", post("/review/templates", url.Values{"name": {"reminder"}, "lang": {"fr"}, "subject": {"Rappel : {{.Title}}"}, "body": {"À rendre le {{.Due}} : {{.Link}}"}})},
		"POST /api/v1/calls":        {editor, "review.call.create", api("POST", "/api/v1/calls", `{"title":"API call","scope":"Scope","opens":"`+today+`","closes":"`+later+`","review_mode":"triple"}`)},
		"POST /api/v1/submissions": {member, "review.submission.create", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
			resp, _ := c.API("POST", "/api/v1/submissions", fmt.Sprintf(`{"call":%d,"title":"API paper","abstract":"Abstract","authors":[{"name":"B. Author","email":"b@example.org","orcid":"","affiliation":"Somewhere"}]}`, reviewFixtureOf(t, a).call))
			return resp
		}},
	} {
		writeScenarios[k] = v
	}
	// Until the PDF cleaner is built, tests clean review copies with a
	// stand-in that drops the document information dictionary's Author.
	if _, err := docfile.StripMetadata([]byte(testPDF)); err != nil {
		ReviewStrip = func(b []byte) ([]byte, error) {
			return bytes.ReplaceAll(b, []byte("/Author(Zanele Okonkwo-Hartmann)"), nil), nil
		}
	}
}

// testPDF is a whole one-page PDF whose information dictionary names its
// author, as a word processor's export would.
var testPDF = testutil.PDF("Zanele Okonkwo-Hartmann", "Borders and remittances: a manuscript")

// reviewFixture is a double-anonymous call with one submission by the
// member, its file, and an assignment of the reviewer.
type reviewFixture struct{ call, sub, file, review int64 }

var reviewFixtures = map[*testApp]*reviewFixture{}

func actorOf(a *testApp, role accounts.Role) review.Actor {
	u := a.Users[role]
	return review.Actor{UserID: u.ID, Name: u.Name, Editor: accounts.Can(role, accounts.PermManageReview), SeeAuthors: role == accounts.RoleAdmin}
}

// fixtureCtx labels the fixtures' audit entries so that they sort before
// any account's in the audit scenarios' check.
var fixtureCtx = audit.WithActor(context.Background(), audit.Actor{Label: "(test fixture)"})

func reviewFixtureOf(t *testing.T, a *testApp) *reviewFixture {
	t.Helper()
	if f := reviewFixtures[a]; f != nil {
		return f
	}
	ctx := fixtureCtx
	day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format("2006-01-02") }
	c, err := a.Review.CreateCall(ctx, actorOf(a, accounts.RoleEditor), review.NewCall{Title: "Migrant smuggling", Scope: "Routes, prices, protection.",
		Target: "publishing:series:1", Opens: day(-1), Closes: day(30), Mode: review.ModeDouble})
	if err != nil {
		t.Fatal(err)
	}
	f := &reviewFixture{call: c.ID}
	f.sub = freshSubmission(t, a)
	file, err := a.Review.AddFile(ctx, actorOf(a, accounts.RoleMember), f.sub, "Okonkwo-Hartmann_smuggling_final.pdf", strings.NewReader(testPDF))
	if err != nil {
		t.Fatal(err)
	}
	f.file = file.ID
	as, err := a.Review.AssignReviewer(ctx, actorOf(a, accounts.RoleEditor), f.sub, "reviewer@corridor.test", day(14))
	if err != nil {
		t.Fatal(err)
	}
	f.review = as.ID
	reviewFixtures[a] = f
	t.Cleanup(func() { delete(reviewFixtures, a) })
	return f
}

// The author's identity, which no reviewer may ever see.
var hiddenAuthor = review.Author{Name: "Zanele Okonkwo-Hartmann", Email: "zanele.okonkwo@hidden-univ.test", ORCID: "0000-0002-1825-0097", Affiliation: "Institute of Hidden Affiliation Studies"}

// freshSubmission files a new submission by the member to the fixture's call.
func freshSubmission(t *testing.T, a *testApp) int64 {
	t.Helper()
	f := reviewFixtures[a]
	var call int64
	if f != nil {
		call = f.call
	} else {
		var err error
		if err = a.DB.QueryRow(`SELECT MAX(id) FROM review_calls`).Scan(&call); err != nil {
			t.Fatal(err)
		}
	}
	s, err := a.Review.Submit(fixtureCtx, actorOf(a, accounts.RoleMember), review.NewSubmission{CallID: call, Title: "Smuggling networks across the Sahel",
		Abstract: "Prices and protection along three routes.", Authors: []review.Author{hiddenAuthor}, Originality: true, Ethics: true})
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// freshAssignment invites the reviewer to a new submission.
func freshAssignment(t *testing.T, a *testApp) int64 {
	t.Helper()
	reviewFixtureOf(t, a)
	sub := freshSubmission(t, a)
	as, err := a.Review.AssignReviewer(fixtureCtx, actorOf(a, accounts.RoleEditor), sub, "reviewer@corridor.test", time.Now().UTC().AddDate(0, 0, 7).Format("2006-01-02"))
	if err != nil {
		t.Fatal(err)
	}
	return as.ID
}

// revisionsRequested returns a new submission the editors asked to revise.
func revisionsRequested(t *testing.T, a *testApp) int64 {
	t.Helper()
	id := freshAssignment(t, a)
	var sub int64
	a.DB.QueryRow(`SELECT submission_id FROM review_assignments WHERE id = $1`, id).Scan(&sub)
	if _, err := a.Review.Decide(fixtureCtx, actorOf(a, accounts.RoleEditor), sub, "revisions", "Please revise.", 0); err != nil {
		t.Fatal(err)
	}
	return sub
}

// upload posts a file as multipart form data, as the browser's form does.
func upload(t *testing.T, c *webtest.Client, path, name, content string) *http.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", c.CSRF)
	resp, _ := c.Do(req)
	return resp
}

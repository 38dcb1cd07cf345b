package app

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	goical "github.com/arran4/golang-ical"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

func decodeJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
}

// TestReviewAPIFixedShapes drives the workflow through the JSON API with
// the shapes scripts outside the test suite use, and the bad input the
// issue lists.
func TestReviewAPIFixedShapes(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ed := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
			au := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
			rv := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleReviewer])
			day := func(n int) string { return time.Now().UTC().AddDate(0, 0, n).Format("2006-01-02") }

			resp, body := ed.API("POST", "/api/v1/calls", `{"title":"Smuggling, routes; prices","scope":"Papers","opens":"`+day(-1)+`","closes":"`+day(10)+`","review_mode":"double"}`)
			var call struct{ ID int64 }
			decodeJSON(t, body, &call)
			if resp.StatusCode != 201 || call.ID == 0 {
				t.Fatalf("create call: %d %s", resp.StatusCode, body)
			}
			resp, body = ed.API("POST", "/api/v1/calls", `{"title":"Closed","scope":"","opens":"`+day(-20)+`","closes":"`+day(-1)+`","review_mode":"open"}`)
			var closed struct{ ID int64 }
			decodeJSON(t, body, &closed)

			subBody := `{"call":%d,"title":"Routes","abstract":"A.","authors":[{"name":"Zanele Okonkwo-Hartmann","email":"z@hidden-univ.test","orcid":"0000-0002-1825-0097","affiliation":"Hidden"}]}`
			resp, body = au.API("POST", "/api/v1/submissions", fmt.Sprintf(subBody, closed.ID))
			if resp.StatusCode != 422 || !strings.Contains(body, `"call"`) || !strings.Contains(body, "deadline") {
				t.Errorf("submission after the deadline: %d %s", resp.StatusCode, body)
			}
			resp, body = au.API("POST", "/api/v1/submissions", fmt.Sprintf(subBody, call.ID))
			var sub struct{ ID int64 }
			decodeJSON(t, body, &sub)
			if resp.StatusCode != 201 || sub.ID == 0 {
				t.Fatalf("submit: %d %s", resp.StatusCode, body)
			}
			for name, content := range map[string]string{"empty.pdf": "", "fake.pdf": "GIF89a not a pdf"} {
				r := upload(t, au, fmt.Sprintf("/api/v1/submissions/%d/files", sub.ID), name, content)
				if r.StatusCode != 422 {
					t.Errorf("%s: %d, want 422", name, r.StatusCode)
				}
			}
			if r := upload(t, au, fmt.Sprintf("/api/v1/submissions/%d/files", sub.ID), "paper.pdf", testPDF); r.StatusCode != 201 {
				t.Fatalf("upload: %d", r.StatusCode)
			}
			resp, body = ed.API("POST", fmt.Sprintf("/api/v1/submissions/%d/reviewers", sub.ID), `{"reviewer":"reviewer@corridor.test","due":"`+day(14)+`"}`)
			if resp.StatusCode != 201 {
				t.Fatalf("assign: %d %s", resp.StatusCode, body)
			}
			resp, body = ed.API("POST", fmt.Sprintf("/api/v1/submissions/%d/reviewers", sub.ID), `{"reviewer":"nobody@corridor.test","due":"`+day(14)+`"}`)
			if resp.StatusCode != 422 || !strings.Contains(body, "reviewer") {
				t.Errorf("assigning an unknown e-mail: %d %s", resp.StatusCode, body)
			}
			_, body = rv.Get("/api/v1/reviews")
			var reviews struct {
				Items []struct {
					Review     struct{ ID int64 }
					Submission struct{ Title string }
					Files      []struct{ URL string }
					Links      map[string]string
				}
			}
			decodeJSON(t, body, &reviews)
			if len(reviews.Items) != 1 || reviews.Items[0].Submission.Title != "Routes" || len(reviews.Items[0].Files) != 1 || reviews.Items[0].Links["self"] == "" {
				t.Fatalf("reviews: %s", body)
			}
			rid := reviews.Items[0].Review.ID
			if r, _ := rv.Get("/reviews"); r.StatusCode != 200 {
				t.Errorf("GET /reviews: %d", r.StatusCode)
			}
			resp, body = rv.API("POST", fmt.Sprintf("/api/v1/reviews/%d", rid), `{"recommendation":"minor_revisions","comments_for_author":"Tighten section 2.","comments_for_editor":"Good."}`)
			if resp.StatusCode != 200 {
				t.Fatalf("review: %d %s", resp.StatusCode, body)
			}
			resp, body = ed.API("POST", fmt.Sprintf("/api/v1/submissions/%d/decision", sub.ID), `{"decision":"revisions"}`)
			if resp.StatusCode != 200 || !strings.Contains(body, `"revisions_requested"`) {
				t.Fatalf("decision: %d %s", resp.StatusCode, body)
			}
			resp, body = ed.API("POST", fmt.Sprintf("/api/v1/submissions/%d/decision", sub.ID), `{"decision":"revisions"}`)
			if resp.StatusCode != 409 {
				t.Errorf("the same decision again: %d %s, want 409", resp.StatusCode, body)
			}
			resp, body = au.API("POST", fmt.Sprintf("/api/v1/submissions/%d/resubmit", sub.ID), `{"note":"Done."}`)
			if resp.StatusCode != 200 {
				t.Fatalf("resubmit: %d %s", resp.StatusCode, body)
			}
			resp, body = ed.API("POST", fmt.Sprintf("/api/v1/submissions/%d/decision", sub.ID), `{"decision":"accept"}`)
			if resp.StatusCode != 200 || !strings.Contains(body, `"copyediting"`) {
				t.Fatalf("accept: %d %s", resp.StatusCode, body)
			}

			// The call's closing date in iCalendar, read by golang-ical.
			resp, body = au.Get(fmt.Sprintf("/calls/%d.ics", call.ID))
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
				t.Errorf("ics type %q", resp.Header.Get("Content-Type"))
			}
			cal, err := goical.ParseCalendar(strings.NewReader(body))
			if err != nil || len(cal.Events()) != 1 {
				t.Fatalf("ics: %v %s", err, body)
			}
			ev := cal.Events()[0]
			end, _ := ev.GetAllDayEndAt()
			if ev.Id() != fmt.Sprintf("call-%d-closes@corridor.test", call.ID) || !strings.Contains(ev.GetProperty(goical.ComponentPropertySummary).Value, "Smuggling, routes; prices") ||
				end.Format("2006-01-02") != time.Now().UTC().AddDate(0, 0, 11).Format("2006-01-02") {
				t.Errorf("ics event: %s", body)
			}
			// The Atom feed lists the open call, not the closed one.
			resp, body = au.Get("/calls/feed.atom")
			var feed struct {
				Entries []struct {
					Title string `xml:"title"`
					ID    string `xml:"id"`
				} `xml:"entry"`
			}
			if err := xml.NewDecoder(bytes.NewReader([]byte(body))).Decode(&feed); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("feed: %v %s", err, body)
			}
			if len(feed.Entries) != 1 || feed.Entries[0].Title != "Smuggling, routes; prices" {
				t.Errorf("feed entries: %+v", feed.Entries)
			}
		})
	}
}

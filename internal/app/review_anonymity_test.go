package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db/dbtest"
	"corridor/internal/mail"
	"corridor/internal/web/webtest"
)

// leaks are what identifies the authors of the fixture's submission: the
// author's name, e-mail, ORCID and affiliation, the submitter's account,
// and the uploaded file's name.
var leaks = []string{"Okonkwo", "Zanele", "hidden-univ", "zanele.okonkwo", "0000-0001-5109-3700", "Hidden Affiliation",
	"User member", "member@corridor.test", "Okonkwo-Hartmann_smuggling_final"}

func leaked(s string) []string {
	var out []string
	low := strings.ToLower(s)
	for _, l := range leaks {
		if strings.Contains(low, strings.ToLower(l)) {
			out = append(out, l)
		}
	}
	return out
}

// TestReviewerSeesNoAuthor walks every route a reviewer may call under
// double-anonymous review — each page, API answer, file and its name,
// discussion and e-mail sent to them — and finds no trace of who wrote
// the paper; and checks a reviewer cannot open another reviewer's
// assignment, nor the submission, nor an author a review.
func TestReviewerSeesNoAuthor(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			f := reviewFixtureOf(t, a)
			ctx := fixtureCtx
			editor, author := actorOf(a, accounts.RoleEditor), actorOf(a, accounts.RoleMember)
			// A second reviewer, whose thread and assignment stay theirs.
			other, err := a.Review.AssignReviewer(ctx, editor, f.sub, "data_curator@corridor.test", time.Now().UTC().AddDate(0, 0, 9).Format("2006-01-02"))
			if err != nil {
				t.Fatal(err)
			}
			must(t, a.Review.PostAsAuthor(ctx, author, f.sub, "Zanele Okonkwo-Hartmann here: see my ORCID 0000-0001-5109-3700."))
			must(t, a.Review.PostAsEditor(ctx, editor, f.sub, 0, "Dear Zanele, thank you."))
			must(t, a.Review.PostAsEditor(ctx, editor, f.sub, f.review, "Please look at section 3."))
			must(t, a.Review.PostAsEditor(ctx, editor, f.sub, other.ID, "Only for the other reviewer: the author is at Hidden Affiliation."))
			// A reminder, then an overdue notice, through the sweep.
			a.DB.Exec(`UPDATE review_assignments SET due = $1 WHERE id = $2`, time.Now().UTC().Format("2006-01-02"), f.review)
			if r, _, err := a.Review.Sweep(context.Background()); err != nil || r == 0 {
				t.Fatalf("sweep: %d reminders, %v", r, err)
			}
			a.DB.Exec(`UPDATE review_assignments SET due = $1 WHERE id = $2`, time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02"), f.review)
			if _, o, err := a.Review.Sweep(context.Background()); err != nil || o == 0 {
				t.Fatalf("sweep: %d overdue notices, %v", o, err)
			}

			c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleReviewer])
			check := func(what string, resp *http.Response, body string) {
				t.Helper()
				if resp.StatusCode >= 500 {
					t.Errorf("%s: %d", what, resp.StatusCode)
				}
				var hdr strings.Builder
				resp.Header.Write(&hdr)
				if l := leaked(body + hdr.String()); l != nil {
					t.Errorf("%s (%d) shows the reviewer %v", what, resp.StatusCode, l)
				}
			}
			fill := func(p string) string {
				return strings.NewReplacer("{review}", fmt.Sprint(f.review), "{sub}", fmt.Sprint(f.sub), "{file}", fmt.Sprint(f.file),
					"{call}", fmt.Sprint(f.call), "{year}", fmt.Sprint(time.Now().Year()), "{$}", "").Replace(p)
			}
			forms := url.Values{"recommendation": {"minor_revisions"}, "comments_for_author": {"Clear and useful."}, "comments_for_editor": {"Fine."},
				"answer": {"accept"}, "body": {"A question."}, "acknowledge": {"1"}}
			apiBody := `{"recommendation":"minor_revisions","comments_for_author":"Clear.","comments_for_editor":"Fine.","answer":"accept","body":"Q"}`
			walked := 0
			walk := func(methods string) {
				for _, rt := range a.routes() {
					if !accounts.Can(accounts.RoleReviewer, rt.Perm) || !strings.Contains(methods, rt.Method) || rt.Pattern == "/logout" {
						continue
					}
					walked++
					path := fill(rt.Pattern)
					var resp *http.Response
					var body string
					switch {
					case rt.Method == "GET":
						resp, body = c.Get(path)
					case rt.API:
						resp, body = c.API(rt.Method, path, apiBody)
					case strings.HasSuffix(rt.Pattern, "/files"):
						resp = upload(t, c, path, "x.pdf", testPDF)
					default:
						resp, body = c.Post(path, forms)
						if loc := resp.Header.Get("Location"); loc != "" && strings.HasPrefix(loc, "/") {
							r2, b2 := c.Get(loc)
							check(rt.Key()+" → "+loc, r2, b2)
						}
					}
					check(rt.Key(), resp, body)
				}
			}
			walk("GET")
			walk("POST PUT PATCH DELETE")
			walk("GET") // again, with the review sent
			if walked < 30 {
				t.Errorf("walked only %d routes", walked)
			}

			// Every file link the reviewer's view gives.
			_, body := c.Get("/api/v1/reviews")
			var list struct {
				Items []struct {
					Files []struct{ URL, Label string }
				}
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Items) == 0 {
				t.Fatalf("reviews: %v %s", err, body)
			}
			files := 0
			for _, it := range list.Items {
				for _, fl := range it.Files {
					resp, content := c.Get(fl.URL)
					if resp.StatusCode != 200 {
						t.Errorf("%s: %d", fl.URL, resp.StatusCode)
					}
					check(fl.URL, resp, content)
					files++
				}
			}
			if files == 0 {
				t.Error("the reviewer got no file to check")
			}

			// Every e-mail sent to the reviewer.
			msgs, err := mail.List(context.Background(), a.DB, 0, 500)
			if err != nil {
				t.Fatal(err)
			}
			sent := 0
			for _, m := range msgs {
				if m.To == "reviewer@corridor.test" {
					sent++
					if l := leaked(m.Subject + m.Body); l != nil {
						t.Errorf("e-mail %q to the reviewer shows %v", m.Subject, l)
					}
				}
			}
			if sent < 3 {
				t.Errorf("%d e-mails to the reviewer, want the invitation, the reminder and the overdue notice", sent)
			}

			// What the reviewer must not open at all.
			for _, p := range []string{fmt.Sprintf("/reviews/%d", other.ID), fmt.Sprintf("/api/v1/reviews/%d", other.ID),
				fmt.Sprintf("/reviews/%d/files/%d", other.ID, f.file), fmt.Sprintf("/submissions/%d", f.sub),
				fmt.Sprintf("/api/v1/submissions/%d", f.sub), fmt.Sprintf("/submissions/%d/files/%d", f.sub, f.file)} {
				if resp, body := c.Get(p); resp.StatusCode != http.StatusNotFound {
					t.Errorf("reviewer GET %s: %d, want 404: %.200s", p, resp.StatusCode, body)
				}
			}
			if resp, _ := c.API("POST", fmt.Sprintf("/api/v1/reviews/%d", other.ID), `{"recommendation":"accept","comments_for_author":"","comments_for_editor":""}`); resp.StatusCode != http.StatusNotFound {
				t.Errorf("reviewer sending another's review: %d, want 404", resp.StatusCode)
			}
			if _, body := c.Get(fmt.Sprintf("/reviews/%d", f.review)); strings.Contains(body, "Only for the other reviewer") {
				t.Error("the reviewer reads another reviewer's thread")
			}
			au := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
			for _, p := range []string{fmt.Sprintf("/reviews/%d", f.review), fmt.Sprintf("/api/v1/reviews/%d", f.review), fmt.Sprintf("/reviews/%d/files/%d", f.review, f.file)} {
				if resp, _ := au.Get(p); resp.StatusCode != http.StatusNotFound {
					t.Errorf("author GET %s: %d, want 404", p, resp.StatusCode)
				}
			}
			// The author reads the review's comments for them, not its writer.
			_, body = au.Get(fmt.Sprintf("/api/v1/submissions/%d", f.sub))
			if strings.Contains(body, "User reviewer") || strings.Contains(body, "reviewer@corridor.test") || strings.Contains(body, "Fine.") {
				t.Errorf("the author's view names the reviewer or shows the editors' comments: %.400s", body)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"corridor/internal/accounts"
	"corridor/internal/app"
	"corridor/internal/docfile"
	"corridor/internal/review"
	"corridor/internal/testutil"
)

// fakePublisher stands in for the publishing domain: the accepted paper
// becomes "publication 42" of the call's series.
type fakePublisher struct{ got []review.AcceptedWork }

func (p *fakePublisher) PublishAccepted(_ context.Context, w review.AcceptedWork) (string, string, error) {
	p.got = append(p.got, w)
	return "publishing:publication:42", "/publications/42", nil
}

// reviewPDF is a whole PDF whose information dictionary names its author.
var reviewPDF = testutil.PDF("Sam Okafor", "Borders and remittances: a manuscript")

// withReviewHooks gives the app a fake publisher and, while the PDF
// cleaner is not built, a stand-in that drops the Author entry.
func withReviewHooks(t *testing.T) *fakePublisher {
	pub := &fakePublisher{}
	oldPub, oldStrip := app.ReviewPublisher, app.ReviewStrip
	app.ReviewPublisher = func(*app.Services) review.Publisher { return pub }
	if _, err := docfile.StripMetadata([]byte(reviewPDF)); err != nil {
		app.ReviewStrip = func(b []byte) ([]byte, error) {
			return []byte(strings.ReplaceAll(string(b), "/Author(Sam Okafor)", "")), nil
		}
	}
	t.Cleanup(func() { app.ReviewPublisher, app.ReviewStrip = oldPub, oldStrip })
	return pub
}

func (b *browser) setValue(sel, value string) {
	b.t.Helper()
	b.exec(fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.value = %s; })()`, jsString(sel), jsString(value)))
}

func (b *browser) uploadFile(sel, path string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})); err != nil {
		b.fail("upload %s: %v", path, err)
	}
}

func (b *browser) as(email, password string) {
	b.t.Helper()
	if b.count(selLogoutButton) > 0 {
		b.logout()
	}
	b.expectStatus("log in as "+email, b.login(email, password), 200)
}

// A call for papers from its publication to a published paper: the editor
// opens a call, a member submits through the wizard, the editor assigns
// two reviewers, who review under double anonymity without ever seeing the
// author, the editor asks for revisions, the author revises, the editor
// accepts, and the paper is published into the series.
func TestReviewWorkflow(t *testing.T) {
	pub := withReviewHooks(t)
	forEachEngine(t, func(t *testing.T, first *browser) {
		// Each phase gets a browser of its own, so the whole walk is not
		// bound by one browser's time limit.
		execPath := requireBrowser(t)
		b := first
		phase := func() {
			b = newBrowser(t, first.site, execPath)
			b.viewport(1366, 900)
		}
		ctx := context.Background()
		if _, err := b.site.app.Accounts.Create(ctx, accounts.NewUser{Email: "reviewer2@corridor.test", Name: "Second Sample Reviewer",
			Password: "corridor-demo-reviewer2", Role: accounts.RoleMember}, accounts.StatusActive); err != nil {
			t.Fatal(err)
		}
		pdf := filepath.Join(t.TempDir(), "Okafor-smuggling-draft.pdf")
		os.WriteFile(pdf, []byte(reviewPDF), 0o600)
		b.viewport(1366, 900)
		today := time.Now().UTC().Format("2006-01-02")
		later := time.Now().UTC().AddDate(0, 0, 20).Format("2006-01-02")

		// The editor opens a call.
		b.as("editor@corridor.test", "corridor-demo-editor")
		b.expectStatus("new call", b.open("/calls/new"), 200)
		b.typeInto("#f-title", "Migrant smuggling: routes, prices, responses")
		b.typeInto("#f-target", "publishing:series:1")
		b.typeInto("#f-scope", "Empirical papers on smuggling routes.")
		b.setValue("#f-opens", today)
		b.setValue("#f-closes", later)
		b.setValue("#f-review_mode", "double")
		b.expectStatus("create call", b.click(`main form[action="/calls"] button[type="submit"]`), 200)
		callPath := b.path()
		b.expect("call heading", b.text("main h1"), "Migrant smuggling: routes, prices, responses")

		// A member submits through the wizard.
		phase()
		b.as("member@corridor.test", "corridor-demo-member")
		b.expectStatus("call page", b.open(callPath), 200)
		b.expectStatus("wizard", b.click(`main a[href$="/submit"]`), 200)
		b.typeInto("#f-title", "Prices and protection on three Sahel routes")
		b.typeInto("#f-abstract", "How the price of a crossing relates to the protection promised.")
		b.typeInto("#f-author_orcid_0", "0000-0003-4937-0129")
		b.typeInto("#f-author_affiliation_0", "University of Ibadan")
		// Without the declarations the wizard refuses, naming them.
		b.expectStatus("wizard refuses", b.click(`main form button[type="submit"]`), 422)
		if n := b.count(".field-error"); n < 2 {
			b.fail("%d field errors without declarations", n)
		}
		b.exec(`document.querySelector('#f-originality').checked = true; document.querySelector('#f-ethics').checked = true`)
		b.expectStatus("submit", b.click(`main form button[type="submit"]`), 200)
		subPath := b.path()
		b.uploadFile("#f-file", pdf)
		b.expectStatus("upload", b.click(`main form[action$="/files"] button[type="submit"]`), 200)
		if n := b.count(`main a[href*="/files/"]`); n != 1 {
			b.fail("%d files after upload", n)
		}

		// The editor assigns two reviewers.
		phase()
		b.as("editor@corridor.test", "corridor-demo-editor")
		for _, who := range []string{"reviewer@corridor.test", "reviewer2@corridor.test"} {
			b.expectStatus("submission", b.open(subPath), 200)
			b.typeInto("#f-reviewer", who)
			b.setValue("#f-due", later)
			b.expectStatus("assign "+who, b.click(`main form[action$="/reviewers"] button[type="submit"]`), 200)
		}
		if n := b.count("main table tbody tr"); n < 2 {
			b.fail("%d assignment rows", n)
		}

		// Each reviewer reviews without seeing the author.
		for _, r := range []struct{ email, password, rec string }{
			{"reviewer@corridor.test", "corridor-demo-reviewer", "minor_revisions"},
			{"reviewer2@corridor.test", "corridor-demo-reviewer2", "major_revisions"},
		} {
			phase()
			b.as(r.email, r.password)
			b.expectStatus("my reviews", b.open("/reviews"), 200)
			b.expectStatus("the review", b.click(`main table a[href^="/reviews/"]`), 200)
			page := b.text("main")
			for _, leak := range []string{"Sam Okafor", "member@corridor.test", "0000-0003-4937-0129", "Ibadan", "Okafor-smuggling"} {
				if strings.Contains(page, leak) {
					b.fail("%s sees %q", r.email, leak)
				}
			}
			b.expectStatus("accept", b.click(`main button[name="answer"][value="accept"]`), 200)
			b.setValue("#f-recommendation", r.rec)
			b.typeInto("#f-comments_for_author", "Section 2 needs the 2019 prices.")
			b.expectStatus("send review", b.click(`main form[action^="/reviews/"][action$="0"] button[type="submit"], main section form.stack button[type="submit"]`), 200)
			b.expect("review status", b.text(".rv-status"), "Completed")
		}

		// The editor asks for revisions; the author revises.
		phase()
		b.as("editor@corridor.test", "corridor-demo-editor")
		b.expectStatus("submission", b.open(subPath), 200)
		b.setValue("#f-decision", "revisions")
		b.typeInto("#f-note", "Please add the 2019 prices.")
		b.expectStatus("revisions", b.click(`main form[action$="/decision"] button[type="submit"]`), 200)
		phase()
		b.as("member@corridor.test", "corridor-demo-member")
		b.expectStatus("my submission", b.open(subPath), 200)
		if n := b.count("main article.rv-box"); n != 2 {
			b.fail("the author sees %d reviews", n)
		}
		if strings.Contains(b.text("main"), "Priya Raman") {
			b.fail("the author sees a reviewer's name")
		}
		b.uploadFile("#f-file", pdf)
		b.expectStatus("upload revision", b.click(`main form[action$="/files"] button[type="submit"]`), 200)
		b.typeInto("#f-note", "Prices for 2019 added in section 2.")
		b.expectStatus("resubmit", b.click(`main form[action$="/resubmit"] button[type="submit"]`), 200)

		// Accepted, copyedited, produced, published.
		phase()
		b.as("editor@corridor.test", "corridor-demo-editor")
		for _, d := range []string{"accept", "send_to_production", "publish"} {
			b.expectStatus("submission", b.open(subPath), 200)
			b.setValue("#f-decision", d)
			b.expectStatus(d, b.click(`main form[action$="/decision"] button[type="submit"]`), 200)
		}
		b.expect("stage", b.text(".rv-stages .rv-current"), "Published")
		if n := b.count(`main a[href="/publications/42"]`); n != 1 {
			b.fail("no link to the publication")
		}
		b.shot("review-published.png")
		if len(pub.got) == 0 || pub.got[len(pub.got)-1].Target != "publishing:series:1" || pub.got[len(pub.got)-1].Authors[0].ORCID != "0000-0003-4937-0129" {
			b.fail("published work: %+v", pub.got)
		}
	})
}

// The review pages at a laptop's and a phone's width in each language,
// each page with a browser of its own.
func TestReviewPagesLook(t *testing.T) {
	withReviewHooks(t)
	pages := []struct{ who, password, name, path string }{
		{"member@corridor.test", "corridor-demo-member", "call", "/calls/%d"},
		{"member@corridor.test", "corridor-demo-member", "submit", "/calls/%d/submit"},
		{"reviewer@corridor.test", "corridor-demo-reviewer", "review", "/reviews/%d"},
		{"editor@corridor.test", "corridor-demo-editor", "editor", "/submissions/%d"},
		{"member@corridor.test", "corridor-demo-member", "author", "/submissions/%d"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, b *browser) {
				if err := review.LoadDemo(context.Background(), b.site.app.DB); err != nil {
					t.Fatal(err)
				}
				var id int64 // the demo has one call, one submission, one assignment
				table := map[string]string{"call": "review_calls", "submit": "review_calls", "review": "review_assignments", "editor": "review_submissions", "author": "review_submissions"}[p.name]
				b.site.app.DB.QueryRow(`SELECT MAX(id) FROM ` + table).Scan(&id)
				path := fmt.Sprintf(p.path, id)
				b.as(p.who, p.password)
				for _, lang := range []string{"en", "fr", "es"} {
					b.viewport(1366, 900)
					b.expectStatus(path, b.open(path), 200)
					b.expectStatus("language "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
					if strings.Contains(b.text("main"), "review.") {
						b.fail("%s in %s shows a catalog key: %.300s", path, lang, b.text("main"))
					}
					b.shot(fmt.Sprintf("review-%s-%s-1366.png", p.name, lang))
					b.viewport(390, 844)
					b.shot(fmt.Sprintf("review-%s-%s-390.png", p.name, lang))
					if w := eval[int](b, `document.documentElement.scrollWidth`); w > 392 {
						b.fail("%s in %s is %d px wide on a phone", path, lang, w)
					}
				}
			})
		})
	}
}

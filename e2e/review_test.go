package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"corridor/internal/accounts"
	"corridor/internal/app"
	"corridor/internal/db"
	"corridor/internal/docfile"
	"corridor/internal/law/lawdb"
	"corridor/internal/review"
	"corridor/internal/testutil"
)

// reviewPDF is a whole PDF whose information dictionary names its author.
var reviewPDF = testutil.PDF("Sam Okafor", "Borders and remittances: a manuscript")

// withReviewStrip gives the app, while the PDF cleaner cannot read the
// test PDF, a stand-in that drops the Author entry.
func withReviewStrip(t *testing.T) {
	old := app.ReviewStrip
	if _, err := docfile.StripMetadata([]byte(reviewPDF)); err != nil {
		app.ReviewStrip = func(b []byte) ([]byte, error) {
			return []byte(strings.ReplaceAll(string(b), "/Author(Sam Okafor)", "")), nil
		}
	}
	t.Cleanup(func() { app.ReviewStrip = old })
}

// fetchText is the body of a GET on the site, outside the browser.
func (b *browser) fetchText(path string) string {
	b.t.Helper()
	resp, err := http.Get(b.site.base + path)
	if err != nil {
		b.fail("GET %s: %v", path, err)
		return ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
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
	withReviewStrip(t)
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
		// The call feeds the sample series (publishing:series:1), whose
		// papers cite the sample law and data.
		a := b.site.app
		for _, load := range []func(context.Context, *db.DB) error{lawdb.LoadDemo, a.Publishing.LoadDemo(a.Links)} {
			if err := load(ctx, a.DB); err != nil {
				t.Fatal(err)
			}
		}
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
		b.typeInto("#f-author_orcid_0", "0000-0002-1825-0097")
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
			for _, leak := range []string{"Sam Okafor", "member@corridor.test", "0000-0002-1825-0097", "Ibadan", "Okafor-smuggling"} {
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
			if st := b.click(`main form[action$="/decision"] button[type="submit"]`); st != 200 {
				var perr string
				a.DB.QueryRow(`SELECT COALESCE(MAX(after_json), '') FROM audit_log WHERE action = 'review.decision.publish_failed'`).Scan(&perr)
				b.fail("%s: %d %s", d, st, perr)
			}
		}
		var perr string
		a.DB.QueryRow(`SELECT COALESCE(MAX(after_json), '') FROM audit_log WHERE action = 'review.decision.publish_failed'`).Scan(&perr)
		if perr != "" {
			b.fail("publishing failed: %s", perr)
		}
		b.expect("stage", b.text(".rv-stages .rv-current"), "Published")
		b.shot("review-published.png")

		// The paper's landing page in the series: its metadata carried
		// over, the citations, and, once the editor links it, the law and
		// data it rests on, listed back on the instrument's page.
		b.expectStatus("the publication", b.click(`main a[href^="/publications/"]`), 200)
		paper := b.path()
		b.expect("landing title", b.text("main h1"), "Prices and protection on three Sahel routes")
		if main := b.text("main"); !strings.Contains(main, "Corridor Sample Research Series") {
			b.fail("the landing page does not name the series: %.300s", main)
		}
		if apa := b.text(".pub-cite p"); !strings.Contains(apa, "Okafor, S.") || !strings.Contains(apa, "Prices and protection on three Sahel routes") {
			b.fail("APA cite box: %q", apa)
		}
		if got := b.attr(`head meta[name="citation_author"]`, "content"); !strings.Contains(got, "Okafor") {
			b.fail("citation_author %q", got)
		}
		if got := b.attr(`head meta[name="citation_title"]`, "content"); got != "Prices and protection on three Sahel routes" {
			b.fail("citation_title %q", got)
		}
		if bib := b.fetchText(paper + "/cite.bib"); !strings.Contains(bib, "@techreport") || !strings.Contains(bib, "Okafor") || !strings.Contains(bib, "Corridor Sample Research Series") || !strings.Contains(bib, "number") {
			b.fail("BibTeX export: %.300s", bib)
		}
		for _, l := range []struct{ to, rel string }{{"law:instrument:V-2#art_33", "cites"}, {"data:corridor:MEX-USA", "uses-data"}} {
			b.typeInto("#link-to", l.to)
			b.setValue("#link-rel", l.rel)
			b.expectStatus("link "+l.to, b.click(`main form[action$="/links"] button[type="submit"]`), 200)
		}
		if n := b.count(`.pub-links a[href^="/law/instruments/"]`); n != 1 {
			b.fail("%d links to law on the landing page", n)
		}
		if n := b.count(`.pub-links a[href^="/data/corridors/"]`); n != 1 {
			b.fail("%d links to data on the landing page", n)
		}
		if got := b.text(".pub-links"); !strings.Contains(got, "(Art. 33)") {
			b.fail("the article cited is not named: %q", got)
		}
		b.shot("review-published-landing.png")
		b.viewport(390, 844)
		b.shot("review-published-landing-390.png")
		b.viewport(1366, 900)
		b.expectStatus("the instrument", b.click(`.pub-links a[href^="/law/instruments/"]`), 200)
		if n := b.count(`section.evidence a[href="` + paper + `"]`); n != 1 {
			b.fail("the instrument page lists the new paper %d times", n)
		}
		b.expectStatus("the corridor", b.open("/data/corridors/MEX/USA"), 200)
		if n := b.count(`section.evidence a[href="` + paper + `"]`); n != 1 {
			b.fail("the corridor page lists the new paper %d times", n)
		}
	})
}

// The review pages at a laptop's and a phone's width in each language,
// each page with a browser of its own.
func TestReviewPagesLook(t *testing.T) {
	withReviewStrip(t)
	pages := []struct{ who, password, name, path string }{
		{"member@corridor.test", "corridor-demo-member", "call", "/calls/%d"},
		{"member@corridor.test", "corridor-demo-member", "submit", "/calls/%d/submit"},
		{"reviewer@corridor.test", "corridor-demo-reviewer", "review", "/reviews/%d"},
		{"editor@corridor.test", "corridor-demo-editor", "editor", "/submissions/%d"},
		{"member@corridor.test", "corridor-demo-member", "author", "/submissions/%d"},
		// The same submission in a call for abstracts: the decisions that
		// take a value (change track, duplicate, merge) and their field.
		{"editor@corridor.test", "corridor-demo-editor", "abstract", "/submissions/%d"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			forEachEngine(t, func(t *testing.T, b *browser) {
				if err := review.LoadDemo(context.Background(), b.site.app.DB); err != nil {
					t.Fatal(err)
				}
				var id int64 // the demo has one call, one submission, one assignment
				table := map[string]string{"call": "review_calls", "submit": "review_calls", "review": "review_assignments", "editor": "review_submissions", "author": "review_submissions", "abstract": "review_submissions"}[p.name]
				b.site.app.DB.QueryRow(`SELECT MAX(id) FROM ` + table).Scan(&id)
				if p.name == "abstract" {
					b.site.app.DB.Exec(`UPDATE review_calls SET target_key = 'events:event:1'`)
				}
				path := fmt.Sprintf(p.path, id)
				b.as(p.who, p.password)
				for _, lang := range []string{"en", "fr", "es"} {
					b.viewport(1366, 900)
					b.expectStatus(path, b.open(path), 200)
					b.expectStatus("language "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
					if strings.Contains(b.text("main"), "review.") {
						b.fail("%s in %s shows a catalog key: %.300s", path, lang, b.text("main"))
					}
					if p.name == "abstract" && b.count(`#f-param`) != 1 {
						b.fail("no field for the decision's value on an abstract")
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

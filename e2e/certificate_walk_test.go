package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"corridor/internal/learning"
)

// The whole way to a certificate in the browser: a trainer lets the sample
// course complete on 2 of its 3 modules and creates a programme (the
// course with a grade of at least 60 % and a training session) with the
// programme form; the member enrols in the course, reads module 1 and the
// lesson of module 3, takes the quiz, the trainer grades the essay and
// ticks the member's attendance at the session; the issuing sweep runs;
// the member finds the certificate under "My certificates" (reached from
// the learning dashboard), downloads its PDF, whose page is rendered with
// pdftoppm and whose QR code zbar decodes (it must hold the address printed
// beside it); an anonymous visitor opens that address.
func TestCertificateWalk(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		a := b.site.app
		if err := learning.LoadDemo(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
		var member, course int64
		a.DB.QueryRow(`SELECT id FROM users WHERE email = 'member@corridor.test'`).Scan(&member)
		a.DB.QueryRow(`SELECT id FROM learning_courses WHERE lang = 'en' AND published = 1 ORDER BY id LIMIT 1`).Scan(&course)
		// A session that started three hours ago and ended an hour ago, the
		// member holding a seat booked before.
		start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
		x, err := a.Learning.CreateSession(ctx, learning.SessionInput{Title: "International Migration Law workshop", Venue: "Room 3", Starts: start, Ends: start.Add(2 * time.Hour), TZ: "Europe/Paris", Capacity: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Learning.EnrolSession(ctx, x.ID, member); err != nil {
			t.Fatal(err)
		}
		a.DB.Exec(`UPDATE learning_sessions SET starts_at = $1, ends_at = $2 WHERE id = $3`, time.Now().Add(-3*time.Hour).Unix(), time.Now().Add(-time.Hour).Unix(), x.ID)

		// The trainer: the course's rule, then the programme through its form.
		b.viewport(1366, 900)
		b.expectStatus("trainer login", b.login("trainer@corridor.test", "corridor-demo-trainer"), 200)
		b.expectStatus("course form", b.open(fmt.Sprintf("/learning/courses/%d/edit", course)), 200)
		b.exec(query("#f-complete_n") + ".value = '2'")
		b.expectStatus("course saved", b.click(`main form[action$="/edit"] button[type=submit]`), 200)
		b.expectStatus("programmes", b.open("/programmes"), 200)
		b.expectStatus("new programme", b.click("#new-programme"), 200)
		b.typeInto("#f-title_en", "Certificate in International Migration Law")
		b.typeInto("#f-title_fr", "Certificat en droit international des migrations")
		b.typeInto("#f-title_es", "Certificado en derecho internacional de la migración")
		b.exec(query("#f-min_grade") + ".value = '60'")
		b.exec(query("#f-validity_months") + ".value = '24'")
		for _, item := range []string{"learning:course:" + fmt.Sprint(course), "learning:session:" + fmt.Sprint(x.ID)} {
			box := fmt.Sprintf(`input[name=item][value=%q]`, item)
			if b.count(box) != 1 {
				b.fail("the programme form does not offer %s", item)
			}
			b.exec(query(box) + ".checked = true")
		}
		b.shot("programme-new-en-1366.png")
		b.expectStatus("programme saved", b.click("#save-programme"), 200)
		b.expect("flash", b.text("main p.flash"), learnMsg("en", "credentials.flash.programme_created"))
		programmePath := b.path()
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.open(programmePath)
			b.shot(fmt.Sprintf("programme-edit-en-%d.png", w))
			b.open("/programmes")
			b.expect("listed", b.text("main section h2"), "Certificate in International Migration Law")
			b.shot(fmt.Sprintf("programmes-en-%d.png", w))
		}
		b.click(fmt.Sprintf(selLangButtonFmt, "fr"))
		b.open(programmePath)
		b.shot("programme-edit-fr-390.png")
		b.click(fmt.Sprintf(selLangButtonFmt, "en"))
		b.viewport(1366, 900)
		b.logout()

		// The member: enrol, module 1, the lesson of module 3, the quiz.
		b.expectStatus("member login", b.login("member@corridor.test", "corridor-demo-member"), 200)
		b.expectStatus("course", b.open(fmt.Sprintf("/learning/courses/%d", course)), 200)
		b.expectStatus("enrol", b.click("#enrol"), 200)
		courseURL := b.path()
		b.expectStatus("lesson 1", b.click(".learn-outline li:first-child ul li:first-child a"), 200)
		b.expectStatus("lesson 1 done", b.click("#done"), 200)
		b.expectStatus("lesson 2 done", b.click("#done"), 200)
		b.expectStatus("back", b.open(courseURL), 200)
		b.expectStatus("module 3 lesson", b.click(".learn-outline > li:nth-child(3) ul li:first-child a"), 200)
		b.expectStatus("module 3 lesson done", b.click("#done"), 200)
		b.expectStatus("back again", b.open(courseURL), 200)
		b.expectStatus("quiz", b.click(`.learn-outline a[href^="/learning/quizzes/"]`), 200)
		b.expectStatus("start", b.click("#start"), 200)
		if got := eval[int](b, answerDemoQuiz); got != 7 {
			b.fail("answered %d questions, want 7", got)
		}
		b.expectStatus("submit", b.click("#submit"), 200)
		b.logout()

		// The trainer grades the essay and ticks the attendance; each
		// phase has a fresh browser (the harness gives one 60 s).
		b = newBrowser(t, b.site, requireBrowser(t))
		b.viewport(1366, 900)
		b.expectStatus("trainer again", b.login("trainer@corridor.test", "corridor-demo-trainer"), 200)
		b.expectStatus("grading", b.open("/learning/grading"), 200)
		b.typeInto(`main form[action^="/learning/grading/"] input[name=score]`, "1")
		b.expectStatus("grade", b.click(`main form[action^="/learning/grading/"] button`), 200)
		b.expectStatus("roster", b.open(fmt.Sprintf("/training/sessions/%d", x.ID)), 200)
		box := fmt.Sprintf(`.learn-roster input[name=attended][value="%d"]`, member)
		if b.count(box) != 1 {
			b.fail("no attendance box for the member")
		}
		b.exec(query(box) + ".checked = true")
		b.expectStatus("save attendance", b.click("#save-attendance"), 200)
		b.logout()

		// The issuing sweep, as the job runs it.
		if n, err := a.Credentials.Sweep(ctx); err != nil || n != 1 {
			t.Fatalf("sweep issued %d certificates (%v), want the member's 1", n, err)
		}

		// The member finds the certificate from the dashboard and downloads the PDF.
		b = newBrowser(t, b.site, requireBrowser(t))
		b.viewport(1366, 900)
		b.expectStatus("member again", b.login("member@corridor.test", "corridor-demo-member"), 200)
		b.expectStatus("dashboard", b.open("/learning/dashboard"), 200)
		b.expectStatus("my certificates", b.click("#my-certificates"), 200)
		b.expect("path", b.path(), "/certificates")
		b.expect("programme", b.text("main section h2"), "Certificate in International Migration Law")
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.shot(fmt.Sprintf("certificate-mine-en-%d.png", w))
		}
		b.viewport(1366, 900)
		b.click(fmt.Sprintf(selLangButtonFmt, "fr"))
		b.open("/certificates")
		b.expect("programme in French", b.text("main section h2"), "Certificat en droit international des migrations")
		b.shot("certificate-mine-fr-1366.png")
		pdfHref := b.attr(`main section a[href$="/pdf"]`, "href")
		b64, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%s).then(r => r.ok && r.headers.get("content-type") === "application/pdf" ? r.arrayBuffer() : Promise.reject("status " + r.status)).then(buf => { let s = ""; for (const c of new Uint8Array(buf)) s += String.fromCharCode(c); return btoa(s); })`, jsString(pdfHref)), chromedp.EvalAwaitPromise))
		if err != nil {
			b.fail("download %s: %v", pdfHref, err)
		}
		pdf, err := base64.StdEncoding.DecodeString(b64)
		if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
			b.fail("the download is not a PDF (%v)", err)
		}
		page := renderPDF(t, b, pdf, "certificate-pdf-fr.png")
		printed := pdfURL(t, pdf)
		// What a phone scanning the QR code would open: zbar decodes the
		// rendered page.
		if _, err := exec.LookPath("zbarimg"); err != nil {
			t.Log("zbarimg not installed: the QR code is not decoded, the printed address is used")
		} else if out, err := exec.Command("zbarimg", "--raw", "-q", page).Output(); err != nil {
			b.fail("zbarimg finds no QR code on the certificate: %v", err)
		} else if scanned := strings.TrimSpace(string(out)); scanned != printed {
			b.fail("the QR code holds %q, the PDF prints %q", scanned, printed)
		}
		b.click(fmt.Sprintf(selLangButtonFmt, "en"))
		b.logout()

		// An anonymous visitor opens the address beside the QR code.
		u, err := url.Parse(printed)
		if err != nil || !strings.HasPrefix(printed, a.Config.BaseURL+"/verify/") {
			b.fail("the PDF prints %q, not a verification address of %s", printed, a.Config.BaseURL)
		}
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.expectStatus("verify", b.open(u.Path), 200)
			b.expect("status", b.text("#cred-status"), learnMsg("en", "credentials.status.valid"))
			b.expect("learner", b.text("#cred-learner"), "Sam Okafor")
			b.shot(fmt.Sprintf("certificate-verify-en-%d.png", w))
		}
	})
}

// renderPDF draws the PDF's page with poppler's pdftoppm into the test
// output, to be looked at, and returns the PNG's path.
func renderPDF(t *testing.T, b *browser, pdf []byte, name string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed: the PDF page cannot be rendered")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "certificate.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	return b.save(name, png)
}

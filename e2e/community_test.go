package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/i18n"
	"corridor/internal/learning"
)

func commMsg(lang, key string, args ...any) string { return i18n.Default.T(lang, key, args...) }

// The community pillar in a browser: a visitor reads a project page and
// sees its outputs (a sample paper and a course, through the typed links);
// a member applies for the sample internship — a text file named .pdf is
// refused with a clear message, a real PDF goes through — and sees the
// status; the call's reviewer scores the application. Screenshots at 1366
// and 390 px wide, in English and French.
func TestCommunityApplyAndReview(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		a := b.site.app
		if err := learning.LoadDemo(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
		if err := a.Publishing.LoadDemo(a.Links)(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
		if err := a.Community.LoadDemo(a.Links)(ctx, a.DB); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		fake := filepath.Join(dir, "cv.pdf")
		os.WriteFile(fake, []byte("Curriculum vitae\nSam Okafor\nLLM, international law\n"), 0o600)
		real, err := os.ReadFile("../internal/docfile/testdata/chromium-skia.pdf")
		if err != nil {
			t.Fatal(err)
		}
		cv, letter := filepath.Join(dir, "Okafor-CV.pdf"), filepath.Join(dir, "Okafor-letter.pdf")
		os.WriteFile(cv, real, 0o600)
		os.WriteFile(letter, real, 0o600)

		// A visitor reads the people, the projects and a project's outputs.
		b.viewport(1366, 900)
		b.expectStatus("people", b.open("/people"), 200)
		if n := b.count("main .comm-people > li"); n != 10 {
			b.fail("%d people listed, want the 10 sample profiles", n)
		}
		b.shot("community-people-1366.png")
		b.expectStatus("visiting scholars", b.open("/people?role=visiting_scholar"), 200)
		b.expectStatus("scholar", b.click(`main .comm-people a`), 200)
		if !strings.Contains(b.text("main"), commMsg("en", "community.role.visiting_scholar")) || !strings.Contains(b.text("main"), "Migration law unit") {
			b.fail("the visiting scholar's page lacks the stay: %.300s", b.text("main"))
		}
		b.expectStatus("projects", b.open("/projects"), 200)
		b.expectStatus("project", b.click(`main .cards a[href^="/projects/"]`), 200)
		b.expect("outputs heading", b.text("#outputs"), commMsg("en", "community.project.outputs"))
		if n := b.count("main .comm-outputs li a"); n < 2 {
			b.fail("%d outputs on the project page, want the sample paper and course", n)
		}
		outputs := b.text("main .comm-outputs")
		if !strings.Contains(outputs, commMsg("en", "community.thing.publishing.publication")) || !strings.Contains(outputs, commMsg("en", "community.thing.learning.course")) {
			b.fail("outputs = %q", outputs)
		}
		b.shot("community-project-1366.png")
		b.viewport(390, 844)
		b.shot("community-project-390.png")

		// A member applies for the internship.
		b.viewport(1366, 900)
		b.as("member@corridor.test", "corridor-demo-member")
		b.expectStatus("opportunities", b.open("/opportunities"), 200)
		b.expectStatus("call", b.click(`main .cards a[href^="/opportunities/"]`), 200)
		if !strings.Contains(b.text("main"), "English is mandatory") {
			b.fail("the call lacks its language requirement")
		}
		b.shot("community-call-1366.png")
		b.expectStatus("apply form", b.click(`main a[href$="/apply"]`), 200)
		b.typeInto("#f-statement", "I have completed courses in international law and in human rights law.")
		b.typeInto("#f-referee1_name", "Prof. Adaeze Nwosu")
		b.typeInto("#f-referee1_email", "a.nwosu@example.org")
		b.uploadFile("#f-cv", fake)
		b.uploadFile("#f-letter", letter)
		b.expectStatus("fake PDF refused", b.click(`main form[action$="/apply"] button[type="submit"]`), 422)
		if e := b.text("main .field-error"); !strings.Contains(e, "not a PDF") {
			b.fail("the fake PDF's error = %q", e)
		}
		b.uploadFile("#f-cv", cv)
		b.uploadFile("#f-letter", letter)
		b.viewport(390, 844)
		b.shot("community-apply-390.png")
		b.expectStatus("apply", b.click(`main form[action$="/apply"] button[type="submit"]`), 200)
		appPath := b.path()
		b.expect("status", b.text("#status"), commMsg("en", "community.status.submitted"))
		if b.count(`main a[href$="/files/cv"]`) != 0 {
			b.fail("the applicant sees the reviewers' links")
		}
		b.viewport(1366, 900)
		b.expectStatus("my applications", b.open("/applications"), 200)
		if !strings.Contains(b.text("main"), "International Migration Law internship") {
			b.fail("my applications: %.200s", b.text("main"))
		}

		// The call's reviewer scores it.
		b.as("reviewer@corridor.test", "corridor-demo-reviewer")
		b.expectStatus("to review", b.open("/applications"), 200)
		b.expectStatus("applications", b.click(`main a[href$="/applications"]`), 200)
		b.expectStatus("application", b.click(`main .comm-table a[href^="/applications/"]`), 200)
		b.expect("same application", b.path(), appPath)
		for i, v := range []string{"5", "4", "4", "3"} {
			b.setValue("#f-score"+string(rune('0'+i)), v)
		}
		b.typeInto("#f-note", "Strong legal background; French a plus.")
		b.expectStatus("score", b.click(`main form[action$="/review"] button[type="submit"]`), 200)
		b.expect("flash", b.text(selFlash), commMsg("en", "community.flash.scored"))
		if !strings.Contains(b.text("main"), "Strong legal background") {
			b.fail("the note is not shown")
		}
		b.shot("community-review-1366.png")
		b.expectStatus("ranking", b.open(strings.Replace(b.attr(`main nav.crumbs a`, "href"), "", "", 1)), 200)
		if got := b.text("main .comm-table tbody tr td:nth-child(4)"); got != "16.0" {
			b.fail("total score = %q, want 16.0", got)
		}
		b.viewport(390, 844)
		b.shot("community-applications-390.png")

		// The reviewer accepts: the applicant's profile is created from the
		// application, as an intern on the call's project.
		b.viewport(1366, 900)
		b.expectStatus("application again", b.open(appPath), 200)
		b.expectStatus("accept", b.click(`main form[action$="/decision"] button[value="accepted"]`), 200)
		b.expect("decided", b.text("#status"), commMsg("en", "community.status.accepted"))
		b.expectStatus("new profile", b.click(`main a[href^="/people/"]`), 200)
		if !strings.Contains(b.text("main"), commMsg("en", "community.role.intern")) || !strings.Contains(b.text("main"), "Migration Law Database") {
			b.fail("the accepted intern's profile: %.300s", b.text("main"))
		}

		// In French.
		b.viewport(1366, 900)
		b.expectStatus("français", b.click(`header.site form[action="/lang"] button[name="lang"][value="fr"]`), 200)
		b.expectStatus("personnes", b.open("/people"), 200)
		b.expect("titre", b.text("main h1"), commMsg("fr", "community.people.title"))
		b.shot("community-people-fr-1366.png")
	})
}

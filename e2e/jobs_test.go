package e2e

import (
	"fmt"
	"testing"

	"corridor/internal/demo"
)

// An admin cancels a queued job from Administration → Jobs; the page reads
// well on a laptop and a phone in English, French and Spanish.
func TestAdminCancelsAJob(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		b.expectStatus("admin login", b.login(demo.AdminEmail, demo.AdminPassword), 200)
		// Serve queues its periodic jobs (the upload sweep, the law digest)
		// for later: they wait in the queue.
		b.expectStatus("GET /admin/jobs?status=queued", b.open("/admin/jobs?status=queued"), 200)
		cancel := `main form[action$="/cancel"] button[type="submit"]`
		queued := b.count(cancel)
		if queued == 0 {
			b.fail("no queued job offers a cancel button")
			return
		}
		b.viewport(1366, 800)
		b.shot("jobs-queued-en-1366.png")
		b.expectStatus("cancel", b.click(cancel), 200)
		b.expect("flash", b.text(selFlash), msg(t, "en", "flash.job_cancelled"))
		b.expectStatus("GET /admin/jobs?status=cancelled", b.open("/admin/jobs?status=cancelled"), 200)
		if n := b.count(`main form[action$="/retry"]`); n != 1 {
			b.fail("%d cancelled jobs offer a retry, want 1", n)
		}
		b.expectStatus("GET /admin/jobs?status=queued", b.open("/admin/jobs?status=queued"), 200)
		if n := b.count(cancel); n != queued-1 {
			b.fail("%d queued jobs after cancelling one of %d", n, queued)
		}
		for _, lang := range []string{"fr", "es", "en"} {
			b.expectStatus("language "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
			b.expectStatus("GET /admin/jobs", b.open("/admin/jobs"), 200)
			b.expect("heading in "+lang, b.text("main h1"), msg(t, lang, "admin.jobs"))
			if lang == "en" {
				continue
			}
			b.viewport(1366, 800)
			b.shot("jobs-" + lang + "-1366.png")
			b.viewport(390, 844)
			b.shot("jobs-" + lang + "-390.png")
			if overflow := eval[bool](b, `document.documentElement.scrollWidth > window.innerWidth + 1`); overflow {
				b.fail("the jobs page in %s is wider than a 390 px phone", lang)
			}
		}
		b.viewport(1366, 800)
	})
}

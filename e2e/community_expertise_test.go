package e2e

import (
	"context"
	"strings"
	"testing"
)

// The community's expertise, agreements and funding in a browser: a
// visitor filters /people by topic and by country, reads a profile whose
// countries link to the data pages in the reader's language, sees the
// partners' agreements in force or expired, and a project's grants but
// not its budget; the editor sees the budget. Screenshots at 1366 and 390
// px wide.
func TestCommunityExpertiseAgreementsFunding(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		a := b.site.app
		if err := a.Community.LoadDemo(a.Links)(context.Background(), a.DB); err != nil {
			t.Fatal(err)
		}
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.expectStatus("people by topic", b.open("/people?topic=asylum"), 200)
			if n := b.count("main .comm-people > li"); n != 2 {
				b.fail("%d people work on asylum, want the 2 sample profiles", n)
			}
			b.shot(sizeName("community-people-topic", w))
			b.expectStatus("people by country", b.open("/fr/people?country=MEX"), 200)
			if got := b.text("main .comm-people"); !strings.Contains(got, "Tomás Herrera") || b.count("main .comm-people > li") != 1 {
				b.fail("people working on Mexico: %q", got)
			}
			b.expectStatus("profile", b.click(`main .comm-people a[href^="/people/"]`), 200)
			if href := b.attr(`main a[href="/data/countries/MEX"]`, "href"); href == "" || !strings.Contains(b.text("main"), "Mexique") {
				b.fail("the French profile lacks Mexique linked to its data page: %.400s", b.text("main"))
			}
			b.shot(sizeName("community-person-expertise", w))
			b.expectStatus("partners", b.open("/fr/partners"), 200)
			txt := b.text("main")
			if !strings.Contains(txt, commMsg("fr", "community.agreement.in_force")) || !strings.Contains(txt, commMsg("fr", "community.agreement.expired")) {
				b.fail("the partners page lacks the agreements' states: %.500s", txt)
			}
			b.shot(sizeName("community-partners-agreements", w))
			b.expectStatus("projects", b.open("/projects"), 200)
			b.expectStatus("project", b.click(`main .cards a[href^="/projects/"]`), 200)
			if txt := b.text("main"); !strings.Contains(txt, "SF-2024-017") || strings.Contains(txt, "480000") {
				b.fail("the public project page: grants shown=%v, budget shown=%v", strings.Contains(txt, "SF-2024-017"), strings.Contains(txt, "480000"))
			}
		}
		b.viewport(1366, 900)
		b.as("editor@corridor.test", "corridor-demo-editor")
		b.expectStatus("projects", b.open("/projects"), 200)
		b.expectStatus("project", b.click(`main .cards a[href^="/projects/"]`), 200)
		if !strings.Contains(b.text("main"), "480000.00 EUR") {
			b.fail("the editor does not see the budget: %.400s", b.text("main"))
		}
		b.shot("community-project-funding-editor-1366.png")
	})
}

func sizeName(name string, w int64) string {
	if w == 390 {
		return name + "-390.png"
	}
	return name + "-1366.png"
}

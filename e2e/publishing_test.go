package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/i18n"
)

// TestPublishingPages walks the sample series as a reader: browse, a
// landing page with its cite box, the law it cites, and back from the
// instrument's page to the paper; screenshots at 1366 and 390 px in EN, FR
// and ES.
func TestPublishingPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		a := b.site.app
		for _, load := range a.DemoLoaders() {
			if err := load(context.Background(), a.DB); err != nil {
				t.Fatal(err)
			}
		}
		for _, lang := range i18n.Languages {
			b.viewport(1366, 900)
			b.expectStatus("GET /publications", b.open("/publications"), 200)
			b.expectStatus("language "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
			b.expect("heading", b.text("main h1"), i18n.Default.T(lang, "pub.title"))
			if n := b.count("ol.pub-list > li a.pub-title"); n != 20 {
				b.fail("%d publications on the first page, want 20", n)
			}
			for _, w := range []int64{1366, 390} {
				b.viewport(w, 900)
				b.open("/publications")
				b.shot(fmt.Sprintf("pub-list-%s-%d.png", lang, w))
				// The paper citing Art. 33, found by searching.
				b.open("/publications?q=refoulement")
				b.expectStatus("open the paper", b.click("ol.pub-list > li:first-child a.pub-title"), 200)
				if !strings.HasPrefix(b.path(), "/publications/") {
					b.fail("the result leads to %s", b.path())
				}
				if apa := b.text(".pub-cite p"); !strings.Contains(apa, "Corridor Sample") {
					b.fail("cite box: %q", apa)
				}
				if n := b.count(`head meta[name="citation_author"]`); n < 2 {
					b.fail("%d citation_author tags", n)
				}
				b.shot(fmt.Sprintf("pub-landing-%s-%d.png", lang, w))
			}
			b.viewport(1366, 900)
			paper := b.path()
			b.expectStatus("the instrument it cites", b.click(`.pub-links a[href^="/law/instruments/"]`), 200)
			if n := b.count(`section.evidence a[href="` + paper + `"]`); n != 1 {
				b.fail("the instrument page lists the paper %d times, want once", n)
			}
			b.exec(`document.querySelector('section.evidence').scrollIntoView()`)
			b.viewShot(fmt.Sprintf("pub-instrument-evidence-%s.png", lang))
		}
	})
}

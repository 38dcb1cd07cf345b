package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The header's search box suggests places as the reader types, in the
// page's language, and a suggestion leads to its page; on a phone the box
// gives way to a link to the search page.
func TestSearchBoxSuggests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		b.viewport(1366, 900)
		b.expectStatus("home", b.open("/"), 200)
		b.expectStatus("français", b.click(fmt.Sprintf(selLangButtonFmt, "fr")), 200)
		b.typeInto("#site-q", "Allem")
		// The answers for the whole word, not an earlier prefix's (the
		// list is redrawn as each answer arrives).
		var got string
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if b.count(`#site-q-suggest[data-for="Allem"]`) == 1 {
				got = b.text("#site-q-suggest")
				break
			}
		}
		if !strings.Contains(got, "Allemagne") || !strings.Contains(got, "Pays et corridors") {
			b.fail("suggestions for Allem: %q", got)
		}
		b.shot("search-suggest-fr-1366.png")
		b.expectStatus("the suggestion", b.click(`#site-q-suggest a[href="/data/countries/DEU"]`), 200)
		if b.path() != "/data/countries/DEU" {
			b.fail("the suggestion led to %s", b.path())
		}
		b.viewport(390, 844)
		b.expectStatus("search page", b.open("/search?q="+"Mexique+vers+%C3%89tats-Unis"), 200)
		if n := b.count(`main a[href="/data/corridors/MEX/USA"]`); n != 1 {
			b.fail("the corridor is not the answer on the search page (%d links)", n)
		}
		if vis := eval[bool](b, `getComputedStyle(document.querySelector('.site-search')).display === 'none' && getComputedStyle(document.querySelector('.search-link')).display !== 'none'`); !vis {
			b.fail("on a phone the header keeps the search box instead of the link")
		}
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 392 {
			b.fail("the search page is %d px wide on a phone", w)
		}
		b.shot("search-page-fr-390.png")
		// On a phone the home page's own box suggests as the header's does.
		b.expectStatus("home on a phone", b.open("/"), 200)
		b.typeInto("#home-q", "Mexi")
		got = ""
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if b.count(`#home-q-suggest[data-for="Mexi"]`) == 1 {
				got = b.text("#home-q-suggest")
				break
			}
		}
		if !strings.Contains(got, "Mexique") {
			b.fail("the home page's box suggests for Mexi: %q", got)
		}
		if w := eval[int](b, `document.documentElement.scrollWidth`); w > 392 {
			b.fail("the home page is %d px wide on a phone", w)
		}
		b.shot("home-suggest-fr-390.png")
	})
}

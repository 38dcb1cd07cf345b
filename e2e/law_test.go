package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
)

func lawMsg(key string, args ...any) string { return i18n.Default.T("en", key, args...) }

// A visitor reads an article by its deep link, compares two versions of a
// Dutch act, looks at the 1951 Convention's status with reservations and
// searches the texts; a legal officer's bad treaty action is refused with
// field errors.
func TestLawPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := lawdb.LoadDemoNow(context.Background(), b.site.app.DB, nil); err != nil {
			t.Fatal(err)
		}
		b.viewport(1280, 900)

		b.expectStatus("GET /law", b.open("/law"), 200)
		b.expect("law heading", b.text("main h1"), lawMsg("law.title"))
		if n := b.count(".law-list li"); n < 3 {
			b.fail("%d instruments listed, want at least 3", n)
		}
		b.shot("law-list.png")

		// Article deep link: the provision alone, anchored by its eId.
		b.expectStatus("deep link", b.open("/law/instruments/V-5/art_I"), 200)
		if n := b.count("section#art_I"); n != 1 {
			b.fail("%d sections #art_I, want 1", n)
		}
		if got := b.text("#h-art_I"); !strings.Contains(got, "Article I") {
			b.fail("article heading %q", got)
		}
		if n := b.count("section.law-article"); n != 1 {
			b.fail("deep link shows %d articles, want only the one linked", n)
		}
		b.shot("law-article.png")
		// The same link by another identifier of the instrument.
		b.expectStatus("deep link by key", b.open("/law/instruments/5-5/art_I"), 200)
		// The full text carries every article's anchor.
		b.expectStatus("full text", b.open("/law/instruments/V-5#art_IV"), 200)
		if n := b.count("section.law-article[id^='art_']"); n < 5 {
			b.fail("%d article sections in the full text", n)
		}
		if n := b.count(`script[type="application/ld+json"]`); n != 1 {
			b.fail("%d JSON-LD blocks", n)
		}
		ld := eval[string](b, `document.querySelector('script[type="application/ld+json"]').textContent`)
		if !strings.Contains(ld, `"@type":"Legislation"`) {
			b.fail("JSON-LD %.200s", ld)
		}

		// Version diff with word highlighting.
		b.expectStatus("diff", b.open("/law/instruments/BWBR0007149/diff"), 200)
		ins, del := b.count(".law-diff ins"), b.count(".law-diff del")
		if ins == 0 || del == 0 {
			b.fail("diff shows %d insertions and %d deletions", ins, del)
		}
		b.viewShot("law-diff.png")

		// Status table on a date, with reservations.
		b.expectStatus("status", b.open("/law/instruments/V-2/status?on=1960-01-01"), 200)
		if n := b.count("tbody tr"); n < 20 {
			b.fail("%d States in the 1960 status table", n)
		}
		if n := b.count("details.law-statement"); n == 0 {
			b.fail("no reservations shown")
		}
		b.exec(`document.querySelector('details.law-statement').open = true`)
		// The status map: parties and signatories coloured by class.
		if n := b.count(`figure.law-map svg path[data-value="3"]`); n < 10 {
			b.fail("%d parties on the status map", n)
		}
		b.shot("law-status.png")

		// Search with stemming and highlights.
		b.expectStatus("search page", b.open("/law/search"), 200)
		b.typeInto("#f-q", "refugee protocol")
		b.expectStatus("search", b.click(`form[role="search"] button[type="submit"]`), 200)
		if n := b.count(".law-hit mark"); n == 0 {
			b.fail("no highlighted words in the results")
		}
		href := b.attr(".law-hit h3 a", "href")
		if !strings.Contains(href, "/law/instruments/") || !strings.Contains(href, "#") {
			b.fail("hit link %q does not point at an article", href)
		}
		b.shot("law-search.png")
		b.expectStatus("bad query", b.open("/law/search?q=%22open"), 422)
		b.expect("bad query message", b.text("#e-q"), lawMsg("law.error.query_quote"))

		// A legal officer's treaty action with an unknown State and a date
		// before the Protocol's adoption: field errors, nothing stored.
		countActions := func() (n int) {
			if err := b.site.app.DB.QueryRow(`SELECT COUNT(*) FROM law_treaty_actions`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := countActions()
		b.expectStatus("legal login", b.login("legal@corridor.test", "corridor-demo-legal"), 200)
		b.expectStatus("action form", b.open("/law/instruments/V-5/actions/new"), 200)
		b.typeInto("#f-state", "ZZZ")
		b.exec(`document.querySelector('#f-action_date').value = '1950-01-01'`)
		b.expectStatus("bad action", b.click(`form.stack button[type="submit"]`), 422)
		b.expect("state error", b.text("#e-state"), lawMsg("law.error.unknown_state"))
		b.expect("date error", b.text("#e-action_date"), lawMsg("law.error.before_adoption"))
		b.shot("law-action-errors.png")
		if after := countActions(); after != before {
			b.fail("a refused action stored %d rows", after-before)
		}
		// A valid one is stored and shown in the status table.
		b.exec(`document.querySelector('#f-state').value = 'FRA'`)
		b.exec(`document.querySelector('#f-action_date').value = '1967-02-01'`)
		b.expectStatus("good action", b.click(`form.stack button[type="submit"]`), 200)
		b.expect("path after saving", b.path(), "/law/instruments/V-5/status")
		if after := countActions(); after != before+1 {
			b.fail("%d rows stored, want 1", after-before)
		}

		// Following: the instrument page's button, the following page with
		// the new action and a personal feed address.
		b.expectStatus("instrument", b.open("/law/instruments/V-5"), 200)
		b.expect("follow button", strings.TrimSpace(b.text("form.law-follow button")), lawMsg("law.follow.follow"))
		b.expectStatus("follow", b.click("form.law-follow button"), 200)
		b.expect("path after following", b.path(), "/law/instruments/V-5")
		b.expect("unfollow button", strings.TrimSpace(b.text("form.law-follow button")), lawMsg("law.follow.unfollow"))
		b.expectStatus("following", b.open("/law/following"), 200)
		if n := b.count("main tbody tr"); n != 1 {
			b.fail("%d follows listed, want 1", n)
		}
		b.expectStatus("feed address", b.click(`form[action="/law/following/feed-token"] button`), 200)
		if href := b.attr("#law-feed-url", "href"); !strings.HasPrefix(href, "/law/feeds/") || !strings.HasSuffix(href, ".atom") {
			b.fail("feed address %q", href)
		}
		b.shot("law-following.png")

		b.expectStatus("policy", b.open("/law/policy/NLD"), 200)
		if n := b.count(`figure.law-chart svg[role="img"] g.series path`); n != 1 {
			b.fail("%d chart lines", n)
		}
		b.shot("law-policy.png")
	})
}

// The reading pages in the three languages at a desktop and a phone
// width: the Dutch act with its table of contents opened, a provision, the
// side-by-side diff (stacked on the phone), the treaty status table, the
// policy index and a search with no French text.
func TestLawReadingScreens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := lawdb.LoadDemoNow(context.Background(), b.site.app.DB, nil); err != nil {
			t.Fatal(err)
		}
		// the two versions of the Dutch act compared (the demo has eight)
		var from, to int64
		for day, id := range map[string]*int64{"2014-01-01": &from, "2014-04-09": &to} {
			if err := b.site.app.DB.QueryRow(`SELECT v.id FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id
				WHERE i.slug = 'BWBR0007149' AND v.valid_from = $1`, day).Scan(id); err != nil {
				t.Fatal(day, err)
			}
		}
		for _, lang := range []string{"en", "fr", "es"} {
			b.expectStatus("home", b.open("/law"), 200)
			b.expectStatus("language "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
			for _, w := range []int64{1366, 390} {
				b.viewport(w, 900)
				name := func(page string) string { return fmt.Sprintf("law-%s-%s-%d.png", page, lang, w) }
				noOverflow := func(what string) {
					if sw := eval[int](b, `document.documentElement.scrollWidth`); sw > int(w)+1 {
						t.Log(eval[string](b, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')`))
						b.fail("%s at %d px is %d px wide", what, w, sw)
					}
				}

				b.expectStatus("act", b.open("/law/instruments/BWBR0007149?on=2014-04-09"), 200)
				b.expect("toc summary", strings.TrimSpace(b.text("details.law-toc summary")), msgN(lang, "law.toc", 38))
				b.exec(`document.querySelector('details.law-toc').open = true`)
				if n := b.count(`details.law-toc a[href="#art_9"]`); n != 1 {
					b.fail("%d table-of-contents links to article 9", n)
				}
				noOverflow("the act")
				b.viewShot(name("toc"))

				// the 1951 Convention's full text, from the open-treaties set
				b.expectStatus("1951 Convention", b.open("/law/instruments/V-2"), 200)
				b.expect("convention toc summary", strings.TrimSpace(b.text("details.law-toc summary")), msgN(lang, "law.toc", 46))
				b.exec(`document.querySelector('details.law-toc').open = true`)
				if n := b.count(`details.law-toc a[href="#art_33"]`); n != 1 {
					b.fail("%d table-of-contents links to article 33", n)
				}
				if got := b.text("section#art_33"); !strings.Contains(got, "refouler") {
					b.fail("article 33 reads %.120q", got)
				}
				noOverflow("the 1951 Convention")
				b.exec(`document.querySelector('details.law-toc').scrollIntoView()`)
				b.viewShot(name("convention-toc"))
				b.exec(`document.querySelector('#art_33').scrollIntoView()`)
				b.viewShot(name("convention-art33"))

				b.expectStatus("provision", b.open("/law/instruments/BWBR0007149/art_9?on=2014-04-09"), 200)
				if got := b.text("#art_9__para_1__list_1__point_e > p"); !strings.HasPrefix(got, "e. indien") {
					b.fail("point e reads %q", got)
				}
				if n := b.count(`ol.law-points > li > #art_9__para_1__list_1__point_i`); n != 1 {
					b.fail("point i is not a list item")
				}
				noOverflow("the provision")
				b.shot(name("provision"))

				b.expectStatus("diff", b.open(fmt.Sprintf("/law/instruments/BWBR0007149/diff?from=%d&to=%d#art_5", from, to)), 200)
				if n := b.count("#art_5 table.law-sbs tr.law-diff-renumbered"); n != 1 {
					b.fail("%d renumbered rows in article 5", n)
				}
				display := eval[string](b, `getComputedStyle(document.querySelector('#art_5 table.law-sbs tr.law-diff-renumbered td')).display`)
				if want := map[int64]string{1366: "table-cell", 390: "block"}[w]; display != want {
					b.fail("diff cells display %q at %d px, want %q", display, w, want)
				}
				noOverflow("the diff")
				b.viewShot(name("diff"))

				b.expectStatus("status", b.open("/law/instruments/V-2/status?on=2015-03-14"), 200)
				if n := b.count(`table.law-status-table th[aria-sort] a`); n != 5 {
					b.fail("%d sortable columns, want 5", n)
				}
				if n := b.count(`figure.law-map svg path[data-value="0"]`); n < 20 {
					b.fail("%d non-parties on the map", n)
				}
				b.exec(`document.querySelector('#state-AGO details.law-statement').open = true`)
				noOverflow("the status page")
				b.viewShot(name("status"))
				b.exec(`document.querySelector('#state-AGO').scrollIntoView()`)
				b.viewShot(name("status-table"))

				b.expectStatus("policy", b.open("/law/policy/NLD"), 200)
				if n := b.count(`figure.law-chart svg.chart-step g.series circle`); n < 2 {
					b.fail("%d change years on the step chart", n)
				}
				if n := b.count(`a[href="/data/countries/NLD"]`); n != 1 {
					b.fail("%d links to the data page", n)
				}
				noOverflow("the policy page")
				b.shot(name("policy"))

				b.expectStatus("search", b.open("/law/search?q=r%C3%A9fugi%C3%A9&lang=fr"), 200)
				if n := b.count("#search-fallback"); n != 1 {
					b.fail("no word that nothing is in French")
				}
				// the English texts through the word's root, the 1951
				// Convention's article 33 among them
				if n := b.count(`.law-hit h3 a[href^="/law/instruments/V-2/"]`); n == 0 {
					b.fail("no hit in the 1951 Convention for réfugié")
				}
				b.viewShot(name("search"))
			}
		}
	})
}

// msgN is a plural message of the law catalog in lang for n.
func msgN(lang, key string, n int) string { return i18n.Default.N(lang, key, n) }

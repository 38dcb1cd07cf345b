package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/i18n"
)

// A reader in English, French or Spanish, on a laptop and on a phone: the
// country page is headed with the CLDR name (Allemagne, Alemania), opens
// with key figures in the language's digits, and each chart has Chart /
// Table tabs (buttons with aria-selected) that switch what is shown; the
// compare form is a checkbox list narrowed by a filter box.
func TestDataLanguagesAndTabs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := data.LoadDemoNow(context.Background(), b.site.app.DB, nil); err != nil {
			t.Fatal(err)
		}
		for _, l := range []struct{ lang, germany, mexico, group, france string }{
			{"en", "Germany", "Mexico", ",", "franc"},
			{"fr", "Allemagne", "Mexique", "\u202f", "FRANCE"},
			{"es", "Alemania", "México", ".", "francia"},
		} {
			msg := func(key string) string { return i18n.Default.T(l.lang, key) }
			for _, w := range []int64{1366, 390} {
				b.viewport(w, 900)
				suffix := "-" + l.lang + "-" + strconv.FormatInt(w, 10) + ".png"
				b.expectStatus("Germany "+l.lang, b.open("/"+l.lang+"/data/countries/DEU"), 200)
				b.expect("heading", b.text("main h1"), l.germany)
				key := eval[string](b, query("#h-key + dl [data-key=stock_in] .figure")+".textContent")
				if len(key) < 9 || !strings.Contains(key, l.group) {
					b.fail("%s: Germany's stock key figure %q is not grouped with %q", l.lang, key, l.group)
				}
				if n := b.count(`.data-tabs:not([hidden]) button[role="tab"][aria-selected="true"]`); n < 3 {
					b.fail("%s: %d chart tabs selected", l.lang, n)
				}
				b.viewShot("data-lang-country" + suffix)
				// No label of a line or bar chart runs past the chart's
				// edges, as the browser lays the text out.
				clipped := eval[[]string](b, `[...document.querySelectorAll("figure svg.chart-line, figure svg.chart-bar")].flatMap(svg => {
					const vb = svg.viewBox.baseVal;
					return [...svg.querySelectorAll("text")].filter(t => { const r = t.getBBox(); return r.width > 0 && (r.x < vb.x - 0.5 || r.x + r.width > vb.x + vb.width + 0.5) })
						.map(t => svg.getAttribute("aria-labelledby") + ": " + t.textContent) })`)
				if len(clipped) > 0 {
					b.fail("%s: chart labels cut off at the edge: %q", l.lang, clipped)
				}
				// Each chart shows one drawing: the phone's on a phone,
				// whose text is as large on screen as the page's own.
				shown := eval[[]float64](b, `[...document.querySelectorAll("figure.two-widths")].map(f => {
					const vis = [...f.querySelectorAll("svg")].filter(s => s.getBoundingClientRect().width > 0);
					return vis.length == 1 ? vis[0].viewBox.baseVal.width : -vis.length })`)
				for _, vbw := range shown {
					if vbw <= 0 || (w == 390) != (vbw == 340) {
						b.fail("%s at %d px: a chart shows %v drawings or the drawing %v wide", l.lang, w, -vbw, vbw)
						break
					}
				}
				if w == 390 {
					small := eval[[]string](b, `[...document.querySelectorAll("figure.two-widths svg text")].filter(t => { const r = t.getBoundingClientRect(); return r.width > 0 && r.height < 10 }).map(t => t.textContent)`)
					if len(small) > 0 {
						b.fail("%s: chart text under 10 px on a phone: %q", l.lang, small)
					}
				}
				b.exec(`document.getElementById("t-immigrants-table").click()`)
				if b.attr("#t-immigrants-table", "aria-selected") != "true" || b.attr("#t-immigrants-chart", "aria-selected") != "false" {
					b.fail("%s: the Table tab is not selected after a click", l.lang)
				}
				if !eval[bool](b, `document.getElementById("p-immigrants-chart").hidden && !document.getElementById("p-immigrants-table").hidden`) {
					b.fail("%s: the Table tab does not show the table in place of the chart", l.lang)
				}
				if got := b.text("#t-immigrants-table"); got != msg("data.tab.table") {
					b.fail("%s: table tab reads %q", l.lang, got)
				}
				b.exec(`document.getElementById("h-immigrants").scrollIntoView()`)
				b.viewShot("data-lang-country-table" + suffix)

				b.expectStatus("corridor", b.open("/"+l.lang+"/data/corridors/MEX/USA"), 200)
				if got := b.text("main h1"); !strings.HasPrefix(got, l.mexico+" → ") {
					b.fail("%s: corridor heading %q", l.lang, got)
				}
				b.viewShot("data-lang-corridor" + suffix)
				b.expectStatus("world", b.open("/"+l.lang+"/data/regions/001"), 200)
				b.viewShot("data-lang-world" + suffix)
			}
			b.viewport(390, 900)
			b.expectStatus("data index", b.open("/"+l.lang+"/data"), 200)
			b.typeInto(`form[action="/data/compare"] input[data-filter]`, l.france)
			shown := func(code string) bool {
				return eval[bool](b, `!document.querySelector('form[action="/data/compare"] input[value="`+code+`"]').closest("label").hidden`)
			}
			if !shown("FRA") || shown("JPN") || !shown("DEU") {
				b.fail("%s: the filter %q shows France %v, Japan %v, ticked Germany %v", l.lang, l.france, shown("FRA"), shown("JPN"), shown("DEU"))
			}
			b.exec(`document.querySelector('form[action="/data/compare"] input[value="FRA"]').click()`)
			if got := b.text(`form[action="/data/compare"] [data-count]`); got != "4" {
				b.fail("%s: %s countries counted as ticked after ticking France, want 4", l.lang, got)
			}
			b.viewShot("data-lang-picker-" + l.lang + "-390.png")
		}
	})
}

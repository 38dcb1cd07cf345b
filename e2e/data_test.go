package e2e

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/i18n"
)

func dataMsg(key string, args ...any) string { return i18n.Default.T("en", key, args...) }

// A visitor opens a country profile and a corridor on the demo sample: each
// shows SVG charts with a title and a description, a data table under each
// chart, the dataset release, exports and a permalink; the chart downloads
// as SVG.
func TestDataPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := data.LoadDemo(context.Background(), b.site.app.DB); err != nil {
			t.Fatal(err)
		}
		b.viewport(1280, 900)

		b.expectStatus("GET /data", b.open("/data"), 200)
		b.expect("data heading", b.text("main h1"), dataMsg("data.title"))
		b.shot("data-index.png")

		b.expectStatus("country profile", b.open("/data/countries/MEX"), 200)
		b.expect("country heading", b.text("main h1"), "Mexico")
		if n := b.count(`svg[role="img"][aria-labelledby] > title`); n < 3 {
			b.fail("%d accessible charts on the country page, want at least 3", n)
		}
		if n := b.count("section.card table tbody tr"); n < 5 {
			b.fail("%d table rows under the charts", n)
		}
		if n, m := b.count("section.card svg"), b.count("section.card table"); n != m {
			b.fail("%d charts but %d tables: every chart needs its data table", n, m)
		}
		if got := b.text("main"); !strings.Contains(got, "International Migrant Stock 2020") || !strings.Contains(got, dataMsg("data.cite")) {
			b.fail("the page does not say which release it shows or how to cite it")
		}
		if href := b.attr(`a[href*="format=xlsx"]`, "href"); !strings.Contains(href, "datasets=") {
			b.fail("export link %q does not carry the dataset ids", href)
		}
		b.shot("data-country-mex.png")
		b.viewShot("data-country-mex-top.png")
		b.exec(`document.getElementById("h-refugees-hosted").scrollIntoView()`)
		b.viewShot("data-country-mex-refugees.png")
		b.exec(`document.getElementById("h-remittances-in").scrollIntoView()`)
		b.viewShot("data-country-mex-remittances.png")

		b.expectStatus("corridor", b.open("/data/corridors/MEX/USA"), 200)
		b.expect("corridor heading", b.text("main h1"), "Mexico → United States of America")
		if n := b.count(`section.card svg polyline`); n < 1 {
			b.fail("no line on the corridor chart")
		}
		if n := b.count("#h-instruments"); n != 1 {
			b.fail("no instruments hook on the corridor page")
		}
		b.shot("data-corridor-mex-usa.png")
		b.viewShot("data-corridor-mex-usa-top.png")

		b.expectStatus("refugees", b.open("/data/countries/SYR"), 200)
		if got := b.text("main"); !strings.Contains(got, "Refugees from") {
			b.fail("the Syria profile has no refugees chart")
		}
		b.shot("data-country-syr.png")

		b.expectStatus("world", b.open("/data/regions/001"), 200)
		if n := b.count(`#h-chord ~ figure svg path`); n < 5 {
			b.fail("the world view has %d chord paths", n)
		}
		if n := b.count(`#h-map ~ figure svg path`); n < 50 {
			b.fail("the world map has %d country shapes", n)
		}
		b.exec(`document.getElementById("h-map").scrollIntoView()`)
		b.viewShot("data-world-map.png")
		b.exec(`document.getElementById("h-chord").scrollIntoView()`)
		b.viewShot("data-world-chord.png")
		b.expectStatus("back to Syria", b.open("/data/countries/SYR"), 200)

		// The permalink brings back the same figure.
		link := b.attr(`a[rel="bookmark"]`, "href")
		b.expectStatus("permalink", b.open(link), 200)
		b.expect("permalink heading", b.text("main h1"), "Syrian Arab Republic")
	})
}

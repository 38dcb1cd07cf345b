package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"corridor/internal/data"
	"corridor/internal/i18n"
	"corridor/internal/testutil"
)

func dataMsg(key string, args ...any) string { return i18n.Default.T("en", key, args...) }

// A visitor opens a country profile and a corridor on the demo sample: each
// shows SVG charts with a title and a description, a data table under each
// chart, the dataset release, exports and a permalink; the chart downloads
// as SVG.
func TestDataPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := data.LoadDemoNow(context.Background(), b.site.app.DB, nil); err != nil {
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
		if n, m := b.count("section.card figure.chart-figure"), b.count("section.card table"); n != m {
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
		if n := b.count(`section.card svg g.series path`); n < 1 {
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

		// Germany: UN DESA's population and migrants' share of it, its
		// refugee stock, and UNHCR's new arrivals, each a drawn chart.
		b.expectStatus("Germany", b.open("/data/countries/DEU"), 200)
		for _, id := range []string{"population", "migrant-share", "refugee-stock", "arrivals-hosted"} {
			if n := b.count(`#h-` + id + ` ~ figure svg[role="img"] g.series path`); n < 1 {
				b.fail("Germany's %s section has no drawn line", id)
			}
		}
		b.exec(`document.getElementById("h-arrivals-hosted").scrollIntoView()`)
		b.viewShot("data-country-deu-arrivals.png")

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

// A visitor compares Mexico, the United States and Germany: the form on
// /data sends the chosen countries (no script needed), the page draws one
// line per country with its table, and the permalink brings it back.
func TestDataCompare(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		if err := data.LoadDemoNow(context.Background(), b.site.app.DB, nil); err != nil {
			t.Fatal(err)
		}
		b.viewport(1280, 900)
		b.expectStatus("GET /data", b.open("/data"), 200)
		// The form on /data preselects MEX, USA and DEU.
		b.expectStatus("compare from /data", b.click(`form[action="/data/compare"] button[type="submit"]`), 200)
		if p := b.path(); !strings.HasPrefix(p, "/data/compare?countries=DEU&countries=MEX&countries=USA") {
			b.fail("the form went to %q", p)
		}
		b.expect("compare heading", b.text("main h1"), dataMsg("data.compare.heading", dataMsg("data.compare.m.immigrants"), "Germany, Mexico, United States of America"))
		if n := b.count(`#h-compare ~ figure svg[role="img"] path, #h-compare ~ figure svg[role="img"] polyline`); n < 3 {
			b.fail("%d lines on the comparison chart, want 3", n)
		}
		if n := b.count(`#h-compare ~ div table thead th`); n != 4 {
			b.fail("%d table columns, want year + 3 countries", n)
		}
		b.shot("data-compare.png")
		b.exec(`document.getElementById("h-compare").scrollIntoView()`)
		b.viewShot("data-compare-chart.png")

		link := b.attr(`a[rel="bookmark"]`, "href")
		if !strings.Contains(link, "countries=") || !strings.Contains(link, "datasets=") {
			b.fail("permalink %q", link)
		}
		b.expectStatus("permalink", b.open(link), 200)
		if n := b.count(`#h-compare`); n != 1 {
			b.fail("the permalink shows no chart")
		}
		b.expectStatus("country links to compare", b.open("/data/countries/MEX"), 200)
		if n := b.count(`a[href="/data/compare?countries=MEX"]`); n != 1 {
			b.fail("the country page does not link to the comparison")
		}
	})
}

// A data curator uploads a tidy CSV with its own column names, sees the
// first rows and the detected columns, fixes a wrong choice after the form
// says what is wrong, and queues the import.
func TestDataTidyMapping(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		b.viewport(1280, 900)
		path := filepath.Join(t.TempDir(), "survey.csv")
		csv := "Residence,Born in,When,People,Note\nUnited States of America,Mexico,2019,5500000,\nCanada,Mexico,2019,..,no estimate\nSpain,Morocco,2019,714000,\n"
		if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		b.expectStatus("curator login", b.login("data@corridor.test", "corridor-demo-data"), 200)
		b.expectStatus("import form", b.open("/data/import"), 200)
		b.exec(`document.getElementById("f-format").value = "tidy-csv"`)
		if _, err := chromedp.Run(b.ctx, chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{path})); err != nil {
			b.fail("choose the file: %v", err)
		}
		b.expectStatus("upload", b.click(`form[action="/data/import"] button[type="submit"]`), 200)
		b.expect("mapping heading", b.text("main h1"), dataMsg("data.map.title"))
		if n := b.count("#preview tbody tr"); n != 3 {
			b.fail("%d preview rows, want 3", n)
		}
		if got := b.value("#f-map_destination"); got != "0" {
			b.fail("Residence not detected as the destination: %q", got)
		}
		b.shot("data-import-map.png")
		// Year and value left out, measure not given: the form says so.
		b.exec(`document.getElementById("f-map_origin").value = "1"`)
		b.expectStatus("incomplete mapping", b.click(`#map-form button[type="submit"]`), 422)
		if n := b.count("#map-form .field-error"); n < 3 {
			b.fail("%d field errors, want year, value and measure", n)
		}
		b.viewShot("data-import-map-errors.png")
		b.exec(`document.getElementById("f-map_year").value = "2";
			document.getElementById("f-map_value").value = "3";
			document.getElementById("f-const_measure").value = "migrant_stock"`)
		b.expectStatus("mapping", b.click(`#map-form button[type="submit"]`), 200)
		if p := b.path(); p != "/data/import" {
			b.fail("after the mapping the browser is at %q", p)
		}
		if got := b.text("main"); !strings.Contains(got, "data.import") {
			b.fail("the import job is not listed")
		}
	})
}

// A researcher opens Abel's (2018) regional flows, picks the period
// starting in 1960 in the indices form (a plain GET form, no script) and
// reads the per-region table and the matrix-level indices, each explained.
func TestDataIndices(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		path := testutil.SharedData(t, "migest", "abel2018_imr_region_flows.csv")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		res, err := data.NewService(b.site.app.DB, nil, nil).Import(context.Background(), data.ImportRequest{Format: "abel-2018-region-flows", FileName: filepath.Base(path), Content: f, Size: st.Size()})
		if err != nil {
			t.Fatal(err)
		}
		b.viewport(1280, 900)
		page := "/data/datasets/" + strconv.FormatInt(res.Dataset.ID, 10)
		b.expectStatus("dataset page", b.open(page), 200)
		b.expect("indices heading", b.text("#h-indices"), dataMsg("data.indices.title"))
		if got := b.value("#f-year"); got != "2010" {
			b.fail("the year picker shows %q, want the newest period, 2010", got)
		}
		b.exec(`document.getElementById("f-year").value = "1960"`)
		b.expectStatus("show 1960", b.click(`#h-indices ~ form button[type="submit"]`), 200)
		if p := b.path(); !strings.Contains(p, "year=1960") {
			b.fail("the form went to %q", p)
		}
		if n := b.count("#h-indices-regions ~ div table tbody tr"); n != 8 {
			b.fail("%d regions in the table, want the 8 matched", n)
		}
		if got := b.text("#h-indices-matrix ~ div table"); !strings.Contains(got, dataMsg("data.indices.effectiveness.name")) || !strings.Contains(got, dataMsg("data.indices.connectivity.desc")) {
			b.fail("the matrix table lacks the effectiveness index or what connectivity measures")
		}
		b.exec(`document.getElementById("h-indices").scrollIntoView()`)
		b.viewShot("data-indices.png")
	})
}

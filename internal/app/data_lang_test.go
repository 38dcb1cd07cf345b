package app

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// TestDataPagesInFrenchAndSpanish: Germany's page under /fr/ and /es/
// names it as CLDR does ("Allemagne", "Alemania"), writes its numbers in
// CLDR's digits (13,132,146, UN DESA's 2019 stock for Germany, International Migrant
// Stock 2019 Table 1, as the workbook has it, 9,812,263 in 2010: "13 132 146"
// with narrow no-break spaces, "13.132.146"), opens with the key figures
// before the first chart, has chart / table tabs that are buttons with
// aria-selected, ends with the citation, and exports the names in the
// page's language; the pickers list only places with data.
func TestDataPagesInFrenchAndSpanish(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			csv := "origin,destination,year,sex,measure,value\n001,DEU,2010,total,migrant_stock,9812263\n001,DEU,2019,total,migrant_stock,13132146\n"
			if _, err := a.Data.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "deu.csv", Content: strings.NewReader(csv), Size: int64(len(csv))}); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			for _, l := range []struct{ prefix, name, number string }{
				{"/fr", "Allemagne", "13\u202f132\u202f146"},
				{"/es", "Alemania", "13.132.146"},
				{"/en", "Germany", "13,132,146"},
			} {
				resp, body := c.Get(l.prefix + "/data/countries/DEU")
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d", l.prefix, resp.StatusCode)
				}
				if !strings.Contains(body, "<h1>"+l.name+"</h1>") {
					t.Errorf("%s: the page is not headed %q", l.prefix, l.name)
				}
				key, chart, tab, cite := strings.Index(body, `id="h-key"`), strings.Index(body, "<svg"), strings.Index(body, `role="tab"`), strings.Index(body, `id="h-sources"`)
				if key < 0 || chart < 0 || tab < 0 || cite < 0 || !(key < chart && chart < cite) {
					t.Errorf("%s: key figures at %d, first chart at %d, tabs at %d, sources at %d: want key figures, then charts, then sources", l.prefix, key, chart, tab, cite)
				}
				if k := body[key:chart]; !strings.Contains(k, l.number) || !strings.Contains(k, "2019") {
					t.Errorf("%s: the key figures do not show %q for 2019", l.prefix, l.number)
				}
				if !strings.Contains(body, `<button type="button" role="tab" id="t-immigrants-chart" aria-controls="p-immigrants-chart" aria-selected="true">`) {
					t.Errorf("%s: no chart tab button with aria-selected", l.prefix)
				}
				if !strings.Contains(body, "<td>"+l.number+"</td>") {
					t.Errorf("%s: the table does not show %q", l.prefix, l.number)
				}
				// The pickers offer only places with data: Germany and the
				// regions it belongs to, not Afghanistan or Oceania; several
				// countries are ticked in a checkbox list, no Ctrl-click.
				_, idx := c.Get(l.prefix + "/data")
				for _, want := range []string{`<option value="DEU">`, `<input type="checkbox" name="countries" value="DEU" checked> ` + l.name + `</label>`, `href="/data/regions/155"`, `href="/data/regions/001"`} {
					if !strings.Contains(idx, want) {
						t.Errorf("%s/data lacks %s", l.prefix, want)
					}
				}
				for _, bad := range []string{`value="AFG"`, `href="/data/regions/009"`, `multiple`} {
					if strings.Contains(idx, bad) {
						t.Errorf("%s/data offers %s", l.prefix, bad)
					}
				}
				_, exp := c.Get(l.prefix + "/data/countries/DEU?format=csv")
				if !strings.Contains(exp, ",DEU,"+l.name+",2019,") {
					t.Errorf("%s: the CSV export does not name Germany %q:\n%s", l.prefix, l.name, exp)
				}
			}
		})
	}
}

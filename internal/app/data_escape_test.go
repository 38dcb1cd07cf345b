package app

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// TestDataFlagsShownAsText: a tidy file's free-text flag column that looks
// like one of the pages' own links is shown as text on the public pages,
// never as markup.
func TestDataFlagsShownAsText(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			svc := a.Data
			csv := "origin,destination,year,sex,measure,value,flag\n" +
				"MEX,USA,2019,total,migrant_stock,,\"<a href=\"\"/data/x\"\" onmouseover=alert(1)>\"\n" +
				"IND,USA,2019,total,migrant_stock,,\"<a href=\"\"/data/\"\"><script>alert(2)</script>\"\n" +
				"CHN,USA,2019,total,migrant_stock,2000000,\n" +
				"PHL,USA,2019,total,migrant_stock,,\"=HYPERLINK(\"\"http://example.com\"\")\"\n"
			res, err := svc.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "flags.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
			if err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			for _, page := range []string{"/data/countries/USA", "/data/countries/MEX", "/data/corridors/MEX/USA", "/data/datasets/" + strconv.FormatInt(res.Dataset.ID, 10)} {
				resp, body := c.Get(page)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d", page, resp.StatusCode)
				}
				for _, bad := range []string{"<script>alert", `<a href="/data/x"`, `<a href="/data/">`} {
					if strings.Contains(body, bad) {
						t.Errorf("%s carries the flag as markup (%q)", page, bad)
					}
				}
				if page == "/data/corridors/MEX/USA" && !strings.Contains(body, "&lt;a href=&#34;/data/x&#34; onmouseover=alert(1)&gt;") {
					t.Errorf("%s does not show the flag as text", page)
				}
			}
			// The export writes formula-like text with a leading apostrophe.
			_, body := c.Get("/data/corridors/PHL/USA?format=csv")
			if !strings.Contains(body, `"'=HYPERLINK(""http://example.com"")"`) || strings.Contains(body, `,"=HYPERLINK`) {
				t.Errorf("the CSV export does not neutralise formulas:\n%s", body)
			}
		})
	}
}

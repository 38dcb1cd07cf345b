package app

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/data/flows"
	"corridor/internal/data/indices"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// abelCodes are the UN M49 codes of Abel's (2018) region names, written
// out here so the test does not lean on the importer's name matching.
// "Eastern Europe & Central Asia" is no M49 region: the import reports it
// unmatched and stores none of its flows.
var abelCodes = map[string]string{
	"Africa": "002", "Eastern Asia": "030", "Europe": "150", "Latin America & Caribbean": "419",
	"Northern America": "021", "Oceania": "009", "Southern Asia": "034", "Western Asia": "145",
}

// abelMatrix reads one period of the Abel 2018 regional flows with
// encoding/csv, keeping the regions of abelCodes, rows and columns in code
// order.
func abelMatrix(t *testing.T, path, year string) *flows.Matrix {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, c := range abelCodes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	pos := map[string]int{}
	for i, c := range codes {
		pos[c] = i
	}
	m := flows.NewSquare(codes)
	for _, r := range recs[1:] { // year0,orig_reg,dest_reg,flow
		o, okO := abelCodes[r[1]]
		d, okD := abelCodes[r[2]]
		if r[0] != year || !okO || !okD {
			continue
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		m.Set(pos[o], pos[d], v)
	}
	return m
}

type indicesDoc struct {
	Year    int
	Years   []int
	Regions []struct {
		Region, Name                       string
		In, Out, Net, Gross, Effectiveness *float64
	}
	Indices     map[string]*float64
	Definitions []struct{ Key, Name, Formula, Source string }
}

// TestDataIndicesAbel2018 imports Abel's (2018) regional flows and checks
// the migration indices of the dataset page, its exports and the API
// against the indices package run on the same matrix read from the CSV.
func TestDataIndicesAbel2018(t *testing.T) {
	path := testutil.SharedData(t, "migest", "abel2018_imr_region_flows.csv")
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			svc := a.Data
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := f.Stat()
			res, err := svc.Import(context.Background(), data.ImportRequest{Format: "abel-2018-region-flows", FileName: "abel2018_imr_region_flows.csv", Content: f, Size: st.Size()})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Unmatched) != 1 || res.Unmatched[0].Name != "Eastern Europe & Central Asia" {
				t.Fatalf("unmatched %+v: the expected matrix assumes only Eastern Europe & Central Asia is", res.Unmatched)
			}
			id := res.Dataset.ID
			c := webtest.NewClient(t, a.URL)
			apiPath := fmt.Sprintf("/api/v1/data/datasets/%d/indices", id)
			for _, year := range []int{2010, 1960, 1985} {
				resp, body := c.Get(apiPath + "?year=" + strconv.Itoa(year))
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%d: %d %s", year, resp.StatusCode, body)
				}
				var doc indicesDoc
				if err := json.Unmarshal([]byte(body), &doc); err != nil {
					t.Fatal(err)
				}
				if doc.Year != year || len(doc.Years) != 11 || doc.Years[0] != 1960 || doc.Years[10] != 2010 {
					t.Errorf("year %d, years %v", doc.Year, doc.Years)
				}
				want, err := indices.Summarize(abelMatrix(t, path, strconv.Itoa(year)), nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				if len(doc.Regions) != len(want.Regions) {
					t.Fatalf("%d: %d regions, want %d", year, len(doc.Regions), len(want.Regions))
				}
				for i, w := range want.Regions {
					g := doc.Regions[i]
					if g.Region != w.Region {
						t.Fatalf("region %d is %s, want %s", i, g.Region, w.Region)
					}
					for name, pair := range map[string][2]any{"in": {g.In, w.In}, "out": {g.Out, w.Out}, "net": {g.Net, w.Net}, "gross": {g.Gross, w.Gross}, "effectiveness": {g.Effectiveness, w.Effectiveness}} {
						sameNum(t, fmt.Sprintf("%d %s %s", year, g.Region, name), pair[0].(*float64), pair[1].(indices.Num))
					}
				}
				if len(doc.Indices) != len(want.Indices) || len(doc.Definitions) != len(want.Indices) {
					t.Errorf("%d indices and %d definitions, want %d", len(doc.Indices), len(doc.Definitions), len(want.Indices))
				}
				for key, w := range want.Indices {
					sameNum(t, fmt.Sprintf("%d %s", year, key), doc.Indices[key], w)
				}
				if year != 2010 {
					continue
				}
				// By hand from the CSV rows of 2010 (Eastern Europe & Central
				// Asia and within-region rows left out): Northern America
				// (021) received 6,854,306 and sent 541,184, so its net is
				// 6,313,122 and its gross 7,395,490; Africa (002) received
				// 513,921 and sent 3,383,730: net −2,869,809.
				for _, r := range doc.Regions {
					switch r.Region {
					case "021":
						if *r.In != 6854306 || *r.Out != 541184 || *r.Net != 6313122 || *r.Gross != 7395490 {
							t.Errorf("Northern America 2010: %v %v %v %v", *r.In, *r.Out, *r.Net, *r.Gross)
						}
					case "002":
						if *r.Net != -2869809 {
							t.Errorf("Africa 2010 net %v, want −2,869,809", *r.Net)
						}
					}
				}
				if *doc.Indices["regions"] != 8 {
					t.Errorf("%v regions, want the 8 matched", *doc.Indices["regions"])
				}
			}
			// The default year is the newest.
			if _, body := c.Get(apiPath); !strings.Contains(body, `"year": 2010`) {
				t.Errorf("default year: %.200s", body)
			}

			// The dataset page shows the same numbers, in the page's language.
			pagePath := fmt.Sprintf("/data/datasets/%d", id)
			resp, body := c.Get(pagePath + "?year=2010")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("page: %d", resp.StatusCode)
			}
			want, _ := indices.Summarize(abelMatrix(t, path, "2010"), nil, 0)
			eff := strconv.FormatFloat(float64(want.Indices["effectiveness"]), 'g', 4, 64)
			for _, s := range []string{"Migration indices", `<option value="1960">`, `<option value="2010" selected>`, "6,313,122", "-2,869,809", "7,395,490",
				"Migration effectiveness index", "<td>" + eff + "</td>", "Bell et al. (2002)", "Inequality of flows (weighted)", "format=indices-csv&amp;year=2010"} {
				if !strings.Contains(body, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			c.SetCookie("corridor_lang", "fr")
			if _, body := c.Get(pagePath + "?year=2010"); !strings.Contains(body, "Indices de migration") || !strings.Contains(body, "Indice d’efficacité migratoire") {
				t.Error("the French page lacks the translated indices")
			}
			c.SetCookie("corridor_lang", "es")
			if _, body := c.Get(pagePath + "?year=2010"); !strings.Contains(body, "Índices de migración") || !strings.Contains(body, "Conectividad") {
				t.Error("the Spanish page lacks the translated indices")
			}
			c.SetCookie("corridor_lang", "en")

			// Exports: the command line's CSV rows, and the API's document.
			resp, body = c.Get(pagePath + "?year=1960&format=indices-csv")
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "level,region,index,value\n") {
				t.Fatalf("CSV export: %d %.100s", resp.StatusCode, body)
			}
			w60, _ := indices.Summarize(abelMatrix(t, path, "1960"), nil, 0)
			wantRow := "matrix,,effectiveness," + indices.FormatNum(w60.Indices["effectiveness"])
			if !strings.Contains(body, wantRow) {
				t.Errorf("CSV export lacks %q", wantRow)
			}
			if _, body := c.Get(pagePath + "?year=1960&format=indices-json"); !strings.Contains(body, `"year": 1960`) || !strings.Contains(body, `"definitions"`) {
				t.Errorf("JSON export: %.200s", body)
			}

			// Errors: a year without flows, a year that is no year, a
			// dataset without flows (its page has no indices).
			if resp, _ := c.Get(apiPath + "?year=1961"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("year 1961: %d", resp.StatusCode)
			}
			if resp, _ := c.Get(apiPath + "?year=soon"); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("year soon: %d", resp.StatusCode)
			}
			stocks := testDataset(t, a)
			if resp, _ := c.Get(fmt.Sprintf("/api/v1/data/datasets/%d/indices", stocks)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("stock dataset: %d", resp.StatusCode)
			}
			if resp, body := c.Get(fmt.Sprintf("/data/datasets/%d", stocks)); resp.StatusCode != http.StatusOK || strings.Contains(body, "Migration indices") {
				t.Errorf("stock dataset page: %d, indices shown", resp.StatusCode)
			}
		})
	}
}

// sameNum compares a JSON number with the package's value: null for an
// undefined one, else equal to 1e-12 relative (the sums may run in
// another order).
func sameNum(t *testing.T, what string, got *float64, want indices.Num) {
	t.Helper()
	if !want.Defined() {
		if got != nil {
			t.Errorf("%s = %v, want null", what, *got)
		}
		return
	}
	if got == nil || math.Abs(*got-float64(want)) > 1e-12*math.Max(1, math.Abs(float64(want))) {
		t.Errorf("%s = %v, want %v", what, got, float64(want))
	}
}

package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/data/xlsx"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
	"corridor/internal/web/webtest"
)

func init() {
	pub, cur := accounts.PermPublic, accounts.PermCurateData
	decide(map[string]accounts.Permission{
		"GET /data": pub, "GET /data/assets/data.css": pub, "GET /data/assets/data.js": pub, "GET /data/datasets/{dataset}": pub,
		"GET /data/countries/{code}": pub, "GET /data/corridors/{from}/{to}": pub, "GET /data/regions/{code}": pub, "GET /data/compare": pub,
		"GET /data/import": cur, "POST /data/import": cur,
		"GET /data/import/map": cur, "POST /data/import/map": cur,
		"GET /data/names": cur, "POST /data/names": cur,
		"POST /data/datasets/{dataset}/rerun": cur, "POST /data/datasets/{dataset}/estimate": cur,
		"POST /data/datasets/{dataset}/publish": cur, "POST /data/datasets/{dataset}/withdraw": cur,
		"GET /api/v1/data/datasets": pub, "GET /api/v1/data/datasets/{dataset}": pub, "GET /api/v1/data/datasets/{dataset}/indices": pub,
		"GET /api/v1/data/countries": pub, "GET /api/v1/data/observations": pub,
		"GET /api/v1/data/corridors/{from}/{to}": pub,
		"GET /api/v1/data/countries/{code}":      pub, "GET /api/v1/data/regions/{code}": pub, "GET /api/v1/data/compare": pub,
		"POST /api/v1/data/datasets/{dataset}/estimate": cur,
		"POST /api/v1/data/datasets/{dataset}/publish":  cur, "POST /api/v1/data/datasets/{dataset}/withdraw": cur,
	})
	curator := accounts.RoleDataCurator
	writeScenarios["POST /data/import"] = writeScenario{curator, "data.import.queue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		return uploadData(t, c, "unhcr-population", "population.csv", "year,coo_name,coo_iso,coa_name,coa_iso,refugees,asylum_seekers\n2020,Syria,SYR,Turkey,TUR,3600000,\n")
	}}
	writeScenarios["POST /data/import/map"] = writeScenario{curator, "data.import.queue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		mapURL := stageTidy(t, c, "upload.csv", "from,to,when,people\nMEX,USA,2019,11489684\n")
		resp, _ := postMapping(t, c, mapURL, url.Values{"map_origin": {"0"}, "map_destination": {"1"}, "map_year": {"2"}, "map_value": {"3"}, "const_sex": {"total"}, "const_measure": {"migrant_stock"}})
		return resp
	}}
	writeScenarios["POST /data/names"] = writeScenario{curator, "data.alias.set", post("/data/names", url.Values{"name": {"Other North"}, "code": {"-"}})}
	writeScenarios["POST /data/datasets/{dataset}/rerun"] = writeScenario{curator, "data.rerun.queue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/rerun", testDataset(t, a)), nil)
		return resp
	}}
	writeScenarios["POST /data/datasets/{dataset}/estimate"] = writeScenario{curator, "data.estimate", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/estimate", twoStockDataset(t, a, 0)), url.Values{"from": {"2010"}, "to": {"2015"}, "method": {"difference"}})
		return resp
	}}
	writeScenarios["POST /api/v1/data/datasets/{dataset}/estimate"] = writeScenario{curator, "data.estimate", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.API("POST", fmt.Sprintf("/api/v1/data/datasets/%d/estimate", twoStockDataset(t, a, 1)), `{"from":2010,"to":2015,"method":"difference"}`)
		return resp
	}}
	writeScenarios["POST /data/datasets/{dataset}/publish"] = writeScenario{curator, "data.estimate.publish", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/publish", testEstimate(t, a, 2, false)), nil)
		return resp
	}}
	writeScenarios["POST /data/datasets/{dataset}/withdraw"] = writeScenario{curator, "data.estimate.withdraw", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/withdraw", testEstimate(t, a, 3, true)), nil)
		return resp
	}}
	writeScenarios["POST /api/v1/data/datasets/{dataset}/publish"] = writeScenario{curator, "data.estimate.publish", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.API("POST", fmt.Sprintf("/api/v1/data/datasets/%d/publish", testEstimate(t, a, 4, false)), "")
		return resp
	}}
	writeScenarios["POST /api/v1/data/datasets/{dataset}/withdraw"] = writeScenario{curator, "data.estimate.withdraw", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.API("POST", fmt.Sprintf("/api/v1/data/datasets/%d/withdraw", testEstimate(t, a, 5, true)), "")
		return resp
	}}
	pathFillers["{dataset}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(testDataset(t, a), 10) }
	pathFillers["{code}"] = func(*testing.T, *testApp) string { return "MEX" }
	pathFillers["{from}"] = func(*testing.T, *testApp) string { return "MEX" }
	pathFillers["{to}"] = func(*testing.T, *testApp) string { return "USA" }
}

// testDataset imports a tiny tidy CSV (a no-op after the first time).
func testDataset(t *testing.T, a *testApp) int64 {
	svc := a.Data
	csv := "origin,destination,year,sex,measure,value\nMexico,United States of America,2019,total,migrant_stock,11489684\n"
	res, err := svc.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "authz.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
	if err != nil {
		t.Fatal(err)
	}
	return res.Dataset.ID
}

// uploadData posts a file to the import form as a browser would.
func uploadData(t *testing.T, c *webtest.Client, format, name, content string) *http.Response {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", c.CSRF)
	mw.WriteField("format", format)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", c.BaseURL+"/data/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := c.Do(req)
	return resp
}

// stageTidy uploads a tidy CSV and returns the mapping form's URL it is
// sent to.
func stageTidy(t *testing.T, c *webtest.Client, name, content string) *url.URL {
	t.Helper()
	resp := uploadData(t, c, "tidy-csv", name, content)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("tidy upload: %d, want a redirect to the mapping form", resp.StatusCode)
	}
	u, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || u.Path != "/data/import/map" {
		t.Fatalf("tidy upload went to %q", resp.Header.Get("Location"))
	}
	return u
}

// postMapping posts the mapping form with the staged upload's fields.
func postMapping(t *testing.T, c *webtest.Client, mapURL *url.URL, fields url.Values) (*http.Response, string) {
	t.Helper()
	form := url.Values{"mapped": {"1"}}
	for k, v := range mapURL.Query() {
		form[k] = v
	}
	for k, v := range fields {
		form[k] = v
	}
	return c.Post("/data/import/map", form)
}

// TestDataUploadRunsAsJob uploads a file as a curator, runs the queued job
// and finds the dataset, its explore page, its API and the rejected upload
// of an HTML page saved as XLSX.
func TestDataUploadRunsAsJob(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			c.Get("/data/import")
			mapURL := stageTidy(t, c, "upload.csv", "origin,destination,year,sex,measure,value,flag\nMexico,United States of America,2015,total,migrant_stock,12050031,\nMexico,United States of America,2019,total,migrant_stock,11489684,\nAtlantis,Canada,2019,total,migrant_stock,5,\nMEX,CAN,2019,total,migrant_stock,..,..\n")
			// The form shows the first rows and the detected columns.
			resp, body := c.Get(mapURL.String())
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "12050031") || !strings.Contains(body, `<option value="6" selected>7 · flag</option>`) {
				t.Fatalf("mapping form: %d", resp.StatusCode)
			}
			// Confirming the detected mapping queues the import.
			resp, _ = postMapping(t, c, mapURL, url.Values{"map_origin": {"0"}, "map_destination": {"1"}, "map_year": {"2"}, "map_sex": {"3"}, "map_measure": {"4"}, "map_value": {"5"}, "map_flag": {"6"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("mapping: %d", resp.StatusCode)
			}
			if ok, err := a.Jobs.RunOne(context.Background()); !ok || err != nil {
				t.Fatalf("job: %v %v", ok, err)
			}
			var id, obs, unmatched int64
			var by *int64
			if err := a.DB.QueryRow(`SELECT id, observations, unmatched, imported_by FROM data_datasets WHERE file_name = 'upload.csv'`).Scan(&id, &obs, &unmatched, &by); err != nil {
				t.Fatal(err)
			}
			if obs != 3 || unmatched != 1 || by == nil || *by != a.Users[accounts.RoleDataCurator].ID {
				t.Errorf("dataset: %d observations, %d unmatched, imported by %v", obs, unmatched, by)
			}
			_, body = c.Get(fmt.Sprintf("/data/datasets/%d", id))
			if !strings.Contains(body, "Atlantis") {
				t.Error("the dataset page does not list the unmatched name")
			}
			_, body = c.Get("/data/corridors/MEX/USA")
			if !strings.Contains(body, "<svg") || !strings.Contains(body, "11,489,684") {
				t.Error("the corridor page has no chart or no table value")
			}
			_, body = c.Get("/api/v1/data/observations?origin=MEX&limit=1")
			if !strings.Contains(body, `"next_cursor"`) {
				t.Errorf("no cursor on a one-item page: %s", body)
			}
			resp, body = c.Get("/api/v1/data/observations?year_from=abc")
			if resp.StatusCode != http.StatusUnprocessableEntity && resp.StatusCode != http.StatusBadRequest {
				t.Errorf("bad filter: %d %s", resp.StatusCode, body)
			}
			c.Get("/data/import")
			resp = uploadData(t, c, "worldbank-bilateral-2013", "matrix.xlsx", "<!DOCTYPE html><html><body>Not found</body></html>")
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("HTML as XLSX: %d, want 422", resp.StatusCode)
			}
		})
	}
}

// TestDataComparePage opens the comparison page without JavaScript: the
// form, the chart and table, every export, the permalink and bad input.
func TestDataComparePage(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			svc := a.Data
			csv := "origin,destination,year,sex,measure,value\n001,MEX,2010,total,migrant_stock,970000\n001,MEX,2019,total,migrant_stock,1060000\n" +
				"001,USA,2010,total,migrant_stock,44200000\n001,USA,2019,total,migrant_stock,50600000\n001,DEU,2019,total,migrant_stock,13100000\n"
			if _, err := svc.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "compare.csv", Content: strings.NewReader(csv), Size: int64(len(csv))}); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, a.URL)
			resp, body := c.Get("/data/compare")
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, `action="/data/compare"`) || strings.Contains(body, "<svg") {
				t.Fatalf("empty comparison: %d", resp.StatusCode)
			}
			// A multiple select sends the parameter once per country.
			resp, body = c.Get("/data/compare?countries=MEX&countries=USA&countries=DEU&measure=immigrants&years=2010-2019")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("comparison: %d", resp.StatusCode)
			}
			for _, want := range []string{"<svg", "50,600,000", "13,100,000", `rel="bookmark"`, "countries=MEX,USA,DEU", "format=xlsx", `value="DEU" checked> Germany`} {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			base := "/data/compare?countries=MEX,USA,DEU&measure=immigrants&years=2010-2019"
			for format, want := range map[string]string{"csv": "dataset_id,release,measure", "json": `"view": "compare"`, "xlsx": "PK", "svg&chart=compare": "<svg"} {
				resp, body := c.Get(base + "&format=" + format)
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
					t.Errorf("export %s: %d, no %q", format, resp.StatusCode, want)
				}
			}
			resp, body = c.Get("/data/compare?countries=MEX&years=2019-1990")
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "field-error") {
				t.Errorf("bad years: %d", resp.StatusCode)
			}
			_, body = c.Get("/data/countries/MEX")
			if !strings.Contains(body, `href="/data/compare?countries=MEX"`) {
				t.Error("the country page does not link to the comparison")
			}
			_, body = c.Get("/data")
			if !strings.Contains(body, `action="/data/compare"`) {
				t.Error("/data has no comparison form")
			}
		})
	}
}

// TestDataTidyMappingImport takes a tidy CSV and an XLSX whose headers are
// not the documented ones through the mapping form: the preview, the field
// errors of a wrong mapping, then the import as a job, on both engines.
func TestDataTidyMappingImport(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			c.Get("/data/import")
			mapURL := stageTidy(t, c, "people.csv", "Residence,Born in,When,People,Note\nUnited States of America,Mexico,2019,5500000,\nCanada,Mexico,2019,..,no estimate\nUnited States of America,India,2019,1300000,\n")
			_, body := c.Get(mapURL.String())
			for _, want := range []string{"Born in", "no estimate", `<option value="0" selected>1 · Residence</option>`, `<option value="4" selected>5 · Note</option>`} {
				if !strings.Contains(body, want) {
					t.Errorf("the mapping form lacks %q", want)
				}
			}
			// Origin unmapped, one column for two fields, no measure.
			resp, body := postMapping(t, c, mapURL, url.Values{"map_destination": {"0"}, "map_year": {"0"}, "map_value": {"3"}, "const_sex": {"female"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("bad mapping: %d", resp.StatusCode)
			}
			for _, key := range []string{"data.error.map_required", "data.error.map_twice", "data.error.map_measure"} {
				if msg := dataMsg(key); !strings.Contains(body, html.EscapeString(msg)) {
					t.Errorf("no field error %q", msg)
				}
			}
			if !strings.Contains(body, `id="f-map_year" name="map_year" aria-invalid="true"`) {
				t.Error("the doubly used column's field is not marked invalid")
			}
			var jobs int64
			a.DB.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = 'data.import'`).Scan(&jobs)
			if jobs != 0 {
				t.Fatalf("a refused mapping queued %d jobs", jobs)
			}
			resp, body = postMapping(t, c, mapURL, url.Values{"map_origin": {"1"}, "map_destination": {"0"}, "map_year": {"2"}, "map_value": {"3"}, "map_flag": {"4"}, "const_sex": {"female"}, "const_measure": {"migrant_stock"}, "title": {"Women born abroad"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("mapping: %d %s", resp.StatusCode, body)
			}
			if ok, err := a.Jobs.RunOne(context.Background()); !ok || err != nil {
				t.Fatalf("job: %v %v", ok, err)
			}
			var id, obs int64
			var title, mapping string
			if err := a.DB.QueryRow(`SELECT id, observations, title, mapping FROM data_datasets WHERE file_name = 'people.csv'`).Scan(&id, &obs, &title, &mapping); err != nil {
				t.Fatal(err)
			}
			if obs != 3 || title != "Women born abroad" || !strings.Contains(mapping, `"measure_const":"migrant_stock"`) {
				t.Errorf("dataset: %d observations, title %q, mapping %s", obs, title, mapping)
			}
			var v float64
			var flag string
			if err := a.DB.QueryRow(`SELECT value FROM data_observations WHERE dataset_id = $1 AND origin = 'IND' AND destination = 'USA' AND sex = 'female' AND measure = 'migrant_stock'`, id).Scan(&v); err != nil || v != 1300000 {
				t.Errorf("India → USA: %v %v", v, err)
			}
			if err := a.DB.QueryRow(`SELECT flag FROM data_observations WHERE dataset_id = $1 AND destination = 'CAN' AND value IS NULL`, id).Scan(&flag); err != nil || flag != "no estimate" {
				t.Errorf("missing value's flag: %q %v", flag, err)
			}
			// Reading the kept file again uses the same mapping.
			res, err := a.Data.Rerun(context.Background(), id, nil)
			if err != nil || res.Dataset.Observations != 3 {
				t.Errorf("rerun: %v", err)
			}

			// An XLSX, on its second sheet.
			var buf bytes.Buffer
			cells := [][]xlsx.Cell{{xlsx.Text("Origin country"), xlsx.Text("Host"), xlsx.Text("Year"), xlsx.Text("Flow")}, {xlsx.Text("Syria"), xlsx.Text("Germany"), xlsx.Num(2016), xlsx.Num(250000)}}
			if err := xlsx.Write(&buf, "Flows", cells); err != nil {
				t.Fatal(err)
			}
			resp = uploadData(t, c, "tidy-xlsx", "flows.xlsx", buf.String())
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("xlsx upload: %d", resp.StatusCode)
			}
			xURL, _ := url.Parse(resp.Header.Get("Location"))
			resp, body = c.Get(xURL.String())
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "250000") || !strings.Contains(body, `<option value="3" selected>D · Flow</option>`) {
				t.Fatalf("xlsx mapping form: %d", resp.StatusCode)
			}
			resp, body = postMapping(t, c, xURL, url.Values{"sheet": {"Flows"}, "map_origin": {"0"}, "map_destination": {"1"}, "map_year": {"2"}, "map_value": {"3"}, "const_sex": {"total"}, "const_measure": {"flow"}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("xlsx mapping: %d %s", resp.StatusCode, body)
			}
			if ok, err := a.Jobs.RunOne(context.Background()); !ok || err != nil {
				t.Fatalf("xlsx job: %v %v", ok, err)
			}
			if err := a.DB.QueryRow(`SELECT o.value FROM data_observations o JOIN data_datasets d ON d.id = o.dataset_id WHERE d.file_name = 'flows.xlsx' AND o.origin = 'SYR' AND o.destination = 'DEU' AND o.year = 2016 AND o.measure = 'flow'`).Scan(&v); err != nil || v != 250000 {
				t.Errorf("Syria → Germany flow: %v %v", v, err)
			}
			// A forged upload id is not found.
			resp, _ = c.Get("/data/import/map?upload=..%2F..%2Fetc&format=tidy-csv&name=x.csv")
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("forged upload id: %d, want 404", resp.StatusCode)
			}
		})
	}
}

func dataMsg(key string) string { return i18n.Default.T("en", key) }

// twoStockDataset imports a tiny tidy stock table with two dates; the
// Mexican-born in the USA grow from 100 to 150+extra (another extra, another
// file).
func twoStockDataset(t *testing.T, a *testApp, extra int) int64 {
	t.Helper()
	svc := a.Data
	csv := fmt.Sprintf("origin,destination,year,sex,measure,value\nMEX,USA,2010,total,migrant_stock,100\nMEX,USA,2015,total,migrant_stock,%d\nUSA,MEX,2010,total,migrant_stock,20\nUSA,MEX,2015,total,migrant_stock,10\n", 150+extra)
	res, err := svc.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "stocks.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
	if err != nil {
		t.Fatal(err)
	}
	return res.Dataset.ID
}

// testEstimate estimates flows from a two-year stock table (extra tells
// tables apart), published or left a draft.
func testEstimate(t *testing.T, a *testApp, extra int, publish bool) int64 {
	t.Helper()
	res, err := a.Data.Estimate(context.Background(), data.EstimateRequest{Dataset: twoStockDataset(t, a, extra), From: 2010, To: 2015, Method: "difference", Publish: publish})
	if err != nil {
		t.Fatal(err)
	}
	return res.Dataset.ID
}

// TestDataViewAPI reads the country, region and comparison views as JSON
// and runs an estimation through the API, on both engines.
func TestDataViewAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			id := twoStockDataset(t, a, 0)
			c := webtest.NewClient(t, a.URL)
			type view struct {
				View, Permalink string
				Rows            []struct {
					Measure, Origin, Destination string
					Year                         int
					Value                        *float64
				}
			}
			get := func(path string, want int) view {
				t.Helper()
				resp, body := c.Get(path)
				if resp.StatusCode != want {
					t.Fatalf("%s: %d, want %d: %s", path, resp.StatusCode, want, body)
				}
				var v view
				if want == http.StatusOK {
					if err := json.Unmarshal([]byte(body), &v); err != nil {
						t.Fatalf("%s: %v", path, err)
					}
				}
				return v
			}
			has := func(v view, o, d string, year int, value float64) bool {
				for _, r := range v.Rows {
					if r.Origin == o && r.Destination == d && r.Year == year && r.Value != nil && *r.Value == value {
						return true
					}
				}
				return false
			}
			v := get("/api/v1/data/countries/MEX", http.StatusOK)
			if v.View != "country" || !has(v, "MEX", "USA", 2015, 150) || !has(v, "USA", "MEX", 2015, 10) || !strings.HasPrefix(v.Permalink, "http") {
				t.Errorf("country view: %+v", v)
			}
			if v := get("/api/v1/data/regions/019", http.StatusOK); v.View != "region" || !has(v, "419", "021", 2015, 150) {
				t.Errorf("region view (Americas): %+v", v)
			}
			if v := get("/api/v1/data/compare?countries=MEX,USA&measure=emigrants", http.StatusOK); v.View != "compare" || len(v.Rows) == 0 {
				t.Errorf("compare view: %+v", v)
			}
			get("/api/v1/data/compare", http.StatusUnprocessableEntity)
			get("/api/v1/data/countries/Atlantis", http.StatusNotFound)

			path := fmt.Sprintf("/api/v1/data/datasets/%d/estimate", id)
			if resp, _ := c.API("POST", path, `{"from":2010,"to":2015,"method":"difference"}`); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("anonymous estimate: %d", resp.StatusCode)
			}
			cur := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			if resp, body := cur.API("POST", path, `{"to":2015}`); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"from"`) {
				t.Errorf("bad year: %d %s", resp.StatusCode, body)
			}
			resp, body := cur.API("POST", path, `{"from":2010,"to":2015,"method":"difference"}`)
			var created struct{ Dataset struct{ ID int64 } }
			if resp.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &created) != nil || created.Dataset.ID == 0 {
				t.Fatalf("estimate: %d %s", resp.StatusCode, body)
			}
			// A new estimate is a draft: not for the public, shown to the
			// curator beside what is published, with a button to publish it.
			obsPath := fmt.Sprintf("/api/v1/data/observations?dataset=%d&origin=MEX&destination=USA", created.Dataset.ID)
			if _, body := c.Get(obsPath); strings.Contains(body, `"value"`) {
				t.Errorf("a draft estimate's flows are public: %s", body)
			}
			pagePath := fmt.Sprintf("/data/datasets/%d", created.Dataset.ID)
			if resp, _ := c.Get(pagePath); resp.StatusCode != http.StatusNotFound {
				t.Errorf("the public reads a draft's page: %d", resp.StatusCode)
			}
			if resp, _ := c.Get(fmt.Sprintf("/api/v1/data/datasets/%d", created.Dataset.ID)); resp.StatusCode != http.StatusNotFound {
				t.Errorf("the public reads a draft through the API: %d", resp.StatusCode)
			}
			if resp, body := cur.Get(pagePath); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Draft estimate") || !strings.Contains(body, "/publish") || !strings.Contains(body, "No estimate of this table and these years is published yet") {
				t.Errorf("the curator's view of a draft: %d", resp.StatusCode)
			}
			if resp, body := cur.API("POST", fmt.Sprintf("/api/v1/data/datasets/%d/publish", created.Dataset.ID), ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"status": "published"`) {
				t.Fatalf("publish: %d %s", resp.StatusCode, body)
			}
			// Stock differencing (migest ffs_diff, decreases as returns): the
			// Mexican-born in the USA grew by 150−100 = 50 and the US-born in
			// Mexico fell by 20−10 = 10, who went back: 60 from MEX to USA.
			_, body = c.Get(obsPath)
			if !strings.Contains(body, `"value": 60`) {
				t.Errorf("estimated flow MEX→USA: %s", body)
			}
			if resp, body := cur.Get(pagePath); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Published estimate") || !strings.Contains(body, "/withdraw") {
				t.Errorf("the curator's view of a published estimate: %d", resp.StatusCode)
			}
		})
	}
}

// TestDataUNHCRFlowsUpload uploads a UNHCR flows file through the import
// form: the job stores each non-empty column as its measure (an empty cell
// stays missing), the observations API filters by those measures, and the
// country and corridor pages show them.
func TestDataUNHCRFlowsUpload(t *testing.T) {
	const flows = "year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,refugees,asylum_seekers,refugee_like,oip\n" +
		"2015,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,,158657,,\n" +
		"2016,Syrian Arab Rep.,SYR,SYR,Germany,GFR,DEU,41562,266250,,\n" +
		"2023,Venezuela (Bolivarian Republic of),VEN,VEN,Costa Rica,COS,CRI,,1830,2546,1850\n"
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			c.Get("/data/import")
			if resp := uploadData(t, c, "unhcr-flows", "flows.csv", flows); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d", resp.StatusCode)
			}
			if ok, err := a.Jobs.RunOne(context.Background()); !ok || err != nil {
				t.Fatalf("job: %v %v", ok, err)
			}
			type obs struct {
				Items []struct {
					Measure, Origin, Destination string
					Year                         int
					Value                        *float64
				}
			}
			get := func(q string) obs {
				t.Helper()
				resp, body := c.Get("/api/v1/data/observations?" + q)
				var o obs
				if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &o) != nil {
					t.Fatalf("%s: %d %s", q, resp.StatusCode, body)
				}
				return o
			}
			apps := get("measure=asylum_applications&destination=DEU")
			if len(apps.Items) != 2 || *apps.Items[0].Value != 158657 || apps.Items[0].Year != 2015 || *apps.Items[1].Value != 266250 {
				t.Errorf("asylum applications in Germany: %+v", apps.Items)
			}
			if r := get("measure=refugee_arrivals&origin=SYR"); len(r.Items) != 1 || r.Items[0].Year != 2016 || *r.Items[0].Value != 41562 {
				t.Errorf("refugee arrivals from Syria (2015 is empty, not zero): %+v", r.Items)
			}
			for m, want := range map[string]float64{"refugee_like_arrivals": 2546, "oip_arrivals": 1850} {
				if r := get("measure=" + m); len(r.Items) != 1 || r.Items[0].Origin != "VEN" || r.Items[0].Destination != "CRI" || *r.Items[0].Value != want {
					t.Errorf("%s: %+v", m, r.Items)
				}
			}
			_, body := c.Get("/data/countries/DEU")
			if !strings.Contains(body, `id="h-arrivals-hosted"`) || !strings.Contains(body, "266,250") {
				t.Error("Germany's page does not show the new asylum applications")
			}
			_, body = c.Get("/data/countries/SYR")
			if !strings.Contains(body, `id="h-arrivals-origin"`) {
				t.Error("Syria's page does not show the arrivals originating there")
			}
			_, body = c.Get("/data/corridors/SYR/DEU")
			if !strings.Contains(body, html.EscapeString(dataMsg("data.measure.asylum_applications"))) || !strings.Contains(body, "158,657") {
				t.Error("the Syria → Germany corridor does not show the flows")
			}
		})
	}
}

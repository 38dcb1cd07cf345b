package app

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/web/webtest"
)

func init() {
	pub, cur := accounts.PermPublic, accounts.PermCurateData
	decide(map[string]accounts.Permission{
		"GET /data": pub, "GET /data/datasets/{dataset}": pub,
		"GET /data/countries/{code}": pub, "GET /data/corridors/{from}/{to}": pub, "GET /data/regions/{code}": pub,
		"GET /data/import": cur, "POST /data/import": cur,
		"GET /data/names": cur, "POST /data/names": cur,
		"POST /data/datasets/{dataset}/rerun": cur, "POST /data/datasets/{dataset}/estimate": cur,
		"GET /api/v1/data/datasets": pub, "GET /api/v1/data/datasets/{dataset}": pub,
		"GET /api/v1/data/countries": pub, "GET /api/v1/data/observations": pub,
		"GET /api/v1/data/corridors/{from}/{to}": pub,
	})
	curator := accounts.RoleDataCurator
	writeScenarios["POST /data/import"] = writeScenario{curator, "data.import.queue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		return uploadData(t, c, "tidy-csv", "upload.csv", "origin,destination,year,sex,measure,value\nMEX,USA,2019,total,migrant_stock,11489684\n")
	}}
	writeScenarios["POST /data/names"] = writeScenario{curator, "data.alias.set", post("/data/names", url.Values{"name": {"Other North"}, "code": {"-"}})}
	writeScenarios["POST /data/datasets/{dataset}/rerun"] = writeScenario{curator, "data.rerun.queue", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/rerun", testDataset(t, a)), nil)
		return resp
	}}
	writeScenarios["POST /data/datasets/{dataset}/estimate"] = writeScenario{curator, "data.estimate", func(t *testing.T, a *testApp, c *webtest.Client) *http.Response {
		svc := a.Data.(*data.Service)
		csv := "origin,destination,year,sex,measure,value\nMEX,USA,2010,total,migrant_stock,100\nMEX,USA,2015,total,migrant_stock,150\nUSA,MEX,2010,total,migrant_stock,20\nUSA,MEX,2015,total,migrant_stock,10\n"
		res, err := svc.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "stocks.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
		if err != nil {
			t.Fatal(err)
		}
		resp, _ := c.Post(fmt.Sprintf("/data/datasets/%d/estimate", res.Dataset.ID), url.Values{"from": {"2010"}, "to": {"2015"}, "method": {"difference"}})
		return resp
	}}
	pathFillers["{dataset}"] = func(t *testing.T, a *testApp) string { return strconv.FormatInt(testDataset(t, a), 10) }
	pathFillers["{code}"] = func(*testing.T, *testApp) string { return "MEX" }
	pathFillers["{from}"] = func(*testing.T, *testApp) string { return "MEX" }
	pathFillers["{to}"] = func(*testing.T, *testApp) string { return "USA" }
}

// testDataset imports a tiny tidy CSV (a no-op after the first time).
func testDataset(t *testing.T, a *testApp) int64 {
	svc := a.Data.(*data.Service)
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

// TestDataUploadRunsAsJob uploads a file as a curator, runs the queued job
// and finds the dataset, its explore page, its API and the rejected upload
// of an HTML page saved as XLSX.
func TestDataUploadRunsAsJob(t *testing.T) {
	for _, engine := range db.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			c := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator])
			c.Get("/data/import")
			resp := uploadData(t, c, "tidy-csv", "upload.csv", "origin,destination,year,sex,measure,value,flag\nMexico,United States of America,2015,total,migrant_stock,12050031,\nMexico,United States of America,2019,total,migrant_stock,11489684,\nAtlantis,Canada,2019,total,migrant_stock,5,\nMEX,CAN,2019,total,migrant_stock,..,..\n")
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("upload: %d", resp.StatusCode)
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
			_, body := c.Get(fmt.Sprintf("/data/datasets/%d", id))
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

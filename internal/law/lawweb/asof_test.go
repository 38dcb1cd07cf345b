package lawweb_test

import (
	"corridor/internal/testutil"
	"encoding/csv"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// manifestDate reads the date the snapshot's MANIFEST.csv gives a file:
// the outside source of the date a status answer rests on.
func manifestDate(t *testing.T, file string) string {
	t.Helper()
	f, err := os.Open(testutil.SharedData(t, "untc-status-snapshot", "MANIFEST.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r[0] == file {
			return r[1]
		}
	}
	t.Fatalf("MANIFEST.csv has no %s", file)
	return ""
}

// A status answer says what it rests on, and marks a date after it.
func TestStatusSaysAsOf(t *testing.T) {
	asOf := manifestDate(t, "treaties/5-2.csv") // the 1951 Convention's table
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) { statusSaysAsOf(t, engine, asOf) })
	}
}

func statusSaysAsOf(t *testing.T, engine db.Engine, asOf string) {
	_, base := openSite(t, engine)

	// Today (after the 2013 snapshot): answered, clearly marked.
	resp, body := get(t, base+"/law/instruments/V-2/status?on=2026-12-02", "en")
	if resp.StatusCode != 200 {
		t.Fatalf("status page: %d", resp.StatusCode)
	}
	for _, want := range []string{"Status on 2 December 2026, as recorded up to 6 July 2013 (source: UN Treaty Collection", "This date is after the latest information recorded"} {
		if !strings.Contains(body, want) {
			t.Errorf("EN status page lacks %q", want)
		}
	}
	if asOf != "2013-07-06" {
		t.Fatalf("MANIFEST.csv dates the table %s; the page text above assumed 2013-07-06", asOf)
	}
	_, body = get(t, base+"/law/instruments/V-2/status?on=2026-12-02", "fr")
	if !strings.Contains(body, "État au 2 décembre 2026, tel qu’enregistré jusqu’au 6 juillet 2013") {
		t.Errorf("FR status page lacks the dated basis")
	}
	_, body = get(t, base+"/law/instruments/V-2/status?on=2026-12-02", "es")
	if !strings.Contains(body, "Estado al 2 de diciembre de 2026, según lo registrado hasta el 6 de julio de 2013") {
		t.Errorf("ES status page lacks the dated basis")
	}

	// A date before the snapshot: dated, not marked.
	_, body = get(t, base+"/law/instruments/V-2/status?on=1990-01-01", "en")
	if !strings.Contains(body, "as recorded up to 6 July 2013") || strings.Contains(body, "This date is after the latest information") {
		t.Errorf("status on 1990: the basis is missing or the after-mark shown")
	}

	// API: every row carries as_of and the mark; the header too.
	resp, body = get(t, base+"/api/v1/law/instruments/V-2/status?on=2026-12-02", "")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) < 100 {
		t.Fatalf("status API: %v, %d rows", err, len(rows))
	}
	if resp.Header.Get("X-Status-As-Of") != asOf {
		t.Errorf("X-Status-As-Of = %q, want %s", resp.Header.Get("X-Status-As-Of"), asOf)
	}
	for _, r := range rows {
		if r["as_of"] != asOf || r["after_as_of"] != true {
			t.Fatalf("API row %v: as_of/after_as_of wrong", r)
		}
	}
	_, body = get(t, base+"/api/v1/law/instruments/V-2/status?on=1990-01-01", "")
	if err := json.Unmarshal([]byte(body), &rows); err != nil || len(rows) == 0 || rows[0]["after_as_of"] != false {
		t.Errorf("status API on 1990: %v %v", err, rows)
	}

	// CSV: the columns, on every row.
	_, body = get(t, base+"/api/v1/law/instruments/V-2/status?on=2026-12-02&format=csv", "")
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) < 100 {
		t.Fatalf("status CSV: %v", err)
	}
	h := recs[0]
	if h[len(h)-2] != "as_of" || h[len(h)-1] != "after_as_of" {
		t.Fatalf("status CSV header %v", h)
	}
	for _, r := range recs[1:] {
		if r[len(r)-2] != asOf || r[len(r)-1] != "yes" {
			t.Fatalf("status CSV row %v", r)
		}
	}
}

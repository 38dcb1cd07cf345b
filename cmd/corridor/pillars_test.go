package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"corridor/internal/testutil"
)

// TestLawStatusFromTheCommandLine imports the UNTC snapshot and asks for the
// 1951 Convention's status on 1 January 1960. Italy ratified on 15 November
// 1954 (UN Treaty Collection, chapter V.2); Brazil had only signed then
// (15 July 1952; it acceded in 1960).
func TestLawStatusFromTheCommandLine(t *testing.T) {
	dir := testutil.SharedData(t, "untc-status-snapshot")
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + t.TempDir()})
	if out, code := corridor(t, env, "law", "import", "--format", "untc-snapshot", dir); code != 0 {
		t.Fatalf("import: %s", out)
	}
	out, code := corridor(t, env, "law", "status", "--instrument", "V-2", "--on", "1960-01-01", "--format", "json")
	if code != 0 {
		t.Fatalf("status: %s", out)
	}
	var rows []struct {
		State, Name, Status, Action string
		ActionDate                  string `json:"action_date"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "["):]), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.State] = r.Status + " " + r.Action + " " + r.ActionDate
	}
	if got["ITA"] != "party ratification 1954-11-15" {
		t.Errorf("Italy: %q", got["ITA"])
	}
	if !strings.HasPrefix(got["BRA"], "signatory signature 1952-07-15") {
		t.Errorf("Brazil: %q", got["BRA"])
	}
	if _, ok := got["CAN"]; ok {
		t.Error("Canada acceded in 1969 and must not be listed in 1960")
	}
	if out, code := corridor(t, env, "law", "status", "--instrument", "V-99", "--on", "1960-01-01"); code == 0 || !strings.Contains(out, "V-99") {
		t.Errorf("unknown instrument: %d %s", code, out)
	}
	if out, code := corridor(t, env, "law", "status", "--instrument", "V-2", "--on", "1960-02-30"); code == 0 || !strings.Contains(out, "1960-02-30") {
		t.Errorf("bad date: %d %s", code, out)
	}
	out, code = corridor(t, env, "law", "export", "--what", "actions", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "treaty,state,state_name,kind,action_date") {
		t.Errorf("export: %d %.200s", code, out)
	}
}

// TestDataImportUNHCRFlowsFromTheCommandLine imports a gzipped cut of the
// UNHCR flows file (the 2022 rows) with `corridor data import`, checks the
// number of values against the cut's non-empty cells, and that a truncated
// copy fails with a message naming the file and nothing stored.
func TestDataImportUNHCRFlowsFromTheCommandLine(t *testing.T) {
	recs := testutil.GzipCSV(t, testutil.SharedData(t, "unhcr-refugees", "flows.csv.gz"))
	var cut bytes.Buffer
	zw := gzip.NewWriter(&cut)
	cw := csv.NewWriter(zw)
	cw.Write(recs[0])
	cells := 0
	for _, r := range recs[1:] {
		if r[0] == "2022" && r[3] != "TIB" {
			cw.Write(r)
			for _, v := range r[7:] {
				if v != "" {
					cells++
				}
			}
		}
	}
	cw.Flush()
	zw.Close()
	dir := t.TempDir()
	full, trunc := filepath.Join(dir, "flows-2022.csv.gz"), filepath.Join(dir, "flows-cut.csv.gz")
	os.WriteFile(full, cut.Bytes(), 0o600)
	os.WriteFile(trunc, cut.Bytes()[:cut.Len()/2], 0o600)
	env := migrated(t, []string{"CORRIDOR_DATA_DIR=" + t.TempDir()})
	if out, code := corridor(t, env, "data", "import", "--format", "unhcr-flows", trunc); code == 0 || !strings.Contains(out, "truncated") || !strings.Contains(out, "flows-cut.csv.gz") {
		t.Errorf("truncated gzip: exit %d, %s", code, out)
	}
	out, code := corridor(t, env, "data", "import", "--format", "unhcr-flows", full)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("— %d observations", cells)) {
		t.Fatalf("import: exit %d, want %d observations: %s", code, cells, out)
	}
	out, _ = corridor(t, env, "data", "list")
	if strings.Count(out, "unhcr-flows") != 1 {
		t.Errorf("data list after one good and one failed import: %s", out)
	}
}

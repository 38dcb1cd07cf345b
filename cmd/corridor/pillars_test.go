package main

import (
	"encoding/json"
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
	env := []string{"CORRIDOR_DATA_DIR=" + t.TempDir()}
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

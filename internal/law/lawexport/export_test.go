package lawexport

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/treaty"
)

func export(t *testing.T, s *lawdb.Store, what, format string) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(context.Background(), s, &b, what, format); err != nil {
		t.Fatalf("export %s %s: %v", what, format, err)
	}
	return b.Bytes()
}

// TestExportRoundTrip exports the treaty actions as CSV, re-imports them
// into a database whose actions were removed, and exports again: the two
// exports are identical. The policy CSV round-trips the same way.
func TestExportRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := lawdb.LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		s := lawdb.New(d)
		acts := export(t, s, "actions", "csv")
		if _, err := treaty.ReadActionsCSV(bytes.NewReader(acts), "export.csv"); err != nil {
			t.Fatalf("the actions export is not in the documented format: %v", err)
		}
		pol := export(t, s, "policy", "csv")
		var nActs, nPol int
		d.QueryRow(`SELECT COUNT(*) FROM law_treaty_actions`).Scan(&nActs)
		d.QueryRow(`SELECT COUNT(*) FROM law_policy_changes`).Scan(&nPol)
		if nActs == 0 || nPol == 0 {
			t.Fatal("the demo has no actions or policy changes")
		}
		if _, err := d.Exec(`DELETE FROM law_treaty_actions`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`DELETE FROM law_policy_changes`); err != nil {
			t.Fatal(err)
		}
		sum, err := s.ImportActionsCSV(ctx, bytes.NewReader(acts), "export.csv")
		if err != nil || sum.Actions != nActs {
			t.Fatalf("re-import: %v, %d actions, want %d", err, sum.Actions, nActs)
		}
		if again := export(t, s, "actions", "csv"); !bytes.Equal(again, acts) {
			t.Errorf("actions CSV changed in the round trip:\n%.500s\n---\n%.500s", acts, again)
		}
		if _, err := s.ImportPolicyCSV(ctx, bytes.NewReader(pol), "export.csv"); err != nil {
			t.Fatal(err)
		}
		if again := export(t, s, "policy", "csv"); !bytes.Equal(again, pol) {
			t.Errorf("policy CSV changed in the round trip:\n%.500s\n---\n%.500s", pol, again)
		}

		// JSON: arrays with the documented fields.
		var ins []map[string]any
		if err := json.Unmarshal(export(t, s, "instruments", "json"), &ins); err != nil || len(ins) == 0 {
			t.Fatalf("instruments JSON: %v", err)
		}
		var v5 map[string]any
		for _, in := range ins {
			if in["id"] == "V-5" {
				v5 = in
			}
		}
		if v5 == nil || !strings.Contains(jsonString(v5["identifiers"]), `"untc-key","value":"5-5"`) {
			t.Errorf("V-5 in the instruments JSON: %v", v5)
		}
		var aj []map[string]any
		if err := json.Unmarshal(export(t, s, "actions", "json"), &aj); err != nil || len(aj) != nActs {
			t.Fatalf("actions JSON: %v, %d items, want %d", err, len(aj), nActs)
		}
		for _, k := range []string{"treaty", "state", "state_name", "kind", "action_date", "effective_date", "source", "notes"} {
			if _, ok := aj[0][k]; !ok {
				t.Errorf("actions JSON lacks %q", k)
			}
		}
		var pj []lawdb.PolicyChange
		if err := json.Unmarshal(export(t, s, "policy", "json"), &pj); err != nil || len(pj) != nPol {
			t.Fatalf("policy JSON: %v, %d items, want %d", err, len(pj), nPol)
		}

		// Instruments CSV: header and the identifiers.
		rows, err := csv.NewReader(bytes.NewReader(export(t, s, "instruments", "csv"))).ReadAll()
		if err != nil || strings.Join(rows[0], ",") != strings.Join(InstrumentColumns, ",") || len(rows) != len(ins)+1 {
			t.Fatalf("instruments CSV: %v, %d rows", err, len(rows))
		}
		found := false
		for _, r := range rows {
			found = found || r[0] == "V-5" && strings.Contains(r[13], "untc:V-5") && strings.Contains(r[13], "untc-key:5-5")
		}
		if !found {
			t.Error("V-5 and its identifiers are not in the instruments CSV")
		}
		for _, bad := range [][2]string{{"people", "csv"}, {"actions", "xml"}} {
			if err := Write(ctx, s, &bytes.Buffer{}, bad[0], bad[1]); err == nil {
				t.Errorf("export %v: no error", bad)
			}
		}
	})
}

// TestInstrumentExportFields stores an instrument with every field filled
// in through the legal officers' input, then reads the JSON and CSV
// exports back: each field — languages, topics, target groups and
// identifiers included — is what was entered.
func TestInstrumentExportFields(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := lawdb.New(d)
		in := lawdb.InstrumentInput{Slug: "EXP-1", Title: "Agreement on seasonal work, with \"quotes\", commas; and semicolons", Level: "bilateral", Type: "agreement",
			Jurisdiction: "NLD", IssuingBody: "Staten-Generaal", AdoptedOn: "2001-02-03", SignedOn: "2001-01-15", InForceOn: "2002-01-01",
			Languages: []string{"nl, en"}, Topics: []string{"labour-migration", "immigration"}, TargetGroups: []string{"low-skilled", "students"},
			Identifiers: "other:exp-1\ncelex:22001A0203(01)\neli:http://data.europa.eu/eli/agree/2001/1"}
		if _, err := s.CreateInstrument(ctx, in); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"id": "EXP-1", "title": in.Title, "level": "bilateral", "type": "agreement", "jurisdiction": "NLD",
			"issuing_body": "Staten-Generaal", "adopted_on": "2001-02-03", "signed_on": "2001-01-15", "in_force_on": "2002-01-01",
			"languages": "en;nl", "topics": "immigration;labour-migration", "target_groups": "low-skilled;students",
			"identifiers": "other:exp-1;celex:22001A0203(01);eli:http://data.europa.eu/eli/agree/2001/1"}

		var ins []struct {
			lawdb.Instrument
			ID string `json:"id"`
		}
		if err := json.Unmarshal(export(t, s, "instruments", "json"), &ins); err != nil || len(ins) != 1 {
			t.Fatalf("instruments JSON: %v, %d items", err, len(ins))
		}
		j := ins[0]
		var ids []string
		for _, i := range j.Identifiers {
			ids = append(ids, i.Scheme+":"+i.Value)
		}
		got := map[string]string{"id": j.ID, "title": j.Title, "level": j.Level, "type": j.Type, "jurisdiction": j.Jurisdiction,
			"issuing_body": j.IssuingBody, "adopted_on": j.AdoptedOn, "signed_on": j.SignedOn, "in_force_on": j.InForceOn,
			"languages": strings.Join(j.Languages, ";"), "topics": strings.Join(j.Topics, ";"), "target_groups": strings.Join(j.TargetGroups, ";"),
			"identifiers": strings.Join(ids, ";")}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("JSON %s = %q, want %q", k, got[k], v)
			}
		}

		rows, err := csv.NewReader(bytes.NewReader(export(t, s, "instruments", "csv"))).ReadAll()
		if err != nil || len(rows) != 2 {
			t.Fatalf("instruments CSV: %v, %d rows", err, len(rows))
		}
		col := map[string]string{}
		for i, h := range rows[0] {
			col[h] = rows[1][i]
		}
		for k, v := range want {
			if col[k] != v {
				t.Errorf("CSV %s = %q, want %q", k, col[k], v)
			}
		}
		if len(rows[0]) != len(InstrumentColumns) {
			t.Errorf("CSV header %v", rows[0])
		}
		if col["ends_on"] != "" || col["ended_on"] != "" || col["in_force"] != "yes" {
			t.Errorf("CSV ends_on %q ended_on %q in_force %q, want in force without an end", col["ends_on"], col["ended_on"], col["in_force"])
		}
	})
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

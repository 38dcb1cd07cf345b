package lawexport

import (
	"bytes"
	"context"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
)

// policyRows lists the stored changes without their ids.
func policyRows(t *testing.T, s *lawdb.Store) []lawdb.PolicyChange {
	t.Helper()
	ps, err := s.PolicyChanges(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		ps[i].ID = 0
	}
	return ps
}

// TestPolicyCSVRoundTrip exports changes that use every field (quotes,
// commas and line breaks in the summary, an article of an instrument, empty
// groups, every score and magnitude), deletes them, imports the export and
// finds the same rows.
func TestPolicyCSVRoundTrip(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := lawdb.LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		s := lawdb.New(d)
		if _, err := d.Exec(`DELETE FROM law_policy_changes`); err != nil {
			t.Fatal(err)
		}
		for _, p := range []lawdb.PolicyChange{
			{Country: "NLD", Date: "2014-01-01", Instrument: "BWBR0007149", ArticleEID: "art_2", Area: "legal-entry-stay", Tool: "Work permit",
				TargetGroup: "low-skilled", OriginGroup: "all-foreign", Restrictiveness: 1, Magnitude: 3, Summary: `Permits "tightened", see art. 2;
second line`, Source: "test:1"},
			{Country: "FRA", Date: "1998-05-11", Area: "integration", Restrictiveness: -1, Magnitude: 1, Summary: "Accès à la nationalité, élargi"},
			{Country: "FRA", Date: "1998-05-11", Area: "exit", Tool: "Readmission agreement", TargetGroup: "irregular", OriginGroup: "specific-nationalities",
				Restrictiveness: 0, Magnitude: 4, Source: "test:3"},
			{Country: "ESP", Date: "2005-02-07", Instrument: "V-2", Area: "border-land-control", TargetGroup: "refugees-asylum", OriginGroup: "all",
				Restrictiveness: 1, Magnitude: 2, Summary: "Control, at sea"},
		} {
			if _, err := s.AddPolicyChange(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		want := policyRows(t, s)
		csv := export(t, s, "policy", "csv")
		if _, err := d.Exec(`DELETE FROM law_policy_changes`); err != nil {
			t.Fatal(err)
		}
		if sum, err := s.ImportPolicyCSV(ctx, bytes.NewReader(csv), "export.csv"); err != nil || sum.PolicyChanges != len(want) {
			t.Fatalf("re-import: %v, %d rows", err, sum.PolicyChanges)
		}
		got := policyRows(t, s)
		if len(got) != len(want) {
			t.Fatalf("%d rows after the round trip, want %d", len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
			}
		}
	})
}

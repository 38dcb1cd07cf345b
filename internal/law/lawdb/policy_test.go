package lawdb

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// policyRows lists the stored changes without their ids.
func policyRows(t *testing.T, s *Store) []PolicyChange {
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

// TestPolicyCSVColumnsAreDEMIGs checks the CSV columns carry the DEMIG
// POLICY variable names (country, year as date, pol_area, pol_tool,
// target_group, origin, change_restrict, change_level).
func TestPolicyCSVColumnsAreDEMIGs(t *testing.T) {
	have := strings.Join(PolicyColumns, ",") + ","
	for _, v := range []string{"country", "pol_area", "pol_tool", "target_group", "origin", "change_restrict", "change_level"} {
		if !strings.Contains(have, v+",") {
			t.Errorf("the policy CSV has no DEMIG column %q", v)
		}
	}
}

// TestPolicyCSVReadsDEMIGSpellings imports rows written as DEMIG writes
// them: QuantMig's column names, country names, and the value labels of the
// published coding scheme. A measure DEMIG does not score (9, 999) is an
// error naming its row, and nothing is stored.
func TestPolicyCSVReadsDEMIGSpellings(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		quantmig := "Country,Year,Magnitude,Policy area,Restrictiveness\nGermany,2005,4,Legal entry and stay,More restrictive\nTurkey,2013,2,Border and land control,Less restrictive\n"
		if _, err := s.ImportPolicyCSV(ctx, strings.NewReader(quantmig), "quantmig.csv"); err != nil {
			t.Fatal(err)
		}
		demig := "country,year,pol_area,pol_tool,target_group,origin,change_restrict,change_level\n" +
			"Netherlands,1998,integration,Access to citizenship,Family members,All foreign nationalities,No change,Major change\n" +
			"Netherlands,2001,exit,Expulsion,Irregular migrants,Specific nationalities,1,1\n"
		if _, err := s.ImportPolicyCSV(ctx, strings.NewReader(demig), "demig.csv"); err != nil {
			t.Fatal(err)
		}
		want := []PolicyChange{
			{Country: "DEU", Date: "2005-01-01", Area: "legal-entry-stay", Restrictiveness: 1, Magnitude: 4, Source: "policy-csv:quantmig.csv:2"},
			{Country: "NLD", Date: "1998-01-01", Area: "integration", Tool: "Access to citizenship", TargetGroup: "family", OriginGroup: "all-foreign",
				Restrictiveness: 0, Magnitude: 4, Source: "policy-csv:demig.csv:2"},
			{Country: "NLD", Date: "2001-01-01", Area: "exit", Tool: "Expulsion", TargetGroup: "irregular", OriginGroup: "specific-nationalities",
				Restrictiveness: 1, Magnitude: 1, Source: "policy-csv:demig.csv:3"},
			{Country: "TUR", Date: "2013-01-01", Area: "border-land-control", Restrictiveness: -1, Magnitude: 2, Source: "policy-csv:quantmig.csv:3"},
		}
		got := sameRows(t, policyRows(t, s), want)
		before := len(got)
		_, err := s.ImportPolicyCSV(ctx, strings.NewReader("country,year,pol_area,change_restrict,change_level\nGermany,2006,exit,1,2\nGermany,2007,exit,999,2\n"), "missing.csv")
		if err == nil || !strings.Contains(err.Error(), "row 3") || !strings.Contains(err.Error(), "change_restrict") {
			t.Errorf("a measure DEMIG does not score: %v", err)
		}
		if n := len(policyRows(t, s)); n != before {
			t.Errorf("a failed import stored %d rows", n-before)
		}
	})
}

// sameRows fails unless got are the want rows, in order; it returns got.
func sameRows(t *testing.T, got, want []PolicyChange) []PolicyChange {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	return got
}

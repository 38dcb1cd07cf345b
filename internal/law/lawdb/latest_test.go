package lawdb

import (
	"context"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// The latest changes are the newest dated treaty actions and versions,
// each kind with its share, nothing dated after "today". In the UNTC
// snapshot the newest action is Belize's ratification of the
// International Covenant on Economic, Social and Cultural Rights (IV-3)
// on 9 March 2015, as the UN Treaty Collection records it.
func TestLatestChanges(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		if _, err := s.ImportSnapshot(ctx, testutil.SharedData(t, "untc-status-snapshot")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ImportBWB(ctx, testutil.SharedData(t, "nl-bwb-migration-md")); err != nil {
			t.Fatal(err)
		}
		got, err := s.LatestChanges(ctx, "2026-12-01", 3)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for i, c := range got {
			kinds[c.Kind]++
			if i > 0 && c.Date > got[i-1].Date {
				t.Errorf("not newest first: %s after %s", c.Date, got[i-1].Date)
			}
		}
		if kinds["action"] != 3 || kinds["version"] != 3 {
			t.Fatalf("want 3 actions and 3 versions, got %v: %+v", kinds, got)
		}
		var first *Change
		for i := range got {
			if got[i].Kind == "action" {
				first = &got[i]
				break
			}
		}
		if first.Date != "2015-03-09" || first.State != "BLZ" || first.Action != "ratification" || first.Instrument != "IV-3" {
			t.Errorf("newest action %+v, want Belize's ratification of IV-3 on 2015-03-09", *first)
		}
		// Nothing after the day asked about.
		early, err := s.LatestChanges(ctx, "2015-03-01", 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range early {
			if c.Date > "2015-03-01" {
				t.Errorf("a change dated %s listed as of 2015-03-01", c.Date)
			}
		}
	})
}

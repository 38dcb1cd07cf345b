package lawdb

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
	"time"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// snapshotVintage reads the last-changed date of a snapshot table from
// MANIFEST.csv.
func snapshotVintage(t *testing.T, dir, key string) time.Time {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r[0] == "treaties/"+key+".csv" {
			d, err := time.Parse(time.DateOnly, r[1])
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
	}
	t.Fatalf("%s not in MANIFEST.csv", key)
	return time.Time{}
}

// TestHRStatusCrossCheck imports the 2022 human-rights status tables as a
// second source and compares them with the status computed from the UNTC
// snapshot for the Migrant Workers Convention on the snapshot's date:
// every State whose status did not change between the two vintages
// agrees (status, and year for parties).
func TestHRStatusCrossCheck(t *testing.T) {
	snapDir := testutil.SharedData(t, "untc-status-snapshot")
	hrDir := testutil.SharedData(t, "hr-treaty-status-2022")
	vintage := snapshotVintage(t, snapDir, "4-13")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := New(d)
		if _, err := s.ImportSnapshot(ctx, snapDir); err != nil {
			t.Fatal(err)
		}
		sum, err := s.ImportHRStatus(ctx, hrDir)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Statuses < 18*190 {
			t.Errorf("imported %d statuses, want 18 tables of ~193 States", sum.Statuses)
		}
		// Re-importing replaces, never duplicates.
		if _, err := s.ImportHRStatus(ctx, hrDir); err != nil {
			t.Fatal(err)
		}
		id, err := s.FindID(ctx, "4-13")
		if err != nil {
			t.Fatal(err)
		}
		st, err := s.SourceStatuses(ctx, id, HRStatusSource)
		if err != nil {
			t.Fatal(err)
		}
		parties := 0
		for _, x := range st {
			if x.Status == "party" {
				parties++
			}
		}
		if len(st) != 193 || parties != 57 {
			t.Errorf("ICMW in the 2022 tables: %d States, %d parties; want 193 and 57 (SOURCE.md)", len(st), parties)
		}
		rows, err := s.CrossCheck(ctx, "IV-13", HRStatusSource, vintage)
		if err != nil {
			t.Fatal(err)
		}
		agree, explained := 0, 0
		for _, r := range rows {
			switch {
			case r.Agree:
				agree++
			case r.Explained:
				explained++
			default:
				t.Errorf("%s: snapshot (%s) says %s %d, the 2022 table says %s %d", r.State, vintage.Format(time.DateOnly), r.Computed, r.ComputedYear, r.Source.Status, r.Source.Year)
			}
		}
		t.Logf("ICMW on %s: %d States agree, %d changed since (later ratification or signature)", vintage.Format(time.DateOnly), agree, explained)
		if agree < 150 {
			t.Errorf("only %d States agree", agree)
		}
		// A bad table: nothing stored.
		bad := t.TempDir()
		os.WriteFile(filepath.Join(bad, "hr_status_icmw.csv"), []byte("iso2,member,state party,year ratification or accession,signatory,no action,status,note\nZZ,Nowhere,1,2000,0,0,state party,\n"), 0o644)
		if _, err := s.ImportHRStatus(ctx, bad); err == nil {
			t.Error("an unknown country code was imported")
		}
		if st2, _ := s.SourceStatuses(ctx, id, HRStatusSource); len(st2) != 193 {
			t.Errorf("a failed import changed the stored statuses: %d", len(st2))
		}
	})
}

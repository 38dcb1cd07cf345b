package app

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/i18n"
	"corridor/internal/testutil"
	"corridor/internal/web/webtest"
)

// The demo queues the import of the complete published tables instead of
// loading them before the server starts; the home page shows a progress
// bar while the job waits or runs, and none once it is done. After it,
// every country of asylum with a number in UNHCR's population file (read
// here straight from the file) has data in Corridor.
func TestDemoLoadsTheFullTablesInTheBackground(t *testing.T) {
	if testing.Short() {
		t.Skip("imports every published table")
	}
	want := unhcrAsylumCountries(t)
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			for range 2 { // queued once, however often the loader runs
				if err := data.LoadDemo(ctx, a.DB); err != nil {
					t.Fatal(err)
				}
			}
			if n := countRows(t, a, `SELECT COUNT(*) FROM jobs WHERE kind = 'data.demo_load'`); n != 1 {
				t.Fatalf("%d demo load jobs, want 1", n)
			}
			visitor := webtest.NewClient(t, a.URL)
			_, home := visitor.Get("/")
			if !strings.Contains(home, `<progress id="demo-load" max="100" value="0">`) || !strings.Contains(home, i18n.Default.T("en", "home.demo_loading", 0)) {
				t.Fatalf("home page while the demo loads has no progress bar:\n%s", home)
			}
			if ran, err := a.Jobs.RunOne(ctx); !ran || err != nil {
				t.Fatalf("demo load job: ran %v, %v", ran, err)
			}
			var status string
			if err := a.DB.QueryRow(`SELECT status FROM jobs WHERE kind = 'data.demo_load'`).Scan(&status); err != nil || status != "done" {
				t.Fatalf("demo load job %q, %v", status, err)
			}
			if _, home = visitor.Get("/"); strings.Contains(home, `id="demo-load"`) {
				t.Error("the progress bar stays after the load")
			}
			if n := countRows(t, a, `SELECT COUNT(*) FROM data_datasets`); n != 8 {
				t.Errorf("%d datasets, want the 8 published tables", n)
			}
			rows, err := a.DB.Query(`SELECT DISTINCT o.destination FROM data_observations o JOIN data_datasets d ON d.id = o.dataset_id WHERE d.source = 'unhcr-population'`)
			if err != nil {
				t.Fatal(err)
			}
			have := map[string]bool{}
			for rows.Next() {
				var c string
				rows.Scan(&c)
				have[c] = true
			}
			rows.Close()
			for c := range want {
				if !have[c] {
					t.Errorf("UNHCR reports refugees or asylum-seekers in %s; Corridor has none", c)
				}
			}
		})
	}
}

func countRows(t *testing.T, a *testApp, q string) int64 {
	t.Helper()
	var n int64
	if err := a.DB.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// unhcrAsylumCountries reads UNHCR's population file: the ISO codes of the
// countries of asylum with a number of refugees or asylum-seekers.
func unhcrAsylumCountries(t *testing.T) map[string]bool {
	f, err := os.Open(testutil.SharedData(t, "unhcr-refugees", "population.csv.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(gz).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	out := map[string]bool{}
	for _, r := range recs[1:] {
		if r[col["refugees"]] != "" || r[col["asylum_seekers"]] != "" {
			out[r[col["coa_iso"]]] = true
		}
	}
	if len(out) < 150 {
		t.Fatalf("read %d countries of asylum from the file", len(out))
	}
	return out
}

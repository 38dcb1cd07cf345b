package data

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// On the demo's full tables the World's migrant stock in 2019 is the
// figure UN DESA published: 271,642,105 (International Migrant Stock 2019,
// Table 1, WORLD, 2019, both sexes — read from the workbook itself here
// too), given directly by the totals dataset, not a sum over whichever
// countries happen to be loaded.
func TestWorld2019IsThePublishedTotal(t *testing.T) {
	if testing.Short() {
		t.Skip("imports every published table")
	}
	const published = 271642105
	path := "demo/undesa_pd_2019_migrant_stock_total_dataset.xlsx"
	cells := domSheet(t, path, sheetPart(t, path, "Table 1"))
	raw := strings.TrimSpace(cells["L"+rowOfCode(t, cells, "900")])
	if v, err := strconv.ParseFloat(raw, 64); err != nil || v != published {
		t.Fatalf("the workbook's WORLD 2019 cell says %q, want %d", raw, published)
	}
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := LoadDemoNow(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		s := NewService(d, nil, nil)
		rows, err := s.Totals(ctx, "migrant_stock", "destination", World, nil)
		if err != nil {
			t.Fatal(err)
		}
		dm, err := s.DatasetMap(ctx)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range rows {
			if r.Year != 2019 || r.Sex != "total" {
				continue
			}
			t.Logf("%s: %v flag %q", dm[r.Dataset].Format, *r.Value, r.Flag)
			if dm[r.Dataset].Format == "undesa-ims-2019-totals" {
				found = true
				if *r.Value != published || r.Flag == "sum" {
					t.Errorf("World 2019 from the totals table: %v (flag %q), want the published %d", *r.Value, r.Flag, published)
				}
			}
		}
		if !found {
			t.Error("no World 2019 total from the 2019 totals table")
		}
	})
}

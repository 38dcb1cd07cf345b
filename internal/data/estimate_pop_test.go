package data

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// With UN DESA's 2019 totals workbook beside the origin × destination
// table, a demographic estimate takes the native-born stocks as population
// minus foreign-born (Abel & Sander 2014) and says so; without it, it says
// the native-born are missing. Native-born movers add to the flows, so the
// estimate with them moves more people in all.
func TestEstimateUsesPopulationWhenThere(t *testing.T) {
	od := testutil.SharedData(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	totals := testutil.SharedData(t, "undesa-ims", "undesa_pd_2019_migrant_stock_total_dataset.xlsx")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "undesa-ims-2019-csv", od)
		if err != nil {
			t.Fatal(err)
		}
		without, err := s.Estimate(ctx, EstimateRequest{Dataset: res.Dataset.ID, From: 2015, To: 2019, Method: "demographic"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(without.Dataset.Notes, "native-born (diagonal) cells are not in the source table") {
			t.Errorf("an estimate without population does not say the native-born are missing: %s", without.Dataset.Notes)
		}
		tot, err := importFile(t, s, "undesa-ims-2019-totals", totals)
		if err != nil {
			t.Fatal(err)
		}
		with, err := s.Estimate(ctx, EstimateRequest{Dataset: res.Dataset.ID, From: 2015, To: 2019, Method: "demographic"})
		if err != nil {
			t.Fatal(err)
		}
		if with.NoOp || with.Dataset.ID == without.Dataset.ID {
			t.Fatal("the estimate with population replaced or reused the one without")
		}
		if want := fmt.Sprintf("total population of dataset %d", tot.Dataset.ID); !strings.Contains(with.Dataset.Notes, want) || !strings.Contains(with.Dataset.Notes, "Abel & Sander") {
			t.Errorf("notes do not say the population was used: %s", with.Dataset.Notes)
		}
		t.Logf("notes: %s", with.Dataset.Notes)
		sum := func(id int64) float64 {
			var v float64
			if err := d.QueryRow(`SELECT SUM(value) FROM data_draft_values WHERE dataset_id = $1`, id).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		if a, b := sum(without.Dataset.ID), sum(with.Dataset.ID); b <= a {
			t.Errorf("flows with native-born %v, without %v: want more movers with them", b, a)
		}
	})
}

package data

import (
	"context"
	"strings"
	"sync"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

// twoCountryStocks: the Mexico-born in the United States 1,000 → 1,300
// (300 moved there), the United States-born in Mexico 500 → 450 (50 went
// home, a return), so migest's ffs_diff gives MEX → USA 350; native-born
// stocks too, so that the demographic method moves someone as well.
const twoCountryStocks = "origin,destination,year,sex,measure,value\n" +
	"MEX,USA,2010,total,migrant_stock,1000\nMEX,USA,2015,total,migrant_stock,1300\n" +
	"USA,MEX,2010,total,migrant_stock,500\nUSA,MEX,2015,total,migrant_stock,450\n" +
	"MEX,MEX,2010,total,migrant_stock,100000\nMEX,MEX,2015,total,migrant_stock,99700\n" +
	"USA,USA,2010,total,migrant_stock,300000\nUSA,USA,2015,total,migrant_stock,300050\n"

// serviceWithStocks opens the data service on d with twoCountryStocks
// imported.
func serviceWithStocks(t *testing.T, d *db.DB) (*Service, *ImportResult) {
	t.Helper()
	s := NewService(d, nil, nil)
	src, err := s.Import(context.Background(), ImportRequest{Format: "tidy-csv", FileName: "stocks.csv", Content: strings.NewReader(twoCountryStocks), Size: int64(len(twoCountryStocks))})
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

// A curator's estimate is a draft until published: it is in no public
// table or list; publishing it puts it there, and publishing another of the
// same table and years takes the first out in the same step.
func TestEstimatesArePublishedExplicitly(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, src := serviceWithStocks(t, d)
		publicFlow := func() (n int, ds int64, v float64) {
			obs, err := s.Observations(ctx, Filter{Measure: "flow", Origin: "MEX", Destination: "USA"})
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs {
				n, ds, v = n+1, o.DatasetID, *o.Value
			}
			return
		}
		listed := func(id int64) bool {
			all, err := s.Datasets(ctx, 0, 100, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range all {
				if x.ID == id {
					return true
				}
			}
			return false
		}

		diff, err := s.Estimate(ctx, EstimateRequest{Dataset: src.Dataset.ID, From: 2010, To: 2015, Method: "difference"})
		if err != nil {
			t.Fatal(err)
		}
		if diff.Dataset.Public() || diff.Dataset.Status != StatusDraft {
			t.Fatalf("a new estimate is %q, want a draft", diff.Dataset.Status)
		}
		if n, _, _ := publicFlow(); n != 0 || listed(diff.Dataset.ID) {
			t.Fatalf("a draft shows publicly: %d flows, listed %v", n, listed(diff.Dataset.ID))
		}
		draft, err := s.Observations(ctx, Filter{Datasets: []int64{diff.Dataset.ID}, Drafts: true, Origin: "MEX"})
		if err != nil || len(draft) != 1 || *draft[0].Value != 350 {
			t.Fatalf("the draft's own values (curator preview): %v %v", draft, err)
		}
		if cov, err := s.Coverage(ctx, diff.Dataset.ID); err != nil || cov.LastYear != 2015 {
			t.Errorf("a draft's coverage: %+v %v", cov, err)
		}

		if replaced, err := s.PublishEstimate(ctx, diff.Dataset.ID); err != nil || replaced != nil {
			t.Fatalf("publish the first estimate: replaced %v, %v", replaced, err)
		}
		if n, ds, v := publicFlow(); n != 1 || ds != diff.Dataset.ID || v != 350 {
			t.Fatalf("after publishing: %d flows, dataset %d, value %v; want the estimate's 350", n, ds, v)
		}
		if !listed(diff.Dataset.ID) {
			t.Error("a published estimate is not listed")
		}

		demo, err := s.Estimate(ctx, EstimateRequest{Dataset: src.Dataset.ID, From: 2010, To: 2015, Method: "demographic"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ds, _ := publicFlow(); ds != diff.Dataset.ID {
			t.Fatalf("a re-estimate replaced the published one silently (dataset %d shown)", ds)
		}
		cmp, err := s.CompareEstimate(ctx, demo.Dataset.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if cmp.Published == nil || cmp.Published.ID != diff.Dataset.ID || cmp.PublishedTotal != 350 || cmp.PublishedCorridors != 1 {
			t.Fatalf("comparison of the draft with what is published: %+v", cmp)
		}
		for _, c := range cmp.Changes {
			if c.Draft == c.Published {
				t.Errorf("an unchanged corridor listed as a change: %+v", c)
			}
		}

		replaced, err := s.PublishEstimate(ctx, demo.Dataset.ID)
		if err != nil || replaced == nil || replaced.ID != diff.Dataset.ID {
			t.Fatalf("publishing the second estimate replaced %v (%v), want dataset %d", replaced, err, diff.Dataset.ID)
		}
		if n, ds, _ := publicFlow(); n != 1 || ds != demo.Dataset.ID {
			t.Fatalf("after replacing: %d public MEX → USA flows from dataset %d", n, ds)
		}
		old, _ := s.Dataset(ctx, diff.Dataset.ID)
		if old.Status != StatusSuperseded || listed(old.ID) {
			t.Errorf("the replaced estimate is %q, listed %v", old.Status, listed(old.ID))
		}

		if err := s.WithdrawEstimate(ctx, demo.Dataset.ID); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := publicFlow(); n != 0 {
			t.Errorf("withdrawn, yet %d public flows", n)
		}
		if _, err := s.PublishEstimate(ctx, src.Dataset.ID); errs.KindOf(err) != errs.Invalid {
			t.Errorf("publishing a publisher's table: %v, want invalid", err)
		}
	})
}

// Two curators publishing two estimates of the same table and years at
// once leave exactly one published.
func TestPublishingRacesLeaveOneEstimate(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, src := serviceWithStocks(t, d)
		var ids []int64
		for _, req := range []EstimateRequest{{Method: "difference"}, {Method: "demographic"}, {Method: "demographic", NoStayerAssumption: true}} {
			req.Dataset, req.From, req.To = src.Dataset.ID, 2010, 2015
			res, err := s.Estimate(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, res.Dataset.ID)
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.PublishEstimate(ctx, id); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		var published, datasets int
		if err := d.QueryRow(`SELECT COUNT(*) FROM data_datasets WHERE source = 'estimate' AND status = 'published'`).Scan(&published); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(`SELECT COUNT(DISTINCT dataset_id) FROM data_observations WHERE measure = 'flow'`).Scan(&datasets); err != nil {
			t.Fatal(err)
		}
		if published != 1 || datasets != 1 {
			t.Errorf("%d estimates published, flows of %d datasets public; want 1 and 1", published, datasets)
		}
	})
}

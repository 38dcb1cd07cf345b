package data

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"corridor/internal/db"
	"corridor/internal/jobs"
)

//go:embed demo/*.xlsx demo/*.gz
var demoFS embed.FS

// JobDemoLoad is the background job that imports the demo's tables.
const JobDemoLoad = "data.demo_load"

type demoFile struct{ name, format string }

// demoFiles are the complete published tables the demo ships (see
// demo/SOURCE.md), smallest first so that the first pages fill quickly.
var demoFiles = []demoFile{
	{"inward_remittance_flows_december_2023.xlsx", "worldbank-remittance-inflows-2023"},
	{"bilateralmigrationmatrix2013.xlsx", "worldbank-bilateral-2013"},
	{"bilateral_remittance_matrix_2021.xlsx", "knomad-remittances-2021"},
	{"UN_MigrantStockByOriginAndDestination_2019_clean.csv.gz", "undesa-ims-2019-csv"},
	{"undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", "undesa-ims-2020-sex"},
	{"undesa_pd_2019_migrant_stock_total_dataset.xlsx", "undesa-ims-2019-totals"},
	{"flows.csv.gz", "unhcr-flows"},
	{"population.csv.gz", "unhcr-population"},
}

// LoadDemo queues the import of the demo's tables as a background job, so
// that `serve --demo` starts at once; the home page shows the job's
// progress (DemoLoad). Queuing it twice queues it once.
func LoadDemo(ctx context.Context, d *db.DB) error {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = $1`, JobDemoLoad).Scan(&n); err != nil {
		return fmt.Errorf("data demo: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := jobs.Enqueue(ctx, d, JobDemoLoad, struct{}{}); err != nil {
		return fmt.Errorf("data demo: queue the load: %w", err)
	}
	return nil
}

// LoadDemoNow imports the demo's tables at once (tests, and the job's
// handler); progress is told the bytes done of all files. Files imported
// before are skipped (an import of the same file is a no-op), so a load
// that stopped halfway resumes where it stopped.
func LoadDemoNow(ctx context.Context, d *db.DB, progress func(done, total int64)) error {
	s := NewService(d, nil, nil)
	var total, done int64
	bodies := make([][]byte, len(demoFiles))
	for i, f := range demoFiles {
		b, err := demoFS.ReadFile("demo/" + f.name)
		if err != nil {
			return fmt.Errorf("data demo %s: %w", f.name, err)
		}
		bodies[i] = b
		total += int64(len(b))
	}
	for i, f := range demoFiles {
		body := bodies[i]
		size := int64(len(body))
		req := ImportRequest{Format: f.format, FileName: f.name, Content: bytes.NewReader(body), Size: size}
		if progress != nil {
			base := done
			req.Progress = func(d, t int64) {
				if t > 0 {
					progress(base+size*min(d, t)/t, total)
				}
			}
		}
		if _, err := s.Import(ctx, req); err != nil {
			return fmt.Errorf("data demo %s: %w", f.name, err)
		}
		done += size
		if progress != nil {
			progress(done, total)
		}
	}
	return nil
}

// HandleDemoLoadJob runs the demo load in the job runner.
func (s *Service) HandleDemoLoadJob(ctx context.Context, _ *jobs.Job, progress func(done, total int64)) error {
	return LoadDemoNow(ctx, s.DB, progress)
}

// DemoLoad is the demo load's state for the home page: whether one is
// queued or running, and how far it is (0–100). A finished or failed load
// shows nothing.
type DemoLoad struct {
	Active  bool
	Percent int
}

// DemoLoadState reads the newest demo load job.
func DemoLoadState(ctx context.Context, q db.Querier) (DemoLoad, error) {
	var status string
	var done, total int64
	err := q.QueryRowContext(ctx, `SELECT status, progress, progress_total FROM jobs WHERE kind = $1 ORDER BY id DESC LIMIT 1`, JobDemoLoad).Scan(&status, &done, &total)
	if errors.Is(err, sql.ErrNoRows) {
		return DemoLoad{}, nil
	}
	if err != nil {
		return DemoLoad{}, fmt.Errorf("data: demo load state: %w", err)
	}
	if status != "queued" && status != "running" {
		return DemoLoad{}, nil
	}
	st := DemoLoad{Active: true}
	if total > 0 {
		st.Percent = int(100 * done / total)
	}
	return st, nil
}

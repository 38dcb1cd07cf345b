package lawdb

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"corridor/internal/db"
	"corridor/internal/jobs"
	"corridor/internal/law/treaty"
)

// demoFS holds the demo: the complete shared law data sets as gzipped tar
// archives, and illustrative policy codings (see demo/SOURCE.md).
//
//go:embed demo/*.tar.gz demo/policy.csv
var demoFS embed.FS

// JobDemoLoad is the background job that imports the demo's law texts and
// status tables.
const JobDemoLoad = "law.demo_load"

// demoStep is one data set of the demo: its archive, how to import the
// folder it unpacks to, and how to tell it was imported before (each
// import is one transaction, so its rows are there entirely or not at all).
type demoStep struct {
	archive string
	load    func(ctx context.Context, s *Store, dir string) error
	done    string // a COUNT query, > 0 once the step was imported
}

// demoSteps are in the order they are loaded: smallest archive first, so
// the first pages fill quickly; the largest (the Dutch acts' 40 versions)
// last.
var demoSteps = []demoStep{
	{"akn-example-1967-protocol", func(ctx context.Context, s *Store, dir string) error {
		const name = "protocol-status-refugees-1967.eng.akn.xml"
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		_, err = s.ImportAKN(ctx, bytes.NewReader(b), name)
		return err
	}, `SELECT COUNT(*) FROM law_versions WHERE source = 'akn:protocol-status-refugees-1967.eng.akn.xml'`},
	{"hr-treaty-status-2022", func(ctx context.Context, s *Store, dir string) error {
		_, err := s.ImportHRStatus(ctx, dir)
		return err
	}, `SELECT COUNT(*) FROM law_status_sources`},
	{"untc-status-snapshot", func(ctx context.Context, s *Store, dir string) error {
		_, err := s.ImportSnapshot(ctx, dir)
		return err
	}, `SELECT COUNT(*) FROM law_treaty_actions WHERE source LIKE 'untc-snapshot:%'`},
	{"open-treaties-text", func(ctx context.Context, s *Store, dir string) error {
		_, err := s.ImportOpenTreaties(ctx, dir)
		return err
	}, `SELECT COUNT(*) FROM law_versions WHERE source LIKE 'open-treaties:%'`},
	{"nl-bwb-migration-md", func(ctx context.Context, s *Store, dir string) error {
		_, err := s.ImportBWB(ctx, dir)
		return err
	}, `SELECT COUNT(*) FROM law_versions WHERE source LIKE 'bwb:%'`},
}

// LoadDemo prepares the law demo for `serve --demo` without holding up its
// start: it creates the UNTC treaties (titles and identifiers, so that the
// other demos' links to them resolve at once), then queues the import of the complete texts and status tables
// as a background job (LoadDemoNow), whose progress the home page shows.
// Queuing it twice queues it once.
func LoadDemo(ctx context.Context, d *db.DB) error {
	s := New(d)
	if err := s.demoCatalogue(ctx); err != nil {
		return fmt.Errorf("law demo: %w", err)
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = $1`, JobDemoLoad).Scan(&n); err != nil {
		return fmt.Errorf("law demo: %w", err)
	}
	if n > 0 {
		return nil
	}
	// Dated a minute back so that the runner takes it before the data
	// demo's much longer load queued just before (jobs run in run_at
	// order): the texts and status tables are there within seconds.
	if _, err := jobs.ScheduleOnce(ctx, d, JobDemoLoad, struct{}{}, time.Now().Add(-time.Minute)); err != nil {
		return fmt.Errorf("law demo: queue the load: %w", err)
	}
	return nil
}

// demoCatalogue creates the snapshot's treaties as instruments, without
// their actions, in one transaction.
func (s *Store) demoCatalogue(ctx context.Context) error {
	dir, cleanup, err := unpackDemo("untc-status-snapshot")
	if err != nil {
		return err
	}
	defer cleanup()
	snap, err := treaty.LoadSnapshot(dir)
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(snap.Treaties))
	for k := range snap.Treaties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		for _, k := range keys {
			if _, err := upsertInstrument(ctx, tx, untcInstrument(snap.Treaties[k].Instrument)); err != nil {
				return err
			}
		}
		_, err := linkKnownRelations(ctx, tx)
		return err
	})
}

func loadDemoPolicy(ctx context.Context, s *Store) error {
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_policy_changes WHERE source = 'corridor-demo'`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	p, err := demoFS.ReadFile("demo/policy.csv")
	if err != nil {
		return err
	}
	if _, err := s.ImportPolicyCSV(ctx, bytes.NewReader(p), "demo-policy.csv"); err != nil {
		return fmt.Errorf("law demo policy: %w", err)
	}
	return nil
}

// LoadDemoNow imports the whole law demo at once (tests, and the job's
// handler): each data set in demoSteps' order, then the illustrative
// policy codings; progress is told the compressed bytes done of all
// archives. A data set imported before is skipped, so a load that stopped
// halfway resumes where it stopped.
func LoadDemoNow(ctx context.Context, d *db.DB, progress func(done, total int64)) error {
	s := New(d)
	sizes := make([]int64, len(demoSteps))
	var total, done int64
	for i, st := range demoSteps {
		b, err := demoFS.ReadFile("demo/" + st.archive + ".tar.gz")
		if err != nil {
			return fmt.Errorf("law demo %s: %w", st.archive, err)
		}
		sizes[i] = int64(len(b))
		total += sizes[i]
	}
	for i, st := range demoSteps {
		var n int
		if err := d.QueryRowContext(ctx, st.done).Scan(&n); err != nil {
			return fmt.Errorf("law demo %s: %w", st.archive, err)
		}
		if n == 0 {
			dir, cleanup, err := unpackDemo(st.archive)
			if err != nil {
				return fmt.Errorf("law demo %s: %w", st.archive, err)
			}
			err = st.load(ctx, s, dir)
			cleanup()
			if err != nil {
				return fmt.Errorf("law demo %s: %w", st.archive, err)
			}
		}
		if i == len(demoSteps)-1 {
			// the codings name the Dutch act imported last
			if err := loadDemoPolicy(ctx, s); err != nil {
				return err
			}
		}
		done += sizes[i]
		if progress != nil {
			progress(done, total)
		}
	}
	return nil
}

// HandleDemoLoadJob runs the demo load in the job runner.
func (s *Store) HandleDemoLoadJob(ctx context.Context, _ *jobs.Job, progress func(done, total int64)) error {
	return LoadDemoNow(ctx, s.DB, progress)
}

// DemoLoadState reads the newest law demo load job: whether one is queued
// or running, and how far it is (0–100).
func DemoLoadState(ctx context.Context, q db.Querier) (percent int, active bool, err error) {
	var status string
	var done, total int64
	err = q.QueryRowContext(ctx, `SELECT status, progress, progress_total FROM jobs WHERE kind = $1 ORDER BY id DESC LIMIT 1`, JobDemoLoad).Scan(&status, &done, &total)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("lawdb: demo load state: %w", err)
	}
	if status != "queued" && status != "running" {
		return 0, false, nil
	}
	if total > 0 {
		percent = int(100 * done / total)
	}
	return percent, true, nil
}

// unpackDemo writes the embedded archive demo/NAME.tar.gz to a temporary
// directory and returns the folder NAME inside it.
func unpackDemo(name string) (string, func(), error) {
	b, err := demoFS.ReadFile("demo/" + name + ".tar.gz")
	if err != nil {
		return "", nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp("", "corridor-law-demo-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			cleanup()
			return "", nil, fmt.Errorf("%s: %w", name, err)
		}
		clean := path.Clean(h.Name)
		if !strings.HasPrefix(clean, name+"/") && clean != name {
			cleanup()
			return "", nil, fmt.Errorf("%s: unexpected entry %q", name, h.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(clean))
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(target, 0o750)
		case tar.TypeReg:
			if err = os.MkdirAll(filepath.Dir(target), 0o750); err == nil {
				var f *os.File
				if f, err = os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640); err == nil {
					_, err = io.Copy(f, tr)
					if cerr := f.Close(); err == nil {
						err = cerr
					}
				}
			}
		}
		if err != nil {
			cleanup()
			return "", nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return filepath.Join(dir, name), cleanup, nil
}

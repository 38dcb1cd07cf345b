package lawdb

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"corridor/internal/db"
)

// demoFiles is the bundled sample (see demo/SOURCE.md).
//
//go:embed demo
var demoFiles embed.FS

// copyDemo writes the embedded folder sub to a temporary directory.
func copyDemo(sub string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "corridor-law-demo-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	err = fs.WalkDir(demoFiles, "demo/"+sub, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("demo/"+sub, filepath.FromSlash(p))
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o750)
		}
		b, err := demoFiles.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o640)
	})
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// LoadDemo loads the bundled sample: the 1951 Convention and 1967 Protocol
// status tables with reservations, the 1967 Protocol in Akoma Ntoso, two
// versions of a Dutch act and a few illustrative policy-change codings.
func LoadDemo(ctx context.Context, d *db.DB) error {
	s := New(d)
	for _, step := range []struct {
		sub string
		fn  func(ctx context.Context, dir string) (Summary, error)
	}{{"untc", s.ImportSnapshot}, {"bwb", s.ImportBWB}} {
		dir, cleanup, err := copyDemo(step.sub)
		if err != nil {
			return err
		}
		_, err = step.fn(ctx, dir)
		cleanup()
		if err != nil {
			return fmt.Errorf("law demo %s: %w", step.sub, err)
		}
	}
	b, err := demoFiles.ReadFile("demo/protocol-status-refugees-1967.eng.akn.xml")
	if err != nil {
		return err
	}
	if _, err := s.ImportAKN(ctx, bytes.NewReader(b), "protocol-status-refugees-1967.eng.akn.xml"); err != nil {
		return fmt.Errorf("law demo akn: %w", err)
	}
	var n int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM law_policy_changes WHERE source = 'corridor-demo'`).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		p, err := demoFiles.ReadFile("demo/policy.csv")
		if err != nil {
			return err
		}
		if _, err := s.ImportPolicyCSV(ctx, bytes.NewReader(p), "demo-policy.csv"); err != nil {
			return fmt.Errorf("law demo policy: %w", err)
		}
	}
	return nil
}

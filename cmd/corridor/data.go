package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"corridor/internal/audit"
	"corridor/internal/data"
	"corridor/internal/data/importers"
)

func init() {
	commands["data"] = command{"research data: import files, list datasets and formats, map country names", runData}
}

func runData(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, `Usage: corridor data <import|list|formats|alias|rerun|estimate|publish|withdraw> [flags]

  import --format FORMAT [--release R] [--title T] [--strict] FILE
                              import a file (all or nothing; the same file twice is a no-op)
  list                        list the datasets
  formats                     list the import formats
  alias --name NAME --code CODE
                              map a source's country name to a code ("-": not a place)
  rerun --dataset ID          read a dataset's kept file again (after mapping names)
  estimate --dataset ID --from Y0 --to Y1 --method demographic|difference [--no-stayers] [--publish]
                              estimate flows from two years of a stock dataset; stored as a
                              draft dataset readers do not see until it is published
  publish --dataset ID        publish a draft estimate (replaces the published one of the same
                              table and years)
  withdraw --dataset ID       take a published estimate off the public pages`, nil, stderr)
	if !ok {
		return err
	}
	if sub == "formats" {
		for _, f := range importers.Formats() {
			fmt.Fprintf(stdout, "%-34s %s\n", f.Name, f.Summary)
		}
		return nil
	}
	var format, release, title, name, code *string
	var strict *bool
	var dataset *int64
	var from, to *int
	var method *string
	var noStayers, publish *bool
	a, fs, err := openServices(ctx, "data "+sub, "data "+sub+" [flags]", rest, stderr, func(fs *flag.FlagSet) {
		format = fs.String("format", "", "import format (see 'corridor data formats')")
		release = fs.String("release", "", "release label (overrides the format's)")
		title = fs.String("title", "", "dataset title (tidy CSV)")
		strict = fs.Bool("strict", false, "fail when any country name is unmatched")
		name = fs.String("name", "", "name as the source spells it (alias)")
		code = fs.String("code", "", "ISO alpha-3 or M49 code, or - (alias)")
		dataset = fs.Int64("dataset", 0, "dataset id (rerun, estimate, publish, withdraw)")
		from = fs.Int("from", 0, "start year (estimate)")
		to = fs.Int("to", 0, "end year (estimate)")
		method = fs.String("method", "demographic", "demographic or difference (estimate)")
		noStayers = fs.Bool("no-stayers", false, "switch the stayer assumption off (estimate)")
		publish = fs.Bool("publish", false, "publish the estimate at once (estimate)")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Data
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli"})
	switch sub {
	case "import":
		if fs.NArg() != 1 || *format == "" {
			return errors.New("usage: corridor data import --format FORMAT FILE")
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		res, err := svc.Import(ctx, data.ImportRequest{Format: *format, FileName: filepath.Base(fs.Arg(0)), Content: f, Size: st.Size(),
			Release: *release, Title: *title, Strict: *strict, Progress: progressPrinter(stderr)})
		if err != nil {
			return err
		}
		return printResult(stdout, res)
	case "rerun":
		res, err := svc.Rerun(ctx, *dataset, progressPrinter(stderr))
		if err != nil {
			return err
		}
		return printResult(stdout, res)
	case "estimate":
		res, err := svc.Estimate(ctx, data.EstimateRequest{Dataset: *dataset, From: *from, To: *to, Method: *method, NoStayerAssumption: *noStayers, Publish: *publish})
		if err != nil {
			return err
		}
		if err := printResult(stdout, res); err != nil {
			return err
		}
		fmt.Fprintln(stdout, res.Dataset.Notes)
		if !res.Dataset.Public() {
			fmt.Fprintf(stdout, "a draft: readers see it once published ('corridor data publish --dataset %d')\n", res.Dataset.ID)
		}
		return nil
	case "publish":
		replaced, err := svc.PublishEstimate(ctx, *dataset)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dataset %d published\n", *dataset)
		if replaced != nil {
			fmt.Fprintf(stdout, "it replaces dataset %d (%s), now superseded\n", replaced.ID, replaced.Label())
		}
		return nil
	case "withdraw":
		if err := svc.WithdrawEstimate(ctx, *dataset); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "dataset %d withdrawn: a draft again\n", *dataset)
		return nil
	case "list":
		ds, err := svc.Datasets(ctx, 0, 10000, true)
		if err != nil {
			return err
		}
		for _, d := range ds {
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%d observations\t%d unmatched\t%s\n", d.ID, d.Source, d.Release, d.Title, d.Observations, d.Unmatched, d.Status)
		}
		return nil
	case "alias":
		al, err := svc.SetAlias(ctx, *name, *code)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%q → %s\n", al.Name, al.Code)
		return nil
	}
	return fmt.Errorf("unknown subcommand %q", sub)
}

// progressPrinter prints a line at each new tenth of the work.
func progressPrinter(w io.Writer) func(done, total int64) {
	var mu sync.Mutex
	last := int64(-1)
	return func(done, total int64) {
		if total <= 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		pct := done * 100 / total
		if pct > 100 {
			pct = 100
		}
		if pct/10 != last/10 {
			last = pct
			fmt.Fprintf(w, "progress: %d%%\n", pct)
		}
	}
}

func printResult(w io.Writer, res *data.ImportResult) error {
	d := res.Dataset
	if res.NoOp {
		fmt.Fprintf(w, "already imported as dataset %d (%s): nothing changed\n", d.ID, d.Label())
		return nil
	}
	fmt.Fprintf(w, "dataset %d: %s — %d observations\n", d.ID, d.Label(), d.Observations)
	for _, u := range res.Unmatched {
		fmt.Fprintf(w, "unmatched: %q at %s (%d values not stored)\n", u.Name, u.Location, u.Occurrences)
	}
	if len(res.Unmatched) > 0 {
		fmt.Fprintln(w, "map them with 'corridor data alias --name NAME --code CODE', then 'corridor data rerun --dataset", d.ID, "'")
	}
	return nil
}

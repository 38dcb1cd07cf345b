package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"corridor/internal/app"
	"corridor/internal/law/akn"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawexport"
	"corridor/internal/law/treaty"
)

func init() {
	commands["law"] = command{"law & policy database: import, status, export", runLaw}
}

const lawUsage = `Usage: corridor law <import|status|export|export-akn|export-policy> [flags]

  import --format F PATH     import into the database (all or nothing):
      untc-snapshot DIR      UNTC status snapshot (index.csv, treaties/, declarations/)
      nl-bwb-md DIR          Dutch BWB Markdown texts with VERSIONS.csv
      akn FILE               one Akoma Ntoso 3.0 document
      open-treaties DIR      open-treaties JSON texts (DIR/data/*.json)
      actions-csv FILE       treaty actions in Corridor's CSV format (docs/law.md)
      policy-csv FILE        policy changes with DEMIG variables (docs/law.md)
      hr-status-2022 DIR     2022 human-rights status tables (second source, cross-check)
  status --instrument ID [--on YYYY-MM-DD] [--format json|csv]
                             every State's status on a date, read from the database,
                             with its reservations, declarations and objections
  export --what instruments|actions|policy --format json|csv
                             bulk export of everything (docs/law.md, "Bulk export")
  export-akn --instrument ID [--version N] [--lang L]
                             write a stored version as Akoma Ntoso XML
  export-policy [--country ISO3]
                             write policy changes as CSV

Instruments are found by any identifier: V-2, 5-2, XVIII-12-a, 18-12-a, C097, a BWB id, an ELI.
Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runLaw(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, lawUsage, nil, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("law "+sub, "law "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	format := fs.String("format", "", "import: input format; status: json (default) or csv")
	instrument := fs.String("instrument", "", "instrument identifier (status, export-akn)")
	on := fs.String("on", "", "date YYYY-MM-DD (status; default today)")
	version := fs.Int64("version", 0, "version id (export-akn; default the latest)")
	lang := fs.String("lang", "", "language of the version (export-akn)")
	country := fs.String("country", "", "ISO alpha-3 (export-policy)")
	what := fs.String("what", "", "export: instruments, actions or policy")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	switch sub {
	case "import", "status", "export", "export-akn", "export-policy":
	default:
		fmt.Fprintln(stderr, lawUsage)
		return fmt.Errorf("unknown subcommand %q", sub)
	}
	// Validate the input before touching the database.
	switch sub {
	case "import":
		if fs.NArg() != 1 {
			return errors.New("import needs --format and one PATH")
		}
	case "status":
		if *instrument == "" {
			return errors.New("status needs --instrument")
		}
		if *format != "" && *format != "json" && *format != "csv" {
			return fmt.Errorf("unknown --format %q: json or csv", *format)
		}
		if _, err := treaty.ParseDay(*on); err != nil {
			return fmt.Errorf("bad --on %q: want a date YYYY-MM-DD", *on)
		}
	case "export":
		if err := lawexport.Check(*what, *format); err != nil {
			return fmt.Errorf("export needs --what instruments|actions|policy and --format json|csv (got %q, %q)", *what, *format)
		}
	case "export-akn":
		if *instrument == "" {
			return errors.New("export-akn needs --instrument")
		}
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	store := a.Law
	switch sub {
	case "import":
		path := fs.Arg(0)
		var sum lawdb.Summary
		openFile := func(fn func(io.Reader, string) (lawdb.Summary, error)) (lawdb.Summary, error) {
			f, err := os.Open(path)
			if err != nil {
				return lawdb.Summary{}, err
			}
			defer f.Close()
			return fn(f, path)
		}
		switch *format {
		case "untc-snapshot":
			sum, err = store.ImportSnapshot(ctx, path)
		case "nl-bwb-md":
			sum, err = store.ImportBWB(ctx, path)
		case "open-treaties":
			sum, err = store.ImportOpenTreaties(ctx, path)
		case "akn":
			sum, err = openFile(func(r io.Reader, name string) (lawdb.Summary, error) { return store.ImportAKN(ctx, r, name) })
		case "actions-csv":
			sum, err = openFile(func(r io.Reader, name string) (lawdb.Summary, error) { return store.ImportActionsCSV(ctx, r, name) })
		case "policy-csv":
			sum, err = openFile(func(r io.Reader, name string) (lawdb.Summary, error) { return store.ImportPolicyCSV(ctx, r, name) })
		case "hr-status-2022":
			sum, err = store.ImportHRStatus(ctx, path)
		default:
			return fmt.Errorf("unknown --format %q: untc-snapshot, nl-bwb-md, akn, open-treaties, actions-csv, policy-csv or hr-status-2022", *format)
		}
		if err != nil {
			return fmt.Errorf("import %s (nothing was stored): %w", path, err)
		}
		fmt.Fprintf(stdout, "Imported %s: %s.\n", path, sum)
		return nil
	case "status":
		d, _ := treaty.ParseDay(*on)
		ans, err := store.StatusWithStatements(ctx, *instrument, d)
		if err != nil {
			return err
		}
		if ans.Basis.After(d) {
			fmt.Fprintf(stderr, "note: the status of %s is recorded up to %s (source: %s); later actions are not reflected\n",
				*instrument, lawexport.Day(ans.Basis.AsOf), ans.Basis.SourceName())
		}
		if *format == "csv" {
			return lawexport.StatusCSV(stdout, ans.Rows)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ans.Rows)
	case "export":
		return lawexport.Write(ctx, store, stdout, *what, *format)
	case "export-akn":
		id, err := store.FindID(ctx, *instrument)
		if err != nil {
			return err
		}
		vs, err := store.Versions(ctx, id)
		if err != nil {
			return err
		}
		var v *lawdb.Version
		for i := range vs {
			if vs[i].ID == *version {
				v = &vs[i]
			}
		}
		if *version == 0 {
			v = lawdb.VersionOn(vs, *lang, "")
		}
		if v == nil {
			return fmt.Errorf("%s has no such version (%d stored)", *instrument, len(vs))
		}
		doc, err := store.Document(ctx, v.ID)
		if err != nil {
			return err
		}
		b, err := akn.Export(doc)
		if err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	default: // export-policy
		ps, err := store.PolicyChanges(ctx, strings.ToUpper(*country))
		if err != nil {
			return err
		}
		return lawexport.PolicyCSV(stdout, ps)
	}
}

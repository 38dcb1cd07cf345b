package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"corridor/internal/app"
	"corridor/internal/publishing"
	"corridor/internal/publishing/cite"
)

func init() {
	commands["publishing"] = command{"research publishing: list, export citations, reindex search", runPublishing}
}

const publishingUsage = `Usage: corridor publishing <list|export|reindex> [flags]

  list [--q QUERY] [--series ID] [--type T] [--year Y] [--format text|json]
                             the publications a filter selects (as an editor sees them)
  export --format bib|ris|json [filters as for list]
                             citations of every selected publication (BibTeX, RIS, CSL-JSON)
  reindex [--id ID]          rewrite the search index of every publication (or one),
                             e.g. after PDF text extraction failed and was fixed

Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runPublishing(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, publishingUsage, nil, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("publishing "+sub, "publishing "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	q := fs.String("q", "", "full-text query")
	series := fs.Int64("series", 0, "series id")
	typ := fs.String("type", "", "publication type (working-paper, policy-brief, report…)")
	year := fs.Int("year", 0, "year of publication")
	format := fs.String("format", "", "list: text (default) or json; export: bib, ris or json")
	id := fs.Int64("id", 0, "reindex: one publication")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	switch sub {
	case "list":
		if *format != "" && *format != "text" && *format != "json" {
			return fmt.Errorf("unknown --format %q: text or json", *format)
		}
	case "export":
		if *format != "bib" && *format != "ris" && *format != "json" {
			return fmt.Errorf("export needs --format bib, ris or json (got %q)", *format)
		}
	case "reindex":
	default:
		fmt.Fprintln(stderr, publishingUsage)
		return fmt.Errorf("unknown subcommand %q", sub)
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Publishing
	f := publishing.Filter{Q: *q, SeriesID: *series, Type: publishing.Type(*typ), Year: *year}
	switch sub {
	case "list":
		enc := json.NewEncoder(stdout)
		return svc.Each(ctx, f, publishing.Editors, func(p *publishing.Publication) error {
			if *format == "json" {
				return enc.Encode(p)
			}
			var names []string
			for _, au := range p.Meta.Authors {
				names = append(names, au.Name())
			}
			_, err := fmt.Fprintf(stdout, "%d\tv%d\t%s\t%s\t%s\t%s\n", p.ID, p.Version, p.Meta.Date, p.Meta.Type, p.Meta.Title("en"), strings.Join(names, "; "))
			return err
		})
	case "export":
		var write func(*cite.Work) error
		var end func() error
		switch *format {
		case "bib":
			w := cite.NewBibTeXWriter(stdout)
			write, end = w.Write, w.Flush
		case "ris":
			w := cite.NewRISWriter(stdout)
			write, end = w.Write, w.Flush
		default:
			w := cite.NewCSLWriter(stdout)
			write, end = w.Write, w.Close
		}
		err := svc.Each(ctx, f, publishing.Public, func(p *publishing.Publication) error {
			w := p.Cite(cfg.BaseURL, p.Meta.Language)
			if err := w.Validate(); err != nil {
				fmt.Fprintf(stderr, "publication %d left out: %v\n", p.ID, err)
				return nil
			}
			return write(&w)
		})
		if err != nil {
			return err
		}
		return end()
	default:
		n, err := svc.Reindex(ctx, *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "reindexed %d publication(s)\n", n)
		return nil
	}
}

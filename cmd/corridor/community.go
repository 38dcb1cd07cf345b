package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"corridor/internal/app"
	"corridor/internal/community"
)

func init() {
	commands["community"] = command{"community: people, projects, opportunities; the applications' retention sweep", runCommunity}
}

const communityUsage = `Usage: corridor community <people|projects|opportunities|sweep> [flags]

  people          list the people's profiles as JSON
  projects        list the research projects as JSON
  opportunities   list the calls (internships, visiting scholars, jobs) as JSON
  sweep           delete now the applications decided more than the
                  retention period ago (as the periodic job does)

Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runCommunity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, communityUsage, []string{"people", "projects", "opportunities", "sweep"}, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("community "+sub, "community "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Community
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "people":
		ps, err := svc.People(ctx, community.PeopleFilter{})
		if err != nil {
			return err
		}
		return enc.Encode(ps)
	case "projects":
		ps, err := svc.Projects(ctx)
		if err != nil {
			return err
		}
		return enc.Encode(ps)
	case "opportunities":
		cs, err := svc.Calls(ctx)
		if err != nil {
			return err
		}
		return enc.Encode(cs)
	}
	n, err := svc.Sweep(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "deleted %d application(s) past the retention period\n", n)
	return nil
}

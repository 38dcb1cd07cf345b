package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"corridor/internal/app"
	"corridor/internal/demo"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var withDemo *bool
	cfg, _, err := parseConfig("serve", "serve [--demo] [flags]", args, stderr, func(fs *flag.FlagSet) {
		withDemo = fs.Bool("demo", false, "load the bundled demo data on first start and print the demo admin's login")
	})
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	if *withDemo {
		loaded, err := demo.Load(ctx, a.DB, a.Accounts, a.DemoLoaders()...)
		if err != nil {
			return err
		}
		if loaded {
			fmt.Fprintln(stdout, "Demo data loaded; the full data tables load in the background (progress on the home page).")
		}
		fmt.Fprintf(stdout, "Demo administrator: %s  password: %s\n", demo.AdminEmail, demo.AdminPassword)
		fmt.Fprintln(stdout, "Other demo accounts, one per role (sign in at /login):")
		for _, p := range demo.People[1:] {
			fmt.Fprintf(stdout, "  %-15s %-24s password: %s\n", p.Role, p.Email, p.Password)
		}
		fmt.Fprintf(stdout, "  %-15s %-24s password: %s\n", "learner", app.DemoLearnerEmail, app.DemoLearnerPassword)
		if code := a.DemoCertificate(ctx); code != "" {
			fmt.Fprintf(stdout, "Demo certificate: %s  verify at %s/verify/%s\n", code, strings.TrimRight(cfg.BaseURL, "/"), code)
		}
	}
	return a.Serve(ctx, func(addr string) {
		fmt.Fprintf(stdout, "Corridor is running at http://%s/ (stop with Ctrl-C)\n", addr)
	})
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("migrate", "migrate [flags]", args, stderr, nil)
	if err != nil {
		return err
	}
	applied, err := app.Migrate(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Database is up to date (%d migration(s) applied now).\n", applied)
	return nil
}

func runVersion(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version", stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corridor %s\n", cmp.Or(app.ReleaseName(), app.Version))
	return nil
}

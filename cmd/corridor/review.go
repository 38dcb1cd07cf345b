package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"corridor/internal/app"
)

func init() {
	commands["review"] = command{"review engine: calls for papers, reminders", runReview}
}

const reviewUsage = `Usage: corridor review <calls|sweep> [flags]

  calls [--open]     list the calls for papers as JSON (--open: those open today)
  sweep              send the due reminders and overdue notices now and retry
                     pending review copies (serve does it every hour)

Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runReview(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, reviewUsage, []string{"calls", "sweep"}, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("review "+sub, "review "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	open := fs.Bool("open", false, "calls: only those open today")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	switch sub {
	case "calls":
		calls, err := a.Review.Calls(ctx, *open)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		return enc.Encode(calls)
	default:
		reminded, overdue, err := a.Review.Sweep(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d reminders and %d overdue notices queued\n", reminded, overdue)
		return nil
	}
}

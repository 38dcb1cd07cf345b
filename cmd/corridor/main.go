// Command corridor runs Corridor, the open platform of a migration research
// institute, and administers it from the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"sort"
	"syscall"

	"corridor/internal/app"
	"corridor/internal/data/indices"
)

// command is one subcommand.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"serve":      {"run the web server (and background jobs)", runServe},
	"migrate":    {"apply database migrations and exit", runMigrate},
	"user":       {"manage accounts: add, list, set-role, disable, enable, set-password", runUser},
	"backup":     {"write a consistent copy of the database", runBackup},
	"restore":    {"replace the database with a backup (server stopped)", runRestore},
	"version":    {"print the version", runVersion},
	"flows":      {"estimate bilateral migration flows from two stock tables (CSV)", runFlows},
	"indices":    {"migration indices of a flow or stock matrix (CSV): rates, effectiveness, connectivity, inequality", offline(indices.RunIndices)},
	"rc-fit":     {"fit a Rogers–Castro model schedule to age-specific migration rates (CSV)", offline(indices.RunRCFit)},
	"net-matrix": {"estimate bilateral flows from net migration totals (CSV): ipf, lp or optim", offline(indices.RunNetMatrix)},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if _, ok := commands[args[1]]; ok {
				return run(ctx, []string{args[1], "-h"}, stdout, stderr)
			}
		}
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "corridor: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "corridor %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Corridor — data, law, research, learning and events of a migration research institute.")
	fmt.Fprintln(w, "\nUsage: corridor <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "  help       this list; 'corridor help <command>' or 'corridor <command> -h' for one")
	fmt.Fprintln(w, "\nConfiguration comes from flags or the environment: CORRIDOR_ADDR, CORRIDOR_DATA_DIR,\nCORRIDOR_DATABASE_URL (a postgres:// URL switches to PostgreSQL), CORRIDOR_BASE_URL, CORRIDOR_SIGNUP, ...")
}

// parseConfig parses the configuration flags (and those extra adds).
func parseConfig(name, synopsis string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (app.Config, *flag.FlagSet, error) {
	var cfg app.Config
	fs := newFlags(name, synopsis, stderr)
	cfg.RegisterFlags(fs)
	if extra != nil {
		extra(fs)
	}
	err := fs.Parse(args)
	return cfg, fs, err
}

// openServices parses the configuration flags and opens the database and
// the domain services — no migrations, templates or jobs — for a command;
// the caller closes them.
func openServices(ctx context.Context, name, synopsis string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (*app.Services, *flag.FlagSet, error) {
	cfg, fs, err := parseConfig(name, synopsis, args, stderr, extra)
	if err != nil {
		return nil, nil, err
	}
	s, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	return s, fs, err
}

// newFlags returns a flag set that prints its usage to stderr and returns
// errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("corridor "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: corridor %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// subcommand reads a domain command's first argument. With none, or a
// help flag, it prints the usage (no argument is an error); a name not in
// subs (when subs is given) is refused with the usage. ok is false when
// the command has nothing more to do.
func subcommand(args []string, usage string, subs []string, stderr io.Writer) (sub string, rest []string, ok bool, err error) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, usage)
		if len(args) == 0 {
			return "", nil, false, errors.New("missing subcommand")
		}
		return "", nil, false, nil
	}
	if subs != nil && !slices.Contains(subs, args[0]) {
		fmt.Fprintln(stderr, usage)
		return "", nil, false, fmt.Errorf("unknown subcommand %q", args[0])
	}
	return args[0], args[1:], true, nil
}

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
	"corridor/internal/learning"
)

func init() {
	commands["learning"] = command{"learning: question banks (GIFT, Moodle XML), courses, completions", runLearning}
}

const learningUsage = `Usage: corridor learning <import-bank|export-bank|check-bank|courses|completions> [flags]

  import-bank --format gift|xml FILE   import a question bank into the database (all or nothing)
  export-bank --format gift|xml        write the whole question bank to standard output
  check-bank --format gift|xml FILE    read a bank without a database: counts by type, or the
                                       first error with its line
  courses                              list the courses (every language version) as JSON
  completions --user ID                the courses a user completed, as JSON

Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runLearning(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, learningUsage, nil, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("learning "+sub, "learning "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	format := fs.String("format", "", "bank format: gift or xml")
	user := fs.Int64("user", 0, "user id (completions)")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	readBank := func() ([]learning.Question, error) {
		if fs.NArg() != 1 {
			return nil, fmt.Errorf("%s needs --format gift|xml and one FILE", sub)
		}
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		switch *format {
		case "gift":
			return learning.ParseGIFT(f)
		case "xml":
			return learning.ParseMoodleXML(f)
		}
		return nil, fmt.Errorf("unknown --format %q: gift or xml", *format)
	}
	switch sub {
	case "check-bank":
		qs, err := readBank()
		if err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
		counts := map[learning.Kind]int{}
		for _, q := range qs {
			counts[q.Kind]++
		}
		var parts []string
		for _, k := range learning.Kinds {
			if counts[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
			}
		}
		fmt.Fprintf(stdout, "%d questions: %s\n", len(qs), strings.Join(parts, ", "))
		return nil
	case "import-bank", "export-bank", "courses", "completions":
	default:
		fmt.Fprintln(stderr, learningUsage)
		return fmt.Errorf("unknown subcommand %q", sub)
	}
	var qs []learning.Question
	if sub == "import-bank" {
		var err error
		if qs, err = readBank(); err != nil {
			return fmt.Errorf("%s: %w", fs.Arg(0), err)
		}
	}
	if sub == "export-bank" && *format != "gift" && *format != "xml" {
		return fmt.Errorf("unknown --format %q: gift or xml", *format)
	}
	if sub == "completions" && *user <= 0 {
		return errors.New("completions needs --user ID")
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	svc := a.Learning
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "import-bank":
		ids, err := svc.ImportQuestions(ctx, qs, *format)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported %d questions\n", len(ids))
	case "export-bank":
		all, err := svc.Questions(ctx, 0)
		if err != nil {
			return err
		}
		if *format == "gift" {
			return learning.WriteGIFT(stdout, all)
		}
		return learning.WriteMoodleXML(stdout, all)
	case "courses":
		cs, err := svc.Catalogue(ctx, "en", true)
		if err != nil {
			return err
		}
		return enc.Encode(cs)
	case "completions":
		cs, err := svc.Completions(ctx, *user)
		if err != nil {
			return err
		}
		return enc.Encode(cs)
	}
	return nil
}

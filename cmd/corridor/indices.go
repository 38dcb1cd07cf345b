package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"corridor/internal/data/indices"
)

// offline wraps one of the indices package's commands, which run on files
// without opening Corridor.
func offline(run func(args []string, stdout, stderr io.Writer) error) func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
		err := run(args, stdout, stderr)
		if errors.Is(err, indices.ErrHelp) {
			return flag.ErrHelp
		}
		return err
	}
}

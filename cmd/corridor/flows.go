package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"corridor/internal/data/flows"
)

// runFlows estimates bilateral flows from two stock tables, offline.
func runFlows(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	err := flows.RunCommand(args, stdout, stderr)
	if errors.Is(err, flows.ErrHelp) {
		return flag.ErrHelp
	}
	return err
}

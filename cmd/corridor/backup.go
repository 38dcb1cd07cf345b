package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"corridor/internal/app"
	"corridor/internal/backup"
	"corridor/internal/blob"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out *string
	a, _, err := openServices(ctx, "backup", "backup [-out FILE] [flags]", args, stderr, func(fs *flag.FlagSet) {
		out = fs.String("out", "", "backup file (default: DATA_DIR/backups/corridor-<time>.tar, an archive of the database and the uploaded files; .db or .pgdump with -blob-store db)")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	// Uploaded files kept in a directory go into the backup with the
	// database, in one archive; kept in the database, they are in its copy.
	files, inDir := a.Blobs.(*blob.Dir)
	path := *out
	if path == "" {
		path = backup.DefaultName(filepath.Join(a.Config.DataDir, "backups"), a.DB.Engine, inDir, time.Now())
	}
	if inDir {
		err = backup.CreateArchive(ctx, a.DB, path, files.Root)
	} else {
		err = backup.Create(ctx, a.DB, path)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backup written to %s\n", path)
	return nil
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg app.Config
	fs := newFlags("restore", "restore [flags] FILE   (stop every corridor serve first)", stderr)
	cfg.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("give exactly one backup file")
	}
	from := fs.Arg(0)
	if err := cfg.Validate(); err != nil {
		return err
	}
	if err := backup.Restore(ctx, from, cfg.DSN(), cfg.BlobDir()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s.\n", from)
	return nil
}

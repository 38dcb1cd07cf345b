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
	"corridor/internal/db"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out *string
	a, _, err := openApp(ctx, "backup", "backup [-out FILE] [flags]", args, stderr, func(fs *flag.FlagSet) {
		out = fs.String("out", "", "backup file (default: DATA_DIR/backups/corridor-<time>.db, or .pgdump on PostgreSQL)")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	path := *out
	if path == "" {
		path = backup.DefaultName(filepath.Join(a.Config.DataDir, "backups"), a.DB.Engine, time.Now())
	}
	if err := backup.Create(ctx, a.DB, path); err != nil {
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
	dsn := cfg.DSN()
	var err error
	if db.IsPostgresURL(dsn) {
		err = backup.RestorePostgres(ctx, from, dsn)
	} else {
		err = backup.RestoreSQLite(ctx, from, dsn)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s.\n", from)
	return nil
}

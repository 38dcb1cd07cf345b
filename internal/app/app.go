package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/backup"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/jobs"
	"corridor/internal/links"
	"corridor/internal/mail"
	"corridor/internal/web"
)

// Version is set at build time with -ldflags "-X corridor/internal/app.Version=…".
var Version = "dev"

// App is a running Corridor: database, services, web server and jobs.
type App struct {
	Config   Config
	DB       *db.DB
	Accounts *accounts.Service
	Web      *web.Server
	Jobs     *jobs.Runner
	Blobs    blob.Store
	Logger   *slog.Logger
	// Links is the typed links' registry and store, which domains
	// register their kinds of thing with (mountLinks runs first).
	Links *links.Service
	// Domains keep their services here once mounted.
	Data any
	Law  any
	// release gives up the in-use lock backup.HoldInUse took.
	release func()
}

// NewLogger returns the structured logger for format "text" or "json".
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// Open opens and migrates the database and builds every service.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	// Held until Close, so that a restore refuses while this process has
	// the database open (it would go on writing to the replaced file).
	release, err := backup.HoldInUse(ctx, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	if _, err := d.Migrate(ctx); err != nil {
		release()
		d.Close()
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Logger: logger, release: release}
	a.Accounts = accounts.NewService(d, accounts.SignupMode(cfg.SignupMode), cfg.BaseURL)
	var blobs blob.Store = &blob.DBStore{DB: d}
	if cfg.BlobStore == "dir" {
		blobs = &blob.Dir{Root: cfg.BlobDir(), DB: d}
	}
	a.Blobs = blobs
	a.Web, err = web.New(web.Config{BaseURL: cfg.BaseURL, MaxBodyBytes: cfg.MaxBody, TrustProxy: cfg.TrustProxy}, d, a.Accounts, blobs, logger, Version)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Jobs = jobs.NewRunner(d, logger)
	sender := mail.NewSender(d, mail.SMTPConfig{Addr: cfg.SMTPAddr, Username: cfg.SMTPUser, Password: cfg.SMTPPass, From: cfg.MailFrom}, logger)
	a.Jobs.Handle(mail.JobKind, sender.Handle)
	for _, mount := range []func(*App) error{mountLinks, mountData, mountLaw} {
		if err := mount(a); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

// warnSharedDirBlobs warns when other processes use this PostgreSQL
// database while uploads are kept in this machine's data directory: a file
// one process stores is then missing for the others.
func (a *App) warnSharedDirBlobs(ctx context.Context) {
	if a.DB.Engine != db.Postgres || a.Config.BlobStore != "dir" {
		return
	}
	n, err := backup.OthersInUse(ctx, a.DB)
	if err != nil {
		a.Logger.Warn("could not tell whether other processes share the database", "err", err)
		return
	}
	if n > 0 {
		a.Logger.Warn("other corridor processes use this PostgreSQL database while uploads are kept in this machine's data directory; files one process stores are missing for the others: set CORRIDOR_BLOB_STORE=db",
			"other_processes", n, "blob_dir", a.Config.BlobDir())
	}
}

// Close closes the database and gives up the in-use lock.
func (a *App) Close() error {
	if a.release != nil {
		a.release()
	}
	return a.DB.Close()
}

// Serve listens on the configured address until ctx is done, then shuts
// down gracefully: in-flight requests finish, the job in hand finishes or
// goes back to the queue.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn),
	}
	jobCtx, stopJobs := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.Jobs.Run(jobCtx) }()
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			select {
			case <-jobCtx.Done():
				return
			case <-t.C:
				a.Accounts.PurgeExpiredSessions(jobCtx)
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Logger.Info("corridor listening", "addr", ln.Addr().String(), "engine", a.DB.Engine, "version", Version)
	a.warnSharedDirBlobs(ctx)
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopJobs()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopJobs()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/backup"
	"corridor/internal/blob"
	"corridor/internal/community"
	"corridor/internal/credentials"
	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/events"
	"corridor/internal/jobs"
	"corridor/internal/law/lawdb"
	"corridor/internal/learning"
	"corridor/internal/links"
	"corridor/internal/mail"
	"corridor/internal/publishing"
	"corridor/internal/review"
	"corridor/internal/web"
)

// Version is set at build time with -ldflags "-X corridor/internal/app.Version=…".
var Version = "dev"

// ReleaseName is what the footer and logs call this build: the version
// set at build time, else the commit the binary was built from (with
// "+changes" when the tree was modified), else nothing rather than "dev".
func ReleaseName() string {
	if Version != "dev" {
		return Version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if len(rev) > 7 {
		rev = rev[:7]
	}
	if rev != "" && modified {
		rev += "+changes"
	}
	return rev
}

// Services is Corridor's database and domain services, without the web
// server and the job runner: what a command-line command needs.
type Services struct {
	Config   Config
	DB       *db.DB
	Accounts *accounts.Service
	Blobs    blob.Store
	Logger   *slog.Logger
	// Links is the typed links' registry and store; every domain
	// registers its kinds of thing with it.
	Links *links.Service
	Data  *data.Service
	Law   *lawdb.Store
	// Publishing is the research publishing repository.
	Publishing *publishing.Service
	// Learning is the learning domain's courses, quizzes and bank.
	Learning *learning.Service
	// Events is the events domain's events, timetables and registrations.
	Events *events.Service
	// Community is people, partners, projects and opportunities.
	Community *community.Service
	// Review is the shared review engine (calls, submissions, peer review).
	Review *review.Service
	// Credentials is certificate programmes and verifiable certificates.
	Credentials *credentials.Service
	// release gives up the in-use lock backup.HoldInUse took.
	release func()
	applied int // migrations applied when opened
}

// App is a running Corridor: the services, the web server and the jobs.
type App struct {
	*Services
	Web  *web.Server
	Jobs *jobs.Runner

	// metricsAddr is where the metrics listener listens, once Serve has
	// opened it.
	metricsAddr string
}

// MetricsAddr is the address the metrics listener got (useful with port 0),
// set before Serve calls ready; empty without CORRIDOR_METRICS_ADDR.
func (a *App) MetricsAddr() string { return a.metricsAddr }

// NewLogger returns the structured logger for format "text" or "json".
func NewLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// Open opens and migrates the database and builds every service, the web
// server with every domain's routes and templates, and the job runner with
// its handlers and schedules: what serve (and the tests) need.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*App, error) {
	svc, err := openServices(ctx, cfg, logger, true)
	if err != nil {
		return nil, err
	}
	a := &App{Services: svc}
	cfg = svc.Config // as validated, with its defaults filled in (the public address)
	a.Web, err = web.New(web.Config{BaseURL: cfg.BaseURL, MaxBodyBytes: cfg.MaxBody, TrustProxy: cfg.TrustProxy, MetricsElsewhere: cfg.MetricsAddr != ""}, svc.DB, svc.Accounts, svc.Blobs, logger, ReleaseName())
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Jobs = jobs.NewRunner(svc.DB, logger)
	sender := mail.NewSender(svc.DB, mail.SMTPConfig{Addr: cfg.SMTPAddr, Username: cfg.SMTPUser, Password: cfg.SMTPPass, From: cfg.MailFrom}, logger)
	a.Jobs.Handle(mail.JobKind, sender.Handle)
	for _, mount := range []func(*App) error{mountLinks, mountData, mountLaw, mountPublishing, mountLearning, mountReview, mountCredentials, mountCommunity, mountEvents} {
		if err := mount(a); err != nil {
			a.Close()
			return nil, err
		}
	}
	return a, nil
}

// OpenServices opens the database and builds the domain services only: no
// migrations, templates or scheduled jobs, so a read-only command works on
// a read-only database. A database with migrations pending is refused:
// only serve and migrate change the schema.
func OpenServices(ctx context.Context, cfg Config, logger *slog.Logger) (*Services, error) {
	return openServices(ctx, cfg, logger, false)
}

// Migrate applies the pending migrations and returns how many it applied.
func Migrate(ctx context.Context, cfg Config, logger *slog.Logger) (int, error) {
	svc, err := openServices(ctx, cfg, logger, true)
	if err != nil {
		return 0, err
	}
	defer svc.Close()
	return svc.applied, nil
}

func openServices(ctx context.Context, cfg Config, logger *slog.Logger, migrate bool) (*Services, error) {
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
	s := &Services{Config: cfg, DB: d, Logger: logger, release: release}
	if migrate {
		if s.applied, err = d.Migrate(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("migrate: %w", err)
		}
	} else if n, err := d.Pending(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("check migrations: %w", err)
	} else if n > 0 {
		s.Close()
		return nil, fmt.Errorf("the database has %d migration(s) to apply: run 'corridor migrate' (or start 'corridor serve') first", n)
	}
	s.Accounts = accounts.NewService(d, accounts.SignupMode(cfg.SignupMode), cfg.BaseURL)
	s.Blobs = &blob.DBStore{DB: d}
	if cfg.BlobStore == "dir" {
		s.Blobs = &blob.Dir{Root: cfg.BlobDir(), DB: d}
	}
	s.Links = links.New(d)
	s.Data = data.NewService(d, s.Blobs, logger)
	s.Law = lawdb.New(d)
	s.Publishing = publishing.New(d, s.Blobs)
	s.Learning = learning.New(d, s.Links)
	s.Learning.BaseURL = s.Config.BaseURL
	s.Events = events.New(d) // before the review engine, whose publisher feeds events
	s.Review = openReview(s)
	s.Credentials = openCredentials(s, "")
	s.Community = openCommunity(s)
	if err := s.Data.RegisterLinks(s.Links); err != nil {
		s.Close()
		return nil, fmt.Errorf("data: register links: %w", err)
	}
	if err := s.Law.RegisterLinks(s.Links, func() time.Time { return time.Now().UTC() }); err != nil {
		s.Close()
		return nil, fmt.Errorf("law: register links: %w", err)
	}
	if err := s.Publishing.RegisterLinks(s.Links); err != nil {
		s.Close()
		return nil, fmt.Errorf("publishing: register links: %w", err)
	}
	if err := s.Learning.RegisterLinks(s.Links); err != nil {
		s.Close()
		return nil, fmt.Errorf("learning: register links: %w", err)
	}
	if err := s.Events.RegisterLinks(s.Links); err != nil {
		s.Close()
		return nil, fmt.Errorf("events: register links: %w", err)
	}
	if err := s.Community.RegisterLinks(s.Links); err != nil {
		s.Close()
		return nil, fmt.Errorf("community: register links: %w", err)
	}
	return s, nil
}

// Close closes the database and gives up the in-use lock.
func (s *Services) Close() error {
	if s.release != nil {
		s.release()
	}
	return s.DB.Close()
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
	var metricsSrv *http.Server
	if a.Config.MetricsAddr != "" {
		metricsLn, err := net.Listen("tcp", a.Config.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("metrics listener: %w", err)
		}
		a.metricsAddr = metricsLn.Addr().String()
		metricsSrv = &http.Server{Handler: a.Web.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute,
			ErrorLog: slog.NewLogLogger(a.Logger.Handler(), slog.LevelWarn)}
		go metricsSrv.Serve(metricsLn)
		defer metricsSrv.Close()
		a.Logger.Info("metrics listening", "addr", a.metricsAddr)
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
				a.Accounts.PurgeRateLimits(jobCtx)
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.Logger.Info("corridor listening", "addr", ln.Addr().String(), "engine", a.DB.Engine, "version", ReleaseName())
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

// Package app wires Corridor together: configuration, the database, every
// domain's service, the web server and the job runner. It is the only
// package that knows all the domains.
package app

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db"
)

// Config is Corridor's configuration, from flags with environment defaults.
type Config struct {
	Addr        string // CORRIDOR_ADDR
	DataDir     string // CORRIDOR_DATA_DIR
	DatabaseURL string // CORRIDOR_DATABASE_URL: a postgres:// URL selects PostgreSQL
	BaseURL     string // CORRIDOR_BASE_URL: public address, for links in e-mails
	SignupMode  string // CORRIDOR_SIGNUP: approval, email or closed
	BlobStore   string // CORRIDOR_BLOB_STORE: dir or db
	SMTPAddr    string // CORRIDOR_SMTP_ADDR host:port; empty: mails are logged
	SMTPUser    string // CORRIDOR_SMTP_USER
	SMTPPass    string // CORRIDOR_SMTP_PASSWORD
	MailFrom    string // CORRIDOR_MAIL_FROM
	TrustProxy  bool   // CORRIDOR_TRUST_PROXY
	MaxBody     int64  // CORRIDOR_MAX_BODY_BYTES
	LogFormat   string // CORRIDOR_LOG_FORMAT: text or json
	// MetricsAddr is a listen address of its own for /metrics
	// (CORRIDOR_METRICS_ADDR); empty: admins only, on the main address.
	MetricsAddr string
	// LawDigestEvery is how often the law follow digest is sent
	// (CORRIDOR_LAW_DIGEST_EVERY); 0 turns the schedule off.
	LawDigestEvery time.Duration

	badDigest string // an unparsable CORRIDOR_LAW_DIGEST_EVERY, for Validate
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// RegisterFlags defines the configuration flags on fs, with defaults from
// the environment.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("CORRIDOR_ADDR", "127.0.0.1:8080"), "listen address (CORRIDOR_ADDR)")
	fs.StringVar(&c.DataDir, "data-dir", env("CORRIDOR_DATA_DIR", "./corridor-data"), "directory for the SQLite file, uploads and backups (CORRIDOR_DATA_DIR)")
	fs.StringVar(&c.DatabaseURL, "database-url", env("CORRIDOR_DATABASE_URL", ""), "postgres:// URL to use PostgreSQL instead of the embedded SQLite (CORRIDOR_DATABASE_URL)")
	fs.StringVar(&c.BaseURL, "base-url", env("CORRIDOR_BASE_URL", ""), "public address, used in e-mail links; https:// turns on secure cookies (CORRIDOR_BASE_URL)")
	fs.StringVar(&c.SignupMode, "signup", env("CORRIDOR_SIGNUP", "approval"), "how new accounts become active: approval, email or closed (CORRIDOR_SIGNUP)")
	fs.StringVar(&c.BlobStore, "blob-store", env("CORRIDOR_BLOB_STORE", "dir"), "where uploads are kept: dir (data directory) or db (CORRIDOR_BLOB_STORE)")
	fs.StringVar(&c.SMTPAddr, "smtp-addr", env("CORRIDOR_SMTP_ADDR", ""), "SMTP server host:port; empty logs mails instead (CORRIDOR_SMTP_ADDR)")
	fs.StringVar(&c.SMTPUser, "smtp-user", env("CORRIDOR_SMTP_USER", ""), "SMTP user name (CORRIDOR_SMTP_USER)")
	c.SMTPPass = env("CORRIDOR_SMTP_PASSWORD", "")
	fs.StringVar(&c.MailFrom, "mail-from", env("CORRIDOR_MAIL_FROM", "corridor@localhost"), "sender address of mails (CORRIDOR_MAIL_FROM)")
	trust, _ := strconv.ParseBool(env("CORRIDOR_TRUST_PROXY", "false"))
	fs.BoolVar(&c.TrustProxy, "trust-proxy", trust, "take client IPs from the last X-Forwarded-For entry, the one the proxy in front appends (CORRIDOR_TRUST_PROXY)")
	maxBody, _ := strconv.ParseInt(env("CORRIDOR_MAX_BODY_BYTES", "1048576"), 10, 64)
	fs.Int64Var(&c.MaxBody, "max-body-bytes", maxBody, "largest request body accepted (CORRIDOR_MAX_BODY_BYTES)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("CORRIDOR_METRICS_ADDR", ""), "serve /metrics to anyone on this address of its own, e.g. 127.0.0.1:9090; empty serves it to admins only on the main address (CORRIDOR_METRICS_ADDR)")
	digest, err := time.ParseDuration(env("CORRIDOR_LAW_DIGEST_EVERY", "24h"))
	if err != nil {
		// Validate names the bad value; -1 marks it.
		digest = -1
		c.badDigest = env("CORRIDOR_LAW_DIGEST_EVERY", "")
	}
	fs.DurationVar(&c.LawDigestEvery, "law-digest-every", digest, "how often the law follow digest is mailed, e.g. 24h or 168h; 0 turns the schedule off (CORRIDOR_LAW_DIGEST_EVERY)")
	fs.StringVar(&c.LogFormat, "log-format", env("CORRIDOR_LOG_FORMAT", "text"), "log format: text or json (CORRIDOR_LOG_FORMAT)")
}

// Validate checks the configuration and fills derived defaults.
func (c *Config) Validate() error {
	switch accounts.SignupMode(c.SignupMode) {
	case accounts.SignupApproval, accounts.SignupEmail, accounts.SignupClosed:
	default:
		return fmt.Errorf("config: -signup must be approval, email or closed, not %q", c.SignupMode)
	}
	if c.BlobStore != "dir" && c.BlobStore != "db" {
		return fmt.Errorf("config: -blob-store must be dir or db, not %q", c.BlobStore)
	}
	if c.DatabaseURL != "" && !db.IsPostgresURL(c.DatabaseURL) {
		return fmt.Errorf("config: -database-url must be a postgres:// URL")
	}
	if c.MaxBody < 1024 {
		return fmt.Errorf("config: -max-body-bytes must be at least 1024")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: -log-format must be text or json")
	}
	if c.LawDigestEvery < 0 || (c.LawDigestEvery > 0 && c.LawDigestEvery < time.Minute) {
		v := c.badDigest
		if v == "" {
			v = c.LawDigestEvery.String()
		}
		return fmt.Errorf("config: -law-digest-every (CORRIDOR_LAW_DIGEST_EVERY) %q: want a duration of at least 1m, or 0", v)
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	return nil
}

// BlobDir is where the dir blob store keeps uploaded files.
func (c *Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// DSN is the database to open: the PostgreSQL URL, or the SQLite file in
// the data directory.
func (c *Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "corridor.db")
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"corridor/internal/app"
	"corridor/internal/audit"
	"corridor/internal/credentials"
)

func init() {
	commands["credentials"] = command{"credentials: certificate programmes, certificates, issuer keys", runCredentials}
}

const credentialsUsage = `Usage: corridor credentials <programmes|verify|sweep|rotate-key> [flags]

  programmes      list the certificate programmes as JSON
  verify CODE     a certificate's status (valid, expired, revoked) as JSON
  sweep           issue now the certificates learners have earned (the job runs every 10 minutes)
  rotate-key      make a new signing key; older keys stay published so the
                  credentials they signed still verify (audited)

Database flags (-database-url, -data-dir…) are those of 'corridor serve'.`

func runCredentials(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, credentialsUsage, []string{"programmes", "verify", "sweep", "rotate-key"}, stderr)
	if !ok {
		return err
	}
	var cfg app.Config
	fs := newFlags("credentials "+sub, "credentials "+sub+" [flags]", stderr)
	cfg.RegisterFlags(fs)
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if sub == "verify" && fs.NArg() != 1 {
		return errors.New("verify needs one CODE")
	}
	a, err := app.OpenServices(ctx, cfg, app.NewLogger(cfg.LogFormat))
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli:" + osUser()})
	svc := a.Credentials
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	switch sub {
	case "programmes":
		ps, err := svc.Programmes(ctx, "en")
		if err != nil {
			return err
		}
		return enc.Encode(ps)
	case "verify":
		c, err := svc.ByCode(ctx, fs.Arg(0))
		if errors.Is(err, credentials.ErrNotFound) {
			return fmt.Errorf("credentials verify: no certificate has the code %q", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		return enc.Encode(map[string]any{"status": c.StatusAt(svc.Now().Unix()), "certificate": c})
	case "sweep":
		n, err := svc.Sweep(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "issued %d certificate(s)\n", n)
	case "rotate-key":
		k, err := svc.RotateKey(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "new signing key %s\n", k.KID)
	}
	return nil
}

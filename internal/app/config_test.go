package app

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

// Every variable serve reads comes through Config and appears in
// `corridor serve -h`; a bad digest interval is refused with its value.
func TestConfigReadsEveryVariable(t *testing.T) {
	parse := func(t *testing.T, digest string) (Config, string) {
		t.Helper()
		t.Setenv("CORRIDOR_LAW_DIGEST_EVERY", digest)
		var c Config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.RegisterFlags(fs)
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		var usage strings.Builder
		fs.SetOutput(&usage)
		fs.PrintDefaults()
		return c, usage.String()
	}
	c, usage := parse(t, "168h")
	if err := c.Validate(); err != nil || c.LawDigestEvery != 168*time.Hour {
		t.Fatalf("CORRIDOR_LAW_DIGEST_EVERY=168h gave %v (%v)", c.LawDigestEvery, err)
	}
	for _, v := range []string{"CORRIDOR_ADDR", "CORRIDOR_DATA_DIR", "CORRIDOR_DATABASE_URL", "CORRIDOR_BASE_URL", "CORRIDOR_SIGNUP",
		"CORRIDOR_BLOB_STORE", "CORRIDOR_SMTP_ADDR", "CORRIDOR_SMTP_USER", "CORRIDOR_MAIL_FROM", "CORRIDOR_TRUST_PROXY",
		"CORRIDOR_MAX_BODY_BYTES", "CORRIDOR_METRICS_ADDR", "CORRIDOR_LAW_DIGEST_EVERY", "CORRIDOR_LOG_FORMAT"} {
		if !strings.Contains(usage, v) {
			t.Errorf("serve -h does not mention %s", v)
		}
	}
	if c, _ := parse(t, "0"); c.Validate() != nil || c.LawDigestEvery != 0 {
		t.Errorf("0 should turn the digest schedule off")
	}
	for _, bad := range []string{"weekly", "30s", "-1h"} {
		c, _ := parse(t, bad)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "CORRIDOR_LAW_DIGEST_EVERY") {
			t.Errorf("CORRIDOR_LAW_DIGEST_EVERY=%s: %v", bad, err)
		}
	}
}

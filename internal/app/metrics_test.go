package app

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestMetricsAddrFlag(t *testing.T) {
	t.Setenv("CORRIDOR_METRICS_ADDR", "127.0.0.1:9191")
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	c.RegisterFlags(fs)
	if err := fs.Parse(nil); err != nil || c.MetricsAddr != "127.0.0.1:9191" {
		t.Fatalf("CORRIDOR_METRICS_ADDR gave %q (%v)", c.MetricsAddr, err)
	}
	var usage strings.Builder
	fs.SetOutput(&usage)
	fs.PrintDefaults()
	if !strings.Contains(usage.String(), "CORRIDOR_METRICS_ADDR") {
		t.Error("serve -h does not mention CORRIDOR_METRICS_ADDR")
	}
}

// TestMetricsOnTheirOwnListener serves the whole application (on SQLite:
// the listener does not depend on the engine).
func TestMetricsOnTheirOwnListener(t *testing.T) {
	cfg := Config{Addr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0", DataDir: t.TempDir(), SignupMode: "approval", BlobStore: "dir", LogFormat: "text", MaxBody: 1 << 20}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, stop := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(addr string) { addrc <- addr }) }()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatal(err)
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}
	defer func() { stop(); <-done }()
	get := func(url string) (int, string) {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	get("http://" + addr + "/")
	if status, body := get("http://" + a.MetricsAddr() + "/metrics"); status != 200 || !strings.Contains(body, "corridor_http_requests_total") {
		t.Errorf("metrics listener: %d %.200s", status, body)
	}
	if status, _ := get("http://" + addr + "/metrics"); status != http.StatusNotFound {
		t.Errorf("main listener's /metrics: %d, want 404", status)
	}
	if status, _ := get("http://" + a.MetricsAddr() + "/"); status != http.StatusNotFound {
		t.Errorf("the metrics listener serves more than /metrics: %d", status)
	}
}

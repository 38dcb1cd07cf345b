package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"corridor/internal/data"
)

// A first start of the demo: the published tables load in the background
// while the home page shows a progress bar; once loaded, Afghanistan —
// the pickers' first country, empty with the old sample — has its
// migrant stock, refugees and remittances. Screenshots at 1366 and 390 px.
func TestDemoLoadsInTheBackground(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		db := b.site.app.DB
		if err := data.LoadDemo(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		// Catch the load while it runs.
		deadline := time.Now().Add(2 * time.Minute)
		var status string
		var progress int64
		for time.Now().Before(deadline) {
			if err := db.QueryRow(`SELECT status, progress FROM jobs WHERE kind = $1`, data.JobDemoLoad).Scan(&status, &progress); err != nil {
				t.Fatal(err)
			}
			if status == "running" && progress > 0 || status == "done" || status == "failed" {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if status != "running" {
			t.Fatalf("the demo load was not seen running (status %q)", status)
		}
		b.viewport(1366, 900)
		b.expectStatus("home while loading", b.open("/"), 200)
		if b.count(`progress#demo-load`) != 1 {
			b.fail("no progress bar on the home page while the demo loads")
		}
		b.viewShot("demo-loading-home-1366.png")
		b.viewport(390, 844)
		b.open("/")
		b.viewShot("demo-loading-home-390.png")

		for time.Now().Before(deadline) && status == "running" {
			time.Sleep(200 * time.Millisecond)
			db.QueryRow(`SELECT status FROM jobs WHERE kind = $1`, data.JobDemoLoad).Scan(&status)
		}
		if status != "done" {
			t.Fatalf("demo load ended %q", status)
		}
		b.open("/")
		if b.count(`progress#demo-load`) != 0 {
			b.fail("the progress bar stays after the load")
		}
		b.viewport(1366, 900)
		b.expectStatus("Afghanistan", b.open("/data/countries/AFG"), 200)
		main := b.text("main")
		for _, want := range []string{"International Migrant Stock 2019", "UNHCR", "Remittance"} {
			if !strings.Contains(main, want) {
				b.fail("Afghanistan's page does not show %q", want)
			}
		}
		if strings.Contains(main, dataMsg("data.no_data")) {
			b.fail("Afghanistan's page says it has no data")
		}
		b.viewShot("demo-country-afg-1366.png")
		b.viewport(390, 844)
		b.open("/data/countries/AFG")
		b.viewShot("demo-country-afg-390.png")
	})
}

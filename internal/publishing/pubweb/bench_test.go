package pubweb_test

import (
	"io"
	"net/http"
	"testing"

	"corridor/internal/db/dbtest"
)

// BenchmarkLandingPage renders a sample publication's landing page (meta
// tags, JSON-LD, cite box in APA and Chicago, links resolved) over a real
// HTTP server, beside the home page as the yardstick.
func BenchmarkLandingPage(b *testing.B) {
	for _, e := range dbtest.TestEngines() {
		b.Run(string(e), func(b *testing.B) {
			a, base := openSite(b, e)
			p := demoID(b, a, "Non-refoulement at sea: practice and protection gaps")
			for name, path := range map[string]string{"landing": "/publications/" + itoa(p.ID), "yardstick-home": "/"} {
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						resp, err := http.Get(base + path)
						if err != nil {
							b.Fatal(err)
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != 200 {
							b.Fatalf("%s: %d", path, resp.StatusCode)
						}
					}
				})
			}
		})
	}
}

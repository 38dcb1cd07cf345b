package web

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// Text goes compressed to clients that accept gzip (with a quality above
// zero), and as it is to the rest; every answer says it varies on
// Accept-Encoding, so caches keep the two apart.
func TestResponsesCompressedWhenAccepted(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	get := func(path, acceptEncoding string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", env.http.URL+path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		// A bare transport, so the body comes as sent.
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	for _, tc := range []struct {
		path, accept string
		gzipped      bool
		contains     string
	}{
		{"/", "gzip, deflate, br", true, "<html"},
		{"/", "", false, "<html"},
		{"/", "gzip;q=0, identity", false, "<html"},
		{"/", "*", true, "<html"},
		{"/api/v1/openapi.json", "gzip", true, `"openapi"`},
		{"/static/css/corridor.css", "gzip", true, "body"},
	} {
		resp, body := get(tc.path, tc.accept)
		gz := resp.Header.Get("Content-Encoding") == "gzip"
		if gz != tc.gzipped {
			t.Errorf("%s with Accept-Encoding %q: gzip %v, want %v", tc.path, tc.accept, gz, tc.gzipped)
			continue
		}
		if gz {
			zr, err := gzip.NewReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatalf("%s: not gzip: %v", tc.path, err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatalf("%s: broken gzip: %v", tc.path, err)
			}
		}
		if !strings.Contains(string(body), tc.contains) {
			t.Errorf("%s: body lacks %q", tc.path, tc.contains)
		}
		if !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("%s: no Vary: Accept-Encoding", tc.path)
		}
	}
}

func TestCompressibleTypes(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8": true, "application/json": true, "application/problem+json": true, "image/svg+xml": true,
		"text/csv; charset=utf-8": true, "text/calendar; charset=utf-8": true, "application/xml": true, "application/x-research-info-systems": true,
		"application/pdf": false, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": false, "image/png": false, "application/gzip": false,
	} {
		if compressible(ct) != want {
			t.Errorf("compressible(%q) = %v", ct, !want)
		}
	}
}

// Assets are addressed by their content's hash: asked for by it, they may
// be kept a year; asked for without it, they are revalidated, and an
// unchanged one is a 304.
func TestAssetsCachedByContentHash(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenTest(t, db.SQLite))
	c := env.client()
	_, home := c.Get("/")
	i := strings.Index(home, `href="/static/css/corridor.css?v=`)
	if i < 0 {
		t.Fatal("the layout links the stylesheet without its hash")
	}
	link := home[i+len(`href="`):]
	link = link[:strings.Index(link, `"`)]
	resp, css := c.Get(link)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.Contains(css, "body") {
		t.Fatalf("%s: %d %q", link, resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	sum := sha256.Sum256([]byte(css))
	if want := hex.EncodeToString(sum[:])[:12]; !strings.HasSuffix(link, want) {
		t.Errorf("%s is not named by the SHA-256 of its content (%s)", link, want)
	}
	resp, _ = c.Get("/static/css/corridor.css?v=stale")
	if strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
		t.Error("an old address is cached as if current")
	}
	req, _ := http.NewRequest("GET", env.http.URL+"/static/css/corridor.css", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if resp, _ := c.Do(req); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", resp.StatusCode)
	}
}

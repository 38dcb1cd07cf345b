package app

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// robots.txt names the sitemap; the sitemap (sitemaps.org 0.9) lists the
// public pages of every domain, each with its three language addresses,
// and every page it lists answers 200 to the public.
func TestSitemapListsPagesThatExist(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			for _, load := range a.DemoLoaders() {
				if err := load(context.Background(), a.DB); err != nil {
					t.Fatal(err)
				}
			}
			c := webtest.NewClient(t, a.URL)
			resp, robots := c.Get("/robots.txt")
			if resp.StatusCode != 200 || !strings.Contains(robots, "Sitemap: http://corridor.test/sitemap.xml") || !strings.Contains(robots, "Disallow: /admin") {
				t.Fatalf("robots.txt: %d %q", resp.StatusCode, robots)
			}
			resp, body := c.Get("/sitemap.xml")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
				t.Fatalf("sitemap: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var set struct {
				XMLName xml.Name
				URLs    []struct {
					Loc   string `xml:"loc"`
					Links []struct {
						HrefLang string `xml:"hreflang,attr"`
						Href     string `xml:"href,attr"`
					} `xml:"http://www.w3.org/1999/xhtml link"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal([]byte(body), &set); err != nil {
				t.Fatal(err)
			}
			if set.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || set.XMLName.Local != "urlset" {
				t.Fatalf("root %v", set.XMLName)
			}
			kinds := map[string]int{}
			for i, u := range set.URLs {
				p, err := url.Parse(u.Loc)
				if err != nil || p.Host != "corridor.test" {
					t.Fatalf("loc %q", u.Loc)
				}
				if len(u.Links) != 3 || u.Links[1].HrefLang != "fr" || u.Links[1].Href != "http://corridor.test/fr"+p.RequestURI() {
					t.Errorf("%s: language links %+v", u.Loc, u.Links)
				}
				parts := strings.Split(p.Path, "/")
				n := 2 // /publications, /series…; /data/countries, /law/instruments
				if parts[1] == "data" || parts[1] == "law" {
					n = 3
				}
				kind := strings.Join(parts[:min(len(parts), n)], "/")
				kinds[kind]++
				// Every page but the country and region pages, which
				// are many and alike: one in ten of those.
				if (kind == "/data/countries" || kind == "/data/regions") && i%10 != 0 {
					continue
				}
				if resp, _ := c.Get(p.RequestURI()); resp.StatusCode != 200 {
					t.Errorf("the sitemap lists %s, which answers %d", p.Path, resp.StatusCode)
				}
			}
			for _, kind := range []string{"/data/countries", "/data/regions", "/law/instruments", "/series"} {
				if kinds[kind] == 0 {
					t.Errorf("no %s pages in the sitemap: %v", kind, kinds)
				}
			}
			if kinds["/publications"] < 36 {
				t.Errorf("%d publications in the sitemap, want the 36 samples", kinds["/publications"])
			}
		})
	}
}

// Without a configured public address the server's own address is the
// default (Config.Validate) — for the web server too, whose robots.txt
// and sitemap must name absolute URLs (sitemaps.org), never "/sitemap.xml".
func TestDefaultPublicAddressReachesTheWebServer(t *testing.T) {
	cfg := Config{Addr: "127.0.0.1:8137", DataDir: t.TempDir(), SignupMode: "approval", BlobStore: "dir", LogFormat: "text", MaxBody: 1 << 20}
	a, err := Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Web.Handler())
	defer srv.Close()
	_, robots := webtest.NewClient(t, srv.URL).Get("/robots.txt")
	if !strings.Contains(robots, "Sitemap: http://127.0.0.1:8137/sitemap.xml") {
		t.Errorf("robots.txt without a configured address: %q", robots)
	}
}

package lawweb_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
)

var (
	hrefRe = regexp.MustCompile(`href="(/law/instruments/[^"#]+)`)
	// every provision's element id, addressable as a provision page
	provIDRe = regexp.MustCompile(`<(?:section|div) id="([^"]+)" class="law-`)
)

// Every provision link on every version of every demo instrument, and
// every "other version" link on those provision pages, answers 200: a
// provision keeps its eId across versions where it is the same, and one a
// version lacks lands on its nearest ancestor with a notice.
func TestEveryProvisionLinkAnswers(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			ins, _, err := a.Law.List(ctx, lawdb.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			var queue []string
			add := func(body, slug string) {
				prefix := "/law/instruments/" + url.PathEscape(slug) + "/"
				for _, m := range hrefRe.FindAllStringSubmatch(body, -1) {
					u := html.UnescapeString(m[1])
					rest, ok := strings.CutPrefix(u, prefix)
					if !ok || seen[u] {
						continue
					}
					// provision pages only: not diff, status, akn, feed, edit…
					if seg, _, _ := strings.Cut(rest, "?"); strings.Contains(seg, "/") || !strings.Contains(seg, "_") {
						continue
					}
					seen[u] = true
					queue = append(queue, u)
				}
			}
			addIDs := func(body, slug, q string) {
				for _, m := range provIDRe.FindAllStringSubmatch(body, -1) {
					u := "/law/instruments/" + url.PathEscape(slug) + "/" + url.PathEscape(html.UnescapeString(m[1])) + q
					if !seen[u] {
						seen[u] = true
						queue = append(queue, u)
					}
				}
			}
			versions, provisions, fallbacks := 0, 0, 0
			for _, in := range ins {
				vs, err := a.Law.Versions(ctx, in.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					versions++
					p := "/law/instruments/" + url.PathEscape(in.Slug) + "?on=" + v.ValidFrom + "&lang=" + v.Language
					resp, body := get(t, base+p, "en")
					if resp.StatusCode != 200 {
						t.Fatalf("%s: %d", p, resp.StatusCode)
					}
					add(body, in.Slug)
					addIDs(body, in.Slug, "?on="+v.ValidFrom+"&lang="+v.Language)
				}
				for len(queue) > 0 {
					u := queue[0]
					queue = queue[1:]
					resp, body := get(t, base+u, "en")
					if resp.StatusCode != 200 {
						t.Errorf("%s: %d", u, resp.StatusCode)
						continue
					}
					provisions++
					if strings.Contains(body, `id="provision-missing"`) {
						fallbacks++
					}
					add(body, in.Slug) // its other-version links
				}
			}
			t.Logf("%d instruments, %d versions, %d provision pages, %d shown through an ancestor", len(ins), versions, provisions, fallbacks)
			if versions < 3 || provisions < 200 {
				t.Fatalf("crawl too small: %d versions, %d provision pages", versions, provisions)
			}

			// the same point keeps its eId in both Dutch versions (the
			// 2014-04-09 source writes "e.indien", with no space)
			for _, on := range []string{"2014-01-01", "2014-04-09"} {
				p := "/law/instruments/BWBR0007149/art_9__para_1__list_1__point_i?on=" + on
				resp, body := get(t, base+p, "en")
				if resp.StatusCode != 200 || strings.Contains(body, `id="provision-missing"`) || !strings.Contains(body, "vijf jaar direct voorafgaande") {
					t.Errorf("%s: %d, want the point itself", p, resp.StatusCode)
				}
			}
			// paragraph 3 of article 5 came in 2014-04-09: asked for in
			// the earlier text, article 5 is shown with a notice
			resp, body := get(t, base+"/law/instruments/BWBR0007149/art_5__para_3?on=2014-02-01", "fr")
			if resp.StatusCode != 200 || !strings.Contains(body, `id="provision-missing"`) || !strings.Contains(body, `id="art_5"`) ||
				!strings.Contains(body, "ne figure pas dans la version en vigueur à partir du 2014-01-01") {
				t.Errorf("art_5__para_3 in 2014-01-01: %d, want article 5 with a notice in French", resp.StatusCode)
			}
			// an eId no version has is still NotFound
			if resp, _ := get(t, base+"/law/instruments/BWBR0007149/art_999", "en"); resp.StatusCode != 404 {
				t.Errorf("art_999: %d, want 404", resp.StatusCode)
			}
		})
	}
}

package lawweb_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

// The diff of BWBR0007149 from 2014-01-01 to 2014-04-09, by provision:
// article 5's paragraph 2 (delegation to the UWV) became paragraph 6, as
// the 2014-04-09 text on wetten.overheid.nl shows; paragraphs 2–5 are new.
func TestDiffSideBySideByProvision(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			var from, to int64
			for day, id := range map[string]*int64{"2014-01-01": &from, "2014-04-09": &to} {
				if err := a.DB.QueryRow(`SELECT v.id FROM law_versions v JOIN law_instruments i ON i.id = v.instrument_id
					WHERE i.slug = 'BWBR0007149' AND v.valid_from = $1`, day).Scan(id); err != nil {
					t.Fatal(day, err)
				}
			}
			resp, body := get(t, base+fmt.Sprintf("/law/instruments/BWBR0007149/diff?from=%d&to=%d", from, to), "en")
			if resp.StatusCode != 200 {
				t.Fatalf("diff: %d", resp.StatusCode)
			}
			art5 := regexp.MustCompile(`(?s)<article id="art_5" .*?</article>`).FindString(body)
			if !strings.Contains(art5, `<table class="law-sbs">`) {
				t.Fatal("article 5 is not shown side by side")
			}
			row := regexp.MustCompile(`(?s)<tr class="law-diff-renumbered law-depth-1">\s*<td><span class="law-num"><del>2\.</del></span> Onze Minister kan de in het eerste lid bedoelde bevoegdheden delegeren aan het Uitvoeringsinstituut werknemersverzekeringen\. </td>\s*<td><span class="law-num">6\.</span> Onze Minister kan`)
			if !row.MatchString(art5) {
				t.Error("paragraph 2 → 6 of article 5 is not matched as moved")
			}
			if !regexp.MustCompile(`(?s)<tr class="law-diff-added law-depth-1">\s*<td></td>\s*<td><span class="law-num">3\.</span> <ins>Het advies`).MatchString(art5) {
				t.Error("the new paragraph 3 is not shown as added, with nothing beside it")
			}
			if !strings.Contains(body, `<h2 id="what-changed">What changed from 2014-01-01 to 2014-04-09</h2>`) ||
				!regexp.MustCompile(`<li><a href="#art_5">Artikel 5</a> <span class="law-tag law-diff-changed">changed</span> <span class="muted">\(provisions: \d+ changed, 4 added, 0 removed\)</span></li>`).MatchString(body) {
				t.Error("no what-changed summary listing article 5 with its four new paragraphs")
			}
			// the instrument page sums up the same change, linking the diff
			sum := regexp.MustCompile(`<p>(\d+ articles? changed · \d+ added · \d+ removed)`).FindStringSubmatch(body)
			_, page := get(t, base+"/law/instruments/BWBR0007149", "en")
			if sum == nil || !regexp.MustCompile(`<li><a href="/law/instruments/BWBR0007149/diff\?from=\d+&amp;to=\d+">2014-04-09 \(nl\), since 2014-01-01:</a> `+sum[1]).MatchString(page) {
				t.Errorf("the instrument page does not sum up the 2014-04-09 version as the diff does (%v)", sum)
			}
			if _, prov := get(t, base+"/law/instruments/BWBR0007149/art_5", "en"); strings.Contains(prov, "law-vchanges") {
				t.Error("a provision page sums up versions")
			}

			// inline, and back
			if !strings.Contains(body, `href="/law/instruments/BWBR0007149/diff?from=`) || !strings.Contains(body, `view=inline">Show inline</a>`) {
				t.Fatal("no link to the inline view")
			}
			m := regexp.MustCompile(`href="(/law/instruments/BWBR0007149/diff\?[^"]*view=inline)"`).FindStringSubmatch(body)
			_, inline := get(t, base+strings.ReplaceAll(m[1], "&amp;", "&"), "fr")
			if strings.Contains(inline, "law-sbs") || !strings.Contains(inline, `<p class="law-drow law-depth-1 law-diff-added"><span class="law-num">3.</span> <ins>Het advies`) ||
				!strings.Contains(inline, "Ce qui a changé du 2014-01-01 au 2014-04-09") || !strings.Contains(inline, "Afficher côte à côte") {
				t.Error("the inline view in French is not as expected")
			}
		})
	}
}

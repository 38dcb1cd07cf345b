package lawweb_test

import (
	"regexp"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

// A long text has a collapsible table of contents with its article
// numbers and headings; paragraphs and points are numbered blocks and
// lists, never headings, with the number apart from the text ("e. indien"
// where the 2014-04-09 source writes "e.indien").
func TestReadingTOCAndLists(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			_, base := openSite(t, engine)
			_, body := get(t, base+"/law/instruments/BWBR0007149?on=2014-04-09", "en")
			toc := regexp.MustCompile(`(?s)<details class="law-toc" id="toc"><summary>Contents \((\d+) articles\)</summary>(.*?)</details>`).FindStringSubmatch(body)
			if toc == nil {
				t.Fatal("no collapsible table of contents on the Dutch act")
			}
			for _, want := range []string{`<a href="#art_9"><span class="law-num">Artikel 9</span></a>`, `<a href="#art_12a">`, `Tewerkstelling van vreemdelingen</a>`} {
				if !strings.Contains(toc[2], want) {
					t.Errorf("table of contents lacks %s", want)
				}
			}
			if strings.Contains(toc[2], "para_") {
				t.Error("table of contents lists paragraphs")
			}
			_, fr := get(t, base+"/law/instruments/BWBR0007149?on=2014-04-09", "fr")
			if !strings.Contains(fr, "<summary>Sommaire (") {
				t.Error("no French table of contents")
			}
			// a single provision has none
			if _, b := get(t, base+"/law/instruments/BWBR0007149/art_9?on=2014-04-09", "en"); strings.Contains(b, "law-toc") {
				t.Error("a provision page has a table of contents")
			}

			_, art := get(t, base+"/law/instruments/BWBR0007149/art_9?on=2014-04-09", "en")
			for _, want := range []string{
				`<li><div id="art_9__para_1__list_1__point_e" class="law-para law-point"><p><span class="law-num">e.</span> indien de werving`,
				`<li><div id="art_9__para_1__list_1__point_i" class="law-para law-point"><p><span class="law-num">i.</span> indien`,
				`<li><div id="art_9__para_1__list_1__point_j" class="law-para law-point"><p><span class="law-num">j.</span> indien`,
				`<div id="art_9__para_2" class="law-para law-paragraph"><p><span class="law-num">2.</span> In de`,
			} {
				if !strings.Contains(art, want) {
					t.Errorf("article 9 lacks %s", want)
				}
			}
			numbered := regexp.MustCompile(`para_|point_|>\d+\.</span>|>[a-z]\.</span>`)
			for _, h := range regexp.MustCompile(`(?s)<h[1-6][^>]*>.*?</h[1-6]>`).FindAllString(art, -1) {
				if numbered.MatchString(h) {
					t.Errorf("a paragraph or point shown as a heading: %s", h)
				}
			}
		})
	}
}

package lawweb_test

import (
	"regexp"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

var rowRe = regexp.MustCompile(`(?s)<tr id="state-([A-Z]{3})">(.*?)</tr>`)

// cells gives the text of a row's first cells, tags removed.
func cells(row string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(row, 5) {
		out = append(out, strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], " ")), " "))
	}
	return out
}

// The 1951 Convention's status table as UNTC prints it (treaty V-2, the
// rows below are UNTC's: Austria signed 28 Jul 1951 and ratified 1 Nov
// 1954; Angola acceded 23 Jun 1981 "a"; Algeria succeeded 21 Feb 1963
// "d"): a signature column, an action column with the kind's mark,
// sortable; non-parties named on the map; statements in paragraphs.
func TestStatusTableLikeUNTC(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			_, base := openSite(t, engine)
			resp, body := get(t, base+"/law/instruments/V-2/status?on=2015-03-14", "en")
			if resp.StatusCode != 200 {
				t.Fatalf("status page: %d", resp.StatusCode)
			}
			rows := map[string][]string{}
			var order []string
			for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
				rows[m[1]] = cells(m[2])
				order = append(order, m[1])
			}
			for state, want := range map[string][2]string{
				"AUT": {"1951-07-28", "1954-11-01"},
				"AGO": {"", "1981-06-23 a"},
				"DZA": {"", "1963-02-21 d"},
			} {
				c := rows[state]
				if len(c) < 3 || c[1] != want[0] || c[2] != want[1] {
					t.Errorf("%s: cells %q, want signature %q and action %q", state, c, want[0], want[1])
				}
			}
			if !strings.Contains(body, `title="Accession">a</abbr>`) || !strings.Contains(body, "Accession (a), Succession (d), Acceptance (A), Approval (AA), Formal confirmation (c)") {
				t.Error("the action marks are not explained in the heading and the abbreviation")
			}
			// the map names non-parties: Saudi Arabia is not a party to the
			// 1951 Convention
			if !strings.Contains(body, "<title>Saudi Arabia: Not a party</title>") {
				t.Error("a non-party is not named \"Not a party\" on the map")
			}
			if n := strings.Count(body, `class="law-legend"`); n != 0 {
				t.Errorf("%d extra legends beside the map's own", n)
			}

			// sorted by signature: the earliest signatures (28 July 1951)
			// first, States that never signed last
			_, body = get(t, base+"/law/instruments/V-2/status?on=2015-03-14&sort=signature", "en")
			order = order[:0]
			for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
				rows[m[1]] = cells(m[2])
				order = append(order, m[1])
			}
			if len(order) < 100 || rows[order[0]][1] != "1951-07-28" || rows[order[len(order)-1]][1] != "" {
				t.Errorf("sorted by signature: first %v, last %v", rows[order[0]], rows[order[len(order)-1]])
			}
			if !strings.Contains(body, `aria-sort="ascending"><a href="/law/instruments/V-2/status?on=2015-03-14&amp;sort=-signature#status-table">`) {
				t.Error("the signature heading does not say it sorts, nor offer the other direction")
			}
			_, body = get(t, base+"/law/instruments/V-2/status?on=2015-03-14&sort=-action", "en")
			ms := rowRe.FindAllStringSubmatch(body, -1)
			if len(ms) < 100 {
				t.Fatalf("%d rows", len(ms))
			}
			latest := cells(ms[0][2])[2]
			for _, m := range ms[1:] {
				if c := cells(m[2])[2]; c > latest {
					t.Errorf("sorted by action, latest first: %s (%s) after %s", m[1], c, latest)
				}
			}

			// Angola's declaration: the copy ran its paragraphs together
			// ("citizens.The"); shown in paragraphs, with the note
			_, body = get(t, base+"/law/instruments/V-2/status?on=2015-03-14", "en")
			if strings.Contains(body, "citizens.The") || !strings.Contains(body, "more extensive rights than are enjoyed by Angolan citizens.</p><p>The Government") {
				t.Error("Angola's declaration is not shown in paragraphs")
			}
			if !strings.Contains(body, `id="source-defects"`) || !strings.Contains(body, "paragraph breaks") {
				t.Error("no note on the copy's known defects")
			}
			if regexp.MustCompile(`\(articles [0-9IVX]+\)`).MatchString(body) {
				t.Error(`"articles N" for a single article`)
			}

			// in French: headings, statuses and marks in French
			_, body = get(t, base+"/law/instruments/V-2/status?on=2015-03-14", "fr")
			for _, want := range []string{"Adhésion (a)", "Arabie saoudite: Non partie", `title="Adhésion">a</abbr>`} {
				if !strings.Contains(strings.ReplaceAll(body, "&#39;", "'"), want) {
					t.Errorf("French status page lacks %q", want)
				}
			}
		})
	}
}

package lawweb_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/law/lawdb"
)

// The policy page's chart (drawn with internal/chart) shows every point of
// the index the API returns, with its sign, over the years of the index.
func TestPolicyChartShowsTheIndex(t *testing.T) {
	_, base := openSite(t, db.SQLite)
	_, body := get(t, base+"/api/v1/law/policy-changes?country=NLD", "en")
	var api struct{ Index []lawdb.IndexPoint }
	if err := json.Unmarshal([]byte(body), &api); err != nil || len(api.Index) < 2 {
		t.Fatalf("index %v (%v): %s", api.Index, err, body)
	}
	resp, page := get(t, base+"/law/policy/NLD", "en")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	start := strings.Index(page, `<figure class="law-chart">`)
	end := strings.Index(page, "</svg>")
	if start < 0 || end < start {
		t.Fatalf("no chart in\n%s", page)
	}
	svg := page[start:end]
	first, last := api.Index[0].Year, api.Index[len(api.Index)-1].Year
	for _, want := range []string{`role="img"`, `class="chart chart-step"`, "Restrictiveness index: Netherlands",
		fmt.Sprintf("from %d to %d", first, last), "↑ more restrictive", "↓ less restrictive"} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if n := strings.Count(svg, `class="series"`); n != 1 {
		t.Errorf("%d series, want 1", n)
	}
	// a step function from 0: it starts on the zero line, the year before
	// the first change, and moves only horizontally and vertically
	zero := regexp.MustCompile(`<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="[\d.]+" stroke="#555"`).FindStringSubmatch(svg)
	d := regexp.MustCompile(`<path d="([^"]+)"`).FindStringSubmatch(svg)
	if zero == nil || d == nil {
		t.Fatal("no zero line or no path")
	}
	if !regexp.MustCompile(`^M[\d.]+ ` + regexp.QuoteMeta(zero[1]) + `( H[\d.]+ V[\d.]+)+ H[\d.]+$`).MatchString(d[1]) {
		t.Errorf("path %q is not steps starting at 0 (y=%s)", d[1], zero[1])
	}
	if !strings.Contains(svg, fmt.Sprintf(">%d</text>", first-1)) {
		t.Errorf("the x axis does not start the year before the first change (%d)", first-1)
	}
	for _, p := range api.Index {
		if p.Changes == 0 {
			continue
		}
		v := fmt.Sprintf("%+d", p.Value)
		if p.Value == 0 {
			v = "0"
		}
		v = strings.Replace(v, "-", "−", 1)
		dir := map[bool]string{true: "more restrictive than before the first change", false: "less restrictive than before the first change"}[p.Value > 0]
		if p.Value == 0 {
			dir = "as restrictive as before the first change"
		}
		if want := fmt.Sprintf("<title>Index, %d: %s (%s); %d changes that year</title>", p.Year, v, dir, p.Changes); !strings.Contains(svg, want) {
			t.Errorf("no point %s", want)
		}
	}
	// values named, and the country's data page linked
	if !strings.Contains(page, "<td>More restrictive (&#43;1)</td>") {
		t.Error("changes in restrictiveness are not named")
	}
	if !strings.Contains(page, `<a href="/data/countries/NLD">Migration data on Netherlands</a>`) {
		t.Error("no link to the Netherlands' data page")
	}
	if _, body := get(t, base+"/law/countries/NLD", "en"); !strings.Contains(body, `<a href="/data/countries/NLD">`) || !strings.Contains(body, `<a href="/law/policy/NLD">`) {
		t.Error("the country page does not link to its data and policy pages")
	}
}

// A date that is not YYYY-MM-DD in ?on= is refused (422) naming the field, on the
// pages and in the API; a blank one is today.
func TestBadOnDate(t *testing.T) {
	_, base := openSite(t, db.SQLite)
	for _, p := range []string{"/law/instruments/V-5", "/law/instruments/V-2/status", "/law/countries/FRA", "/api/v1/law/instruments/V-2/status"} {
		if resp, body := get(t, base+p+"?on=1960-13-01", "en"); resp.StatusCode != 422 {
			t.Errorf("%s?on=1960-13-01: %d\n%.300s", p, resp.StatusCode, body)
		}
		if resp, _ := get(t, base+p+"?on=", "en"); resp.StatusCode != 200 {
			t.Errorf("%s?on=: %d", p, resp.StatusCode)
		}
	}
	if _, body := get(t, base+"/api/v1/law/instruments/V-2/status?on=1960-13-01", "en"); !strings.Contains(body, `"on"`) {
		t.Errorf("the API error does not name the on field: %s", body)
	}
}

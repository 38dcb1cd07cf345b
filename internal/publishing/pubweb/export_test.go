package pubweb_test

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/publishing"
	"corridor/internal/publishing/cite/citeclients"
)

func str(v any) string { s, _ := v.(string); return s }

func familyNames(item map[string]any) []string {
	var out []string
	authors, _ := item["author"].([]any)
	for _, a := range authors {
		m, _ := a.(map[string]any)
		out = append(out, str(m["family"]))
	}
	return out
}

// TestExportsParseInRealClients reads one publication's and a whole
// series' exports back with citation-js, citeproc and bibutils.
func TestExportsParseInRealClients(t *testing.T) {
	citeclients.Need(t)
	a, base := openSite(t, db.SQLite)
	p := demoID(t, a, "Remittance corridors and household resilience") // Müller and Carberry, in the series
	one := base + "/publications/" + itoa(p.ID)
	seriesTitle := p.Series.Title(p.Meta.Language)
	for _, kind := range []string{"bib", "ris", "json"} {
		resp, body := get(t, one+"/cite."+kind)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("cite.%s: %d %v", kind, resp.StatusCode, resp.Header)
		}
		parser := map[string]string{"bib": "bibtex", "ris": "ris", "json": "csl"}[kind]
		items, apa, _ := citeclients.Parse(t, parser, []byte(body))
		if len(items) != 1 {
			t.Fatalf("%s: %d items", kind, len(items))
		}
		it := items[0]
		if names := familyNames(it); len(names) != 2 || names[0] != "Müller" {
			t.Errorf("%s: authors %v", kind, names)
		}
		if str(it["title"]) != p.Meta.Title(p.Meta.Language) {
			t.Errorf("%s: title %q", kind, it["title"])
		}
		// citation-js drops RIS T3 on import: the series is checked in
		// BibTeX and CSL here, in RIS by ris2xml below.
		if kind != "ris" && str(it["collection-title"]) != seriesTitle {
			t.Errorf("%s: series %q, want %q", kind, it["collection-title"], seriesTitle)
		}
		if !strings.Contains(apa, "Müller") {
			t.Errorf("%s: APA %q", kind, apa)
		}
	}
	_, ris := get(t, one+"/cite.ris")
	mods := citeclients.Bibutils(t, "ris2xml", []byte(ris))
	if len(mods.Items) != 1 || !strings.Contains(strings.Join(append(mods.Items[0].Hosts, mods.Items[0].HostsHosts...), "|"), seriesTitle) {
		t.Errorf("ris2xml lost the series: %+v", mods.Items)
	}
	// A list: the whole sample series, and a search.
	res, err := a.Publishing.Search(context.Background(), publishing.Filter{SeriesID: p.Series.ID, PerPage: 1}, publishing.Public)
	if err != nil {
		t.Fatal(err)
	}
	_, bib := get(t, base+"/publications/cite.bib?series="+itoa(p.Series.ID))
	items, _, _ := citeclients.Parse(t, "bibtex", []byte(bib))
	if len(items) != res.Total || res.Total < 20 {
		t.Errorf("the series export holds %d entries, the series %d", len(items), res.Total)
	}
	mods = citeclients.Bibutils(t, "bib2xml", []byte(bib))
	if len(mods.Items) != res.Total {
		t.Errorf("bib2xml read %d of %d", len(mods.Items), res.Total)
	}
	_, csl := get(t, base+"/publications/cite.json?q=remittances")
	items, _, citeproc := citeclients.Parse(t, "csl", []byte(csl))
	if len(items) == 0 || !strings.Contains(citeproc, "Müller") && !strings.Contains(citeproc, "Ñúñez") && !strings.Contains(citeproc, "Nguyễn") {
		t.Errorf("search export: %d items, citeproc %q", len(items), citeproc)
	}
}

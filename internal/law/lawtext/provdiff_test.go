package lawtext

import (
	"strings"
	"testing"
)

func mdDoc(t *testing.T, src string) *Document {
	t.Helper()
	d, err := ParseMarkdown(strings.NewReader(src), MarkdownMeta{Language: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Article 5 of BWBR0007149 between 2014-01-01 and 2014-04-09 (texts as
// published on wetten.overheid.nl): paragraph 2 became paragraph 6 and four
// new paragraphs came in at 2–5; article 3 of a made-up act renumbered 4.
func TestDiffProvisionsMatchesMovedProvisions(t *testing.T) {
	old := mdDoc(t, "## Wet\n\n### Artikel  5\n\n1.  Onze Minister is bevoegd tot het afgeven en intrekken van tewerkstellingsvergunningen.\n2.  Onze Minister kan de in het eerste lid bedoelde bevoegdheden delegeren aan het Uitvoeringsinstituut werknemersverzekeringen.\n\n"+
		"### Artikel  6\n\nDe aanvraag wordt ingediend bij Onze Minister op een door hem vastgesteld formulier met alle gegevens.\n")
	new := mdDoc(t, "## Wet\n\n### Artikel  5\n\n1.  Onze Minister is bevoegd tot het afgeven en intrekken van tewerkstellingsvergunningen.\n2.  Onze Minister wijst een instantie aan die Onze Minister van Veiligheid en Justitie adviseert.\n3.  Het advies wordt binnen vijf weken uitgebracht.\n"+
		"6.  Onze Minister kan de in het eerste lid bedoelde bevoegdheden delegeren aan het Uitvoeringsinstituut werknemersverzekeringen.\n\n"+
		"### Artikel  7\n\nDe aanvraag wordt ingediend bij Onze Minister op een door hem vastgesteld formulier met alle gegevens.\n")
	cs := DiffProvisions(old, new)
	byEID := map[string]ArticleChange{}
	for _, c := range cs {
		byEID[c.EID] = c
	}
	a5 := byEID["art_5"]
	if a5.Status != Changed {
		t.Fatalf("art_5: %s", a5.Status)
	}
	rows := map[string]ProvisionRow{}
	for _, r := range a5.Rows {
		rows[r.EID] = r
	}
	if r := rows["art_5__para_6"]; r.Status != Renumbered || r.OldNum != "2." || len(r.Segments) != 1 || r.Segments[0].Op != Equal {
		t.Errorf("paragraph 6: %+v, want paragraph 2 renumbered, text unchanged", r)
	}
	if r := rows["art_5__para_2"]; r.Status != Added || r.HasOld {
		t.Errorf("paragraph 2: %+v, want added", r)
	}
	if r := rows["art_5__para_1"]; r.Status != Unchanged {
		t.Errorf("paragraph 1: %s", r.Status)
	}
	a7 := byEID["art_7"]
	if a7.Status != Renumbered || a7.OldEID != "art_6" || a7.OldNum != "Artikel 6" {
		t.Errorf("art_7: %+v, want article 6 renumbered", a7)
	}
	if _, ok := byEID["art_6"]; ok {
		t.Error("article 6 listed as removed as well as renumbered")
	}
	sum := Summarize(cs)
	if sum.Changed != 1 || sum.Renumbered != 1 || sum.Added != 0 || sum.Removed != 0 {
		t.Errorf("summary %+v", sum)
	}
}

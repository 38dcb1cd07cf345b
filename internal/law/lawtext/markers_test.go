package lawtext

import (
	"strings"
	"testing"
)

// The 2014-04-09 text of BWBR0007149 (laws-markdown mirror) runs some
// point letters into their text ("e.indien", "a.partij"); they are the
// same points as in the 2014-01-01 text, so they must get the same eIds.
func TestLetterMarkerWithoutSpace(t *testing.T) {
	src := "## Wet\n\n### Artikel  9\n\n1. Een vergunning kan worden geweigerd:\n\nd. indien geen huisvesting;\n\ne.indien de werving niet heeft plaatsgevonden;\n\nf. indien belemmeringen;\n\n" +
		"2.  In de regeling:\n\na.partij is bij het convenant;\n\nb.Onze Minister in kennis stelt.\n\n### Artikel  10\n\no.a. de werkgever en z.i. de vreemdeling.\n"
	d, err := ParseMarkdown(strings.NewReader(src), MarkdownMeta{Language: "nl"})
	if err != nil {
		t.Fatal(err)
	}
	for eid, text := range map[string]string{
		"art_9__para_1__list_1__point_e": "indien de werving niet heeft plaatsgevonden;",
		"art_9__para_1__list_1__point_f": "indien belemmeringen;",
		"art_9__para_2__list_1__point_a": "partij is bij het convenant;",
		"art_9__para_2__list_1__point_b": "Onze Minister in kennis stelt.",
		"art_10__para_nn_1":              "o.a. de werkgever en z.i. de vreemdeling.",
	} {
		n := d.Find(eid)
		if n == nil {
			t.Errorf("no %s", eid)
			continue
		}
		if n.Text != text {
			t.Errorf("%s: text %q, want %q", eid, n.Text, text)
		}
	}
	if n := d.Find("art_9__para_1__list_1__point_e"); n != nil && n.Num != "e." {
		t.Errorf("point e numbered %q, want \"e.\"", n.Num)
	}
}

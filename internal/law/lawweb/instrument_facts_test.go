package lawweb_test

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
)

// The instrument page links its identifiers where they resolve (ELI, BWB
// to wetten.overheid.nl, UNTC to its source page), gives the UNTS
// reference of the 1967 Protocol (606 UNTS 267, as UNTC lists it), its
// entry into force or that none is recorded, and the source; a text not
// in the reader's language says which languages there are.
func TestInstrumentFactsAndLanguages(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			_, base := openSite(t, engine)
			_, body := get(t, base+"/law/instruments/BWBR0007149", "fr")
			for _, want := range []string{
				`<span class="law-tag">bwb</span><a href="https://wetten.overheid.nl/BWBR0007149" rel="noopener">BWBR0007149</a>`,
				`<span class="law-tag">eli</span><a href="https://wetten.overheid.nl/BWBR0007149" rel="noopener">`,
				"Corridor n’a pas de texte de cet instrument en français. Textes disponibles\u00a0: <a href=\"/law/instruments/BWBR0007149?lang=nl\" lang=\"nl\">néerlandais</a>.",
				`<dt>En vigueur</dt>`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("Dutch act in French lacks %s", want)
				}
			}
			_, body = get(t, base+"/law/instruments/V-5", "en")
			for _, want := range []string{
				`<dt>Published in</dt><dd><span class="law-tag">unts</span>606 UNTS 267</dd>`,
				`<dt>Source</dt><dd><a href="http://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&amp;mtdsg_no=V-5&amp;chapter=5&amp;lang=en" rel="noopener">treaties.un.org</a></dd>`,
				`<span class="law-tag">untc</span><a href="http://treaties.un.org/`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("1967 Protocol lacks %s", want)
				}
			}
			if strings.Contains(body, `id="text-languages"`) {
				t.Error("an English text read in English says it is in another language")
			}
		})
	}
}

// Search for "réfugié" with only the demo's texts (English and Dutch):
// asked in French, the page says there is no French text and searches
// every language; the language list names what there is.
func TestSearchSaysWhenNoTextIsInTheLanguage(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := demoOnly(t, engine)
			_, body := get(t, a+"/law/search?q=r%C3%A9fugi%C3%A9&lang=fr", "fr")
			if !strings.Contains(body, "id=\"search-fallback\">Aucun texte en français ne correspond\u00a0: les résultats viennent des textes dans toutes les langues. Corridor a des textes en\u00a0: anglais, néerlandais.") {
				t.Error("no word that there is no French text")
			}
			if !strings.Contains(body, `<mark>refugee`) && !strings.Contains(body, `<mark>Refugee`) {
				t.Error("réfugié (French) did not find the English refugee texts by its root")
			}
			// The same with every language asked for: the Spanish word's
			// root finds the English texts, and the page says they are in
			// other languages.
			_, body = get(t, a+"/law/search?q=refugiado", "es")
			if !strings.Contains(body, "Ningún texto en español coincide: los resultados siguientes están en otros idiomas.") || !strings.Contains(body, `<mark>refugee`) {
				t.Error("refugiado with all languages found no English text by its root")
			}
			_, body = get(t, a+"/law/search?q=refugee", "es")
			if !strings.Contains(body, "Ningún texto en español coincide: los resultados siguientes están en otros idiomas.") || !strings.Contains(body, `<mark>`) {
				t.Error("English results for a Spanish reader are not marked as in another language")
			}
		})
	}
}

// demoOnly is a site with the demo data alone (no French or Spanish text).
func demoOnly(t *testing.T, engine db.Engine) string {
	t.Helper()
	a, base := openSiteWith(t, engine)
	if err := lawdb.LoadDemoNow(context.Background(), a.DB, nil); err != nil {
		t.Fatal(err)
	}
	return base
}

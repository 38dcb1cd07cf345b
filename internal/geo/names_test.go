package geo

import "testing"

// The French and Spanish names are CLDR's (as the Unicode CLDR's
// territory names publish them); English keeps M49's.
func TestNamesInEachLanguage(t *testing.T) {
	for _, tc := range []struct{ code, en, fr, es string }{
		{"DEU", "Germany", "Allemagne", "Alemania"},
		{"MEX", "Mexico", "Mexique", "México"},
		{"USA", "United States of America", "États-Unis", "Estados Unidos"},
		{"CIV", "Côte d’Ivoire", "Côte d’Ivoire", "Côte d’Ivoire"},
	} {
		c, ok := ByCode(tc.code)
		if !ok {
			t.Fatalf("no %s", tc.code)
		}
		for lang, want := range map[string]string{"en": tc.en, "fr": tc.fr, "es": tc.es} {
			if got := c.NameIn(lang); got != want {
				t.Errorf("%s in %s: %q, want %q", tc.code, lang, got, want)
			}
		}
	}
	if got := RegionNameIn("002", "Africa", "fr"); got != "Afrique" {
		t.Errorf("Africa in French: %q", got)
	}
	if got := Fold("  Côte d’Ivoire – SÃO TOMÉ "); got != "cote d'ivoire - sao tome" {
		t.Errorf("Fold: %q", got)
	}
}

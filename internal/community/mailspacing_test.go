package community

import (
	"testing"

	"corridor/internal/i18n"
)

// The French e-mails to applicants and referees keep French typography: a
// no-break space before : ; ? ! and inside « », as the catalogs do.
func TestFrenchMailSpacing(t *testing.T) {
	texts := [][2]string{referenceTexts["fr"]}
	for _, m := range mailTexts["fr"] {
		texts = append(texts, m)
	}
	for _, m := range texts {
		for _, s := range m {
			if bad := i18n.FrenchSpacingFault(s); bad != "" {
				t.Errorf("a breaking space at %q", bad)
			}
		}
	}
}

package review

import (
	"testing"

	"corridor/internal/i18n"
)

// The French e-mails as shipped keep French typography: a no-break space
// before : ; ? ! and inside « », as the catalogs do.
func TestFrenchTemplateSpacing(t *testing.T) {
	n := 0
	for name, langs := range defaultTemplates {
		for _, s := range langs["fr"] {
			n++
			if bad := i18n.FrenchSpacingFault(s); bad != "" {
				t.Errorf("%s: a breaking space at %q", name, bad)
			}
		}
	}
	if n == 0 {
		t.Fatal("no French templates")
	}
}

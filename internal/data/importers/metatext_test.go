package importers

import (
	"regexp"
	"testing"

	"corridor/internal/i18n"
)

// A licence that is only a licence's name reads the same in every language.
var licenceName = regexp.MustCompile(`^CC BY [0-9.]+( IGO)?$`)

// Every format's notes and licence, as a dataset stores them, reach French
// and Spanish readers in their language, with French typography.
func TestEveryImporterTextIsTranslated(t *testing.T) {
	for _, f := range Formats() {
		for what, text := range map[string]string{"notes": f.Meta.Notes, "licence": f.Meta.Licence} {
			if text == "" || (what == "licence" && licenceName.MatchString(text)) {
				continue
			}
			for _, lang := range []string{"fr", "es"} {
				got := Translate(text, lang)
				if got == text {
					t.Errorf("%s: %s not translated to %s: %q", f.Name, what, lang, text)
				}
				if lang == "fr" {
					if bad := i18n.FrenchSpacingFault(got); bad != "" {
						t.Errorf("%s: French %s: a breaking space at %q", f.Name, what, bad)
					}
				}
			}
			if Translate(text, "en") != text {
				t.Errorf("%s: the English %s is not the stored text", f.Name, what)
			}
		}
	}
	if got := Translate("A curator's own note.", "fr"); got != "A curator's own note." {
		t.Errorf("a text with no translation became %q", got)
	}
}

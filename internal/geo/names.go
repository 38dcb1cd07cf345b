package geo

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"corridor/internal/textsearch"
)

// Names in the reader's language come from the Unicode CLDR (as
// golang.org/x/text carries it): "Allemagne", "Alemania". English keeps
// the UN M49 names the statistical sources use.

var namers = struct {
	sync.Once
	byLang map[string]display.Namer
}{}

func namer(lang string) display.Namer {
	namers.Do(func() {
		namers.byLang = map[string]display.Namer{
			"fr": display.Regions(language.French),
			"es": display.Regions(language.Spanish),
		}
	})
	return namers.byLang[lang]
}

// NameIn is the country's name in lang (en, fr or es): CLDR's for French
// and Spanish, M49's in English and wherever CLDR has none.
func (c Country) NameIn(lang string) string {
	if n := cldrName(c.Alpha2, lang); n != "" {
		return n
	}
	return c.Name
}

// RegionNameIn is an M49 region's name in lang, as NameIn.
func RegionNameIn(code, name, lang string) string {
	if n := cldrName(code, lang); n != "" {
		return n
	}
	return name
}

func cldrName(code, lang string) string {
	nm := namer(lang)
	if nm == nil || code == "" {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return ""
	}
	return nm.Name(r)
}

// Fold is s for matching: lower case, without accents (textsearch.Fold),
// with typographic apostrophes and dashes made plain ("Côte d’Ivoire" →
// "cote d'ivoire").
func Fold(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "–", "-", "—", "-").Replace(s)
	return strings.TrimSpace(textsearch.Fold(s))
}

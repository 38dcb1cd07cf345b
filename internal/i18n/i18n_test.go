package i18n

import (
	"sort"
	"strings"
	"testing"
)

func TestCatalogsHaveTheSameKeys(t *testing.T) {
	en := Default.Keys("en")
	sort.Strings(en)
	for _, lang := range Languages[1:] {
		got := map[string]bool{}
		for _, k := range Default.Keys(lang) {
			got[k] = true
		}
		for _, k := range en {
			if !got[k] {
				t.Errorf("%s lacks %q", lang, k)
			}
			delete(got, k)
		}
		for k := range got {
			t.Errorf("%s has %q, which English lacks", lang, k)
		}
	}
}

func TestPluralMessagesHaveEveryCategory(t *testing.T) {
	for _, lang := range Languages {
		for key, m := range Default.messages[lang] {
			if m.Plural == nil {
				continue
			}
			need := []string{"one", "other"}
			if lang != "en" {
				need = append(need, "many")
			}
			for _, cat := range need {
				if m.Plural[cat] == "" {
					t.Errorf("%s %s lacks the %q form", lang, key, cat)
				}
			}
		}
	}
}

// The expected categories are CLDR's plural rules for cardinals
// (unicode.org/cldr/charts, "Language Plural Rules").
func TestPluralCategory(t *testing.T) {
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"},
		{"fr", 0, "one"}, {"fr", 1, "one"}, {"fr", 2, "other"}, {"fr", 1000000, "many"}, {"fr", 1000001, "other"},
		{"es", 0, "other"}, {"es", 1, "one"}, {"es", 2, "other"}, {"es", 2000000, "many"},
	}
	for _, c := range cases {
		if got := PluralCategory(c.lang, c.n); got != c.want {
			t.Errorf("PluralCategory(%s, %d) = %s, want %s", c.lang, c.n, got, c.want)
		}
	}
}

func TestTranslateWithPlurals(t *testing.T) {
	if got := Default.N("fr", "admin.attempts", 0); got != "0 tentative" {
		t.Errorf("fr 0: %q", got)
	}
	if got := Default.N("en", "admin.attempts", 0); got != "0 attempts" {
		t.Errorf("en 0: %q", got)
	}
	if got := Default.N("es", "admin.attempts", 1); got != "1 intento" {
		t.Errorf("es 1: %q", got)
	}
	if got := Default.T("xx", "nav.login"); got != "Log in" {
		t.Errorf("unknown language falls back to English: %q", got)
	}
	if got := Default.T("fr", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"fr-FR,fr;q=0.9": "fr", "es-419": "es", "en-GB": "en", "de": "en", "pt-BR,es;q=0.5": "es",
		strings.Repeat("x", 5000): "en", "fr;q=abc": "en",
	} {
		if got := Default.Negotiate(header); got != want {
			t.Errorf("Negotiate(%.20q) = %s, want %s", header, got, want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"fr", "es-419,en;q=0.1", ";;;", "*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if got := Default.Negotiate(header); !Supported(got) {
			t.Fatalf("Negotiate(%q) = %q", header, got)
		}
	})
}

// French typography puts a no-break space before : ; ? ! and inside
// « guillemets », so that a line never starts with the punctuation
// (Imprimerie nationale, "Lexique des règles typographiques").
func TestFrenchPunctuationHasNoBreakSpaces(t *testing.T) {
	for key, m := range Default.messages["fr"] {
		texts := []string{m.Text}
		for _, p := range m.Plural {
			texts = append(texts, p)
		}
		for _, s := range texts {
			if bad := FrenchSpacingFault(s); bad != "" {
				t.Errorf("fr %s: a breaking space at %q", key, bad)
			}
		}
	}
	for s, want := range map[string]bool{"Titre : x": true, "« x »": true, "Titre\u00a0: x": false, "«\u00a0x\u00a0»": false, "a ; b": true, "http://x": false} {
		if got := FrenchSpacingFault(s) != ""; got != want {
			t.Errorf("FrenchSpacingFault(%q) found a fault: %v, want %v", s, got, want)
		}
	}
}

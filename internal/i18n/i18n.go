// Package i18n translates Corridor's interface into English, French and
// Spanish from message catalogs embedded in the binary, with CLDR plural
// forms, and picks a language from a user's choice or Accept-Language.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

// The catalogs: catalogs/<lang>.json for the platform and
// catalogs/<domain>/<lang>.json for each domain, merged per language (a key
// defined twice is an error, so domains cannot overwrite each other).
//
//go:embed catalogs
var catalogFiles embed.FS

// Languages are the supported languages, the default first.
var Languages = []string{"en", "fr", "es"}

// LanguageNames are each language's name in itself, for the switcher.
var LanguageNames = map[string]string{"en": "English", "fr": "Français", "es": "Español"}

// message is a catalog entry: one text, or plural forms keyed by CLDR
// category ("one", "many", "other").
type message struct {
	Text   string
	Plural map[string]string
}

func (m *message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &m.Text)
	}
	return json.Unmarshal(b, &m.Plural)
}

// Catalog holds every language's messages.
type Catalog struct {
	once     sync.Once
	messages map[string]map[string]message
	matcher  language.Matcher
}

// Default is the catalog built from the embedded files, parsed on first
// use so that commands which print no translated text do not pay for it.
var Default = &Catalog{}

// loaded parses the embedded catalogs once; a broken catalog panics (the
// tests load every catalog, so it cannot ship).
func (c *Catalog) loaded() *Catalog {
	c.once.Do(c.mustLoad)
	return c
}

func (c *Catalog) mustLoad() {
	c.messages = map[string]map[string]message{}
	tags := make([]language.Tag, len(Languages))
	for i, lang := range Languages {
		c.messages[lang] = map[string]message{}
		tags[i] = language.Make(lang)
	}
	err := fs.WalkDir(catalogFiles, "catalogs", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		lang := strings.TrimSuffix(d.Name(), ".json")
		if !Supported(lang) {
			return fmt.Errorf("i18n: %s: not a catalog of a supported language", path)
		}
		b, err := catalogFiles.ReadFile(path)
		if err != nil {
			return err
		}
		m := map[string]message{}
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("i18n: catalog %s: %v", path, err)
		}
		for k, v := range m {
			if _, dup := c.messages[lang][k]; dup {
				return fmt.Errorf("i18n: %s redefines %q", path, k)
			}
			c.messages[lang][k] = v
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	c.matcher = language.NewMatcher(tags)
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Negotiate picks a supported language from an Accept-Language header;
// a malformed header gives the default.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Languages[0]
	}
	_, idx, conf := c.loaded().matcher.Match(tags...)
	if conf == language.No {
		return Languages[0]
	}
	return Languages[idx]
}

// Keys returns every key of a language's catalog (for completeness tests).
func (c *Catalog) Keys(lang string) []string {
	var out []string
	for k := range c.loaded().messages[lang] {
		out = append(out, k)
	}
	return out
}

// Has reports whether key exists in the English catalog.
func (c *Catalog) Has(key string) bool {
	_, ok := c.loaded().messages["en"][key]
	return ok
}

// T translates key into lang, formatting args into it. A key missing from
// lang falls back to English; a key missing everywhere is returned as is,
// so a missing translation shows instead of vanishing.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.lookup(lang, key)
	if !ok {
		return key
	}
	text := m.Text
	if m.Plural != nil {
		text = m.Plural["other"]
	}
	if len(args) == 0 {
		return text
	}
	return fmt.Sprintf(text, args...)
}

// N translates a message with plural forms for count n; the text receives
// n as its first argument.
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	m, ok := c.lookup(lang, key)
	if !ok {
		return key
	}
	text := m.Text
	if m.Plural != nil {
		text = m.Plural[PluralCategory(lang, n)]
		if text == "" {
			text = m.Plural["other"]
		}
	}
	return fmt.Sprintf(text, append([]any{n}, args...)...)
}

func (c *Catalog) lookup(lang, key string) (message, bool) {
	c.loaded()
	if m, ok := c.messages[lang][key]; ok {
		return m, true
	}
	m, ok := c.messages["en"][key]
	return m, ok
}

// PluralCategory gives the CLDR plural category of integer n in lang.
// English: one for 1. French: one for 0 and 1, many for non-zero multiples
// of a million. Spanish: one for 1, many for non-zero multiples of a million.
func PluralCategory(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	switch strings.ToLower(lang) {
	case "fr":
		if n == 0 || n == 1 {
			return "one"
		}
		if n != 0 && n%1000000 == 0 {
			return "many"
		}
	case "es":
		if n == 1 {
			return "one"
		}
		if n != 0 && n%1000000 == 0 {
			return "many"
		}
	default:
		if n == 1 {
			return "one"
		}
	}
	return "other"
}

// frenchBreakingSpace is a plain space where French typography wants a
// no-break one: before : ; ? ! and inside « guillemets ».
var frenchBreakingSpace = regexp.MustCompile(` [:;?!»]|« `)

// FrenchSpacingFault returns the text around the first plain space before
// : ; ? ! or inside « » in a French text, or "" when there is none, so that
// a line never starts with the punctuation (Imprimerie nationale,
// "Lexique des règles typographiques"). Tests of French texts kept outside
// the catalogs (e-mails) use it too.
func FrenchSpacingFault(s string) string {
	loc := frenchBreakingSpace.FindStringIndex(s)
	if loc == nil {
		return ""
	}
	return s[max(0, loc[0]-10):min(len(s), loc[1]+5)]
}

// Colon is the colon that ends a label in lang: French puts a no-break
// space before it ("Exporter :"), English and Spanish none.
func Colon(lang string) string {
	if lang == "fr" {
		return "\u00a0:"
	}
	return ":"
}

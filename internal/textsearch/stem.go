// Package textsearch is the full-text search both engines share: words,
// Snowball stems (English, French, Spanish) folded of their accents, a
// query language (words, "phrases", prefix*) rendered for SQLite FTS5 and
// PostgreSQL tsquery, and snippets with the matching words marked. The
// stems are computed once in Go, so SQLite and PostgreSQL answer the same
// query with the same rows; a domain stores a text's Stems beside it and
// indexes them (FTS5 with unicode61, or to_tsvector('simple', …)).
package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Languages are the languages with a Snowball stemmer for search.
var Languages = []string{"en", "fr", "es"}

// Word is one word of a text and its byte offsets.
type Word struct {
	Text       string
	Start, End int
}

// Words splits text into words: runs of letters and digits (an apostrophe
// or hyphen ends a word, so "l'étranger" gives "l" and "étranger").
func Words(text string) []Word {
	var out []Word
	for start, end := nextWord(text, 0); start >= 0; start, end = nextWord(text, end) {
		out = append(out, Word{text[start:end], start, end})
	}
	return out
}

// CountWords counts the words of text as Words splits it, allocating nothing.
func CountWords(text string) int {
	n := 0
	for start, end := nextWord(text, 0); start >= 0; start, end = nextWord(text, end) {
		n++
	}
	return n
}

// nextWord finds the first word of text at or after the byte offset pos:
// its start and end, or -1, -1 when there is none. ASCII is read without
// decoding.
func nextWord(text string, pos int) (start, end int) {
	start = -1
	for i := pos; i < len(text); {
		c, size := text[i], 1
		var isW bool
		if c < utf8.RuneSelf {
			isW = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			isW = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if isW && start < 0 {
			start = i
		} else if !isW && start >= 0 {
			return start, i
		}
		i += size
	}
	if start >= 0 {
		return start, len(text)
	}
	return -1, -1
}

// Fold lower-cases and removes diacritics. (A transform chain keeps
// state, so each call builds its own; ASCII needs none.)
func Fold(s string) string {
	s = strings.ToLower(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return out
}

// ContainsWords reports whether text holds every word of query, both
// folded (a plain filter for short lists: event titles, course names).
func ContainsWords(text, query string) bool {
	text = Fold(text)
	words := strings.Fields(Fold(query))
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return len(words) > 0
}

// Stem returns the search key of one word in a language: the Snowball stem
// (English, French, Spanish) of the lower-cased word, accent-folded. Other
// languages get the folded word. Stop words are stemmed too, so that a
// phrase keeps every position.
func Stem(word, lang string) string {
	w := strings.ToLower(word)
	switch lang {
	case "en":
		w = english.Stem(w, true)
	case "fr":
		w = french.Stem(w, true)
	case "es":
		w = spanish.Stem(w, true)
	}
	w = Fold(w)
	if w == "" {
		w = Fold(word)
	}
	return w
}

// Stems is the indexed form of a text: its words' stems joined by spaces.
func Stems(text, lang string) string {
	ws := Words(text)
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = Stem(w.Text, lang)
	}
	return strings.Join(parts, " ")
}

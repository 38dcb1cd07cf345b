package lawdb

import "corridor/internal/textsearch"

// The words, stems and query language are textsearch's, shared with the
// other domains' search.

// SearchLanguages are the languages with a Snowball stemmer for search.
var SearchLanguages = textsearch.Languages

// Word is one word of a text and its byte offsets.
type Word = textsearch.Word

// Words splits text into words (textsearch.Words).
func Words(text string) []Word { return textsearch.Words(text) }

func fold(s string) string { return textsearch.Fold(s) }

// Stem returns the search key of one word in a language (textsearch.Stem).
func Stem(word, lang string) string { return textsearch.Stem(word, lang) }

// Stems is the indexed form of a text (textsearch.Stems).
func Stems(text, lang string) string { return textsearch.Stems(text, lang) }

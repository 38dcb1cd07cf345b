package textsearch

import "strings"

// Span is a piece of a snippet; Hit marks a matching word.
type Span struct {
	Text string
	Hit  bool
}

// Matcher tells which indexed stems match a query.
type Matcher struct {
	exact    map[string]bool
	prefixes []string
	// first marks the first bytes of the query's stems and prefixes: most
	// words of a text start with none of them and need no lookup.
	first [256]bool
}

// NewMatcher builds the matcher of a query's stems and prefixes.
func NewMatcher(q *Query) *Matcher {
	m := &Matcher{exact: map[string]bool{}}
	for _, g := range q.Groups {
		for _, a := range g.Alts {
			for _, w := range a {
				if g.Prefix {
					m.prefixes = append(m.prefixes, w)
				} else {
					m.exact[w] = true
				}
				if w == "" { // an empty prefix matches anything
					for i := range m.first {
						m.first[i] = true
					}
				} else {
					m.first[w[0]] = true
				}
			}
		}
	}
	return m
}

// Match reports whether one stem matches.
func (m *Matcher) Match(stem string) bool {
	if len(stem) > 0 && !m.first[stem[0]] {
		return false
	}
	if m.exact[stem] {
		return true
	}
	for _, p := range m.prefixes {
		if strings.HasPrefix(stem, p) {
			return true
		}
	}
	return false
}

// Count counts the stems of a space-separated list that match, reading it
// in place: ranking a thousand candidates allocates nothing per word, and
// a word whose first byte starts no query term is passed over before any
// lookup.
func (m *Matcher) Count(stems string) int {
	n := 0
	for i := 0; i < len(stems); {
		var w string
		w, i = nextStem(stems, i)
		if w != "" && m.first[w[0]] && m.Match(w) {
			n++
		}
	}
	return n
}

// HitsIn marks each stem of a space-separated list that matches, reading
// it in place (empty stems, from doubled spaces, are skipped).
func (m *Matcher) HitsIn(stems string) []bool {
	out := make([]bool, 0, strings.Count(stems, " ")+1)
	for i := 0; i < len(stems); {
		var w string
		w, i = nextStem(stems, i)
		if w != "" {
			out = append(out, m.Match(w))
		}
	}
	return out
}

// nextStem returns the stem of a space-separated list that starts at byte
// i (empty between two spaces) and where the next one starts.
func nextStem(stems string, i int) (string, int) {
	j := i
	for j < len(stems) && stems[j] != ' ' {
		j++
	}
	return stems[i:j], j + 1
}

// Snippet cuts about 40 words around the first matching word of text and
// marks every matching word. hit comes from the indexed stems, which align
// one to one with the words of text; when they do not (an older index, or
// nil), the words are stemmed again in lang.
func Snippet(text, lang string, hit []bool, nStems int, m *Matcher) []Span {
	return SnippetOfWords(text, CountWords(text), lang, hit, nStems, m)
}

// SnippetOfWords is Snippet for a text of n words (CountWords), counted
// once by a caller that cuts snippets of the same text again and again.
func SnippetOfWords(text string, n int, lang string, hit []bool, nStems int, m *Matcher) []Span {
	if n == 0 {
		return nil
	}
	if hit == nil || n != nStems {
		hit = make([]bool, 0, n)
		for _, w := range Words(text) {
			hit = append(hit, m.Match(Stem(w.Text, lang)) || m.Match(Fold(w.Text)))
		}
	}
	first := 0
	for i, x := range hit {
		if x {
			first = i
			break
		}
	}
	from := max(0, first-12)
	to := min(n, from+40)
	// Only the words shown are cut out of the text.
	words := make([]Word, 0, to-from)
	for i, start, end := 0, 0, 0; i < to; i++ {
		start, end = nextWord(text, end)
		if i >= from {
			words = append(words, Word{text[start:end], start, end})
		}
	}
	hit = hit[from:to]
	start, end := words[0].Start, words[len(words)-1].End
	var out []Span
	if from > 0 {
		out = append(out, Span{Text: "… "})
	}
	pos := start
	for i, w := range words {
		if !hit[i] {
			continue
		}
		if w.Start > pos {
			out = append(out, Span{Text: text[pos:w.Start]})
		}
		out = append(out, Span{Text: text[w.Start:w.End], Hit: true})
		pos = w.End
	}
	if end > pos {
		out = append(out, Span{Text: text[pos:end]})
	}
	if to < n {
		out = append(out, Span{Text: " …"})
	}
	return out
}

// HasHit reports whether any span of a snippet is a matching word.
func HasHit(spans []Span) bool {
	for _, s := range spans {
		if s.Hit {
			return true
		}
	}
	return false
}

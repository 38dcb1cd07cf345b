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
			}
		}
	}
	return m
}

// Match reports whether one stem matches.
func (m *Matcher) Match(stem string) bool {
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
// in place: ranking a thousand candidates then allocates nothing per word.
func (m *Matcher) Count(stems string) int {
	n := 0
	for len(stems) > 0 {
		i := strings.IndexByte(stems, ' ')
		w := stems
		if i >= 0 {
			w, stems = stems[:i], stems[i+1:]
		} else {
			stems = ""
		}
		if len(w) > 0 && m.Match(w) {
			n++
		}
	}
	return n
}

// Hits marks each of stems that matches.
func (m *Matcher) Hits(stems []string) []bool {
	out := make([]bool, len(stems))
	for i, st := range stems {
		out[i] = m.Match(st)
	}
	return out
}

// Snippet cuts about 40 words around the first matching word of text and
// marks every matching word. hit comes from the indexed stems, which align
// one to one with the words of text; when they do not (an older index, or
// nil), the words are stemmed again in lang.
func Snippet(text, lang string, hit []bool, nStems int, m *Matcher) []Span {
	words := Words(text)
	if len(words) == 0 {
		return nil
	}
	if hit == nil || len(words) != nStems {
		hit = make([]bool, len(words))
		for i, w := range words {
			hit[i] = m.Match(Stem(w.Text, lang)) || m.Match(Fold(w.Text))
		}
	}
	first := -1
	for i, x := range hit {
		if x {
			first = i
			break
		}
	}
	if first < 0 {
		first = 0
	}
	from := max(0, first-12)
	to := min(len(words), from+40)
	start, end := words[from].Start, words[to-1].End
	var out []Span
	if from > 0 {
		out = append(out, Span{Text: "… "})
	}
	pos := start
	for i := from; i < to; i++ {
		if !hit[i] {
			continue
		}
		if words[i].Start > pos {
			out = append(out, Span{Text: text[pos:words[i].Start]})
		}
		out = append(out, Span{Text: text[words[i].Start:words[i].End], Hit: true})
		pos = words[i].End
	}
	if end > pos {
		out = append(out, Span{Text: text[pos:end]})
	}
	if to < len(words) {
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

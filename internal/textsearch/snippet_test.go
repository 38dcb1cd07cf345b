package textsearch

import (
	"strings"
	"testing"
	"unicode"
)

// referenceWords splits text as the documentation of Words says, rune by
// rune: runs of letters and digits.
func referenceWords(text string) []Word {
	var out []Word
	start := -1
	for i, r := range text {
		isW := unicode.IsLetter(r) || unicode.IsDigit(r)
		if isW && start < 0 {
			start = i
		} else if !isW && start >= 0 {
			out = append(out, Word{text[start:i], start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, Word{text[start:], start, len(text)})
	}
	return out
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"", "a", "l'étranger", "Art. 3(1)—réfugié", "\xff\xfeab", "日本語 テキスト", "x  y\tz\n", "123abc-DEF"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := Words(s), referenceWords(s)
		if len(got) != len(want) || CountWords(s) != len(want) {
			t.Fatalf("%q: %d words (counted %d), want %d", s, len(got), CountWords(s), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: word %d = %+v, want %+v", s, i, got[i], want[i])
			}
		}
	})
}

func TestSnippetMarksTheMatchingWordsAroundTheFirst(t *testing.T) {
	q, err := ParseQuery("refugee", "en")
	if err != nil {
		t.Fatal(err)
	}
	m := NewMatcher(q)
	// 60 filler words, then the match, then 60 more: the snippet starts 12
	// words before the match and holds 40 words.
	var parts []string
	for i := range 60 {
		parts = append(parts, "w"+strings.Repeat("x", i%5))
	}
	parts = append(parts, "Refugees")
	for i := range 60 {
		parts = append(parts, "v"+strings.Repeat("y", i%3))
	}
	text := strings.Join(parts, " ")
	stems := make([]string, len(parts))
	for i, p := range parts {
		stems[i] = Stem(p, "en")
	}
	hit := m.HitsIn(strings.Join(stems, " "))
	got := Snippet(text, "en", hit, len(stems), m)
	var b strings.Builder
	marked := 0
	for _, s := range got {
		b.WriteString(s.Text)
		if s.Hit {
			marked++
			if s.Text != "Refugees" {
				t.Errorf("marked %q, want Refugees", s.Text)
			}
		}
	}
	if marked != 1 {
		t.Errorf("%d words marked, want 1: %v", marked, got)
	}
	shown := b.String()
	if !strings.HasPrefix(shown, "… ") || !strings.HasSuffix(shown, " …") {
		t.Errorf("snippet not cut on both sides: %q", shown)
	}
	words := strings.Fields(strings.Trim(shown, "… "))
	if len(words) != 40 || words[12] != "Refugees" {
		t.Errorf("snippet has %d words, match at %d: %q", len(words), indexOf(words, "Refugees"), shown)
	}
	// Stems that do not align with the words (an older index) are
	// recomputed from the text: the same word is marked.
	again := Snippet(text, "en", hit[:10], 10, m)
	if !HasHit(again) {
		t.Errorf("misaligned stems: no word marked: %v", again)
	}
	if HitsIn := m.HitsIn("a  refuge b"); len(HitsIn) != 3 || !HitsIn[1] {
		t.Errorf("HitsIn skips empty stems and marks refuge: %v", HitsIn)
	}
	if n := m.Count("refuge x refuge"); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}

func indexOf(words []string, w string) int {
	for i, x := range words {
		if x == w {
			return i
		}
	}
	return -1
}

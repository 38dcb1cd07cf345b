package lawtext

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

// OpenTreaty is the JSON layout of lawchat-oss/open-treaties (one file per
// treaty, see shared/data/open-treaties-text/schema/treaty.json).
type OpenTreaty struct {
	Treaty        string `json:"treaty"`
	TreatyZH      string `json:"treaty_zh"`
	TreatyEN      string `json:"treaty_en"`
	TotalArticles int    `json:"total_articles"`
	PreambleZH    string `json:"preamble_zh"`
	PreambleEN    string `json:"preamble_en"`
	Articles      []struct {
		Article   string `json:"article"`
		TitleZH   string `json:"title_zh"`
		TitleEN   string `json:"title_en"`
		ContentZH string `json:"content_zh"`
		ContentEN string `json:"content_en"`
	} `json:"articles"`
}

// OpenTreatyOptions controls ParseOpenTreaty.
type OpenTreatyOptions struct {
	// Key is the file's base name ("refugee", "iccpr", …); it is the FRBR
	// number and selects a known adoption date.
	Key string
	// Language is "en" (default) or "zh" (Traditional Chinese).
	Language string
	// FixGlued repairs words glued at former line breaks in the English text
	// (see FixGluedWords). Vocab, if set, is the reference vocabulary (build
	// it from the clean files with OpenTreatyVocabulary); the treaty's own
	// words are always added.
	FixGlued bool
	Vocab    *Vocabulary
	// Date overrides the adoption date (YYYY-MM-DD).
	Date string
}

func hasContainer(nodes []*Node) bool {
	for _, n := range nodes {
		if groupingKinds[n.Kind] {
			return true
		}
	}
	return false
}

// OpenTreatyDates are the adoption (opening for signature) dates of the
// instruments in the open-treaties data set, keyed by file name.
var OpenTreatyDates = map[string]string{
	"refugee": "1951-07-28", "iccpr": "1966-12-16", "icescr": "1966-12-16", "crc": "1989-11-20",
	"cat": "1984-12-10", "cedaw": "1979-12-18", "icerd": "1965-12-21", "vccr": "1963-04-24",
	"vclt": "1969-05-23", "udhr": "1948-12-10",
}

// OpenTreatyCleanKeys are the files whose English text has no glued words
// (per the data set's SOURCE.md); OpenTreatyVocabulary reads them.
var OpenTreatyCleanKeys = []string{"iccpr", "icescr", "cedaw", "udhr", "vclt", "vccr", "crc"}

// ParseOpenTreaty reads one open-treaties JSON file into a document: the
// preamble, then one article per entry (numbers converted from Chinese
// numerals, "八之二" → "8-2"), with numbered paragraphs and points recognised
// as in ParseMarkdown. Chapter or part headings that the source glued to the
// end of the previous article ("…proceedings.CHAPTER VIEXECUTORY AND …")
// are cut off and become chapter/part containers.
func ParseOpenTreaty(r io.Reader, opts OpenTreatyOptions) (*Document, error) {
	var t OpenTreaty
	dec := json.NewDecoder(r)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("lawtext: open-treaties JSON: %w", err)
	}
	zh := strings.HasPrefix(strings.ToLower(opts.Language), "zh")
	lang := "en"
	if zh {
		lang = "zh"
	}
	date := opts.Date
	if date == "" {
		date = OpenTreatyDates[opts.Key]
	}
	title, preamble := t.TreatyEN, t.PreambleEN
	if zh {
		title, preamble = t.TreatyZH, t.PreambleZH
	}
	var docVocab *Vocabulary
	if opts.FixGlued && !zh {
		docVocab = NewVocabulary()
		docVocab.AddText(t.PreambleEN)
		for _, a := range t.Articles {
			docVocab.AddText(a.TitleEN)
			docVocab.AddText(a.ContentEN)
		}
	}
	fix := func(s string) string {
		if docVocab == nil {
			return s
		}
		out, _ := FixGluedWords(s, opts.Vocab, docVocab)
		return out
	}
	p := newMDParser(MarkdownMeta{Title: title, Language: lang, Country: "aa-un", Name: "treaty",
		Number: opts.Key, Date: date, DateName: "adoption"})
	p.doc.Work.Author, p.doc.Expression.Author = "#un", "#un"

	var pending *trailingHeading // heading cut from the previous text
	cont := newContainerState()
	if preamble != "" {
		text, h := cutTrailingHeading(preamble, cont)
		text = fix(text)
		pending = h
		for _, line := range strings.Split(text, "\n") {
			if line = strings.Join(strings.Fields(line), " "); line != "" {
				p.text(line)
			}
		}
	}
	for i, a := range t.Articles {
		num := ChineseNumeral(a.Article)
		if num == "" {
			return nil, fmt.Errorf("lawtext: open-treaties: article %d: bad number %q", i+1, a.Article)
		}
		content, heading := a.ContentEN, a.TitleEN
		if zh {
			content, heading = a.ContentZH, a.TitleZH
		}
		var next *trailingHeading
		if !zh {
			content, next = cutTrailingHeading(content, cont)
		}
		content, heading = fix(content), fix(heading)
		if pending != nil {
			if pending.first == 2 && !hasContainer(p.doc.Body) {
				// the source has no heading for the first chapter: imply it
				implied := &Node{Kind: pending.kind, Num: pending.label + " I"}
				var rest []*Node
				for _, n := range p.doc.Body {
					if n.Kind == KindArticle {
						implied.Children = append(implied.Children, n)
					} else {
						rest = append(rest, n)
					}
				}
				p.doc.Body = append(rest, implied)
			}
			p.open(&Node{Kind: pending.kind, Num: pending.num, Heading: pending.heading}, 20)
			pending = nil
		} else if i == 0 && next != nil && next.first > 1 {
			// the source has no heading for the first chapter: imply it
			p.open(&Node{Kind: next.kind, Num: next.label + " " + toRoman(next.first-1)}, 20)
		}
		word := "Article "
		if zh {
			word = ""
		}
		p.open(&Node{Kind: KindArticle, Num: word + num, Heading: strings.TrimSpace(heading)}, 50)
		for _, line := range strings.Split(content, "\n") {
			if line = strings.Join(strings.Fields(line), " "); line != "" {
				p.text(line)
			}
		}
		pending = next
	}
	d := p.finish()
	if d.Count(KindArticle) != len(t.Articles) {
		return nil, fmt.Errorf("lawtext: open-treaties: %d articles parsed, %d in file", d.Count(KindArticle), len(t.Articles))
	}
	return d, nil
}

type trailingHeading struct {
	kind    Kind
	label   string // "CHAPTER", "PART"
	num     string // "CHAPTER II"
	heading string
	first   int // numeral value
}

type containerState struct{ last map[string]int }

func newContainerState() *containerState { return &containerState{last: map[string]int{}} }

var trailingHeadingRe = regexp.MustCompile(`\s*\b(CHAPTER|PART)\s*([IVXLC]+)([A-Z][A-Z ,'’\-]*)?\s*$`)

// cutTrailingHeading removes a chapter/part heading glued to the end of text.
// The numeral is read against the expected next number, so "VIEXECUTORY"
// after chapter V is "VI" + "EXECUTORY".
func cutTrailingHeading(text string, st *containerState) (string, *trailingHeading) {
	m := trailingHeadingRe.FindStringSubmatchIndex(text)
	if m == nil {
		return text, nil
	}
	label := text[m[2]:m[3]]
	glued := text[m[4]:m[5]]
	if m[6] >= 0 {
		glued += text[m[6]:m[7]]
	}
	last := st.last[label]
	maxLen := 0
	for maxLen < len(glued) && strings.IndexByte("IVXLC", glued[maxLen]) >= 0 {
		maxLen++
	}
	num := ""
	for i := maxLen; i > 0 && num == "" && last > 0; i-- {
		if romanValue(glued[:i]) == last+1 {
			num = glued[:i]
		}
	}
	for i := maxLen; i > 0 && num == ""; i-- {
		if v := romanValue(glued[:i]); v > 0 && toRoman(v) == glued[:i] {
			num = glued[:i]
		}
	}
	heading := glued[len(num):]
	v := romanValue(num)
	if v == 0 {
		return text, nil
	}
	st.last[label] = v
	kind := KindChapter
	if label == "PART" {
		kind = KindPart
	}
	return strings.TrimRightFunc(text[:m[0]], unicode.IsSpace), &trailingHeading{
		kind: kind, label: titleCase(label), num: titleCase(label) + " " + num,
		heading: strings.TrimSpace(heading), first: v,
	}
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return s[:1] + strings.ToLower(s[1:])
}

func toRoman(n int) string {
	if n <= 0 {
		return ""
	}
	vals := []int{100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

var cnDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '兩': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// ChineseNumeral converts an article number in Chinese numerals to Arabic
// digits: "一" → "1", "三十三" → "33", "二百八十七" → "287", "八之二" → "8-2".
// It returns "" for anything else.
func ChineseNumeral(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if i := strings.Index(s, "之"); i >= 0 {
		a, b := ChineseNumeral(s[:i]), ChineseNumeral(s[i+len("之"):])
		if a == "" || b == "" {
			return ""
		}
		return a + "-" + b
	}
	total, cur := 0, 0
	seen := false
	for _, r := range s {
		seen = true
		switch {
		case r >= '0' && r <= '9':
			cur = cur*10 + int(r-'0')
		case r == '十':
			if cur == 0 {
				cur = 1
			}
			total += cur * 10
			cur = 0
		case r == '百':
			if cur == 0 {
				cur = 1
			}
			total += cur * 100
			cur = 0
		case r == '千':
			if cur == 0 {
				cur = 1
			}
			total += cur * 1000
			cur = 0
		default:
			d, ok := cnDigits[r]
			if !ok {
				return ""
			}
			cur = cur*10 + d
		}
	}
	if !seen {
		return ""
	}
	return fmt.Sprint(total + cur)
}

// Vocabulary counts lower-cased words; FixGluedWords uses it to tell real
// words from glued pairs.
type Vocabulary struct{ freq map[string]int }

// NewVocabulary returns an empty vocabulary.
func NewVocabulary() *Vocabulary { return &Vocabulary{freq: map[string]int{}} }

var wordRe = regexp.MustCompile(`\p{L}+`)

// AddText counts the words of s.
func (v *Vocabulary) AddText(s string) {
	for _, w := range wordRe.FindAllString(s, -1) {
		v.freq[strings.ToLower(w)]++
	}
}

// Freq returns how often w (any case) was seen.
func (v *Vocabulary) Freq(w string) int { return v.freq[strings.ToLower(w)] }

// Len returns the number of distinct words.
func (v *Vocabulary) Len() int { return len(v.freq) }

// OpenTreatyVocabulary builds a vocabulary from the English text of the clean
// files (OpenTreatyCleanKeys) in an open-treaties data folder.
func OpenTreatyVocabulary(dataDir string) (*Vocabulary, error) {
	v := NewVocabulary()
	for _, k := range OpenTreatyCleanKeys {
		b, err := os.ReadFile(filepath.Join(dataDir, k+".json"))
		if err != nil {
			return nil, fmt.Errorf("lawtext: %w", err)
		}
		var t OpenTreaty
		if err := json.Unmarshal(b, &t); err != nil {
			return nil, fmt.Errorf("lawtext: %s.json: %w", k, err)
		}
		v.AddText(t.TreatyEN)
		v.AddText(t.PreambleEN)
		for _, a := range t.Articles {
			v.AddText(a.TitleEN)
			v.AddText(a.ContentEN)
		}
	}
	return v, nil
}

var (
	gluePunctRe = regexp.MustCompile(`([\p{Ll})\]"”’])([,;:])([\p{L}“"(])`)
	glueStopRe  = regexp.MustCompile(`(\p{Ll}{2}[)"”’]?)\.(\p{Lu}\p{Ll})`)
	glueCloseRe = regexp.MustCompile(`([)\]”])(\p{L})`)
	glueCamelRe = regexp.MustCompile(`^(\p{Lu}?\p{Ll}{2,})(\p{Lu}\p{Ll}{2,}.*)$`)
	tokenCoreRe = regexp.MustCompile(`^([^\p{L}]*)(\p{L}+)([^\p{L}]*)$`)
)

// minKnown is how often a word must occur to count as a real word when no
// reference vocabulary says so: glued pairs occur once or twice, real words
// again and again.
const minKnown = 3

// FixGluedWords repairs words glued together where the source lost a line
// break, best effort, and returns the text and the number of repairs:
//
//  1. a missing space after , ; : before a letter ("Convention,Considering"),
//     after a full stop that ends a lower-case word before a capitalised one
//     ("country.The"), and after a closing bracket or quote ("\"refouler\")a");
//  2. camel-case joins ("UniversalDeclaration" → "Universal Declaration");
//  3. a token with lower-case letters that is not a known word but splits
//     into two (or three) known words ("accountof" → "account of",
//     "substantialgrounds" → "substantial grounds"), choosing the split
//     whose rarer half is most frequent.
//
// ref is a reference vocabulary of clean text of the same genre (may be
// nil); doc counts the words of the text being repaired. A token is known
// if ref has it, or (without ref) if doc has it at least minKnown times. A
// token that recurs in doc but is missing from ref ("inthe") is split only
// when its halves are at least twice as frequent as it, which protects rare real
// compounds ("seamen"). Rule 3 can still split a real word that the
// vocabularies lack; all-capital tokens (headings) are left alone.
func FixGluedWords(text string, ref, doc *Vocabulary) (string, int) {
	n := 0
	count := func(re *regexp.Regexp, repl string) {
		m := re.FindAllStringIndex(text, -1)
		if len(m) > 0 {
			n += len(m)
			text = re.ReplaceAllString(text, repl)
		}
	}
	count(gluePunctRe, "$1$2 $3")
	count(glueStopRe, "$1. $2")
	count(glueCloseRe, "$1 $2")
	if doc == nil {
		doc = NewVocabulary()
		doc.AddText(text)
	}
	g := &glueFixer{ref: ref, doc: doc}
	lines := strings.Split(text, "\n")
	for li, line := range lines {
		toks := strings.Fields(line)
		changed := false
		for i, tok := range toks {
			if fixed, ok := g.fixToken(tok); ok {
				toks[i] = fixed
				changed = true
				n++
			}
		}
		if changed {
			lines[li] = strings.Join(toks, " ")
		}
	}
	return strings.Join(lines, "\n"), n
}

type glueFixer struct{ ref, doc *Vocabulary }

func (g *glueFixer) freq(w string) int {
	f := g.doc.Freq(w)
	if g.ref != nil {
		f += g.ref.Freq(w)
	}
	return f
}

func (g *glueFixer) known(w string) bool {
	if g.ref != nil && g.ref.Len() > 0 {
		return g.ref.Freq(w) > 0
	}
	return g.doc.Freq(w) >= minKnown
}

func (g *glueFixer) fixToken(tok string) (string, bool) {
	if strings.Contains(tok, "-") {
		// fix each part of a hyphenated token ("theSecretary-General")
		parts := strings.Split(tok, "-")
		any := false
		for i, p := range parts {
			if p == "" {
				continue
			}
			if f, ok := g.fixToken(p); ok {
				parts[i], any = f, true
			}
		}
		return strings.Join(parts, "-"), any
	}
	m := tokenCoreRe.FindStringSubmatch(tok)
	if m == nil {
		return tok, false
	}
	lead, core, trail := m[1], m[2], m[3]
	if g.known(core) || strings.ToUpper(core) == core {
		return tok, false // a known word, or an all-capitals heading
	}
	if c := glueCamelRe.FindStringSubmatch(core); c != nil {
		return lead + c[1] + " " + c[2] + trail, true
	}
	if len([]rune(core)) < 5 {
		return tok, false
	}
	// a recurring unknown token must be much rarer than its halves
	need := minKnown
	if f := g.doc.Freq(core); f > 1 {
		need = 2 * f
	}
	for depth := 1; depth <= 2; depth++ { // prefer two words to three
		if s, ok := g.split(core, depth, need); ok {
			return lead + s + trail, true
		}
	}
	return tok, false
}

// split splits core into known words (at most depth+1 of them) each seen
// at least need times (4–5 letters: need-1, 6 or more: need-2, at least once).
func (g *glueFixer) split(core string, depth, need int) (string, bool) {
	best, bestScore := "", 0
	rs := []rune(core)
	// "arefugee": the article "a" glued to a long common word
	if len(rs) >= 6 && rs[0] == 'a' && g.partOK(string(rs[1:]), need) {
		best, bestScore = "a "+string(rs[1:]), g.freq(string(rs[1:]))
	}
	for i := 2; i <= len(rs)-2; i++ {
		left, right := string(rs[:i]), string(rs[i:])
		if !g.partOK(left, need) {
			continue
		}
		score := g.freq(left)
		rest := right
		if g.partOK(right, need) {
			if f := g.freq(right); f < score {
				score = f
			}
		} else if depth > 1 && len(rs)-i >= 4 {
			s, ok := g.split(right, depth-1, need)
			if !ok {
				continue
			}
			rest = s
			score = score / 2
		} else {
			continue
		}
		if score > bestScore {
			best, bestScore = left+" "+rest, score
		}
	}
	return best, bestScore > 0
}

func (g *glueFixer) partOK(w string, need int) bool {
	n := len([]rune(w))
	if n < 2 || (n == 2 && strings.ToUpper(w) == w) {
		return false
	}
	// longer words are rarer but also less likely to match by accident
	switch {
	case n >= 6:
		need -= 2
	case n >= 4:
		need--
	}
	if need < 1 {
		need = 1
	}
	return g.freq(w) >= need
}

// Package cite writes citations of the institute's publications: BibTeX,
// RIS and CSL-JSON files for reference managers, and the "cite as" text in
// APA and Chicago author-date. It knows nothing of the web or the
// database; the publishing domain fills a Work and picks a writer.
//
// Writers stream: each work is checked and written as it comes, so a list
// export (a search result, a whole series) holds one entry at a time plus
// the set of citation keys already used.
package cite

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind is what sort of publication a work is.
type Kind string

// The kinds of work the institute publishes or cites.
const (
	WorkingPaper   Kind = "working-paper"
	PolicyBrief    Kind = "policy-brief"
	Report         Kind = "report"
	DataNote       Kind = "data-note"
	JournalArticle Kind = "journal-article"
	Book           Kind = "book"
	Chapter        Kind = "chapter"
	Dataset        Kind = "dataset"
)

// genre is the label a report-like kind carries in BibTeX's type field and
// CSL's genre ("Working Paper No. 12").
var genre = map[Kind]string{
	WorkingPaper: "Working Paper",
	PolicyBrief:  "Policy Brief",
	Report:       "Report",
	DataNote:     "Data Note",
}

func (k Kind) valid() bool {
	switch k {
	case WorkingPaper, PolicyBrief, Report, DataNote, JournalArticle, Book, Chapter, Dataset:
		return true
	}
	return false
}

// reportLike kinds are the institute's own numbered papers.
func (k Kind) reportLike() bool { _, ok := genre[k]; return ok }

// Person is an author. An organisation as author sets Org and puts its
// whole name in Family, so no format splits it into family and given.
type Person struct {
	Family string
	Given  string
	ORCID  string
	Org    bool
}

// Work holds what a citation needs. Empty fields are left out of every
// format. Publisher is the institution for reports and papers.
type Work struct {
	Key     string // stable key, e.g. "wp-2025-12"; citation keys derive from it
	Kind    Kind
	Title   string
	Titles  map[string]string // title per language code, for Format
	Authors []Person

	Publisher string
	Place     string

	Series       string // e.g. "Migration Research Series"
	SeriesNumber string // e.g. "12"
	ISSN         string
	ISBN         string

	Container string // journal title, or the book a chapter is in
	Volume    string
	Issue     string
	Pages     string // "45-67" or "45–67"
	Edition   string // "2"

	Year, Month, Day int // 0 when unknown

	DOI      string // bare, "10.1234/abcd"
	URL      string
	Language string // BCP 47, "en"
	Licence  string // SPDX id or URL
	Abstract string
	Keywords []string
}

// Limits keep one hostile or broken record from producing an unbounded
// entry; a work over them is refused with an error naming the field.
const (
	MaxTitle    = 2000
	MaxAbstract = 20000
	MaxField    = 2000
	MaxAuthors  = 500
	MaxKeywords = 100
)

// TitleIn is the work's title in lang when it has one, else its main title.
func (w *Work) TitleIn(lang string) string {
	if t := w.Titles[lang]; strings.TrimSpace(t) != "" {
		return t
	}
	return w.Title
}

// Validate says what is missing or out of range, naming the work's key and
// the field.
func (w *Work) Validate() error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("cite: work %q: %s", w.Key, fmt.Sprintf(format, a...))
	}
	if !w.Kind.valid() {
		return fail("unknown kind %q", w.Kind)
	}
	if clean(w.Title) == "" {
		return fail("title is empty")
	}
	if w.Year < 0 || w.Year > 9999 {
		return fail("year %d out of range 0-9999", w.Year)
	}
	if w.Month < 0 || w.Month > 12 || (w.Month == 0 && w.Day != 0) {
		return fail("month %d out of range (1-12, and set when day is)", w.Month)
	}
	if w.Day < 0 || w.Day > 31 {
		return fail("day %d out of range 1-31", w.Day)
	}
	if len(w.Authors) > MaxAuthors {
		return fail("%d authors, limit %d", len(w.Authors), MaxAuthors)
	}
	if len(w.Keywords) > MaxKeywords {
		return fail("%d keywords, limit %d", len(w.Keywords), MaxKeywords)
	}
	if n := len(w.Title); n > MaxTitle {
		return fail("title is %d bytes, limit %d", n, MaxTitle)
	}
	for lang, t := range w.Titles {
		if n := len(t); n > MaxTitle {
			return fail("title in %q is %d bytes, limit %d", lang, n, MaxTitle)
		}
	}
	if n := len(w.Abstract); n > MaxAbstract {
		return fail("abstract is %d bytes, limit %d", n, MaxAbstract)
	}
	fields := []struct{ name, v string }{
		{"key", w.Key}, {"publisher", w.Publisher}, {"place", w.Place}, {"series", w.Series},
		{"series number", w.SeriesNumber}, {"ISSN", w.ISSN}, {"ISBN", w.ISBN},
		{"container", w.Container}, {"volume", w.Volume}, {"issue", w.Issue},
		{"pages", w.Pages}, {"edition", w.Edition}, {"DOI", w.DOI}, {"URL", w.URL},
		{"language", w.Language}, {"licence", w.Licence},
	}
	for _, f := range fields {
		if n := len(f.v); n > MaxField {
			return fail("%s is %d bytes, limit %d", f.name, n, MaxField)
		}
	}
	for i, p := range w.Authors {
		if clean(p.Family) == "" && clean(p.Given) == "" {
			return fail("author %d has no name", i+1)
		}
		if len(p.Family)+len(p.Given)+len(p.ORCID) > MaxField {
			return fail("author %d's name is over %d bytes", i+1, MaxField)
		}
	}
	for i, k := range w.Keywords {
		if len(k) > MaxField {
			return fail("keyword %d is %d bytes, limit %d", i+1, len(k), MaxField)
		}
	}
	return nil
}

// clean makes a field safe for every line-based format: valid UTF-8, no
// control characters (newlines and tabs included, which would end a RIS
// line or a BibTeX comment early), runs of spaces made one, trimmed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// pageRange splits "45-67", "45--67" or "45–67" into first and last page.
func pageRange(p string) (first, last string) {
	p = clean(p)
	for _, sep := range []string{"--", "–", "—", "-"} {
		if i := strings.Index(p, sep); i >= 0 {
			return strings.TrimSpace(p[:i]), strings.TrimSpace(p[i+len(sep):])
		}
	}
	return p, ""
}

// doiURL is the resolvable form of a bare DOI.
func doiURL(doi string) string {
	doi = clean(doi)
	if doi == "" {
		return ""
	}
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"} {
		if strings.HasPrefix(strings.ToLower(doi), p) {
			doi = doi[len(p):]
			break
		}
	}
	return "https://doi.org/" + doi
}

// bareDOI strips a resolver prefix from a DOI.
func bareDOI(doi string) string { return strings.TrimPrefix(doiURL(doi), "https://doi.org/") }

// keys hands out citation keys that are ASCII and unique within one export.
// It remembers only the keys it gave, so a list costs one map entry per work.
// Each base remembers the next suffix to try, so a list of works sharing
// one key costs linear time, not a scan from "-2" each time.
type keys struct {
	used   map[string]bool
	suffix map[string]int
}

func (k *keys) next(w *Work) string {
	if k.used == nil {
		k.used, k.suffix = map[string]bool{}, map[string]int{}
	}
	base := asciiKey(w.Key)
	if base == "" {
		family := ""
		if len(w.Authors) > 0 {
			family = w.Authors[0].Family
			if w.Authors[0].Org {
				family = strings.Fields(clean(family) + " x")[0]
			}
		}
		base = asciiKey(family)
		if w.Year > 0 {
			base += fmt.Sprint(w.Year)
		}
	}
	if base == "" || !isASCIILetter(rune(base[0])) {
		base = "work" + base
	}
	key := base
	for k.used[key] {
		n := max(k.suffix[base], 2)
		k.suffix[base] = n + 1
		key = fmt.Sprintf("%s-%d", base, n)
	}
	k.used[key] = true
	return key
}

func isASCIILetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// asciiKey folds accents away (Nguyễn -> Nguyen) and keeps the characters
// BibTeX, RIS and CSL accept in a key.
func asciiKey(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(clean(s)) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_:.", r)):
			b.WriteRune(r)
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø' || r == 'Ø' || r == 'đ' || r == 'Đ' || r == 'ł' || r == 'Ł':
			b.WriteString(map[rune]string{'ø': "o", 'Ø': "O", 'đ': "d", 'Đ': "D", 'ł': "l", 'Ł': "L"}[r])
		}
		if b.Len() >= 64 {
			break
		}
	}
	return b.String()
}

package cite

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode"
)

// Style is a citation style for the "cite as" box.
type Style string

// The styles Format knows: APA 7th edition, and Chicago 17th author-date.
const (
	APA     Style = "APA"
	Chicago Style = "Chicago"
)

// terms are the few words a reference holds, per language (as CSL locale
// files have them); English when the language is not one of these.
var terms = map[string]struct{ noDate, no, in, pp, and, dataSet string }{
	"en": {"n.d.", "No.", "In", "pp.", "and", "Data set"},
	"fr": {"s.d.", "no", "Dans", "p.", "et", "Jeu de données"},
	"es": {"s.f.", "n.º", "En", "pp.", "y", "Conjunto de datos"},
}

// Format is the work cited in style, as plain text, with its title in lang
// when it has one.
func Format(style Style, w Work, lang string) (string, error) {
	r, err := render(style, &w, lang)
	if err != nil {
		return "", err
	}
	return r.plain(), nil
}

// FormatHTML is Format with every piece HTML-escaped, titles of
// standalone works and journals in <i>, and the DOI or URL a link.
func FormatHTML(style Style, w Work, lang string) (string, error) {
	r, err := render(style, &w, lang)
	if err != nil {
		return "", err
	}
	return r.html(), nil
}

type segment struct {
	text         string
	italic, link bool
}

// ref builds a reference from segments so plain text and HTML share one
// layout.
type ref struct {
	segs []segment
	last rune
}

func (r *ref) add(s segment) {
	if s.text == "" {
		return
	}
	r.segs = append(r.segs, s)
	rs := []rune(s.text)
	r.last = rs[len(rs)-1]
}
func (r *ref) text(s string)   { r.add(segment{text: s}) }
func (r *ref) italic(s string) { r.add(segment{text: s, italic: true}) }

// stop ends an element with a period unless it already ends in one (an
// initial, "n.d.") or in ? or !, then a space.
func (r *ref) stop() {
	if r.last != '.' && r.last != '?' && r.last != '!' {
		r.text(".")
	}
	r.text(" ")
}

func (r *ref) plain() string {
	var b strings.Builder
	for _, s := range r.segs {
		b.WriteString(s.text)
	}
	return strings.TrimSpace(b.String())
}

func (r *ref) html() string {
	var b strings.Builder
	for _, s := range r.segs {
		t := html.EscapeString(s.text)
		switch {
		case s.link:
			fmt.Fprintf(&b, `<a href="%s">%s</a>`, t, t)
		case s.italic:
			b.WriteString("<i>" + t + "</i>")
		default:
			b.WriteString(t)
		}
	}
	return strings.TrimSpace(b.String())
}

// locator is the DOI as a link, else the URL; only http(s) URLs are links.
func (r *ref) locator(w *Work) {
	u := doiURL(w.DOI)
	if u == "" {
		u = clean(w.URL)
	}
	if u == "" {
		return
	}
	lower := strings.ToLower(u)
	r.add(segment{text: u, link: strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")})
}

func render(style Style, w *Work, lang string) (*ref, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	t, ok := terms[lang]
	if !ok {
		t = terms["en"]
	}
	r := &ref{}
	switch style {
	case APA:
		apa(r, w, lang, t)
	case Chicago:
		chicago(r, w, lang, t)
	default:
		return nil, fmt.Errorf("cite: unknown style %q (want %q or %q)", style, APA, Chicago)
	}
	return r, nil
}

func apa(r *ref, w *Work, lang string, t struct{ noDate, no, in, pp, and, dataSet string }) {
	title := clean(w.TitleIn(lang))
	standalone := w.Kind != JournalArticle && w.Kind != Chapter
	year := t.noDate
	if w.Year > 0 {
		year = strconv.Itoa(w.Year)
	}
	if names := apaNames(w.Authors); names != "" {
		r.text(names)
		r.stop()
		r.text("(" + year + ")")
		r.stop()
		r.title(title, standalone)
	} else { // no author: the title moves to the author's place
		r.title(title, standalone)
		r.stop()
		r.text("(" + year + ")")
	}
	switch {
	case w.Kind.reportLike():
		if label := seriesLabel(w, t.no); label != "" {
			r.text(" (" + label + ")")
		}
	case w.Kind == Book:
		if ed := edition(w.Edition, lang); ed != "" {
			r.text(" (" + ed + ")")
		}
	case w.Kind == Dataset:
		r.text(" [" + t.dataSet + "]")
	}
	r.stop()
	switch w.Kind {
	case JournalArticle:
		if c := clean(w.Container); c != "" {
			r.italic(c)
			if v := clean(w.Volume); v != "" {
				r.text(", ")
				r.italic(v)
			}
			if i := clean(w.Issue); i != "" {
				r.text("(" + i + ")")
			}
			if p := pages(w.Pages); p != "" {
				r.text(", " + p)
			}
			r.stop()
		}
	case Chapter:
		if c := clean(w.Container); c != "" {
			r.text(t.in + " ")
			r.italic(c)
			if p := pages(w.Pages); p != "" {
				r.text(" (" + t.pp + " " + p + ")")
			}
			r.stop()
		}
	}
	if p := clean(w.Publisher); p != "" && w.Kind != JournalArticle && !soleAuthor(w, p) {
		r.text(p)
		r.stop()
	}
	r.locator(w)
}

func chicago(r *ref, w *Work, lang string, t struct{ noDate, no, in, pp, and, dataSet string }) {
	title := clean(w.TitleIn(lang))
	standalone := w.Kind != JournalArticle && w.Kind != Chapter
	year := t.noDate
	if w.Year > 0 {
		year = strconv.Itoa(w.Year)
	}
	quoted := func() {
		if standalone {
			r.italic(title)
			r.stop()
			return
		}
		// Chicago puts the period inside the quotation marks.
		end := "."
		if strings.HasSuffix(title, "?") || strings.HasSuffix(title, "!") {
			end = ""
		}
		r.text("“" + title + end + "” ")
	}
	if names := chicagoNames(w.Authors, t.and); names != "" {
		r.text(names)
		r.stop()
		r.text(year)
		r.stop()
		quoted()
	} else {
		quoted()
		r.text(year)
		r.stop()
	}
	switch {
	case w.Kind.reportLike():
		if label := seriesLabel(w, ""); label != "" {
			r.text(label)
			r.stop()
		}
	case w.Kind == JournalArticle:
		if c := clean(w.Container); c != "" {
			r.italic(c)
			if v := clean(w.Volume); v != "" {
				r.text(" " + v)
			}
			if i := clean(w.Issue); i != "" {
				r.text(" (" + i + ")")
			}
			if p := pages(w.Pages); p != "" {
				r.text(": " + p)
			}
			r.stop()
		}
	case w.Kind == Chapter:
		if c := clean(w.Container); c != "" {
			r.text(t.in + " ")
			r.italic(c)
			if p := pages(w.Pages); p != "" {
				r.text(", " + p)
			}
			r.stop()
		}
	case w.Kind == Book:
		if ed := edition(w.Edition, lang); ed != "" {
			r.text(ed)
			r.stop()
		}
		if s := clean(w.Series); s != "" {
			r.text(strings.TrimSpace(s + " " + clean(w.SeriesNumber)))
			r.stop()
		}
	case w.Kind == Dataset:
		r.text(t.dataSet)
		r.stop()
	}
	if w.Kind != JournalArticle {
		place, pub := clean(w.Place), clean(w.Publisher)
		switch {
		case place != "" && pub != "":
			r.text(place + ": " + pub)
			r.stop()
		case pub != "":
			r.text(pub)
			r.stop()
		}
	}
	r.locator(w)
}

func (r *ref) title(title string, standalone bool) {
	if standalone {
		r.italic(title)
	} else {
		r.text(title)
	}
}

// seriesLabel is "Migration Research Series No. 12", or without a series
// "Working Paper No. 12"; no is the word before the number ("" for
// Chicago, which writes "Working Paper 12").
func seriesLabel(w *Work, no string) string {
	name, num := clean(w.Series), clean(w.SeriesNumber)
	if name == "" {
		if num == "" {
			return ""
		}
		name = genre[w.Kind]
	}
	if num == "" {
		return name
	}
	return strings.Join(strings.Fields(name+" "+no+" "+num), " ")
}

// soleAuthor: APA leaves out a publisher that is also the only author.
func soleAuthor(w *Work, publisher string) bool {
	return len(w.Authors) == 1 && w.Authors[0].Org && strings.EqualFold(clean(w.Authors[0].Family), publisher)
}

// pages is a page range with an en dash.
func pages(p string) string {
	first, last := pageRange(p)
	if last == "" {
		return first
	}
	return first + "–" + last
}

// edition is "2nd ed." (en), "2e éd." (fr), "2.ª ed." (es); a first
// edition is not cited, and a non-numeric edition is kept as written.
func edition(e, lang string) string {
	e = clean(e)
	n, err := strconv.Atoi(e)
	switch {
	case e == "" || n == 1:
		return ""
	case err != nil:
		return e
	}
	switch lang {
	case "fr":
		return strconv.Itoa(n) + "e éd."
	case "es":
		return strconv.Itoa(n) + ".ª ed."
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix + " ed."
}

// initials turns "Jean-Pierre Anna" into "J.-P. A.".
func initials(given string) string {
	var words []string
	for _, word := range strings.Fields(given) {
		var parts []string
		for _, part := range strings.Split(word, "-") {
			for _, c := range part {
				if unicode.IsLetter(c) {
					parts = append(parts, string(c)+".")
				}
				break
			}
		}
		if len(parts) > 0 {
			words = append(words, strings.Join(parts, "-"))
		}
	}
	return strings.Join(words, " ")
}

// apaNames: "Müller, A., Ñúñez, B., & Nguyễn, C."; beyond 20 authors the
// first 19, an ellipsis, and the last (APA 7, 9.8).
func apaNames(authors []Person) string {
	names := make([]string, 0, min(len(authors), 20))
	name := func(p Person) string {
		family, given := clean(p.Family), clean(p.Given)
		if p.Org || given == "" {
			return strings.TrimSpace(family + " " + given)
		}
		return family + ", " + initials(given)
	}
	if len(authors) > 20 {
		for _, p := range authors[:19] {
			names = append(names, name(p))
		}
		return strings.Join(names, ", ") + ", . . . " + name(authors[len(authors)-1])
	}
	for _, p := range authors {
		names = append(names, name(p))
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", & " + names[len(names)-1]
}

// chicagoNames: "Müller, Anna, Bernardo Ñúñez, and Chi Nguyễn"; more than
// ten authors are cut to seven and "et al." (CMOS 17, 15.9).
func chicagoNames(authors []Person, and string) string {
	name := func(p Person, first bool) string {
		family, given := clean(p.Family), clean(p.Given)
		switch {
		case p.Org || given == "":
			return strings.TrimSpace(family + " " + given)
		case first:
			return family + ", " + given
		}
		return given + " " + family
	}
	if len(authors) == 0 {
		return ""
	}
	etAl := len(authors) > 10
	if etAl {
		authors = authors[:7]
	}
	names := make([]string, len(authors))
	for i, p := range authors {
		names[i] = name(p, i == 0)
	}
	switch {
	case etAl:
		return strings.Join(names, ", ") + " et al."
	case len(names) == 1:
		return names[0]
	case len(names) == 2:
		return names[0] + ", " + and + " " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + ", " + and + " " + names[len(names)-1]
}

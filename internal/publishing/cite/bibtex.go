package cite

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// BibTeXWriter writes works as BibTeX entries one at a time. Text stays
// UTF-8 (biber, bibtex8 and citation-js read it); what BibTeX treats as
// syntax is escaped so a field can never close early.
type BibTeXWriter struct {
	w    *bufio.Writer
	keys keys
}

// NewBibTeXWriter starts a BibTeX export to w. Call Flush at the end.
func NewBibTeXWriter(w io.Writer) *BibTeXWriter {
	return &BibTeXWriter{w: bufio.NewWriter(w)}
}

// BibTeX writes works to w as one .bib file.
func BibTeX(w io.Writer, works ...Work) error {
	bw := NewBibTeXWriter(w)
	for i := range works {
		if err := bw.Write(&works[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Flush writes out what is buffered.
func (b *BibTeXWriter) Flush() error { return b.w.Flush() }

var bibMonths = [...]string{"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// Write writes one entry; a work that fails Validate is refused.
func (b *BibTeXWriter) Write(w *Work) error {
	if err := w.Validate(); err != nil {
		return err
	}
	entry, fields := "misc", []string{}
	field := func(name, value string) {
		if v := clean(value); v != "" {
			fields = append(fields, fmt.Sprintf("  %s = {%s}", name, bibEscape(v)))
		}
	}
	raw := func(name, value string) { // URLs and DOIs: no LaTeX, only what breaks the braces
		if v := clean(value); v != "" {
			fields = append(fields, fmt.Sprintf("  %s = {%s}", name, bibURL(v)))
		}
	}
	if len(w.Authors) > 0 {
		names := make([]string, len(w.Authors))
		for i, p := range w.Authors {
			names[i] = bibName(p)
		}
		fields = append(fields, "  author = {"+strings.Join(names, " and ")+"}")
	}
	fields = append(fields, "  title = {"+bibTitle(clean(w.Title))+"}")
	switch {
	case w.Kind.reportLike():
		entry = "techreport"
		field("institution", w.Publisher)
		field("type", genre[w.Kind])
		field("number", w.SeriesNumber)
		field("series", w.Series)
	case w.Kind == JournalArticle:
		entry = "article"
		field("journal", w.Container)
		field("volume", w.Volume)
		field("number", w.Issue)
	case w.Kind == Book, w.Kind == Chapter:
		entry = "book"
		if w.Kind == Chapter {
			entry = "incollection"
			if c := clean(w.Container); c != "" {
				fields = append(fields, "  booktitle = {"+bibTitle(c)+"}")
			}
		}
		field("publisher", w.Publisher)
		field("series", w.Series)
		field("number", w.SeriesNumber)
		field("volume", w.Volume)
		field("edition", w.Edition)
	default: // Dataset: @misc is what every BibTeX style knows
		field("publisher", w.Publisher)
		field("howpublished", "Data set")
		field("series", w.Series)
		field("number", w.SeriesNumber)
	}
	field("address", w.Place)
	if first, last := pageRange(w.Pages); first != "" {
		p := first
		if last != "" {
			p += "--" + last
		}
		field("pages", p)
	}
	if w.Year > 0 {
		field("year", fmt.Sprint(w.Year))
	}
	if w.Month > 0 {
		fields = append(fields, "  month = "+bibMonths[w.Month]) // the standard macro, read by BibTeX and biblatex
	}
	field("issn", w.ISSN)
	field("isbn", w.ISBN)
	raw("doi", bareDOI(w.DOI))
	raw("url", w.URL)
	field("language", w.Language)
	field("abstract", w.Abstract)
	kw := make([]string, 0, len(w.Keywords))
	for _, k := range w.Keywords {
		if k = clean(k); k != "" {
			kw = append(kw, k)
		}
	}
	field("keywords", strings.Join(kw, ", "))

	fmt.Fprintf(b.w, "@%s{%s,\n%s\n}\n\n", entry, b.keys.next(w), strings.Join(fields, ",\n"))
	return nil
}

// bibEscape escapes BibTeX and LaTeX syntax. Braces become \textbraceleft{}
// and \textbraceright{} rather than \{ \}, because classic BibTeX counts
// a backslashed brace too, and an unbalanced one ends the field.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '{':
			b.WriteString(`\textbraceleft{}`)
		case '}':
			b.WriteString(`\textbraceright{}`)
		case '&', '%', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibTitle escapes a title and braces each word whose capitals must
// survive a style that sentence-cases titles ("{COVID-19}", "{Mexico}").
// The first word keeps its initial capital in every style, so it is left
// alone unless it has capitals beyond the first letter.
func bibTitle(s string) string {
	words := strings.Split(s, " ")
	for i, word := range words {
		upper := 0
		for j, r := range word {
			if unicode.IsUpper(r) && !(i == 0 && j == 0) {
				upper++
			}
		}
		words[i] = bibEscape(word)
		if upper > 0 {
			words[i] = "{" + words[i] + "}"
		}
	}
	return strings.Join(words, " ")
}

// bibName is "Family, Given"; an organisation is braced whole so neither
// its spaces nor an "and" in it split it. A part holding a comma or the
// word "and" is braced for the same reason.
func bibName(p Person) string {
	family, given := bibEscape(clean(p.Family)), bibEscape(clean(p.Given))
	if p.Org || given == "" {
		return "{" + strings.TrimSpace(family+" "+given) + "}"
	}
	return bibNamePart(family) + ", " + bibNamePart(given)
}

func bibNamePart(s string) string {
	lower := " " + strings.ToLower(s) + " "
	if strings.Contains(s, ",") || strings.Contains(lower, " and ") {
		return "{" + s + "}"
	}
	return s
}

// bibURL percent-encodes the few characters that would break a braced
// field or a LaTeX url; everything else is kept verbatim as biblatex wants.
func bibURL(s string) string { return urlEscaper.Replace(s) }

var urlEscaper = strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20")

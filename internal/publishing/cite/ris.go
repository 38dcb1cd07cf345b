package cite

import (
	"bufio"
	"fmt"
	"io"
)

// RISWriter writes works as RIS records: "TY  - " first, "ER  - " last,
// one "TAG  - value" per line, lines ended CR LF as the RIS specification
// says.
type RISWriter struct {
	w    *bufio.Writer
	keys keys
}

// NewRISWriter starts a RIS export to w. Call Flush at the end.
func NewRISWriter(w io.Writer) *RISWriter { return &RISWriter{w: bufio.NewWriter(w)} }

// RIS writes works to w as one .ris file.
func RIS(w io.Writer, works ...Work) error {
	rw := NewRISWriter(w)
	for i := range works {
		if err := rw.Write(&works[i]); err != nil {
			return err
		}
	}
	return rw.Flush()
}

// Flush writes out what is buffered.
func (r *RISWriter) Flush() error { return r.w.Flush() }

var risType = map[Kind]string{
	WorkingPaper: "RPRT", PolicyBrief: "RPRT", Report: "RPRT", DataNote: "RPRT",
	JournalArticle: "JOUR", Book: "BOOK", Chapter: "CHAP", Dataset: "DATA",
}

// Write writes one record; a work that fails Validate is refused.
func (r *RISWriter) Write(w *Work) error {
	if err := w.Validate(); err != nil {
		return err
	}
	tag := func(t, value string) {
		if v := clean(value); v != "" {
			fmt.Fprintf(r.w, "%s  - %s\r\n", t, v)
		}
	}
	tag("TY", risType[w.Kind])
	tag("ID", r.keys.next(w))
	for _, p := range w.Authors {
		name := clean(p.Family)
		if g := clean(p.Given); g != "" && !p.Org {
			name += ", " + g
		}
		tag("AU", name)
	}
	tag("TI", w.Title)
	tag("T2", w.Container)
	tag("T3", w.Series)
	if w.Year > 0 {
		tag("PY", fmt.Sprintf("%04d", w.Year))
		tag("DA", risDate(w.Year, w.Month, w.Day))
	}
	tag("VL", w.Volume)
	tag("IS", w.Issue)
	first, last := pageRange(w.Pages)
	tag("SP", first)
	tag("EP", last)
	tag("ET", w.Edition)
	tag("PB", w.Publisher)
	tag("CY", w.Place)
	if w.Kind.reportLike() {
		tag("M3", genre[w.Kind])
	}
	// RIS has one SN; in a report (RPRT) it is the report number, as
	// citation-js reads and writes it, so a series paper's ISSN is left out.
	switch {
	case w.Kind.reportLike() && clean(w.SeriesNumber) != "":
		tag("SN", w.SeriesNumber)
	case w.ISBN != "":
		tag("SN", w.ISBN)
	default:
		tag("SN", w.ISSN)
	}
	tag("DO", bareDOI(w.DOI))
	tag("UR", w.URL)
	tag("LA", w.Language)
	tag("AB", w.Abstract)
	for _, k := range w.Keywords {
		tag("KW", k)
	}
	_, err := r.w.WriteString("ER  - \r\n\r\n")
	return err
}

// risDate is RIS's YYYY/MM/DD/ with unknown parts left empty ("2025///").
func risDate(y, m, d int) string {
	s := fmt.Sprintf("%04d/", y)
	if m > 0 {
		s += fmt.Sprintf("%02d", m)
	}
	s += "/"
	if d > 0 {
		s += fmt.Sprintf("%02d", d)
	}
	return s + "/"
}

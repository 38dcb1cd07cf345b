package cite

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// ParseRIS reads a .ris file (as Zotero, EndNote, Mendeley and our own
// writer export it) into works. Each record runs from TY to ER; lines
// are "TAG  - value" (one or two spaces before the dash are accepted, and
// CR LF or LF endings); a line without a tag continues the previous value
// (exporters wrap long abstracts). Tags read: TY, ID, AU/A1 (authors;
// "Last, First", or a whole organisation name without a comma), TI/T1,
// T2/JO/JF/BT (journal or book), T3 (series), PY/Y1/DA (date, "2025" or
// "2025/03/14/"), VL, IS, SP/EP, ET, PB, CY, M3 (genre), SN (report
// number, ISBN or ISSN by its shape), DO, UR, KW, AB/N2, LA; others are
// ignored.
//
// Types map to kinds: JOUR, MGZN, NEWS -> journal article; BOOK, EBOOK,
// EDBOOK -> book; CHAP, ECHAP, CONF, CPAPER -> chapter; DATA, DBASE ->
// dataset; RPRT and anything else -> report, or the kind M3 names.
//
// Malformed input (a tag before TY, a record missing ER, a work that
// fails Validate) and input over the limits give a *ParseError naming
// the line; no works are returned then.
func ParseRIS(r io.Reader) ([]Work, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxImportBytes+1))
	sc.Buffer(make([]byte, 0, 64<<10), MaxImportValue+16)
	var (
		works     []Work
		rec       *risRecord
		line      int
		total     int
		textBytes int
		last      string // the tag the previous line set, for continuations
	)
	fail := func(l int, format string, a ...any) error {
		return &ParseError{"ris", l, fmt.Sprintf(format, a...)}
	}
	for sc.Scan() {
		line++
		b := sc.Bytes()
		total += len(b) + 1
		if total > MaxImportBytes {
			return nil, fail(line, "the file is over %d MiB, the limit", MaxImportBytes>>20)
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		s := strings.TrimRight(string(b), "\r")
		tag, value, ok := risTag(s)
		if !ok {
			if rec == nil || last == "" {
				return nil, fail(line, "%q is not a RIS line (TAG  - value) and continues no record", trimForError(s))
			}
			rec.add(last, s)
			if n := len(rec.tags[last][len(rec.tags[last])-1]); n > MaxImportValue {
				return nil, fail(line, "the %s value is over %d KiB, the limit", last, MaxImportValue>>10)
			}
			continue
		}
		switch {
		case tag == "TY":
			if rec != nil {
				return nil, fail(rec.line, "the record starting here has no ER before the next TY on line %d", line)
			}
			if len(works) >= MaxImportEntries {
				return nil, fail(line, "more than %d records, the limit", MaxImportEntries)
			}
			rec = &risRecord{line: line, typ: value, tags: map[string][]string{}}
		case rec == nil:
			return nil, fail(line, "tag %s comes before the record's TY", tag)
		case tag == "ER":
			w := rec.work()
			if err := w.Validate(); err != nil {
				return nil, fail(rec.line, "%v", err)
			}
			textBytes += workSize(&w)
			if textBytes > MaxImportText {
				return nil, fail(rec.line, "the records hold over %d MiB of text, the limit", MaxImportText>>20)
			}
			works = append(works, w)
			rec, last = nil, ""
			continue
		default:
			if rec.count++; rec.count > 2*MaxAuthors+MaxKeywords+100 {
				return nil, fail(line, "the record starting on line %d has over %d lines, the limit", rec.line, 2*MaxAuthors+MaxKeywords+100)
			}
			rec.tags[tag] = append(rec.tags[tag], value)
		}
		last = tag
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, fail(line+1, "the line is over %d KiB, the limit", MaxImportValue>>10)
		}
		return nil, fmt.Errorf("ris: reading: %w", err)
	}
	if rec != nil {
		return nil, fail(rec.line, "the record starting here has no ER (the file ends on line %d)", line)
	}
	return works, nil
}

// risTag splits "TAG  - value" (one or two spaces before the dash; the
// value may be empty, with or without its space).
func risTag(s string) (tag, value string, ok bool) {
	if len(s) < 4 || s[0] < 'A' || s[0] > 'Z' || !(s[1] >= 'A' && s[1] <= 'Z' || s[1] >= '0' && s[1] <= '9') || s[2] != ' ' {
		return "", "", false
	}
	rest := s[3:]
	if rest[0] == ' ' {
		rest = rest[1:]
	}
	if rest == "" || rest[0] != '-' {
		return "", "", false
	}
	rest = rest[1:]
	if rest != "" && rest[0] != ' ' {
		return "", "", false
	}
	return s[:2], strings.TrimSpace(rest), true
}

func trimForError(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

type risRecord struct {
	line, count int
	typ         string
	tags        map[string][]string
}

// add continues the last value of tag with a wrapped line.
func (r *risRecord) add(tag, s string) {
	v := r.tags[tag]
	if len(v) == 0 {
		r.tags[tag] = []string{strings.TrimSpace(s)}
		return
	}
	v[len(v)-1] += " " + strings.TrimSpace(s)
}

func (r *risRecord) first(tags ...string) string {
	for _, t := range tags {
		for _, v := range r.tags[t] {
			if v = clean(v); v != "" {
				return v
			}
		}
	}
	return ""
}

var (
	reISSN = regexp.MustCompile(`^\d{4}-?\d{3}[\dXx]$`)
	reISBN = regexp.MustCompile(`^(?:97[89][- ]?)?(?:\d[- ]?){9}[\dXx]$`)
)

func (r *risRecord) work() Work {
	w := Work{Key: r.first("ID"), Title: r.first("TI", "T1", "CT", "BT")}
	switch r.typ {
	case "JOUR", "MGZN", "NEWS", "EJOUR":
		w.Kind = JournalArticle
	case "BOOK", "EBOOK", "EDBOOK", "WHOLE":
		w.Kind = Book
	case "CHAP", "ECHAP", "CONF", "CPAPER":
		w.Kind = Chapter
	case "DATA", "DBASE", "AGGR":
		w.Kind = Dataset
	default:
		w.Kind = Report
		if k, ok := kindByGenre(r.first("M3")); ok {
			w.Kind = k
		}
	}
	for _, tag := range []string{"AU", "A1"} {
		for _, a := range r.tags[tag] {
			if a = clean(a); a == "" {
				continue
			}
			if family, given, ok := strings.Cut(a, ","); ok {
				w.Authors = append(w.Authors, Person{Family: clean(family), Given: clean(given)})
			} else {
				w.Authors = append(w.Authors, Person{Family: a, Org: true})
			}
		}
	}
	w.Container = r.first("T2", "JO", "JF", "JA")
	if w.Kind == Chapter && w.Title == r.first("BT") {
		w.Container = r.first("T2")
	}
	w.Series = r.first("T3")
	for _, d := range []string{r.first("DA"), r.first("PY"), r.first("Y1")} {
		if m := reDate.FindStringSubmatch(d); m != nil {
			if w.Year == 0 {
				w.Year = atoi(m[1])
			}
			if w.Month == 0 && m[2] != "" {
				w.Month, w.Day = atoi(m[2]), max(atoi(m[3]), 0)
			}
		}
	}
	if w.Month < 1 || w.Month > 12 {
		w.Month, w.Day = 0, 0
	}
	w.Volume = r.first("VL")
	w.Issue = r.first("IS")
	if sp, ep := r.first("SP"), r.first("EP"); sp != "" {
		w.Pages = sp
		if ep != "" && !strings.ContainsAny(sp, "-–") {
			w.Pages += "-" + ep
		}
	}
	w.Edition = r.first("ET")
	w.Publisher = r.first("PB")
	w.Place = r.first("CY", "PP")
	for _, sn := range r.tags["SN"] {
		sn = clean(sn)
		switch {
		case sn == "":
		case reISSN.MatchString(sn) && w.ISSN == "":
			w.ISSN = sn
		case reISBN.MatchString(sn) && w.ISBN == "":
			w.ISBN = sn
		case w.Kind.reportLike() && w.SeriesNumber == "":
			w.SeriesNumber = sn
		}
	}
	w.DOI = bareDOI(r.first("DO"))
	w.URL = r.first("UR", "L2")
	w.Language = r.first("LA")
	w.Abstract = r.first("AB", "N2")
	for _, k := range r.tags["KW"] {
		if k = clean(k); k != "" {
			w.Keywords = append(w.Keywords, k)
		}
	}
	return w
}

package cite

import (
	"regexp"
	"strings"
)

// kindByGenre reads the genre label our writers put in BibTeX's type and
// RIS's M3 back into a kind.
func kindByGenre(s string) (Kind, bool) {
	s = strings.ToLower(clean(s))
	for k, g := range genre {
		if strings.ToLower(g) == s {
			return k, true
		}
	}
	return "", false
}

// langids are biblatex's langid values for the languages the institute
// publishes in.
var langids = map[string]string{"english": "en", "american": "en", "british": "en", "french": "fr", "francais": "fr", "spanish": "es", "spanish-mexico": "es"}

// rawUnescape reads URLs and DOIs, which carry no LaTeX: only braces and
// escaped specials are undone.
var rawUnescape = strings.NewReplacer("{", "", "}", "", `\_`, "_", `\%`, "%", `\&`, "&", `\#`, "#", `\~`, "~")

var reDate = regexp.MustCompile(`^(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?`)

// bibWork fills a Work from an entry's raw fields.
func bibWork(typ, key string, f map[string]string) Work {
	get := func(names ...string) string {
		for _, n := range names {
			if v, ok := f[n]; ok {
				if s := fromLaTeX(v); s != "" {
					return s
				}
			}
		}
		return ""
	}
	raw := func(name string) string { return clean(rawUnescape.Replace(f[name])) }
	w := Work{Key: clean(key), Title: get("title")}
	switch typ {
	case "article":
		w.Kind = JournalArticle
		w.Container = get("journal", "journaltitle")
		w.Issue = get("number", "issue")
	case "book", "mvbook":
		w.Kind = Book
	case "incollection", "inbook", "inproceedings", "conference":
		w.Kind = Chapter
		w.Container = get("booktitle")
	case "dataset":
		w.Kind = Dataset
	case "misc", "online":
		w.Kind = Report
		if strings.EqualFold(get("howpublished"), "Data set") {
			w.Kind = Dataset
		}
	default: // techreport, report, unpublished, thesis, manual, …
		w.Kind = Report
		if k, ok := kindByGenre(get("type")); ok {
			w.Kind = k
		}
	}
	if w.Kind != JournalArticle {
		w.Series = get("series")
		w.SeriesNumber = get("number")
	}
	w.Publisher = get("institution", "publisher", "organization", "school")
	w.Place = get("address", "location")
	w.Volume = get("volume")
	w.Edition = get("edition")
	if first, last := pageRange(get("pages")); first != "" {
		w.Pages = first
		if last != "" {
			w.Pages += "-" + last
		}
	}
	if m := reDate.FindStringSubmatch(get("date")); m != nil {
		w.Year, w.Month, w.Day = atoi(m[1]), max(atoi(m[2]), 0), max(atoi(m[3]), 0)
	}
	if y := atoi(get("year")); y > 0 && w.Year == 0 {
		w.Year = y
	}
	if m := monthNumber(get("month")); m > 0 && w.Month == 0 {
		w.Month = m
	}
	if w.Month == 0 {
		w.Day = 0
	}
	w.ISSN = get("issn")
	w.ISBN = get("isbn")
	w.DOI = bareDOI(raw("doi"))
	w.URL = raw("url")
	w.Language = get("language")
	if l, ok := langids[strings.ToLower(get("langid"))]; ok && w.Language == "" {
		w.Language = l
	} else if l, ok := langids[strings.ToLower(w.Language)]; ok {
		w.Language = l
	}
	w.Abstract = get("abstract")
	for _, k := range strings.FieldsFunc(get("keywords"), func(r rune) bool { return r == ',' || r == ';' }) {
		if k = clean(k); k != "" {
			w.Keywords = append(w.Keywords, k)
		}
	}
	if a, ok := f["author"]; ok {
		w.Authors = bibNames(a)
	} else if e, ok := f["editor"]; ok && w.Kind == Book {
		w.Authors = bibNames(e)
	}
	return w
}

// workSize is about how many bytes a parsed work holds, for the
// MaxImportText budget.
func workSize(w *Work) int {
	n := len(w.Key) + len(w.Title) + len(w.Publisher) + len(w.Place) + len(w.Series) + len(w.SeriesNumber) +
		len(w.ISSN) + len(w.ISBN) + len(w.Container) + len(w.Volume) + len(w.Issue) + len(w.Pages) +
		len(w.Edition) + len(w.DOI) + len(w.URL) + len(w.Language) + len(w.Licence) + len(w.Abstract) + 64
	for _, p := range w.Authors {
		n += len(p.Family) + len(p.Given) + len(p.ORCID) + 32
	}
	for _, k := range w.Keywords {
		n += len(k) + 16
	}
	return n
}

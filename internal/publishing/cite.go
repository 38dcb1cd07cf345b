package publishing

import (
	"strconv"
	"strings"

	"corridor/internal/publishing/cite"
)

// kinds maps a publication type to its citation kind.
var kinds = map[Type]cite.Kind{
	WorkingPaper: cite.WorkingPaper, PolicyBrief: cite.PolicyBrief, Report: cite.Report,
	JournalArticle: cite.JournalArticle, Book: cite.Book, Chapter: cite.Chapter, DataNote: cite.DataNote,
}

// LandingURL is the stable address of a publication (the latest version),
// or of one version when n is not 0.
func LandingURL(base string, id int64, n int) string {
	u := strings.TrimRight(base, "/") + "/publications/" + strconv.FormatInt(id, 10)
	if n != 0 {
		u += "/v/" + strconv.Itoa(n)
	}
	return u
}

// Cite is the publication as a citation: the version shown, its series
// as the series title (in lang) and number, the series' publisher as the
// institution, the landing page of the work as the URL.
func (p *Publication) Cite(base, lang string) cite.Work {
	m := &p.Meta
	w := cite.Work{
		Key:          "pub-" + strconv.FormatInt(p.ID, 10),
		Kind:         kinds[m.Type],
		Title:        m.Title(m.Language),
		Titles:       m.Titles,
		Publisher:    m.Publisher,
		Place:        m.Place,
		SeriesNumber: m.Number,
		ISBN:         m.ISBN,
		Container:    m.Container,
		Volume:       m.Volume,
		Issue:        m.Issue,
		Pages:        m.Pages,
		Edition:      m.Edition,
		DOI:          m.DOI,
		URL:          LandingURL(base, p.ID, 0),
		Language:     m.Language,
		Licence:      m.Licence,
		Abstract:     m.Abstract(lang),
		Keywords:     m.Keywords,
	}
	if p.Series != nil {
		w.Series = p.Series.Title(lang)
		w.ISSN = p.Series.ISSN
		if w.Publisher == "" {
			w.Publisher = p.Series.Publisher
		}
	}
	for _, a := range m.Authors {
		w.Authors = append(w.Authors, cite.Person{Family: a.Family, Given: a.Given, ORCID: a.ORCID})
	}
	parts := strings.Split(m.Date, "-")
	if len(parts) > 0 {
		w.Year, _ = strconv.Atoi(parts[0])
	}
	if len(parts) > 1 {
		w.Month, _ = strconv.Atoi(parts[1])
	}
	if len(parts) > 2 {
		w.Day, _ = strconv.Atoi(parts[2])
	}
	return w
}

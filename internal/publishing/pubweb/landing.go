package pubweb

import (
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/geo"
	"corridor/internal/links"
	"corridor/internal/publishing"
	"corridor/internal/publishing/cite"
	"corridor/internal/web"
)

type metaTag struct{ Name, Content string }

type fileView struct {
	publishing.File
	URL      string
	Readable bool
}

type landingView struct {
	P           *publishing.Publication
	Lang        string
	Title       string
	Abstract    string
	SeriesTitle string
	Countries   []string
	Files       []fileView
	MetaTags    []metaTag
	JSONLD      template.JS
	APA         template.HTML
	Chicago     template.HTML
	Links       []linkGroup
	CanEdit     bool
	Base        string
	Today       string
	Relations   []string
}

func (h *Handler) landing(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	n := 0
	if r.PathValue("n") != "" {
		if n, err = strconv.Atoi(r.PathValue("n")); err != nil || n <= 0 {
			return notFound()
		}
	}
	p, err := h.Svc.Get(r.Context(), id, n)
	if errors.Is(err, publishing.ErrGone) {
		w.WriteHeader(http.StatusGone)
	}
	if err != nil {
		return err
	}
	v, err := h.landingView(r, p)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "pub_landing", web.Page{Title: v.Title, Data: v})
	return nil
}

func (h *Handler) landingView(r *http.Request, p *publishing.Publication) (*landingView, error) {
	l := lang(r)
	m := &p.Meta
	today := h.Svc.Now().Format("2006-01-02")
	v := &landingView{P: p, Lang: l, Title: m.Title(l), Abstract: m.Abstract(l), CanEdit: canEdit(r), Base: h.base(), Today: today, Relations: publishing.LinkRelations}
	if p.Series != nil {
		v.SeriesTitle = p.Series.Title(l)
	}
	for _, c := range m.Countries {
		if cc, ok := geo.ByCode(c); ok {
			v.Countries = append(v.Countries, cc.Name)
		}
	}
	aud := audience(r)
	for _, f := range p.Files {
		v.Files = append(v.Files, fileView{File: f, Readable: f.ReadableBy(aud, today),
			URL: "/publications/" + strconv.FormatInt(p.ID, 10) + "/files/" + strconv.FormatInt(f.ID, 10)})
	}
	w := p.Cite(h.base(), l)
	if s, err := cite.FormatHTML(cite.APA, w, l); err == nil {
		v.APA = template.HTML(s) // cite escapes every piece of data
	}
	if s, err := cite.FormatHTML(cite.Chicago, w, l); err == nil {
		v.Chicago = template.HTML(s)
	}
	v.MetaTags = h.highwire(p, v.Files, today)
	ld, err := jsonLD(p, h.base(), v.Files)
	if err != nil {
		return nil, err
	}
	v.JSONLD = ld
	if h.Hooks.Links != nil {
		g, err := h.Hooks.Links.From(r.Context(), publishing.PublicationKey(p.ID), reader(r))
		if err != nil {
			return nil, err
		}
		for _, gr := range g.Groups {
			lg := linkGroup{Label: gr.Label}
			for _, e := range gr.Entries {
				lg.Entries = append(lg.Entries, linkView{ID: e.ID, Title: e.To.Title, URL: e.To.URL, Article: e.Article, ArticleLabel: links.PartLabel(e.Article), Note: e.Note})
			}
			v.Links = append(v.Links, lg)
		}
	}
	return v, nil
}

func (h *Handler) base() string { return strings.TrimRight(h.Hooks.BaseURL, "/") }

// highwire are the Highwire Press citation_* tags Google Scholar and
// reference managers read (scholar.google.com/intl/en/scholar/inclusion.html).
// A PDF is named only when it is open to anyone today.
func (h *Handler) highwire(p *publishing.Publication, files []fileView, today string) []metaTag {
	m := &p.Meta
	tags := []metaTag{{"citation_title", m.Title(m.Language)}}
	for _, a := range m.Authors {
		name := a.Family
		if a.Given != "" {
			name += ", " + a.Given
		}
		tags = append(tags, metaTag{"citation_author", name})
		if a.Affiliation != "" {
			tags = append(tags, metaTag{"citation_author_institution", a.Affiliation})
		}
		if a.ORCID != "" {
			tags = append(tags, metaTag{"citation_author_orcid", "https://orcid.org/" + a.ORCID})
		}
	}
	tags = append(tags, metaTag{"citation_publication_date", strings.ReplaceAll(m.Date, "-", "/")})
	if m.Language != "" {
		tags = append(tags, metaTag{"citation_language", m.Language})
	}
	if len(m.Keywords) > 0 {
		tags = append(tags, metaTag{"citation_keywords", strings.Join(m.Keywords, "; ")})
	}
	if abs := m.Abstract(m.Language); abs != "" {
		tags = append(tags, metaTag{"citation_abstract", abs})
	}
	switch m.Type {
	case publishing.JournalArticle:
		tags = append(tags, metaTag{"citation_journal_title", m.Container})
		if m.Volume != "" {
			tags = append(tags, metaTag{"citation_volume", m.Volume})
		}
		if m.Issue != "" {
			tags = append(tags, metaTag{"citation_issue", m.Issue})
		}
	case publishing.Chapter:
		tags = append(tags, metaTag{"citation_inbook_title", m.Container})
	case publishing.Book:
	default:
		inst := m.Publisher
		if inst == "" && p.Series != nil {
			inst = p.Series.Publisher
		}
		if inst != "" {
			tags = append(tags, metaTag{"citation_technical_report_institution", inst})
		}
		if m.Number != "" {
			tags = append(tags, metaTag{"citation_technical_report_number", m.Number})
		}
	}
	if p.Series != nil {
		tags = append(tags, metaTag{"citation_series_title", p.Series.Title(m.Language)})
		if p.Series.ISSN != "" {
			tags = append(tags, metaTag{"citation_issn", p.Series.ISSN})
		}
	}
	if m.ISBN != "" {
		tags = append(tags, metaTag{"citation_isbn", m.ISBN})
	}
	if m.DOI != "" {
		tags = append(tags, metaTag{"citation_doi", m.DOI})
	}
	pub := m.Publisher
	if pub == "" && p.Series != nil {
		pub = p.Series.Publisher
	}
	if pub != "" {
		tags = append(tags, metaTag{"citation_publisher", pub})
	}
	tags = append(tags, metaTag{"citation_abstract_html_url", publishing.LandingURL(h.base(), p.ID, 0)})
	for _, f := range files {
		if f.ContentType == "application/pdf" && f.OpenOn(today) {
			tags = append(tags, metaTag{"citation_pdf_url", h.base() + f.URL})
			break
		}
	}
	return tags
}

// jsonLD is the schema.org description of the publication. json.Marshal
// escapes <, > and & (and U+2028/9), so no data can close the script
// element it is written in.
func jsonLD(p *publishing.Publication, base string, files []fileView) (template.JS, error) {
	m := &p.Meta
	typ := "Report"
	switch m.Type {
	case publishing.JournalArticle:
		typ = "ScholarlyArticle"
	case publishing.Book:
		typ = "Book"
	case publishing.Chapter:
		typ = "Chapter"
	}
	doc := map[string]any{
		"@context":      "https://schema.org",
		"@type":         typ,
		"@id":           publishing.LandingURL(base, p.ID, 0),
		"url":           publishing.LandingURL(base, p.ID, 0),
		"name":          m.Title(m.Language),
		"headline":      m.Title(m.Language),
		"datePublished": m.Date,
		"inLanguage":    m.Language,
		"version":       strconv.Itoa(p.Version),
	}
	if abs := m.Abstract(m.Language); abs != "" {
		doc["abstract"] = abs
	}
	if len(m.Keywords) > 0 {
		doc["keywords"] = strings.Join(m.Keywords, ", ")
	}
	if m.Licence != "" {
		doc["license"] = publishing.LicenceURL(m.Licence)
	}
	var authors []map[string]any
	for _, a := range m.Authors {
		au := map[string]any{"@type": "Person", "name": a.Name(), "familyName": a.Family}
		if a.Given != "" {
			au["givenName"] = a.Given
		}
		if a.ORCID != "" {
			au["sameAs"] = "https://orcid.org/" + a.ORCID
		}
		if a.Affiliation != "" {
			org := map[string]any{"@type": "Organization", "name": a.Affiliation}
			if a.ROR != "" {
				org["sameAs"] = "https://ror.org/" + a.ROR
			}
			au["affiliation"] = org
		}
		authors = append(authors, au)
	}
	if authors != nil {
		doc["author"] = authors
	}
	if p.Series != nil {
		s := map[string]any{"@type": "CreativeWorkSeries", "name": p.Series.Title(m.Language), "url": base + "/series/" + strconv.FormatInt(p.Series.ID, 10)}
		if p.Series.ISSN != "" {
			s["issn"] = p.Series.ISSN
		}
		doc["isPartOf"] = s
		if m.Number != "" {
			doc["reportNumber"] = m.Number
		}
		if p.Series.Publisher != "" {
			doc["publisher"] = map[string]any{"@type": "Organization", "name": p.Series.Publisher}
		}
	}
	if m.DOI != "" {
		doc["identifier"] = "https://doi.org/" + m.DOI
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return template.JS(b), nil
}

type linkGroup struct {
	Label   string // catalog key of the relation
	Entries []linkView
}

type linkView struct {
	ID               int64
	Title, URL, Note string
	Article          string // the eId, for the anchor
	ArticleLabel     string // "Art. 33"
}

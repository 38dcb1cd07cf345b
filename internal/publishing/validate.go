package publishing

import (
	"corridor/internal/ident"
	"regexp"
	"strings"
	"unicode/utf8"

	"corridor/internal/errs"
	"corridor/internal/geo"
)

// Limits on one version's metadata, so one bad record cannot grow without
// bound; a record over them is refused naming the field.
const (
	MaxTitle     = 1000
	MaxAbstract  = 20000
	MaxAuthors   = 200
	MaxKeywords  = 50
	MaxField     = 500
	MaxTextBytes = 200 << 10 // PDF text kept for search, per file
)

// Licences are the SPDX licence ids a publication may carry: the Creative
// Commons family (with the IGO ports international organisations use), the
// public-domain dedications and the common open data and software licences.
// Ids are from the SPDX License List (spdx.org/licenses).
var Licences = []string{
	"CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC-BY-ND-4.0", "CC-BY-NC-ND-4.0",
	"CC-BY-3.0", "CC-BY-3.0-IGO", "CC-BY-NC-SA-3.0-IGO", "CC-BY-NC-ND-3.0-IGO", "CC-BY-SA-3.0-IGO",
	"CC0-1.0", "PDDL-1.0", "ODbL-1.0", "ODC-By-1.0", "MIT", "Apache-2.0", "GPL-3.0-or-later",
}

func validLicence(id string) bool {
	for _, l := range Licences {
		if l == id {
			return true
		}
	}
	return false
}

var (
	dateForm = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)
	issnForm = regexp.MustCompile(`^\d{4}-\d{3}[\dX]$`)
	doiForm  = regexp.MustCompile(`^10\.\d{4,9}/\S+$`)
	langForm = regexp.MustCompile(`^[a-z]{2,3}$`)
	slugForm = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
)

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// printable refuses control characters other than tab and newline.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

// clean trims the metadata and checks it, naming every wrong field
// ("authors.2.orcid", "countries") with a catalog key.
func (m *Meta) clean() error {
	bad := errs.Fields{}
	m.Type = Type(strings.TrimSpace(string(m.Type)))
	if !m.Type.valid() {
		bad.Add("type", "pub.error.type")
	}
	titles := map[string]string{}
	for l, t := range m.Titles {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !langForm.MatchString(l) {
			bad.Add("title_"+l, "pub.error.language")
		} else if tooLong(t, MaxTitle) || !printable(t) {
			bad.Add("title_"+l, "pub.error.title_long")
		}
		titles[l] = t
	}
	m.Titles = titles
	if len(titles) == 0 {
		bad.Add("title_en", "pub.error.title_required")
	}
	abstracts := map[string]string{}
	for l, t := range m.Abstracts {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !langForm.MatchString(l) {
			bad.Add("abstract_"+l, "pub.error.language")
		} else if tooLong(t, MaxAbstract) || !printable(t) {
			bad.Add("abstract_"+l, "pub.error.abstract_long")
		}
		abstracts[l] = t
	}
	m.Abstracts = abstracts
	if len(m.Authors) > MaxAuthors {
		bad.Add("authors", "pub.error.authors_many")
	}
	var authors []Author
	for i, a := range m.Authors {
		f := "authors." + itoa(i+1) + "."
		a.Family, a.Given = strings.TrimSpace(a.Family), strings.TrimSpace(a.Given)
		a.Affiliation = strings.TrimSpace(a.Affiliation)
		if a.Family == "" && a.Given == "" {
			continue
		}
		if a.Family == "" {
			a.Family, a.Given = a.Given, ""
		}
		if tooLong(a.Family+a.Given+a.Affiliation, MaxField) || !printable(a.Family+a.Given+a.Affiliation) {
			bad.Add(f+"name", "pub.error.field_long")
		}
		if a.ORCID != "" {
			if a.ORCID = ident.ORCID(a.ORCID); a.ORCID == "" {
				bad.Add(f+"orcid", "pub.error.orcid")
			}
		}
		if a.ROR != "" {
			if a.ROR = ident.ROR(a.ROR); a.ROR == "" {
				bad.Add(f+"ror", "pub.error.ror")
			}
		}
		authors = append(authors, a)
	}
	m.Authors = authors
	m.Number = strings.TrimSpace(m.Number)
	m.Date = strings.TrimSpace(m.Date)
	if !dateForm.MatchString(m.Date) {
		bad.Add("date", "pub.error.date")
	}
	m.Language = strings.ToLower(strings.TrimSpace(m.Language))
	if !langForm.MatchString(m.Language) {
		bad.Add("language", "pub.error.language")
	}
	m.Licence = strings.TrimSpace(m.Licence)
	if m.Licence != "" && !validLicence(m.Licence) {
		bad.Add("licence", "pub.error.licence")
	}
	m.Keywords = cleanList(m.Keywords, bad, "keywords", false)
	m.Topics = cleanList(m.Topics, bad, "topics", true)
	var countries []string
	for _, c := range cleanList(m.Countries, bad, "countries", false) {
		cc, ok := geo.ByCode(c)
		if !ok || len(c) != 3 || cc.Historical {
			bad.Add("countries", "pub.error.country")
			continue
		}
		countries = append(countries, cc.Alpha3)
	}
	m.Countries = countries
	for name, v := range map[string]*string{"publisher": &m.Publisher, "place": &m.Place, "container": &m.Container,
		"volume": &m.Volume, "issue": &m.Issue, "pages": &m.Pages, "isbn": &m.ISBN, "edition": &m.Edition, "number": &m.Number} {
		*v = strings.TrimSpace(*v)
		if tooLong(*v, MaxField) || !printable(*v) {
			bad.Add(name, "pub.error.field_long")
		}
	}
	m.DOI = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(m.DOI), "https://doi.org/"), "doi:"))
	if m.DOI != "" && (!doiForm.MatchString(m.DOI) || tooLong(m.DOI, MaxField)) {
		bad.Add("doi", "pub.error.doi")
	}
	if (m.Type == JournalArticle || m.Type == Chapter) && m.Container == "" {
		bad.Add("container", "pub.error.container_required")
	}
	return bad.Err()
}

// cleanList trims a list, drops blanks and duplicates and checks its size;
// slugs (topics) must be lower-case words joined by hyphens.
func cleanList(in []string, bad errs.Fields, field string, slug bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.TrimSpace(s)
		if slug {
			s = strings.ToLower(s)
		}
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		if tooLong(s, 100) || !printable(s) || strings.Contains(s, ",") || slug && !slugForm.MatchString(s) {
			bad.Add(field, "pub.error."+field)
		}
		out = append(out, s)
	}
	if len(out) > MaxKeywords {
		bad.Add(field, "pub.error.list_long")
	}
	return out
}

func (s *Series) clean() error {
	bad := errs.Fields{}
	titles := map[string]string{}
	for l, t := range s.Titles {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !langForm.MatchString(l) || tooLong(t, MaxTitle) || !printable(t) {
			bad.Add("title_"+l, "pub.error.title_long")
		}
		titles[l] = t
	}
	s.Titles = titles
	if len(titles) == 0 {
		bad.Add("title_en", "pub.error.title_required")
	}
	s.ISSN = strings.ToUpper(strings.TrimSpace(s.ISSN))
	if s.ISSN != "" && !validISSN(s.ISSN) {
		bad.Add("issn", "pub.error.issn")
	}
	s.Publisher, s.Description = strings.TrimSpace(s.Publisher), strings.TrimSpace(s.Description)
	if tooLong(s.Publisher, MaxField) || !printable(s.Publisher) {
		bad.Add("publisher", "pub.error.field_long")
	}
	if tooLong(s.Description, MaxAbstract) || !printable(s.Description) {
		bad.Add("description", "pub.error.abstract_long")
	}
	return bad.Err()
}

// validISSN checks an ISSN's form and its mod-11 check digit.
func validISSN(s string) bool {
	if !issnForm.MatchString(s) {
		return false
	}
	d := strings.ReplaceAll(s, "-", "")
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(d[i]-'0') * (8 - i)
	}
	c := (11 - sum%11) % 11
	want := byte('0' + c)
	if c == 10 {
		want = 'X'
	}
	return d[7] == want
}

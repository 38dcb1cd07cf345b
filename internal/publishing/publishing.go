// Package publishing is the research publishing repository: series,
// publications as a work with numbered versions (one id for the work, one
// per version, as Zenodo does), their files with an access level, full-text
// search over the metadata and the PDFs' text, the publications as
// citations (cite.Work), as an OAI-PMH repository (oai.Repository) and as
// things of the typed links. It returns data, never HTML or HTTP; its pages
// and API are in pubweb.
package publishing

import (
	"time"
)

// Type is what sort of publication a work is.
type Type string

// The publication types.
const (
	WorkingPaper   Type = "working-paper"
	PolicyBrief    Type = "policy-brief"
	Report         Type = "report"
	JournalArticle Type = "journal-article"
	Book           Type = "book"
	Chapter        Type = "chapter"
	DataNote       Type = "data-note"
)

// Types lists the publication types in display order.
var Types = []Type{WorkingPaper, PolicyBrief, Report, JournalArticle, Book, Chapter, DataNote}

func (t Type) valid() bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// Languages are the languages a title and an abstract may be given in.
var Languages = []string{"en", "fr", "es"}

// Access is who may read a file.
type Access string

// The access levels of a file.
const (
	Open       Access = "open"       // anyone
	Embargoed  Access = "embargoed"  // editors until EmbargoUntil, then anyone
	Restricted Access = "restricted" // signed-in users
)

// Audience is what a reader may read: the public, any signed-in user
// (member), or an editor of publications (everything).
type Audience string

// The audiences, least first.
const (
	Public  Audience = "public"
	Member  Audience = "member"
	Editors Audience = "editor"
)

// Audiences lists every audience, least first.
var Audiences = []Audience{Public, Member, Editors}

// Series is a numbered series of publications.
type Series struct {
	ID          int64             `json:"id"`
	Titles      map[string]string `json:"titles"`
	ISSN        string            `json:"issn,omitempty"`
	Publisher   string            `json:"publisher,omitempty"`
	Description string            `json:"description,omitempty"`
	Sample      bool              `json:"sample,omitempty"`
	Revision    int64             `json:"revision"`
	UpdatedAt   int64             `json:"updated_at"`
}

// Title is the series' title in lang, else in English, else any.
func (s *Series) Title(lang string) string { return pick(s.Titles, lang) }

// Author is one author of a publication, in order.
type Author struct {
	Family        string `json:"family"`
	Given         string `json:"given,omitempty"`
	ORCID         string `json:"orcid,omitempty"`
	Affiliation   string `json:"affiliation,omitempty"`
	ROR           string `json:"ror,omitempty"` // e.g. "https://ror.org/05mfk0n09" or "05mfk0n09"
	Corresponding bool   `json:"corresponding,omitempty"`
}

// Name is the author's name as written: given then family.
func (a Author) Name() string {
	if a.Given == "" {
		return a.Family
	}
	return a.Given + " " + a.Family
}

// Meta is one version's metadata, stored as one JSON document.
type Meta struct {
	Type      Type              `json:"type"`
	Titles    map[string]string `json:"titles"`
	Abstracts map[string]string `json:"abstracts,omitempty"`
	Authors   []Author          `json:"authors"`
	SeriesID  int64             `json:"series_id,omitempty"`
	Number    string            `json:"number,omitempty"` // number in the series
	Date      string            `json:"date"`             // YYYY, YYYY-MM or YYYY-MM-DD
	Language  string            `json:"language"`
	Licence   string            `json:"licence,omitempty"` // SPDX id
	Keywords  []string          `json:"keywords,omitempty"`
	Topics    []string          `json:"topics,omitempty"`
	Countries []string          `json:"countries,omitempty"` // ISO 3166 alpha-3
	Publisher string            `json:"publisher,omitempty"`
	Place     string            `json:"place,omitempty"`
	// Container: the journal of an article, the book of a chapter.
	Container string `json:"container,omitempty"`
	Volume    string `json:"volume,omitempty"`
	Issue     string `json:"issue,omitempty"`
	Pages     string `json:"pages,omitempty"`
	ISBN      string `json:"isbn,omitempty"`
	Edition   string `json:"edition,omitempty"`
	// DOI is stored when one exists; Corridor does not mint DOIs.
	DOI    string `json:"doi,omitempty"`
	Sample bool   `json:"sample,omitempty"`
}

// Title is the title in lang, else in the publication's language, else
// in English, else any.
func (m *Meta) Title(lang string) string {
	if t := m.Titles[lang]; t != "" {
		return t
	}
	if t := m.Titles[m.Language]; t != "" {
		return t
	}
	return pick(m.Titles, lang)
}

// Abstract is the abstract in lang, with the same fallbacks as Title.
func (m *Meta) Abstract(lang string) string {
	if t := m.Abstracts[lang]; t != "" {
		return t
	}
	if t := m.Abstracts[m.Language]; t != "" {
		return t
	}
	return pick(m.Abstracts, lang)
}

// Year is the year of Date, 0 when unknown.
func (m *Meta) Year() int {
	if len(m.Date) < 4 {
		return 0
	}
	y := 0
	for _, c := range m.Date[:4] {
		y = y*10 + int(c-'0')
	}
	return y
}

func pick(m map[string]string, lang string) string {
	if t := m[lang]; t != "" {
		return t
	}
	for _, l := range Languages {
		if t := m[l]; t != "" {
			return t
		}
	}
	for _, t := range m {
		if t != "" {
			return t
		}
	}
	return ""
}

// Publication is a work as a reader sees it: the version asked for (the
// latest unless a version was named) with its files and the list of
// versions.
type Publication struct {
	ID           int64     `json:"id"`
	Version      int       `json:"version"`
	Latest       int       `json:"latest"`
	Meta         Meta      `json:"metadata"`
	Series       *Series   `json:"series,omitempty"`
	Files        []File    `json:"files"`
	Versions     []Version `json:"versions"`
	SubmissionID int64     `json:"submission_id,omitempty"`
	Datestamp    time.Time `json:"datestamp"`
	Deleted      bool      `json:"deleted,omitempty"`
	Revision     int64     `json:"revision"`
}

// Version is one entry of a work's list of versions.
type Version struct {
	N         int    `json:"n"`
	Note      string `json:"note,omitempty"`
	CreatedAt int64  `json:"created_at"`
}

// File is a file of a version.
type File struct {
	ID           int64  `json:"id"`
	Version      int    `json:"version"`
	Name         string `json:"name"`
	ContentType  string `json:"content_type"`
	Size         int64  `json:"size"`
	Access       Access `json:"access"`
	EmbargoUntil string `json:"embargo_until,omitempty"`
	// TextStatus is how the text extraction for search went: none (not a
	// PDF), pending, done or failed (TextError says why).
	TextStatus string `json:"text_status"`
	TextError  string `json:"text_error,omitempty"`
	BlobKey    string `json:"-"`
	CreatedAt  int64  `json:"created_at"`
}

// OpenOn reports whether the file is open to anyone on day (YYYY-MM-DD).
func (f *File) OpenOn(day string) bool {
	switch f.Access {
	case Open:
		return true
	case Embargoed:
		return f.EmbargoUntil != "" && f.EmbargoUntil <= day
	}
	return false
}

// ReadableBy reports whether audience a may read the file on day.
func (f *File) ReadableBy(a Audience, day string) bool {
	switch {
	case a == Editors:
		return true
	case f.OpenOn(day):
		return true
	case f.Access == Restricted:
		return a == Member
	}
	return false
}

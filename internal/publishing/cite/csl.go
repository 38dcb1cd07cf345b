package cite

import (
	"bufio"
	"encoding/json"
	"io"
	"strings"
)

// CSLWriter writes works as a CSL-JSON array, one item at a time.
type CSLWriter struct {
	w     *bufio.Writer
	keys  keys
	count int
}

// NewCSLWriter starts a CSL-JSON export to w. Close ends the array.
func NewCSLWriter(w io.Writer) *CSLWriter { return &CSLWriter{w: bufio.NewWriter(w)} }

// CSLJSON writes works to w as one CSL-JSON array.
func CSLJSON(w io.Writer, works ...Work) error {
	cw := NewCSLWriter(w)
	for i := range works {
		if err := cw.Write(&works[i]); err != nil {
			return err
		}
	}
	return cw.Close()
}

var cslType = map[Kind]string{
	WorkingPaper: "report", PolicyBrief: "report", Report: "report", DataNote: "report",
	JournalArticle: "article-journal", Book: "book", Chapter: "chapter", Dataset: "dataset",
}

type cslName struct {
	Family  string `json:"family,omitempty"`
	Given   string `json:"given,omitempty"`
	Literal string `json:"literal,omitempty"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

// cslItem follows the CSL-JSON schema (csl-data.json); field names are
// the schema's.
type cslItem struct {
	ID               string    `json:"id"`
	Type             string    `json:"type"`
	Title            string    `json:"title"`
	Author           []cslName `json:"author,omitempty"`
	Issued           *cslDate  `json:"issued,omitempty"`
	ContainerTitle   string    `json:"container-title,omitempty"`
	CollectionTitle  string    `json:"collection-title,omitempty"`
	CollectionNumber string    `json:"collection-number,omitempty"`
	Number           string    `json:"number,omitempty"`
	Genre            string    `json:"genre,omitempty"`
	Publisher        string    `json:"publisher,omitempty"`
	PublisherPlace   string    `json:"publisher-place,omitempty"`
	Volume           string    `json:"volume,omitempty"`
	Issue            string    `json:"issue,omitempty"`
	Page             string    `json:"page,omitempty"`
	Edition          string    `json:"edition,omitempty"`
	DOI              string    `json:"DOI,omitempty"`
	URL              string    `json:"URL,omitempty"`
	ISSN             string    `json:"ISSN,omitempty"`
	ISBN             string    `json:"ISBN,omitempty"`
	Language         string    `json:"language,omitempty"`
	License          string    `json:"license,omitempty"`
	Abstract         string    `json:"abstract,omitempty"`
	Keyword          string    `json:"keyword,omitempty"`
}

// Write adds one item to the array; a work that fails Validate is refused.
func (c *CSLWriter) Write(w *Work) error {
	if err := w.Validate(); err != nil {
		return err
	}
	item := cslItem{
		ID:               c.keys.next(w),
		Type:             cslType[w.Kind],
		Title:            clean(w.Title),
		ContainerTitle:   clean(w.Container),
		CollectionTitle:  clean(w.Series),
		CollectionNumber: clean(w.SeriesNumber),
		Genre:            genre[w.Kind],
		Publisher:        clean(w.Publisher),
		PublisherPlace:   clean(w.Place),
		Volume:           clean(w.Volume),
		Issue:            clean(w.Issue),
		Edition:          clean(w.Edition),
		DOI:              bareDOI(w.DOI),
		URL:              clean(w.URL),
		ISSN:             clean(w.ISSN),
		ISBN:             clean(w.ISBN),
		Language:         clean(w.Language),
		License:          clean(w.Licence),
		Abstract:         clean(w.Abstract),
	}
	if item.CollectionTitle == "" {
		// A numbered paper outside a series: its number is the report
		// number, "(Working Paper No. 12)". In a series the number stays
		// the series' alone; setting both makes citeproc's APA print it
		// twice ("Working Paper No. 12; Migration Research Series 12").
		item.Number, item.CollectionNumber = item.CollectionNumber, ""
	}
	if first, last := pageRange(w.Pages); last != "" {
		item.Page = first + "-" + last
	} else {
		item.Page = first
	}
	for _, p := range w.Authors {
		if p.Org || clean(p.Given) == "" {
			item.Author = append(item.Author, cslName{Literal: clean(p.Family + " " + p.Given)})
		} else {
			item.Author = append(item.Author, cslName{Family: clean(p.Family), Given: clean(p.Given)})
		}
	}
	if w.Year > 0 {
		parts := []int{w.Year}
		if w.Month > 0 {
			parts = append(parts, w.Month)
			if w.Day > 0 {
				parts = append(parts, w.Day)
			}
		}
		item.Issued = &cslDate{DateParts: [][]int{parts}}
	}
	kw := make([]string, 0, len(w.Keywords))
	for _, k := range w.Keywords {
		if k = clean(k); k != "" {
			kw = append(kw, k)
		}
	}
	item.Keyword = strings.Join(kw, ", ")

	data, err := json.Marshal(item)
	if err != nil {
		return err
	}
	sep := ",\n"
	if c.count == 0 {
		sep = "[\n"
	}
	c.count++
	c.w.WriteString(sep)
	_, err = c.w.Write(data)
	return err
}

// Close ends the array ("[]" when nothing was written) and flushes.
func (c *CSLWriter) Close() error {
	if c.count == 0 {
		c.w.WriteString("[")
	}
	c.w.WriteString("\n]\n")
	return c.w.Flush()
}

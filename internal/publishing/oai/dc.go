package oai

import (
	"regexp"
)

// Value is one Dublin Core value. Lang is a BCP 47 tag (written as xml:lang)
// when the value is in a natural language, "" when it is not (a URL, a date).
type Value struct {
	Text string
	Lang string
}

// DC is a record's unqualified Dublin Core (DCMES 1.1): all fifteen elements
// are optional and repeatable.
type DC struct {
	Title       []Value
	Creator     []Value
	Subject     []Value
	Description []Value
	Publisher   []Value
	Contributor []Value
	Date        []Value
	Type        []Value
	Format      []Value
	Identifier  []Value
	Source      []Value
	Language    []Value
	Relation    []Value
	Coverage    []Value
	Rights      []Value
}

const (
	prefixOAIDC    = "oai_dc"
	namespaceOAIDC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
	schemaOAIDC    = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
	namespaceDC    = "http://purl.org/dc/elements/1.1/"
)

// xmlLanguage is the lexical space of xs:language, the type of xml:lang.
var xmlLanguage = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)

// writeDC writes <oai_dc:dc> in the spec's element order. A language tag
// that is not a valid xs:language is left out rather than making the whole
// response invalid.
func writeDC(w *xmlWriter, dc DC) {
	w.raw(`<oai_dc:dc xmlns:oai_dc="` + namespaceOAIDC + `" xmlns:dc="` + namespaceDC +
		`" xsi:schemaLocation="` + namespaceOAIDC + ` ` + schemaOAIDC + `">`)
	for _, el := range []struct {
		name   string
		values []Value
	}{
		{"title", dc.Title}, {"creator", dc.Creator}, {"subject", dc.Subject},
		{"description", dc.Description}, {"publisher", dc.Publisher},
		{"contributor", dc.Contributor}, {"date", dc.Date}, {"type", dc.Type},
		{"format", dc.Format}, {"identifier", dc.Identifier}, {"source", dc.Source},
		{"language", dc.Language}, {"relation", dc.Relation}, {"coverage", dc.Coverage},
		{"rights", dc.Rights},
	} {
		for _, v := range el.values {
			w.raw("<dc:" + el.name)
			if v.Lang != "" && xmlLanguage.MatchString(v.Lang) {
				w.attr("xml:lang", v.Lang)
			}
			w.raw(">")
			w.text(v.Text)
			w.raw("</dc:" + el.name + ">")
		}
	}
	w.raw(`</oai_dc:dc>`)
}

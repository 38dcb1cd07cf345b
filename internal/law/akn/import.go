// Package akn reads and writes Akoma Ntoso 3.0 (OASIS LegalDocML) XML for
// the structured legal text model of package lawtext.
//
// Import parses any AKN 3.0 document type (act, bill, doc, statement, …)
// into a lawtext.Document and keeps the original bytes: exporting a document
// that was not changed since import returns those bytes unchanged, so an
// import/export cycle is lossless (the model itself keeps only structure and
// plain text). Export otherwise writes a fresh document that validates
// against the OASIS akomantoso30.xsd.
package akn

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"corridor/internal/law/lawtext"
)

// Namespace is the Akoma Ntoso 3.0 XML namespace.
const Namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

// MaxImportSize bounds the input Import reads.
const MaxImportSize = 64 << 20

// Error classes, for errors.Is.
var (
	ErrInvalidXML   = errors.New("invalid XML")
	ErrNotAKN       = errors.New("not an Akoma Ntoso 3.0 document")
	ErrDuplicateEID = errors.New("duplicate eId")
	ErrTooLarge     = errors.New("document too large")
)

// ImportError is an import failure with the input line where it was found
// (0 when unknown).
type ImportError struct {
	Line int
	Kind error // one of the Err* values
	Msg  string
}

func (e *ImportError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("akn: line %d: %v: %s", e.Line, e.Kind, e.Msg)
	}
	return fmt.Sprintf("akn: %v: %s", e.Kind, e.Msg)
}

// Unwrap lets errors.Is match the error class.
func (e *ImportError) Unwrap() error { return e.Kind }

// hierarchical lists the Akoma Ntoso elements that become lawtext nodes.
var hierarchical = map[string]bool{
	"alinea": true, "article": true, "book": true, "chapter": true, "clause": true, "division": true,
	"indent": true, "level": true, "paragraph": true, "part": true, "point": true, "proviso": true,
	"rule": true, "section": true, "subchapter": true, "subclause": true, "subdivision": true,
	"subparagraph": true, "subpart": true, "subrule": true, "subsection": true, "subtitle": true,
	"title": true, "tome": true, "transitional": true, "hcontainer": true,
}

// transparent elements: their children belong to the enclosing node.
var transparent = map[string]bool{"list": true, "sublist": true, "blockList": true}

// block elements collect one line of text each.
var blockElems = map[string]bool{
	"p": true, "block": true, "item": true, "li": true, "td": true, "th": true, "tblock": true,
	"longTitle": true, "formula": true, "listIntroduction": true, "listWrapUp": true,
}

// docTypes are the Akoma Ntoso document type elements.
var docTypes = map[string]bool{
	"act": true, "bill": true, "doc": true, "statement": true, "debateReport": true, "debate": true,
	"judgment": true, "amendment": true, "amendmentList": true, "officialGazette": true,
	"documentCollection": true, "portion": true,
}

type frame struct {
	name  string
	node  *lawtext.Node    // set for hierarchical elements, preamble, conclusions, annexes
	sink  *strings.Builder // collects character data
	apply func(text string)
}

type importer struct {
	doc          *lawtext.Document
	stack        []frame
	inMeta       int // depth inside the main document's meta
	attach       int // depth of attachments/components being read
	frbr         string
	titleAlias   string
	prefaceTitle string
	eids         map[string]int // eId → line of first use
	dec          *xml.Decoder
	docSeen      bool
}

// Import parses an Akoma Ntoso 3.0 document. It rejects input that is not
// well-formed XML, whose root is not <akomaNtoso> in the AKN 3.0 namespace,
// that has no document type element, or that uses an eId twice; errors are
// *ImportError values carrying the line. It returns the document (with
// Source set to the original bytes) and those bytes.
func Import(r io.Reader) (*lawtext.Document, []byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxImportSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("akn: reading: %w", err)
	}
	if len(raw) > MaxImportSize {
		return nil, nil, &ImportError{Kind: ErrTooLarge, Msg: fmt.Sprintf("more than %d bytes", MaxImportSize)}
	}
	doc, err := parse(raw)
	if err != nil {
		return nil, nil, err
	}
	doc.Source = &lawtext.Source{Format: "akn", Bytes: raw, Fingerprint: doc.Fingerprint()}
	return doc, raw, nil
}

func parse(raw []byte) (*lawtext.Document, error) {
	im := &importer{doc: &lawtext.Document{}, eids: map[string]int{}}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = true
	im.dec = dec
	depth := 0
	rootDone := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
				return nil, &ImportError{Line: line, Kind: ErrInvalidXML, Msg: se.Msg}
			}
			return nil, &ImportError{Line: line, Kind: ErrInvalidXML, Msg: err.Error()}
		}
		line, _ := dec.InputPos()
		switch t := tok.(type) {
		case xml.StartElement:
			if rootDone {
				return nil, &ImportError{Line: line, Kind: ErrInvalidXML, Msg: "content after the root element"}
			}
			if depth == 0 {
				if t.Name.Local != "akomaNtoso" {
					return nil, &ImportError{Line: line, Kind: ErrNotAKN, Msg: fmt.Sprintf("root element is <%s>, want <akomaNtoso>", t.Name.Local)}
				}
				if t.Name.Space != Namespace {
					ns := t.Name.Space
					if ns == "" {
						ns = "no namespace"
					}
					return nil, &ImportError{Line: line, Kind: ErrNotAKN, Msg: fmt.Sprintf("root namespace is %q, want %q", ns, Namespace)}
				}
			}
			depth++
			for _, a := range t.Attr {
				if a.Name.Local == "eId" && (a.Name.Space == "" || a.Name.Space == Namespace) {
					if first, dup := im.eids[a.Value]; dup {
						return nil, &ImportError{Line: line, Kind: ErrDuplicateEID,
							Msg: fmt.Sprintf("%q on <%s> was already used at line %d", a.Value, t.Name.Local, first)}
					}
					im.eids[a.Value] = line
				}
			}
			if err := im.start(t, depth, line); err != nil {
				return nil, err
			}
		case xml.EndElement:
			depth--
			im.end()
			if depth == 0 {
				rootDone = true
			}
		case xml.CharData:
			if depth == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, &ImportError{Line: line, Kind: ErrInvalidXML, Msg: "text outside the root element"}
				}
				continue
			}
			im.chars(t)
		}
	}
	if !rootDone {
		return nil, &ImportError{Kind: ErrInvalidXML, Msg: "no root element"}
	}
	if !im.docSeen {
		return nil, &ImportError{Kind: ErrNotAKN, Msg: "no document type element (act, bill, doc…) under <akomaNtoso>"}
	}
	d := im.doc
	switch {
	case im.titleAlias != "":
		d.Title = im.titleAlias
	case im.prefaceTitle != "":
		d.Title = im.prefaceTitle
	}
	// elements without eId (allowed by the lenient profile) get one
	lawtext.GenerateEIDs(d, false)
	return d, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// nearestNode is the innermost node being built, or nil.
func (im *importer) nearestNode() *lawtext.Node {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if im.stack[i].node != nil {
			return im.stack[i].node
		}
	}
	return nil
}

func (im *importer) hasSink() bool {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if im.stack[i].sink != nil {
			return true
		}
	}
	return false
}

func (im *importer) addNode(n *lawtext.Node) {
	if p := im.nearestNode(); p != nil {
		p.Children = append(p.Children, n)
		return
	}
	im.doc.Body = append(im.doc.Body, n)
}

func appendLine(dst *string, line string) {
	if line == "" {
		return
	}
	if *dst == "" {
		*dst = line
	} else {
		*dst += "\n" + line
	}
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

func (im *importer) start(t xml.StartElement, depth, line int) error {
	f := frame{name: t.Name.Local}
	local := t.Name.Local
	if t.Name.Space != Namespace {
		im.stack = append(im.stack, f) // foreign element: text flows through
		return nil
	}
	switch {
	case depth == 2 && local != "components":
		if !docTypes[local] {
			return &ImportError{Line: line, Kind: ErrNotAKN, Msg: fmt.Sprintf("<%s> is not an Akoma Ntoso document type", local)}
		}
		if !im.docSeen {
			im.docSeen = true
			im.doc.DocType = local
			im.doc.Name = attr(t, "name")
		}
	case local == "meta" && im.attach == 0:
		im.inMeta++
	case im.inMeta > 0:
		im.meta(t)
	case local == "attachments" || local == "components":
		im.attach++
	case (local == "attachment" || local == "component") && im.attach > 0 && im.nearestAnnex() == nil:
		n := &lawtext.Node{Kind: lawtext.KindAnnex, EID: attr(t, "eId"), Name: "annex"}
		im.addNode(n)
		f.node = n
	case im.attach > 0 && docTypes[local]:
		if a := im.nearestAnnex(); a != nil && attr(t, "name") != "" {
			a.Name = attr(t, "name")
		}
	case im.attach > 0 && local == "meta":
		// an attachment's own metadata: skipped (its text is not content)
		f.sink = &strings.Builder{}
		f.apply = func(string) {}
	case local == "preamble" || local == "conclusions":
		n := &lawtext.Node{Kind: lawtext.Kind(local), EID: attr(t, "eId")}
		im.addNode(n)
		f.node = n
	case hierarchical[local]:
		n := &lawtext.Node{Kind: lawtext.Kind(local), EID: attr(t, "eId"), Name: attr(t, "name")}
		if local == "hcontainer" && n.Name == "annex" {
			n.Kind = lawtext.KindAnnex // an annex nested in the body (Export writes these)
		}
		im.addNode(n)
		f.node = n
	case local == "num" || local == "heading" || local == "subheading":
		if n := im.nearestNode(); n != nil && !im.hasSink() {
			f.sink = &strings.Builder{}
			f.apply = func(s string) {
				switch local {
				case "num":
					n.Num = s
				case "heading":
					n.Heading = s
				default:
					if n.Heading == "" {
						n.Heading = s
					} else {
						n.Heading += " — " + s
					}
				}
			}
		}
	case local == "docNumber" || local == "docTitle":
		if a := im.nearestAnnex(); a != nil && im.attach > 0 {
			f.sink = &strings.Builder{}
			f.apply = func(s string) {
				if local == "docNumber" {
					a.Num = s
				} else {
					a.Heading = s
				}
			}
		}
	case local == "preface" && im.attach == 0:
		f.sink = &strings.Builder{}
		f.apply = func(s string) {
			if im.prefaceTitle == "" {
				im.prefaceTitle = s
			}
		}
	case local == "preface" || local == "coverPage":
		// an attachment's preface: only docNumber/docTitle are read
		f.sink = &strings.Builder{}
		f.apply = func(string) {}
	case local == "eol" || local == "br":
		if im.hasSink() {
			im.chars([]byte(" "))
		}
	case blockElems[local] || local == "intro" || local == "wrapUp" || local == "content":
		if !im.hasSink() && blockElems[local] {
			n := im.nearestNode()
			if n == nil {
				break // text outside any provision (preface, coverPage…)
			}
			f.sink = &strings.Builder{}
			f.apply = func(s string) { appendLine(&n.Text, s) }
		} else if im.hasSink() && blockElems[local] {
			im.chars([]byte(" "))
		}
	case transparent[local]:
		// children attach to the enclosing provision
	}
	im.stack = append(im.stack, f)
	return nil
}

func (im *importer) nearestAnnex() *lawtext.Node {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if n := im.stack[i].node; n != nil && n.Kind == lawtext.KindAnnex {
			return n
		}
	}
	return nil
}

func (im *importer) end() {
	if len(im.stack) == 0 {
		return
	}
	f := im.stack[len(im.stack)-1]
	im.stack = im.stack[:len(im.stack)-1]
	if f.sink != nil && f.apply != nil {
		f.apply(norm(f.sink.String()))
	}
	switch f.name {
	case "meta":
		if im.inMeta > 0 && im.attach == 0 {
			im.inMeta--
		}
	case "attachments", "components":
		if im.attach > 0 {
			im.attach--
		}
	case "FRBRWork", "FRBRExpression", "FRBRManifestation":
		im.frbr = ""
	}
}

func (im *importer) chars(b []byte) {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if s := im.stack[i].sink; s != nil {
			s.Write(b)
			return
		}
	}
}

// meta reads the identification block of the main document.
func (im *importer) meta(t xml.StartElement) {
	d := im.doc
	switch t.Name.Local {
	case "FRBRWork", "FRBRExpression", "FRBRManifestation":
		im.frbr = t.Name.Local
		return
	}
	var fr *lawtext.FRBR
	switch im.frbr {
	case "FRBRWork":
		fr = &d.Work
	case "FRBRExpression":
		fr = &d.Expression
	default:
		return
	}
	switch t.Name.Local {
	case "FRBRthis":
		fr.This = attr(t, "value")
	case "FRBRuri":
		fr.URI = attr(t, "value")
	case "FRBRdate":
		if fr.Date == "" {
			fr.Date, fr.DateName = attr(t, "date"), attr(t, "name")
		}
	case "FRBRauthor":
		if fr.Author == "" {
			fr.Author = attr(t, "href")
		}
	case "FRBRlanguage":
		d.Language = lawtext.LangFromCode(attr(t, "language"))
	case "FRBRcountry":
		d.Country = attr(t, "value")
	case "FRBRsubtype":
		d.SubType = attr(t, "value")
	case "FRBRnumber":
		if d.Number == "" {
			d.Number = attr(t, "value")
		}
	case "FRBRalias":
		name, value := attr(t, "name"), attr(t, "value")
		if name == "title" && im.titleAlias == "" {
			im.titleAlias = value
			return
		}
		d.Aliases = append(d.Aliases, lawtext.Alias{Name: name, Value: value})
	}
	if im.frbr == "FRBRWork" && t.Name.Local == "FRBRdate" && d.Date == "" {
		d.Date = attr(t, "date")
	}
}

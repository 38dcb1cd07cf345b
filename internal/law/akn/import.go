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

// Limits that keep an import's memory and time proportional to its input;
// a document beyond one is refused with ErrTooComplex.
const (
	// MaxDepth is the deepest element nesting accepted. Real documents nest
	// about ten elements deep (the 1967 Protocol example: 9); amendments
	// quoting whole provisions and tables in schedules stay well under it.
	MaxDepth = 100
	// MaxProvisions is the most provisions (nodes of the text model) a
	// document may have, well above a whole code of law.
	MaxProvisions = 100_000
	// MaxEIDLength is the longest eId attribute accepted, the length
	// generated eIds are held to.
	MaxEIDLength = lawtext.MaxEIDLength
	// MaxModelFactor bounds the model's text (eIds, numbers, headings,
	// text) to this many times the input's size, plus modelSlack: only
	// generated eIds can make it larger than the input.
	MaxModelFactor = 4
	modelSlack     = 64 << 10
)

// Error classes, for errors.Is.
var (
	ErrInvalidXML   = errors.New("invalid XML")
	ErrNotAKN       = errors.New("not an Akoma Ntoso 3.0 document")
	ErrDuplicateEID = errors.New("duplicate eId")
	ErrTooLarge     = errors.New("document too large")
	ErrTooComplex   = errors.New("document too complex")
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
	text  *nodeText        // with node: its text and heading, made on first use
	sink  *strings.Builder // collects character data
	apply func(text string)
}

// nodeText collects a node's text lines and heading parts; they are set on
// the node when its element ends, so that many blocks or subheadings cost
// linear, not quadratic, time.
type nodeText struct {
	text, heading strings.Builder
}

// addLine appends one block of text; empty blocks are skipped.
func (t *nodeText) addLine(line string) {
	if line == "" {
		return
	}
	if t.text.Len() > 0 {
		t.text.WriteByte('\n')
	}
	t.text.WriteString(line)
}

func (t *nodeText) setHeading(s string) {
	t.heading.Reset()
	t.heading.WriteString(s)
}

// addSubheading appends a subheading to the heading, after " — ".
func (t *nodeText) addSubheading(s string) {
	if t.heading.Len() > 0 {
		t.heading.WriteString(" — ")
	}
	t.heading.WriteString(s)
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
	provisions   int
}

// Import parses an Akoma Ntoso 3.0 document. It rejects input that is not
// well-formed XML, whose root is not <akomaNtoso> in the AKN 3.0 namespace,
// that has no document type element, or that uses an eId twice, and
// (ErrTooComplex) a document beyond MaxDepth, MaxProvisions, MaxEIDLength or
// MaxModelFactor; errors are *ImportError values carrying the line. It returns the document (with
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
			if depth > MaxDepth {
				return nil, &ImportError{Line: line, Kind: ErrTooComplex,
					Msg: fmt.Sprintf("<%s> is nested more than %d elements deep, the most accepted", t.Name.Local, MaxDepth)}
			}
			for _, a := range t.Attr {
				if a.Name.Local == "eId" && (a.Name.Space == "" || a.Name.Space == Namespace) {
					if len(a.Value) > MaxEIDLength {
						return nil, &ImportError{Line: line, Kind: ErrTooComplex,
							Msg: fmt.Sprintf("the eId on <%s> is %d bytes long, more than the %d accepted", t.Name.Local, len(a.Value), MaxEIDLength)}
					}
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
	// elements without eId (allowed by the lenient profile) get one, within
	// what the model may take beside what the file gave
	if !lawtext.GenerateEIDsWithin(d, false, max(MaxModelFactor*len(raw)+modelSlack-modelSize(d), 0)) {
		return nil, &ImportError{Kind: ErrTooComplex, Msg: fmt.Sprintf(
			"the eIds generated for provisions without an eId attribute would make the text more than %d times the file's size (%d bytes)",
			MaxModelFactor, len(raw))}
	}
	return d, nil
}

// modelSize is the bytes of text held by d's provisions.
func modelSize(d *lawtext.Document) int {
	n := 0
	d.Walk(func(p *lawtext.Node, _ []*lawtext.Node) bool {
		n += len(p.EID) + len(p.Name) + len(p.Num) + len(p.Heading) + len(p.Text)
		return true
	})
	return n
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value
		}
	}
	return ""
}

// nearestNode is the frame of the innermost node being built, or nil; the
// pointer is valid until the stack grows.
func (im *importer) nearestNode() *frame {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if im.stack[i].node != nil {
			return &im.stack[i]
		}
	}
	return nil
}

// nodeText is the text being collected for the frame's node, made on first
// use.
func (f *frame) nodeText() *nodeText {
	if f.text == nil {
		f.text = &nodeText{}
	}
	return f.text
}

func (im *importer) hasSink() bool {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if im.stack[i].sink != nil {
			return true
		}
	}
	return false
}

// addNode attaches n, read from <element> at line, to the innermost node
// being built or to the body.
func (im *importer) addNode(n *lawtext.Node, element string, line int) error {
	im.provisions++
	if im.provisions > MaxProvisions {
		return &ImportError{Line: line, Kind: ErrTooComplex, Msg: fmt.Sprintf("<%s> is provision number %d, more than the %d accepted", element, im.provisions, MaxProvisions)}
	}
	if p := im.nearestNode(); p != nil {
		p.node.Children = append(p.node.Children, n)
	} else {
		im.doc.Body = append(im.doc.Body, n)
	}
	return nil
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
		if err := im.addNode(n, local, line); err != nil {
			return err
		}
		f.node = n
	case im.attach > 0 && docTypes[local]:
		if p := im.nearestAnnex(); p != nil && attr(t, "name") != "" {
			p.node.Name = attr(t, "name")
		}
	case im.attach > 0 && local == "meta":
		// an attachment's own metadata: skipped (its text is not content)
		f.sink = &strings.Builder{}
		f.apply = func(string) {}
	case local == "preamble" || local == "conclusions":
		n := &lawtext.Node{Kind: lawtext.Kind(local), EID: attr(t, "eId")}
		if err := im.addNode(n, local, line); err != nil {
			return err
		}
		f.node = n
	case hierarchical[local]:
		n := &lawtext.Node{Kind: lawtext.Kind(local), EID: attr(t, "eId"), Name: attr(t, "name")}
		if local == "hcontainer" && n.Name == "annex" {
			n.Kind = lawtext.KindAnnex // an annex nested in the body (Export writes these)
		}
		if err := im.addNode(n, local, line); err != nil {
			return err
		}
		f.node = n
	case local == "num" || local == "heading" || local == "subheading":
		if p := im.nearestNode(); p != nil && !im.hasSink() {
			n, nt := p.node, p.nodeText()
			f.sink = &strings.Builder{}
			f.apply = func(s string) {
				switch local {
				case "num":
					n.Num = s
				case "heading":
					nt.setHeading(s)
				default:
					nt.addSubheading(s)
				}
			}
		}
	case local == "docNumber" || local == "docTitle":
		if p := im.nearestAnnex(); p != nil && im.attach > 0 {
			a, at := p.node, p.nodeText()
			f.sink = &strings.Builder{}
			f.apply = func(s string) {
				if local == "docNumber" {
					a.Num = s
				} else {
					at.setHeading(s)
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
			p := im.nearestNode()
			if p == nil {
				break // text outside any provision (preface, coverPage…)
			}
			f.sink = &strings.Builder{}
			f.apply = p.nodeText().addLine
		} else if im.hasSink() && blockElems[local] {
			im.chars([]byte(" "))
		}
	case transparent[local]:
		// children attach to the enclosing provision
	}
	im.stack = append(im.stack, f)
	return nil
}

// nearestAnnex is the frame of the innermost annex being built, or nil;
// the pointer is valid until the stack grows.
func (im *importer) nearestAnnex() *frame {
	for i := len(im.stack) - 1; i >= 0; i-- {
		if n := im.stack[i].node; n != nil && n.Kind == lawtext.KindAnnex {
			return &im.stack[i]
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
	if f.text != nil {
		f.node.Text, f.node.Heading = f.text.text.String(), f.text.heading.String()
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

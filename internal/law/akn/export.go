package akn

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"corridor/internal/law/lawtext"
)

// Publisher is the eId of the TLCOrganization Export names as the source of
// the metadata and the author of the manifestation.
const Publisher = "corridor"

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ErrExport is the class of Export errors.
var ErrExport = errors.New("akn: export")

// Export writes the document as Akoma Ntoso 3.0.
//
// A document imported with Import and not changed since (same
// lawtext.Document.Fingerprint) is returned as its original bytes. Otherwise
// a new XML document is written that validates against the OASIS
// akomantoso30.xsd: meta/identification (FRBRWork, FRBRExpression,
// FRBRManifestation; missing URIs are derived with EnsureFRBR on a copy),
// references (TLCOrganization for the authors), preface/longTitle, preamble,
// body (mainBody for open document types) with the provisions, conclusions,
// and annexes as attachments (each a <doc> with its own identification).
// Points are wrapped in lists; a node's own text becomes content/p, or intro/p
// when it has children. eIds must be present and unique (doc.Validate).
func Export(doc *lawtext.Document) ([]byte, error) {
	if doc == nil {
		return nil, fmt.Errorf("%w: nil document", ErrExport)
	}
	if doc.Unchanged("akn") {
		return bytes.Clone(doc.Source.Bytes), nil
	}
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrExport, err)
	}
	d := *doc // shallow copy: EnsureFRBR must not change the caller's document
	d.Source = nil
	if d.Work.Date == "" {
		d.Work.Date = d.Date
	}
	if d.Work.Date == "" {
		d.Work.Date = d.Expression.Date
	}
	d.EnsureFRBR()
	for _, dt := range []struct{ what, v string }{{"work date", d.Work.Date}, {"expression date", d.Expression.Date}} {
		if !dateRe.MatchString(dt.v) {
			return nil, fmt.Errorf("%w: %s %q is not YYYY-MM-DD", ErrExport, dt.what, dt.v)
		}
	}
	if d.Language.AKN == "" {
		return nil, fmt.Errorf("%w: document language not set", ErrExport)
	}
	w := &writer{used: map[string]bool{}}
	lawtext.WalkNodes(d.Body, func(n *lawtext.Node, _ []*lawtext.Node) bool {
		w.used[n.EID] = true
		return true
	})
	w.export(&d)
	return w.buf.Bytes(), nil
}

type writer struct {
	buf  bytes.Buffer
	used map[string]bool // eIds in use, to keep generated list eIds unique
}

// esc escapes text for element content and attribute values (quotes
// included, as attributes are written with double quotes). Characters that
// XML 1.0 does not allow are replaced with U+FFFD.
func esc(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			fmt.Fprintf(&b, "&#x%X;", r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF) || r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (w *writer) line(indent int, s string) {
	for i := 0; i < indent; i++ {
		w.buf.WriteString("  ")
	}
	w.buf.WriteString(s)
	w.buf.WriteByte('\n')
}

func attrs(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i])
		b.WriteString(`="`)
		b.WriteString(esc(kv[i+1]))
		b.WriteByte('"')
	}
	return b.String()
}

func (w *writer) empty(indent int, name string, kv ...string) {
	w.line(indent, "<"+name+attrs(kv...)+"/>")
}

// docElement maps the document type to an element and its body element.
func docElement(docType string) (elem, body string) {
	switch docType {
	case "act", "bill":
		return docType, "body"
	case "doc", "statement":
		return docType, "mainBody"
	}
	return "doc", "mainBody"
}

func authorID(href string) string {
	return strings.TrimPrefix(href, "#")
}

func (w *writer) export(d *lawtext.Document) {
	elem, bodyElem := docElement(d.DocType)
	name := d.Name
	if name == "" {
		name = d.DocType
	}
	if name == "" {
		name = elem
	}
	w.buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.line(0, `<akomaNtoso xmlns="`+Namespace+`">`)
	w.line(1, "<"+elem+attrs("name", name)+">")

	workAuthor := d.Work.Author
	if workAuthor == "" {
		workAuthor = "#" + Publisher
	}
	exprAuthor := d.Expression.Author
	if exprAuthor == "" {
		exprAuthor = workAuthor
	}
	w.meta(2, d, d.Work.This, d.Work.URI, d.Expression.This, d.Expression.URI, workAuthor, exprAuthor, true)

	var preamble, conclusions, body, annexes []*lawtext.Node
	for _, n := range d.Body {
		switch n.Kind {
		case lawtext.KindPreamble:
			preamble = append(preamble, n)
		case lawtext.KindConclusions:
			conclusions = append(conclusions, n)
		case lawtext.KindAnnex:
			annexes = append(annexes, n)
		default:
			body = append(body, n)
		}
	}
	if d.Title != "" {
		w.line(2, "<preface>")
		w.line(3, "<longTitle><p>"+esc(d.Title)+"</p></longTitle>")
		w.line(2, "</preface>")
	}
	if len(preamble) > 0 {
		w.line(2, "<preamble>")
		for _, n := range preamble {
			w.blocks(3, n)
		}
		w.line(2, "</preamble>")
	}
	w.line(2, "<"+bodyElem+">")
	if len(body) == 0 {
		if bodyElem == "body" {
			w.line(3, `<hcontainer eId="hcontainer_empty" name="empty"><content><p/></content></hcontainer>`)
		} else {
			w.line(3, "<p/>")
		}
	}
	w.nodes(3, body)
	w.line(2, "</"+bodyElem+">")
	if len(conclusions) > 0 {
		w.line(2, "<conclusions>")
		for _, n := range conclusions {
			w.blocks(3, n)
		}
		w.line(2, "</conclusions>")
	}
	if len(annexes) > 0 {
		w.line(2, "<attachments>")
		for i, a := range annexes {
			w.annex(3, d, a, i+1, workAuthor)
		}
		w.line(2, "</attachments>")
	}
	w.line(1, "</"+elem+">")
	w.line(0, "</akomaNtoso>")
}

// meta writes identification and, for the main document, references.
func (w *writer) meta(ind int, d *lawtext.Document, workThis, workURI, exprThis, exprURI, workAuthor, exprAuthor string, main bool) {
	dateName := func(n string) string {
		if n == "" {
			return "generation"
		}
		return n
	}
	w.line(ind, "<meta>")
	w.line(ind+1, `<identification source="#`+Publisher+`">`)
	w.line(ind+2, "<FRBRWork>")
	w.empty(ind+3, "FRBRthis", "value", workThis)
	w.empty(ind+3, "FRBRuri", "value", workURI)
	if main {
		if d.Title != "" {
			w.empty(ind+3, "FRBRalias", "value", d.Title, "name", "title")
		}
		for _, a := range d.Aliases {
			if a.Value == "" {
				continue
			}
			n := a.Name
			if n == "" {
				n = "alias"
			}
			w.empty(ind+3, "FRBRalias", "value", a.Value, "name", n)
		}
	}
	w.empty(ind+3, "FRBRdate", "date", d.Work.Date, "name", dateName(d.Work.DateName))
	w.empty(ind+3, "FRBRauthor", "href", workAuthor)
	country := d.Country
	if country == "" {
		country = "xx"
	}
	w.empty(ind+3, "FRBRcountry", "value", country)
	if main {
		if d.SubType != "" {
			w.empty(ind+3, "FRBRsubtype", "value", d.SubType)
		}
		if d.Number != "" {
			w.empty(ind+3, "FRBRnumber", "value", d.Number)
		}
	}
	w.line(ind+2, "</FRBRWork>")
	w.line(ind+2, "<FRBRExpression>")
	w.empty(ind+3, "FRBRthis", "value", exprThis)
	w.empty(ind+3, "FRBRuri", "value", exprURI)
	w.empty(ind+3, "FRBRdate", "date", d.Expression.Date, "name", dateName(d.Expression.DateName))
	w.empty(ind+3, "FRBRauthor", "href", exprAuthor)
	w.empty(ind+3, "FRBRlanguage", "language", d.Language.AKN)
	w.line(ind+2, "</FRBRExpression>")
	w.line(ind+2, "<FRBRManifestation>")
	manThis := strings.TrimSuffix(exprThis, "/!main")
	w.empty(ind+3, "FRBRthis", "value", exprThis+".xml")
	w.empty(ind+3, "FRBRuri", "value", manThis+".akn")
	w.empty(ind+3, "FRBRdate", "date", d.Expression.Date, "name", "transform")
	w.empty(ind+3, "FRBRauthor", "href", "#"+Publisher)
	w.line(ind+2, "</FRBRManifestation>")
	w.line(ind+1, "</identification>")
	if main {
		w.line(ind+1, `<references source="#`+Publisher+`">`)
		seen := map[string]bool{}
		for _, href := range []string{"#" + Publisher, workAuthor, exprAuthor} {
			id := authorID(href)
			if !strings.HasPrefix(href, "#") || id == "" || seen[id] || w.used[id] {
				continue
			}
			seen[id] = true
			show := id
			if id == Publisher {
				show = "Corridor migration research platform"
			}
			w.empty(ind+2, "TLCOrganization", "eId", id, "href", "/ontology/organization/"+id, "showAs", show)
		}
		w.line(ind+1, "</references>")
	}
	w.line(ind, "</meta>")
}

// wrapped writes <tag><p>…</p></tag> on one line for a single block, or
// the blocks on their own lines.
func (w *writer) wrapped(ind int, tag string, n *lawtext.Node) {
	if t := strings.TrimSpace(n.Text); !strings.Contains(t, "\n") {
		p := "<p/>"
		if t != "" {
			p = "<p>" + esc(t) + "</p>"
		}
		w.line(ind, "<"+tag+">"+p+"</"+tag+">")
		return
	}
	w.line(ind, "<"+tag+">")
	w.blocks(ind+1, n)
	w.line(ind, "</"+tag+">")
}

// blocks writes a node's text as <p> blocks (an empty <p/> if none).
func (w *writer) blocks(ind int, n *lawtext.Node) {
	wrote := false
	for _, l := range strings.Split(n.Text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			w.line(ind, "<p>"+esc(l)+"</p>")
			wrote = true
		}
	}
	if !wrote {
		w.line(ind, "<p/>")
	}
}

func hasText(n *lawtext.Node) bool { return strings.TrimSpace(n.Text) != "" }

// elementFor maps a kind to an Akoma Ntoso element (hcontainer for others).
func elementFor(n *lawtext.Node) (elem, name string) {
	k := string(n.Kind)
	if k == "hcontainer" {
		name = n.Name
		if name == "" {
			name = "hcontainer"
		}
		return "hcontainer", name
	}
	if hierarchical[k] {
		return k, ""
	}
	if k == "" {
		return "hcontainer", "hcontainer"
	}
	return "hcontainer", k // preamble/annex/… nested in the body
}

func (w *writer) nodes(ind int, nodes []*lawtext.Node) {
	for _, n := range nodes {
		w.node(ind, n)
	}
}

func (w *writer) node(ind int, n *lawtext.Node) {
	elem, name := elementFor(n)
	kv := []string{"eId", n.EID}
	if name != "" {
		kv = append(kv, "name", name)
	}
	w.line(ind, "<"+elem+attrs(kv...)+">")
	if n.Num != "" {
		w.line(ind+1, "<num>"+esc(n.Num)+"</num>")
	}
	if n.Heading != "" {
		w.line(ind+1, "<heading>"+esc(n.Heading)+"</heading>")
	}
	w.children(ind+1, n)
	w.line(ind, "</"+elem+">")
}

// children writes a node's text and children: content when it has no
// children; otherwise intro and the children, points grouped into lists.
// When all children are points, the text becomes the list's intro (as in
// the Akoma Ntoso examples: paragraph > list > intro + point).
func (w *writer) children(ind int, n *lawtext.Node) {
	if len(n.Children) == 0 {
		w.wrapped(ind, "content", n)
		return
	}
	allPoints := true
	for _, c := range n.Children {
		if c.Kind != lawtext.KindPoint {
			allPoints = false
			break
		}
	}
	if hasText(n) && !allPoints {
		w.wrapped(ind, "intro", n)
	}
	lists := 0
	for i := 0; i < len(n.Children); {
		c := n.Children[i]
		if c.Kind != lawtext.KindPoint {
			w.node(ind, c)
			i++
			continue
		}
		j := i
		for j < len(n.Children) && n.Children[j].Kind == lawtext.KindPoint {
			j++
		}
		lists++
		w.line(ind, `<list eId="`+esc(w.listEID(n, c, lists))+`">`)
		if allPoints && hasText(n) {
			w.wrapped(ind+1, "intro", n)
		}
		w.nodes(ind+1, n.Children[i:j])
		w.line(ind, "</list>")
		i = j
	}
}

// listEID derives the eId of the list holding first: from the point's own
// eId when it has the "…__list_N__point_x" form, else parent + "__list_N"
// (within lawtext.MaxEIDLength, so that the export imports again).
func (w *writer) listEID(parent, first *lawtext.Node, k int) string {
	if i := strings.LastIndex(first.EID, "__point_"); i > 0 {
		cand := first.EID[:i]
		if strings.HasPrefix(cand, parent.EID+"__list_") && !w.used[cand] {
			w.used[cand] = true
			return cand
		}
	}
	for ; ; k++ {
		cand := lawtext.JoinEID(parent.EID, "list_"+strconv.Itoa(k))
		if !w.used[cand] {
			w.used[cand] = true
			return cand
		}
	}
}

// annex writes one attachment: a <doc> with its own identification (a
// component of the main work), a preface with the annex number and title,
// and the annex content in mainBody.
func (w *writer) annex(ind int, d *lawtext.Document, a *lawtext.Node, i int, workAuthor string) {
	eid := a.EID
	comp := eid
	if comp == "" {
		comp = "att_" + strconv.Itoa(i)
	}
	name := a.Name
	if name == "" {
		name = "annex"
	}
	w.line(ind, "<attachment"+attrs("eId", eid)+">")
	w.line(ind+1, "<doc"+attrs("name", name)+">")
	workThis := d.Work.URI + "/!" + comp
	exprThis := d.Expression.URI + "/!" + comp
	w.meta(ind+2, d, workThis, d.Work.URI, exprThis, d.Expression.URI, workAuthor, workAuthor, false)
	if a.Num != "" || a.Heading != "" {
		w.line(ind+2, "<preface>")
		var parts []string
		if a.Num != "" {
			parts = append(parts, "<docNumber>"+esc(a.Num)+"</docNumber>")
		}
		if a.Heading != "" {
			parts = append(parts, "<docTitle>"+esc(a.Heading)+"</docTitle>")
		}
		w.line(ind+3, "<longTitle><p>"+strings.Join(parts, " ")+"</p></longTitle>")
		w.line(ind+2, "</preface>")
	}
	w.line(ind+2, "<mainBody>")
	if hasText(a) || len(a.Children) == 0 {
		w.blocks(ind+3, a)
	}
	// points directly in an annex are wrapped in an hcontainer-less list
	for k := 0; k < len(a.Children); {
		c := a.Children[k]
		if c.Kind != lawtext.KindPoint {
			w.node(ind+3, c)
			k++
			continue
		}
		j := k
		for j < len(a.Children) && a.Children[j].Kind == lawtext.KindPoint {
			j++
		}
		w.line(ind+3, `<list eId="`+esc(w.listEID(a, c, 1))+`">`)
		w.nodes(ind+4, a.Children[k:j])
		w.line(ind+3, "</list>")
		k = j
	}
	w.line(ind+2, "</mainBody>")
	w.line(ind+1, "</doc>")
	w.line(ind, "</attachment>")
}

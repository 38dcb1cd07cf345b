// Package lawtext is Corridor's in-memory model of the text of a legal
// instrument (treaty, act, protocol, annex…): a tree of provisions, each
// addressed by a stable Akoma Ntoso style eId (e.g. "art_33__para_1").
//
// The model is deliberately small. It keeps what search indexing, point-in-time
// display and version diffs need (kind, eId, number, heading, plain text and
// children) and the identity metadata an Akoma Ntoso export needs (FRBR work
// and expression, language, dates, country, document type). Formats are read
// and written elsewhere: package akn for Akoma Ntoso 3.0 XML, and the
// importers in this package for the Markdown and JSON texts the project ships
// as fixtures.
package lawtext

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// Kind is the kind of a provision. The values are the Akoma Ntoso element
// names, so that import and export map one to one.
type Kind string

// Provision kinds used by the importers. Any other Akoma Ntoso hierarchical
// element name (book, title, subchapter, clause, …) is also a valid Kind.
const (
	KindPreamble     Kind = "preamble"
	KindConclusions  Kind = "conclusions"
	KindPart         Kind = "part"
	KindChapter      Kind = "chapter"
	KindDivision     Kind = "division"
	KindSubdivision  Kind = "subdivision"
	KindSection      Kind = "section"
	KindSubsection   Kind = "subsection"
	KindArticle      Kind = "article"
	KindParagraph    Kind = "paragraph"
	KindSubparagraph Kind = "subparagraph"
	KindPoint        Kind = "point"
	KindAnnex        Kind = "annex"
	KindHcontainer   Kind = "hcontainer"
)

// Node is one provision of an instrument.
type Node struct {
	Kind Kind `json:"kind"`
	// EID is the Akoma Ntoso eId: a path of "prefix_num" components joined by
	// "__", unique within the document (see Validate and GenerateEIDs).
	EID string `json:"eId,omitempty"`
	// Name is the Akoma Ntoso name attribute where the element needs one
	// (hcontainer, the document inside an annex).
	Name    string `json:"name,omitempty"`
	Num     string `json:"num,omitempty"`
	Heading string `json:"heading,omitempty"`
	// Text is the plain text of the node's own content (not its children's).
	// For a node with children it is the introductory text (Akoma Ntoso
	// intro). Separate blocks (<p>) are separated by "\n".
	Text     string  `json:"text,omitempty"`
	Children []*Node `json:"children,omitempty"`
}

// Lang is a document language: ISO 639-1 code and the three-letter code
// Akoma Ntoso uses in FRBRlanguage and expression URIs (ISO 639-2/T).
type Lang struct {
	Code string `json:"code,omitempty"` // "en"
	AKN  string `json:"akn,omitempty"`  // "eng"
}

var langTable = [][2]string{
	{"en", "eng"}, {"nl", "nld"}, {"fr", "fra"}, {"es", "spa"}, {"de", "deu"},
	{"zh", "zho"}, {"ru", "rus"}, {"ar", "ara"}, {"pt", "por"}, {"it", "ita"},
}

// LangFromCode returns the language for an ISO 639-1 or a three-letter code
// (ISO 639-2/T, with the /B forms dut, fre, ger, chi also recognised). An
// unknown code is kept as given in the field its length suggests.
func LangFromCode(code string) Lang {
	c := strings.ToLower(strings.TrimSpace(code))
	switch c {
	case "dut":
		c = "nld"
	case "fre":
		c = "fra"
	case "ger":
		c = "deu"
	case "chi":
		c = "zho"
	}
	for _, p := range langTable {
		if c == p[0] || c == p[1] {
			return Lang{Code: p[0], AKN: p[1]}
		}
	}
	if len(c) == 3 {
		return Lang{AKN: c}
	}
	return Lang{Code: c}
}

// FRBR holds the identifiers of one FRBR level (work or expression).
type FRBR struct {
	This     string `json:"this,omitempty"`     // FRBRthis
	URI      string `json:"uri,omitempty"`      // FRBRuri
	Date     string `json:"date,omitempty"`     // FRBRdate/@date, YYYY-MM-DD
	DateName string `json:"dateName,omitempty"` // FRBRdate/@name, e.g. "adoption"
	Author   string `json:"author,omitempty"`   // FRBRauthor/@href, e.g. "#unga"
}

// Alias is an alternative name or identifier of the work (FRBRalias), e.g.
// {Name: "UNTS", Value: "606 UNTS 267"}.
type Alias struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Document is the text of one expression (language × version) of an
// instrument.
type Document struct {
	Title    string `json:"title"`
	Language Lang   `json:"language"`
	// Work and Expression are the FRBR identifiers; see EnsureFRBR.
	Work       FRBR `json:"work"`
	Expression FRBR `json:"expression"`
	// Date is the work date (adoption / enactment), YYYY-MM-DD.
	Date string `json:"date,omitempty"`
	// Country is the FRBR country / jurisdiction code, e.g. "nl", "aa-un".
	Country string `json:"country,omitempty"`
	// DocType is the Akoma Ntoso document type: act, bill, doc, statement…
	DocType string `json:"docType,omitempty"`
	// Name is the document's name attribute (e.g. "protocol", "convention").
	Name    string  `json:"name,omitempty"`
	SubType string  `json:"subType,omitempty"` // FRBRsubtype
	Number  string  `json:"number,omitempty"`  // FRBRnumber
	Aliases []Alias `json:"aliases,omitempty"`
	// Body holds the top-level nodes in document order: a KindPreamble node,
	// the provisions, a KindConclusions node and KindAnnex nodes.
	Body []*Node `json:"body"`

	// Source, when set, is the original serialisation the document was
	// imported from. Exporters return it unchanged while the document still
	// has the fingerprint recorded at import time (lossless round trip).
	Source *Source `json:"-"`
}

// Source is the original bytes of an imported document.
type Source struct {
	Format      string // "akn"
	Bytes       []byte
	Fingerprint string // Document.Fingerprint() right after import
}

// Fingerprint is a hash of everything in the document model except Source.
// It changes whenever any field or node changes.
func (d *Document) Fingerprint() string {
	b, err := json.Marshal(d) // Source is excluded by its json tag
	if err != nil {
		return ""
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Unchanged reports whether the document still matches the source it was
// imported from in the given format.
func (d *Document) Unchanged(format string) bool {
	return d.Source != nil && d.Source.Format == format && len(d.Source.Bytes) > 0 &&
		d.Source.Fingerprint == d.Fingerprint()
}

// Walk visits every node depth first in document order. The path holds the
// ancestors of n (outermost first). Returning false from fn skips n's
// children.
func (d *Document) Walk(fn func(n *Node, path []*Node) bool) {
	WalkNodes(d.Body, fn)
}

// WalkNodes is Walk over any list of nodes.
func WalkNodes(nodes []*Node, fn func(n *Node, path []*Node) bool) {
	var rec func(ns []*Node, path []*Node)
	rec = func(ns []*Node, path []*Node) {
		for _, n := range ns {
			if n == nil {
				continue
			}
			if fn(n, path) && len(n.Children) > 0 {
				rec(n.Children, append(path, n))
			}
		}
	}
	rec(nodes, nil)
}

// Find returns the node with the given eId, or nil.
func (d *Document) Find(eid string) *Node {
	var found *Node
	d.Walk(func(n *Node, _ []*Node) bool {
		if found != nil {
			return false
		}
		if n.EID == eid {
			found = n
			return false
		}
		return true
	})
	return found
}

// Count returns how many nodes of the kind the document holds.
func (d *Document) Count(k Kind) int {
	c := 0
	d.Walk(func(n *Node, _ []*Node) bool {
		if n.Kind == k {
			c++
		}
		return true
	})
	return c
}

// Label is a short human label for a node, used in paths and errors:
// "article I", "paragraph 1.", "chapter (no num)".
func (n *Node) Label() string {
	num := strings.TrimSpace(n.Num)
	if num == "" {
		num = "(no num)"
	}
	if n.EID != "" {
		return string(n.Kind) + " " + num + " [" + n.EID + "]"
	}
	return string(n.Kind) + " " + num
}

// FullText is the plain text of the node and all its descendants, with
// numbers and headings, one block per line.
func (n *Node) FullText() string {
	var b strings.Builder
	var rec func(x *Node)
	rec = func(x *Node) {
		line := strings.TrimSpace(strings.Join(nonEmpty(x.Num, x.Heading), " "))
		if line != "" {
			b.WriteString(line)
			b.WriteByte('\n')
		}
		if x.Text != "" {
			b.WriteString(x.Text)
			b.WriteByte('\n')
		}
		for _, c := range x.Children {
			rec(c)
		}
	}
	rec(n)
	return strings.TrimRight(b.String(), "\n")
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

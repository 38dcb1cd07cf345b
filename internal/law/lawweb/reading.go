package lawweb

// Reading a text: its provisions as the page shows them (articles as
// sections, paragraphs and points as numbered blocks and lists, never as
// headings) and the table of contents of a long instrument.

import (
	"net/url"
	"strings"

	"corridor/internal/law/lawtext"
)

type nodeView struct {
	EID, Kind, Num, Heading string
	Paras                   []string
	Children                []*nodeView
	Link                    string
	Article                 bool
	// Block is a paragraph, point or other numbered block of text: its
	// number runs in its text and its children are a list.
	Block bool
}

// blockKinds are the kinds shown as numbered blocks of text rather than
// as sections with a heading.
var blockKinds = map[lawtext.Kind]bool{
	lawtext.KindParagraph: true, lawtext.KindSubparagraph: true, lawtext.KindPoint: true,
	"clause": true, "item": true, "indent": true, "alinea": true, "list": true,
}

func views(slug string, ns []*lawtext.Node, q string) []*nodeView {
	var out []*nodeView
	for _, n := range ns {
		v := &nodeView{EID: n.EID, Kind: string(n.Kind), Num: n.Num, Heading: n.Heading, Article: n.Kind == lawtext.KindArticle, Block: blockKinds[n.Kind]}
		for _, p := range strings.Split(n.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				v.Paras = append(v.Paras, p)
			}
		}
		if n.EID != "" {
			v.Link = "/law/instruments/" + url.PathEscape(slug) + "/" + url.PathEscape(n.EID) + q
		}
		v.Children = views(slug, n.Children, q)
		out = append(out, v)
	}
	return out
}

// tocEntry is a line of the table of contents: a container (chapter,
// part…) with its entries, or an article, annex or preamble.
type tocEntry struct {
	EID, Kind, Num, Heading string
	Children                []tocEntry
}

// tocMinArticles is the number of articles from which an instrument's page
// has a table of contents.
const tocMinArticles = 8

// tableOfContents lists the containers and articles of a text, and the
// number of articles; containers without articles are left out.
func tableOfContents(ns []*lawtext.Node) ([]tocEntry, int) {
	var out []tocEntry
	articles := 0
	for _, n := range ns {
		switch {
		case n.Kind == lawtext.KindArticle || n.Kind == lawtext.KindAnnex || n.Kind == lawtext.KindPreamble || n.Kind == lawtext.KindConclusions:
			if n.Kind == lawtext.KindArticle {
				articles++
			}
			out = append(out, tocEntry{EID: n.EID, Kind: string(n.Kind), Num: n.Num, Heading: n.Heading})
		case blockKinds[n.Kind]:
		default:
			kids, k := tableOfContents(n.Children)
			if k == 0 && len(kids) == 0 {
				continue
			}
			articles += k
			out = append(out, tocEntry{EID: n.EID, Kind: string(n.Kind), Num: n.Num, Heading: n.Heading, Children: kids})
		}
	}
	return out, articles
}

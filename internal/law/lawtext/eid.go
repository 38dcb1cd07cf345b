package lawtext

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EIDPrefix is the eId component prefix of a kind (Akoma Ntoso naming
// convention, with the abbreviations Laws.Africa uses).
func EIDPrefix(k Kind) string {
	switch k {
	case KindArticle:
		return "art"
	case KindChapter:
		return "chp"
	case KindSection:
		return "sec"
	case KindSubsection:
		return "subsec"
	case KindParagraph:
		return "para"
	case KindSubparagraph:
		return "subpara"
	case KindDivision:
		return "dvs"
	case KindSubdivision:
		return "subdvs"
	case KindAnnex:
		return "att"
	case "clause":
		return "cl"
	case "":
		return "hcontainer"
	}
	return string(k)
}

// groupingKinds are containers above the article level whose components are
// left out of article eIds: articles are numbered through the whole
// instrument, so "art_12" rather than "chp_2__art_12" (the convention the
// project's 1967 Protocol example and Laws.Africa follow).
var groupingKinds = map[Kind]bool{
	"book": true, "tome": true, KindPart: true, "subpart": true, "title": true, "subtitle": true,
	KindChapter: true, "subchapter": true, KindDivision: true, KindSubdivision: true,
	KindSection: true, KindSubsection: true,
}

var eidUnsafe = regexp.MustCompile(`[^\p{L}\p{N}\-]+`)

// EIDNum turns a displayed number into an eId number component:
// "Article 33" → "33", "Article 1 bis" → "1bis", "1." → "1", "(a)" → "a",
// "2°" → "2", "12a" → "12a", "ANNEX I" → "I". A leading word (the kind's
// name) is dropped when something follows it.
func EIDNum(num string) string {
	f := strings.Fields(num)
	if len(f) > 1 && isWord(strings.TrimRight(f[0], ".:")) {
		f = f[1:]
	}
	return strings.Trim(eidUnsafe.ReplaceAllString(strings.Join(f, ""), ""), "-")
}

func isWord(s string) bool {
	if len(s) < 2 {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// GenerateEIDs gives an eId to every node that has none (all nodes when
// overwrite is true), following the Akoma Ntoso naming convention: the
// parent's eId, "__", the kind prefix and the number ("art_1__para_2",
// "art_2__para_1__list_1__point_a" for points, whose list level is implied);
// "nn_K" for the K-th unnumbered sibling of the kind. Articles are not
// prefixed with grouping containers (chapter, part, division, section) but
// are with annexes and hcontainers. A clash with an eId already used gets a
// "-2", "-3"… suffix so that the result is always unique. A generated eId
// never exceeds MaxEIDLength, however deep the nesting: when the parent's
// eId and the node's component do not fit, the parent part is cut (see
// JoinEID), and the result stays deterministic.
func GenerateEIDs(d *Document, overwrite bool) {
	GenerateEIDsWithin(d, overwrite, -1)
}

// GenerateEIDsWithin is GenerateEIDs with a budget: it stops, returning
// false, as soon as the eIds it generated total more than maxBytes (no
// limit when negative), so that an importer can refuse a document whose
// generated eIds would dwarf it without building them all. The document
// is then left with only some eIds generated.
func GenerateEIDsWithin(d *Document, overwrite bool, maxBytes int) bool {
	generated := 0
	used := map[string]bool{}
	nextSuffix := map[string]int{} // eId → first "-N" suffix not yet tried
	if !overwrite {
		d.Walk(func(n *Node, _ []*Node) bool {
			if n.EID != "" {
				used[n.EID] = true
			}
			return true
		})
	}
	var rec func(nodes []*Node, parent *Node, prefix, articlePrefix string) bool
	rec = func(nodes []*Node, parent *Node, prefix, articlePrefix string) bool {
		unnumbered := map[Kind]int{}
		for _, n := range nodes {
			if n == nil {
				continue
			}
			if overwrite || n.EID == "" {
				base := prefix
				if n.Kind == KindArticle {
					base = articlePrefix
				}
				if n.Kind == KindPoint && parent != nil {
					// a list is implied between a provision and its points
					base = join(base, "list_1")
				}
				num := EIDNum(n.Num)
				if num == "" {
					unnumbered[n.Kind]++
					num = fmt.Sprintf("nn_%d", unnumbered[n.Kind])
				}
				pfx := EIDPrefix(n.Kind)
				if n.Kind == KindHcontainer && n.Name != "" {
					pfx = cutUTF8(n.Name, maxEIDComponent)
				}
				comp := pfx + "_" + num
				switch n.Kind {
				case KindPreamble, KindConclusions:
					comp = string(n.Kind)
				}
				eid := JoinEID(base, comp)
				if used[eid] {
					// the smallest free suffix; remembering where the last
					// search stopped keeps many clashes linear
					i := max(nextSuffix[eid], 2)
					for used[fmt.Sprintf("%s-%d", eid, i)] {
						i++
					}
					nextSuffix[eid] = i + 1
					eid = fmt.Sprintf("%s-%d", eid, i)
				}
				n.EID = eid
				used[eid] = true
				if generated += len(eid); maxBytes >= 0 && generated > maxBytes {
					return false
				}
			}
			childArticlePrefix := articlePrefix
			if !groupingKinds[n.Kind] {
				childArticlePrefix = n.EID
			}
			if !rec(n.Children, n, n.EID, childArticlePrefix) {
				return false
			}
		}
		return true
	}
	return rec(d.Body, nil, "", "")
}

// MaxEIDLength is the longest eId in bytes: the most GenerateEIDs writes
// and what a relationship between provisions can name.
const MaxEIDLength = 200

const (
	// maxEIDComponent bounds one generated component ("art_1bis"); a longer
	// number or hcontainer name is cut.
	maxEIDComponent = 64
	// eidSuffixRoom is kept free for a clash suffix ("-1234567").
	eidSuffixRoom = 8
)

// JoinEID joins a parent eId and a component ("art_1", "para_2" →
// "art_1__para_2"), cutting the component to maxEIDComponent bytes and then
// the parent part so that the result, with a clash suffix, stays within
// MaxEIDLength.
func JoinEID(parent, comp string) string {
	comp = cutUTF8(comp, maxEIDComponent)
	if room := MaxEIDLength - eidSuffixRoom - len(comp) - len("__"); len(parent) > room {
		parent = strings.TrimRight(cutUTF8(parent, room), "_")
	}
	return join(parent, comp)
}

// cutUTF8 returns at most n bytes of s, not splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func join(prefix, comp string) string {
	if prefix == "" {
		return comp
	}
	return prefix + "__" + comp
}

// DuplicateEIDError reports an eId used by more than one node.
type DuplicateEIDError struct {
	EID   string
	Paths []string // one path per occurrence, "chapter I > article 1 [art_1]"
}

func (e *DuplicateEIDError) Error() string {
	return fmt.Sprintf("duplicate eId %q at %s", e.EID, strings.Join(e.Paths, " and "))
}

// MissingEIDError reports a node without an eId.
type MissingEIDError struct{ Path string }

func (e *MissingEIDError) Error() string { return "missing eId at " + e.Path }

// Validate checks that every node has an eId and that eIds are unique. It
// returns nil or the errors joined (errors.Join); use errors.As to get a
// *DuplicateEIDError or *MissingEIDError.
func (d *Document) Validate() error {
	type occ struct{ paths []string }
	seen := map[string]*occ{}
	var order []string
	var errs []error
	d.Walk(func(n *Node, path []*Node) bool {
		p := nodePath(n, path)
		if n.EID == "" {
			errs = append(errs, &MissingEIDError{Path: p})
			return true
		}
		o := seen[n.EID]
		if o == nil {
			o = &occ{}
			seen[n.EID] = o
			order = append(order, n.EID)
		}
		o.paths = append(o.paths, p)
		return true
	})
	for _, id := range order {
		if o := seen[id]; len(o.paths) > 1 {
			errs = append(errs, &DuplicateEIDError{EID: id, Paths: o.paths})
		}
	}
	return errors.Join(errs...)
}

func nodePath(n *Node, path []*Node) string {
	parts := make([]string, 0, len(path)+1)
	for _, a := range path {
		parts = append(parts, a.Label())
	}
	parts = append(parts, n.Label())
	return strings.Join(parts, " > ")
}

var uriUnsafe = regexp.MustCompile(`[^a-z0-9\-]+`)

// EnsureFRBR fills in missing FRBR work and expression identifiers from the
// document's country, type, subtype, date, number and language, following
// the FRBR URI grammar /akn/{country}/{doctype}[/{subtype}]/{date}/{number}
// (work) + /{lang3}@{date} (expression). Existing values are kept.
func (d *Document) EnsureFRBR() {
	if d.DocType == "" {
		d.DocType = "act"
	}
	if d.Work.Date == "" {
		d.Work.Date = d.Date
	}
	if d.Date == "" {
		d.Date = d.Work.Date
	}
	if d.Expression.Date == "" {
		d.Expression.Date = d.Work.Date
	}
	if d.Work.URI == "" {
		country := uriSafe(d.Country)
		if country == "" {
			country = "xx"
		}
		num := uriSafe(d.Number)
		if num == "" {
			num = "nn"
		}
		u := "/akn/" + country + "/" + uriSafe(d.DocType)
		if d.SubType != "" {
			u += "/" + uriSafe(d.SubType)
		}
		date := d.Work.Date
		if date == "" {
			date = "0000"
		}
		d.Work.URI = u + "/" + date + "/" + num
	}
	if d.Work.This == "" {
		d.Work.This = d.Work.URI + "/!main"
	}
	if d.Expression.URI == "" {
		lang := d.Language.AKN
		if lang == "" {
			lang = "und"
		}
		d.Expression.URI = d.Work.URI + "/" + lang + "@" + d.Expression.Date
	}
	if d.Expression.This == "" {
		d.Expression.This = d.Expression.URI + "/!main"
	}
}

func uriSafe(s string) string {
	return strings.Trim(uriUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
}

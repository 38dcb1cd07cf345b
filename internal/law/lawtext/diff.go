package lawtext

import (
	"strings"
)

// Article is one article flattened for search indexing and diffs.
type Article struct {
	EID     string
	Num     string
	Heading string
	// Path is the labels of the enclosing containers, outermost first, e.g.
	// ["Hoofdstuk 1 Inleidende bepalingen", "Afdeling 1 Definities"].
	Path []string
	// Text is the article's full plain text (numbers, headings and the
	// text of every descendant), one block per line.
	Text string
}

// Articles flattens the document to its articles in document order. Nodes
// that are not inside an article and have text of their own (preamble,
// conclusions, an annex without articles, a schedule's paragraphs) are
// included as pseudo-articles so that nothing is lost for search; their
// eId tells them apart.
func (d *Document) Articles() []Article {
	var out []Article
	var rec func(nodes []*Node, path []string)
	rec = func(nodes []*Node, path []string) {
		for _, n := range nodes {
			if n == nil {
				continue
			}
			if n.Kind == KindArticle || !hasArticle(n) {
				if n.Kind == KindArticle || hasText(n) {
					out = append(out, Article{EID: n.EID, Num: n.Num, Heading: n.Heading, Path: append([]string(nil), path...), Text: n.FullText()})
				}
				continue
			}
			// a container: its own intro text becomes a pseudo-article
			if strings.TrimSpace(n.Text) != "" {
				out = append(out, Article{EID: n.EID, Num: n.Num, Heading: n.Heading, Path: append([]string(nil), path...), Text: n.Text})
			}
			label := strings.TrimSpace(strings.Join(nonEmpty(n.Num, n.Heading), " "))
			if label == "" {
				label = string(n.Kind)
			}
			rec(n.Children, append(path, label))
		}
	}
	rec(d.Body, nil)
	return out
}

func hasArticle(n *Node) bool {
	found := false
	WalkNodes(n.Children, func(x *Node, _ []*Node) bool {
		if x.Kind == KindArticle {
			found = true
		}
		return !found
	})
	return found
}

func hasText(n *Node) bool {
	if strings.TrimSpace(n.Text) != "" {
		return true
	}
	for _, c := range n.Children {
		if hasText(c) {
			return true
		}
	}
	return false
}

// DiffStatus says how an article changed between two versions.
type DiffStatus string

// Article diff statuses.
const (
	Added     DiffStatus = "added"
	Removed   DiffStatus = "removed"
	Changed   DiffStatus = "changed"
	Unchanged DiffStatus = "unchanged"
)

// SegmentOp is the operation of a word-diff segment.
type SegmentOp string

// Word-diff operations.
const (
	Equal  SegmentOp = "equal"
	Insert SegmentOp = "insert"
	Delete SegmentOp = "delete"
)

// Segment is a run of words with the same diff operation. Text is the words
// joined by single spaces (line breaks of the source are not kept).
type Segment struct {
	Op   SegmentOp
	Text string
}

// ArticleDiff is the difference of one article (by eId) between two versions.
type ArticleDiff struct {
	EID     string
	Num     string // the newer version's number, or the older one's if removed
	Heading string
	Status  DiffStatus
	// Segments is the word diff from the old text to the new one. For added
	// articles it is one insert, for removed ones one delete, for unchanged
	// ones one equal segment.
	Segments []Segment
}

// Diff compares two versions of the same instrument article by article,
// matching articles by eId (see Articles). The result is in the order of b,
// with removed articles placed after the article that preceded them in a.
func Diff(a, b *Document) []ArticleDiff {
	var oldArts, newArts []Article
	if a != nil {
		oldArts = a.Articles()
	}
	if b != nil {
		newArts = b.Articles()
	}
	oldBy := make(map[string]int, len(oldArts))
	for i, x := range oldArts {
		if _, dup := oldBy[x.EID]; !dup {
			oldBy[x.EID] = i
		}
	}
	newBy := make(map[string]bool, len(newArts))
	for _, x := range newArts {
		newBy[x.EID] = true
	}
	// removed articles, keyed by the eId of the nearest preceding article that
	// still exists ("" = at the start)
	removedAfter := map[string][]Article{}
	anchor := ""
	for _, x := range oldArts {
		if newBy[x.EID] {
			anchor = x.EID
			continue
		}
		removedAfter[anchor] = append(removedAfter[anchor], x)
	}
	var out []ArticleDiff
	emitRemoved := func(key string) {
		for _, x := range removedAfter[key] {
			out = append(out, ArticleDiff{EID: x.EID, Num: x.Num, Heading: x.Heading, Status: Removed,
				Segments: single(Delete, x.Text)})
		}
		delete(removedAfter, key)
	}
	emitRemoved("")
	seen := map[string]bool{}
	for _, x := range newArts {
		if seen[x.EID] {
			continue
		}
		seen[x.EID] = true
		i, ok := oldBy[x.EID]
		switch {
		case !ok:
			out = append(out, ArticleDiff{EID: x.EID, Num: x.Num, Heading: x.Heading, Status: Added,
				Segments: single(Insert, x.Text)})
		case oldArts[i].Text == x.Text:
			out = append(out, ArticleDiff{EID: x.EID, Num: x.Num, Heading: x.Heading, Status: Unchanged,
				Segments: single(Equal, x.Text)})
		default:
			segs := WordDiff(oldArts[i].Text, x.Text)
			st := Changed
			if len(segs) <= 1 && (len(segs) == 0 || segs[0].Op == Equal) {
				st = Unchanged // differs in whitespace only
			}
			out = append(out, ArticleDiff{EID: x.EID, Num: x.Num, Heading: x.Heading, Status: st, Segments: segs})
		}
		emitRemoved(x.EID)
	}
	return out
}

func single(op SegmentOp, text string) []Segment {
	w := strings.Fields(text)
	if len(w) == 0 {
		return nil
	}
	return []Segment{{Op: op, Text: strings.Join(w, " ")}}
}

// maxDiffCells bounds the LCS table of one word diff (words × words after
// trimming the common prefix and suffix); beyond it the middle is reported
// as one delete and one insert.
const maxDiffCells = 4 << 20

// WordDiff is a word-level diff of two texts (words split on white space):
// common prefix and suffix are trimmed and the middle is aligned with a
// longest-common-subsequence table.
func WordDiff(oldText, newText string) []Segment {
	a, b := strings.Fields(oldText), strings.Fields(newText)
	var ops []wordOp
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for i := 0; i < p; i++ {
		ops = append(ops, wordOp{Equal, a[i]})
	}
	ops = append(ops, lcsDiff(a[p:len(a)-s], b[p:len(b)-s])...)
	for i := len(a) - s; i < len(a); i++ {
		ops = append(ops, wordOp{Equal, a[i]})
	}
	return merge(ops)
}

type wordOp struct {
	op   SegmentOp
	word string
}

func lcsDiff(a, b []string) []wordOp {
	n, m := len(a), len(b)
	var ops []wordOp
	if n == 0 || m == 0 || n*m > maxDiffCells {
		for _, w := range a {
			ops = append(ops, wordOp{Delete, w})
		}
		for _, w := range b {
			ops = append(ops, wordOp{Insert, w})
		}
		return ops
	}
	// t[i][j] = LCS length of a[i:], b[j:]
	w := m + 1
	t := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else if t[(i+1)*w+j] >= t[i*w+j+1] {
				t[i*w+j] = t[(i+1)*w+j]
			} else {
				t[i*w+j] = t[i*w+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, wordOp{Equal, a[i]})
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			ops = append(ops, wordOp{Delete, a[i]})
			i++
		default:
			ops = append(ops, wordOp{Insert, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, wordOp{Delete, a[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, wordOp{Insert, b[j]})
	}
	return ops
}

func merge(ops []wordOp) []Segment {
	var out []Segment
	var cur []string
	var curOp SegmentOp
	flush := func() {
		if len(cur) > 0 {
			out = append(out, Segment{Op: curOp, Text: strings.Join(cur, " ")})
		}
		cur = cur[:0]
	}
	for _, o := range ops {
		if o.op != curOp {
			flush()
			curOp = o.op
		}
		cur = append(cur, o.word)
	}
	flush()
	return out
}

// OldText and NewText rebuild the two sides of a word diff.
func OldText(segs []Segment) string { return side(segs, Insert) }

// NewText rebuilds the newer side of a word diff.
func NewText(segs []Segment) string { return side(segs, Delete) }

func side(segs []Segment, skip SegmentOp) string {
	var parts []string
	for _, s := range segs {
		if s.Op != skip && s.Text != "" {
			parts = append(parts, s.Text)
		}
	}
	return strings.Join(parts, " ")
}

package lawtext

import (
	"sort"
	"strings"
)

// Renumbered is the status of an article matched by its text rather than
// its eId: moved or renumbered between the versions.
const Renumbered DiffStatus = "renumbered"

// ProvisionRow is one provision (the article's own text, a paragraph, a
// point…) of an article diff, for showing the two versions side by side.
type ProvisionRow struct {
	EID, Num       string // the newer version's, or the older one's if removed
	OldNum         string // the older number when it changed
	Depth          int    // 0 for the article's own text
	Status         DiffStatus
	Segments       []Segment
	OldNumDiffers  bool
	HasOld, HasNew bool

	oldText, newText string
}

// ArticleChange is one article of a version diff, provision by provision.
type ArticleChange struct {
	EID, Num, Heading string
	// OldEID and OldNum are the article's eId and number in the older
	// version when they differ (a renumbered or moved article).
	OldEID, OldNum string
	Status         DiffStatus
	Rows           []ProvisionRow
	// Provisions added, removed and changed within the article.
	Added, Removed, Changed int
}

// VersionChanges sums up a diff: articles added, removed, changed and
// renumbered, and those unchanged.
type VersionChanges struct {
	Added, Removed, Changed, Renumbered, Unchanged int
}

// Summarize counts a diff's articles by status.
func Summarize(cs []ArticleChange) VersionChanges {
	var v VersionChanges
	for _, c := range cs {
		switch c.Status {
		case Added:
			v.Added++
		case Removed:
			v.Removed++
		case Changed:
			v.Changed++
		case Renumbered:
			v.Renumbered++
		default:
			v.Unchanged++
		}
	}
	return v
}

// minMovedSimilarity is how alike (Dice coefficient of their words) an
// article removed under one eId and one added under another must be to be
// taken as the same article moved or renumbered.
const minMovedSimilarity = 0.7

// DiffProvisions compares two versions article by article (matched by eId,
// then the remaining ones by text, so that a renumbered article is shown
// as such) and, within an article, provision by provision (matched by
// their eId under the article). The order is b's, with removed articles
// after the one that preceded them in a.
func DiffProvisions(a, b *Document) []ArticleChange {
	base := Diff(a, b)
	// pair removed and added articles whose texts are alike
	var removed, added []int
	for i, d := range base {
		switch d.Status {
		case Removed:
			removed = append(removed, i)
		case Added:
			added = append(added, i)
		}
	}
	type pair struct {
		r, a int
		sim  float64
	}
	var pairs []pair
	if len(removed)*len(added) <= 10000 {
		for _, r := range removed {
			for _, ad := range added {
				if s := dice(OldText(base[r].Segments), NewText(base[ad].Segments)); s >= minMovedSimilarity {
					pairs = append(pairs, pair{r, ad, s})
				}
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].sim > pairs[j].sim })
	movedFrom := map[int]int{} // added index → removed index
	used := map[int]bool{}
	for _, p := range pairs {
		if used[p.r] || used[p.a] {
			continue
		}
		used[p.r], used[p.a] = true, true
		movedFrom[p.a] = p.r
	}
	var out []ArticleChange
	for i, d := range base {
		if d.Status == Removed && used[i] {
			continue // shown where it went
		}
		c := ArticleChange{EID: d.EID, Num: d.Num, Heading: d.Heading, Status: d.Status}
		var oldNode, newNode *Node
		oldEID := d.EID
		if r, ok := movedFrom[i]; ok {
			oldEID = base[r].EID
			c.Status, c.OldEID, c.OldNum = Renumbered, base[r].EID, base[r].Num
		}
		if a != nil && d.Status != Added || c.Status == Renumbered {
			oldNode = a.Find(oldEID)
		}
		if b != nil && d.Status != Removed {
			newNode = b.Find(d.EID)
		}
		c.Rows = provisionRows(oldNode, newNode)
		for _, r := range c.Rows {
			switch r.Status {
			case Added:
				c.Added++
			case Removed:
				c.Removed++
			case Changed, Renumbered:
				c.Changed++
			}
		}
		if c.Status == Unchanged && c.Added+c.Removed+c.Changed > 0 {
			c.Status = Changed
		}
		out = append(out, c)
	}
	return out
}

type provLine struct {
	rel, eid, num, text string
	depth               int
}

// flattenProvisions lists a provision and its descendants, each with its
// eId relative to the provision ("" for itself, "__para_2", …).
func flattenProvisions(n *Node) []provLine {
	if n == nil {
		return nil
	}
	var out []provLine
	var rec func(x *Node, depth int)
	rec = func(x *Node, depth int) {
		rel := strings.TrimPrefix(x.EID, n.EID)
		text := strings.Join(strings.Fields(x.Text), " ")
		if depth > 0 && x.Heading != "" {
			text = strings.TrimSpace(x.Heading + " " + text)
		}
		// an article's number and heading are the diff's own heading: a
		// row for the article only when it has text of its own
		if text != "" || depth > 0 && x.Num != "" {
			out = append(out, provLine{rel: rel, eid: x.EID, num: x.Num, text: text, depth: depth})
		}
		for _, c := range x.Children {
			rec(c, depth+1)
		}
	}
	rec(n, 0)
	return out
}

func provisionRows(oldN, newN *Node) []ProvisionRow {
	olds, news := flattenProvisions(oldN), flattenProvisions(newN)
	oldBy := map[string]int{}
	for i, l := range olds {
		if _, dup := oldBy[l.rel]; !dup {
			oldBy[l.rel] = i
		}
	}
	newHas := map[string]bool{}
	for _, l := range news {
		newHas[l.rel] = true
	}
	removedAfter := map[string][]provLine{}
	anchor := "\x00start"
	for _, l := range olds {
		if newHas[l.rel] {
			anchor = l.rel
			continue
		}
		removedAfter[anchor] = append(removedAfter[anchor], l)
	}
	var rows []ProvisionRow
	emit := func(key string) {
		for _, l := range removedAfter[key] {
			rows = append(rows, ProvisionRow{EID: l.eid, Num: l.num, Depth: l.depth, Status: Removed, Segments: single(Delete, l.text), HasOld: true, oldText: l.text})
		}
		delete(removedAfter, key)
	}
	emit("\x00start")
	seen := map[string]bool{}
	for _, l := range news {
		if seen[l.rel] {
			continue
		}
		seen[l.rel] = true
		row := ProvisionRow{EID: l.eid, Num: l.num, Depth: l.depth, HasNew: true, newText: l.text}
		if i, ok := oldBy[l.rel]; ok {
			o := olds[i]
			row.HasOld, row.oldText = true, o.text
			row.Segments = WordDiff(o.text, l.text)
			row.Status = Unchanged
			if o.text != l.text && !(len(row.Segments) == 1 && row.Segments[0].Op == Equal) {
				row.Status = Changed
			}
			if o.num != l.num && oldN != nil && newN != nil && l.depth > 0 {
				row.OldNum, row.OldNumDiffers, row.Status = o.num, true, Changed
			}
		} else {
			row.Status, row.Segments = Added, single(Insert, l.text)
		}
		rows = append(rows, row)
		emit(l.rel)
	}
	rest := make([]string, 0, len(removedAfter))
	for k := range removedAfter {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		emit(k)
	}
	return matchMovedRows(rows)
}

// matchMovedRows finds provisions renumbered within an article: where a
// paragraph's old text reappears under another number ("2." became "6."
// and a new "2." was put in), the old text is diffed against where it went
// and the provision that took its number is shown as added.
func matchMovedRows(rows []ProvisionRow) []ProvisionRow {
	for i := range rows {
		r := &rows[i]
		if r.Status != Changed || !r.HasOld || !r.HasNew || dice(r.oldText, r.newText) >= minMovedSimilarity {
			continue
		}
		best, bestSim := -1, minMovedSimilarity
		for j := range rows {
			if rows[j].Status != Added || rows[j].Depth != r.Depth {
				continue
			}
			if s := dice(r.oldText, rows[j].newText); s >= bestSim {
				best, bestSim = j, s
			}
		}
		if best < 0 {
			continue
		}
		to := &rows[best]
		to.Status, to.HasOld, to.oldText = Renumbered, true, r.oldText
		to.OldNum, to.OldNumDiffers = r.Num, r.Num != to.Num
		to.Segments = WordDiff(r.oldText, to.newText)
		r.Status, r.HasOld, r.oldText = Added, false, ""
		r.Segments = single(Insert, r.newText)
	}
	return rows
}

// dice is the Dice coefficient of two texts' word multisets.
func dice(x, y string) float64 {
	a, b := strings.Fields(strings.ToLower(x)), strings.Fields(strings.ToLower(y))
	if len(a)+len(b) == 0 {
		return 1
	}
	count := map[string]int{}
	for _, w := range a {
		count[w]++
	}
	common := 0
	for _, w := range b {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

package lawweb

// A provision asked for by eId in a version that does not have it: the
// page falls back to the nearest ancestor the version does have, so that
// links between versions never break (a paragraph added in 2014 asked for
// in the 2013 text lands on its article, with a notice).

import (
	"net/http"

	"corridor/internal/law/lawdb"
	"strings"

	"corridor/internal/law/lawtext"
)

// nearestProvision finds eid in doc, or else its nearest ancestor by the
// Akoma Ntoso naming convention: "art_9__para_1__list_1__point_i" →
// "art_9__para_1__list_1" → "art_9__para_1" → "art_9". A clash suffix
// ("art_9-2") falls back to the unsuffixed eId. exact is false when an
// ancestor was taken; n is nil when neither eid nor any ancestor exists.
func nearestProvision(doc *lawtext.Document, eid string) (n *lawtext.Node, exact bool) {
	if n := doc.Find(eid); n != nil {
		return n, true
	}
	for _, up := range provisionAncestors(eid) {
		if n := doc.Find(up); n != nil {
			return n, false
		}
	}
	return nil, false
}

// provisionAncestors lists the eIds above eid, nearest first.
func provisionAncestors(eid string) []string {
	var out []string
	for {
		last := eid[strings.LastIndex(eid, "__")+2:]
		if i := strings.LastIndex(last, "-"); i > 0 && isDigits(last[i+1:]) {
			eid = eid[:len(eid)-len(last)+i]
			out = append(out, eid)
			continue
		}
		i := strings.LastIndex(eid, "__")
		if i < 0 {
			return out
		}
		eid = eid[:i]
		out = append(out, eid)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// anyVersionHas reports whether some version of the instrument has eid.
func (h *Handler) anyVersionHas(r *http.Request, vs []lawdb.Version, eid string) (bool, error) {
	for _, v := range vs {
		doc, err := h.Store.Document(r.Context(), v.ID)
		if err != nil {
			return false, err
		}
		if doc.Find(eid) != nil {
			return true, nil
		}
	}
	return false, nil
}

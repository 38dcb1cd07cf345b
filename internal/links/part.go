package links

import "strings"

// partNames are the Akoma Ntoso eId prefixes a citation names, with the
// abbreviation lawyers write (the naming convention's short names:
// art, chp, sec, part, title, book, para, point, subpara).
var partNames = map[string]string{
	"art": "Art.", "chp": "Chapter", "sec": "Section", "part": "Part", "title": "Title",
	"book": "Book", "preamble": "Preamble", "preface": "Preface", "annex": "Annex", "conclusions": "Conclusions",
}

// PartLabel is the citation label of a part of a text named by its Akoma
// Ntoso eId, as readers write it: art_33 is "Art. 33", art_9__para_1 is
// "Art. 9(1)", art_9__para_1__list_1__point_i "Art. 9(1)(i)", chp_2 is
// "Chapter 2". Levels without a number of their own (lists, unnumbered
// paragraphs) are skipped; an eId it cannot read is returned as it is,
// so nothing is ever hidden.
func PartLabel(eid string) string {
	if eid == "" {
		return ""
	}
	var head string
	var subs []string
	for _, level := range strings.Split(eid, "__") {
		name, num, _ := strings.Cut(level, "_")
		if head == "" {
			word, ok := partNames[name]
			if !ok {
				return eid
			}
			head = strings.TrimSpace(word + " " + num)
			continue
		}
		switch name {
		case "para", "subpara", "point", "item", "indent", "alinea":
			if num != "" && !strings.HasPrefix(num, "nn") {
				subs = append(subs, "("+num+")")
			}
		case "list", "intro", "wrapup", "content", "hcontainer":
			// containers without a number a citation would name
		default:
			if w, ok := partNames[name]; ok {
				head += ", " + strings.TrimSpace(w+" "+num)
				continue
			}
			return eid
		}
	}
	return head + strings.Join(subs, "")
}

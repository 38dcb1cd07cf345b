package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Name matching works on a key: the name without diacritics, case,
// apostrophes, punctuation, spaces and the word "the", with the
// abbreviations St./Ste./Dem./Rep./Fed./Sts. spelled out and "&" read as
// "and". "Côte d'Ivoire", "COTE D’IVOIRE" and "Cote d Ivoire" share the key
// "cotedivoire".
//
// The index maps keys to entries in three tiers: (0) the M49 name, (1) other
// English names from the data and the alias table, (2) French and Spanish
// names. Each name also contributes its variants without a parenthesised
// qualifier ("Bolivia") and with it moved to the front ("Plurinational State
// of Bolivia"). A key claimed by a stronger tier keeps its entry; a key that
// two entries claim in the same tier is dropped as ambiguous; keys that name
// an M49 aggregate ("Micronesia") or appear in ambiguousNames never match a
// country.

// maxNameLen bounds the input of Match and MatchRegion: longer text is not
// a country or region name.
const maxNameLen = 300

const (
	tierName = iota
	tierEnglish
	tierLocal
)

type indexEntry struct {
	e         *countryData
	tier      int
	ambiguous bool
}

func (d *database) buildNameIndex() {
	idx := map[string]*indexEntry{}
	var spellings []string
	add := func(e *countryData, name string, tier int) {
		for _, v := range variants(name) {
			spellings = append(spellings, v)
			k := normalize(v)
			if k == "" {
				continue
			}
			cur, ok := idx[k]
			switch {
			case !ok:
				idx[k] = &indexEntry{e: e, tier: tier}
			case cur.e == e:
				if tier < cur.tier {
					cur.tier = tier
				}
			case tier < cur.tier:
				idx[k] = &indexEntry{e: e, tier: tier}
			case tier == cur.tier:
				cur.ambiguous = true
			}
		}
	}
	byA3 := map[string]*countryData{}
	for _, e := range d.entries {
		byA3[e.c.Alpha3] = e
	}
	for _, e := range d.entries {
		add(e, e.c.Name, tierName)
	}
	for _, e := range d.entries {
		for _, n := range e.altEnglish {
			add(e, n, tierEnglish)
		}
	}
	for name, a3 := range countryAliases {
		e, ok := byA3[a3]
		if !ok {
			panic("geo: alias " + name + " names unknown code " + a3)
		}
		add(e, name, tierEnglish)
	}
	for _, e := range d.entries {
		for _, n := range e.altLocal {
			add(e, n, tierLocal)
		}
		if e.fr != "" {
			add(e, e.fr, tierLocal)
		}
		if e.es != "" {
			add(e, e.es, tierLocal)
		}
	}

	d.byKey = make(map[string]*countryData, len(idx))
	for k, ie := range idx {
		if !ie.ambiguous {
			d.byKey[k] = ie.e
		}
	}
	for _, n := range ambiguousNames {
		delete(d.byKey, normalize(n))
	}
	for k, code := range d.regKey {
		if e, ok := d.byKey[k]; ok && e.c.Numeric != code {
			delete(d.byKey, k)
		}
	}
	// Fast path for spellings as the data writes them; Match gives the
	// same answer for them through the slow path.
	d.exact = map[string]*countryData{}
	for _, v := range spellings {
		if e, ok := d.byKey[normalize(v)]; ok && CleanName(v) == v {
			d.exact[v] = e
		}
	}
}

// variants returns name and, when it carries a parenthesised qualifier, the
// name without it and the name with the qualifier moved to the front.
func variants(name string) []string {
	out := []string{name}
	open := strings.IndexByte(name, '(')
	closing := strings.LastIndexByte(name, ')')
	if open > 0 && closing > open {
		outer := strings.TrimSpace(name[:open] + " " + name[closing+1:])
		inner := strings.TrimSpace(name[open+1 : closing])
		out = append(out, outer, inner+" "+outer)
	}
	return out
}

// Match finds the country or area a name refers to. It accepts M49 names,
// UNTERM short and formal names, the spellings of UN DESA and UN treaty
// tables, common English variants, French and Spanish UN names, historical
// states (Yugoslavia, USSR, …, with Historical set) and codes (see ByCode);
// case, diacritics, punctuation and footnote markers (see CleanName) do not
// matter. "Korea, Republic of" and "Korea (Republic of)" are read as
// "Republic of Korea".
//
// Names of aggregates do not match: "Micronesia" is the M49 sub-region (use
// MatchRegion); the country is "Micronesia (Federated States of)".
func Match(name string) (Country, bool) {
	d := load()
	if e, ok := d.exact[name]; ok {
		return e.c, true
	}
	raw := strings.TrimSpace(name)
	if raw == "" || len(raw) > maxNameLen {
		return Country{}, false
	}
	clean := CleanName(raw)
	for _, cand := range candidates(clean) {
		if e, ok := d.byKey[normalize(cand)]; ok {
			return e.c, true
		}
	}
	if looksLikeCode(raw) {
		return ByCode(raw)
	}
	return Country{}, false
}

// candidates: the name itself, then "A, B" read as "B A" and "A (B)" read
// as "B A".
func candidates(s string) []string {
	out := []string{s}
	if i := strings.LastIndex(s, ", "); i > 0 && !strings.Contains(s, "(") {
		out = append(out, s[i+2:]+" "+s[:i])
	}
	if v := variants(s); len(v) == 3 {
		out = append(out, v[2])
	}
	return out
}

func looksLikeCode(s string) bool {
	if isDigits(s) {
		return len(s) <= 3
	}
	if len(s) < 2 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// IsOrganization reports whether name is a treaty participant that is not
// a country or area, such as the European Union.
func IsOrganization(name string) bool {
	if len(name) > maxNameLen {
		return false
	}
	k := normalize(CleanName(name))
	for _, o := range organizations {
		if normalize(o) == k {
			return true
		}
	}
	return false
}

// CleanName tidies a name as printed in a source table: it trims it,
// collapses runs of white space, and removes trailing footnote markers —
// digits and digit lists ("Germany2, 3", "Australia1", "France 4"),
// superscript digits, asterisks and daggers ("Mauritius*"), and bracketed
// notes ("[1]", "[a]"). Digits are only removed from the end and only after
// a letter or closing parenthesis, and no current or historical country or
// area name ends in a digit, so real names are kept whole. A name that is
// nothing but digits (a code) is returned trimmed.
func CleanName(raw string) string {
	s := strings.Join(strings.FieldsFunc(raw, isSpace), " ")
	// One backward scan: i only moves left, so the work is linear.
	i := len(s)
scan:
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		switch {
		case isMarker(r):
			i -= size
		case r == ']':
			j := strings.LastIndexByte(s[:i], '[')
			if j <= 0 {
				break scan
			}
			i = j
		default:
			break scan
		}
	}
	out := s[:i]
	if !strings.ContainsFunc(out, unicode.IsLetter) {
		return s // a code, or nothing but markers
	}
	return out
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' }

func isMarker(r rune) bool {
	switch r {
	case '*', '†', '‡', '§', ',', ' ', '¹', '²', '³':
		return true
	}
	return r >= '0' && r <= '9' || r >= '⁰' && r <= '⁹'
}

// normalize computes the matching key of a name (see the top of this file).
func normalize(s string) string {
	s = stripMarks(s)
	var b strings.Builder
	b.Grow(len(s))
	var tok strings.Builder
	flush := func() {
		w := tok.String()
		tok.Reset()
		switch w {
		case "", "the":
			return
		case "st":
			w = "saint"
		case "ste":
			w = "sainte"
		case "dem":
			w = "democratic"
		case "rep":
			w = "republic"
		case "fed":
			w = "federated"
		case "sts":
			w = "states"
		}
		b.WriteString(w)
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ':
			// apostrophes join: "d'Ivoire" = "dIvoire"
		case r == '&':
			flush()
			b.WriteString("and")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				tok.WriteRune(r)
			} else if sub, ok := special[unicode.ToLower(r)]; ok {
				tok.WriteString(sub)
			} else {
				tok.WriteRune(unicode.ToLower(r))
			}
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ı': "i", 'þ': "th", 'ð': "d",
}

// stripMarks removes diacritics: "Côte" → "Cote", "Åland" → "Aland".
func stripMarks(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

package treaty

import (
	"fmt"
	"strconv"
	"strings"
)

// ChapterID is a parsed MTDSG treaty number.
type ChapterID struct {
	// Chapter is the chapter number (1..29 in the MTDSG; "V" = 5).
	Chapter int
	// Sub is the sub-chapter letter where the UN uses one ("A" in
	// "XI-A-1"), else "".
	Sub string
	// Parts are the treaty number parts after the chapter: "12", "a".
	// Letters are lower case, as the UN writes them.
	Parts []string
}

// maxChapter bounds chapter numbers; the MTDSG has 29 chapters but later
// ones may appear, so allow some room.
const maxChapter = 99

// ParseChapterID reads a UNTC/MTDSG treaty number in any of the usual forms:
//
//	"V-2", "5-2", "XVIII-12-a", "18-12-a", "18-12.a", "18,12.a", "XI-A-1"
//
// Separators may be '-', '.', ',' or spaces. The chapter may be a Roman
// numeral (either case) or a number. A single capital letter right after the
// chapter is a sub-chapter ("XI-A-1"). Use Key for the snapshot file key and
// UNTC for the UN's own spelling.
func ParseChapterID(s string) (ChapterID, error) {
	var id ChapterID
	fields := strings.FieldsFunc(strings.TrimSpace(s), func(r rune) bool {
		return r == '-' || r == '.' || r == ',' || r == ' ' || r == '\t'
	})
	if len(fields) < 2 {
		return id, fmt.Errorf("treaty number %q: want chapter and treaty number, e.g. \"V-2\" or \"5-2\"", s)
	}
	ch, err := parseChapter(fields[0])
	if err != nil {
		return id, fmt.Errorf("treaty number %q: %w", s, err)
	}
	id.Chapter = ch
	rest := fields[1:]
	if len(rest[0]) == 1 && rest[0][0] >= 'A' && rest[0][0] <= 'Z' && len(rest) > 1 {
		id.Sub = rest[0]
		rest = rest[1:]
	}
	for i, p := range rest {
		if !isAlnum(p) {
			return ChapterID{}, fmt.Errorf("treaty number %q: bad part %q", s, p)
		}
		if i == 0 && (p[0] < '0' || p[0] > '9') {
			return ChapterID{}, fmt.Errorf("treaty number %q: treaty number must start with a digit, got %q", s, p)
		}
		if len(p) > 12 {
			return ChapterID{}, fmt.Errorf("treaty number %q: part %q too long", s, p)
		}
		p = strings.ToLower(p)
		if d := leadingDigits(p); d > 0 {
			// Canonical numbers: drop leading zeros ("012" -> "12").
			n := strings.TrimLeft(p[:d], "0")
			if n == "" {
				n = "0"
			}
			p = n + p[d:]
		}
		id.Parts = append(id.Parts, p)
	}
	return id, nil
}

// Key is the snapshot file key: "{chapter}-{parts joined by -}", e.g.
// "18-12-a". The sub-chapter is dropped: the snapshot index numbers
// XI-A treaties as chapter 11, treaty N.
func (id ChapterID) Key() string {
	return strconv.Itoa(id.Chapter) + "-" + strings.Join(id.Parts, "-")
}

// UNTC is the number as the UN writes it: Roman chapter, e.g. "XVIII-12-a".
func (id ChapterID) UNTC() string {
	s := Roman(id.Chapter)
	if id.Sub != "" {
		s += "-" + id.Sub
	}
	return s + "-" + strings.Join(id.Parts, "-")
}

// String returns UNTC().
func (id ChapterID) String() string { return id.UNTC() }

func parseChapter(tok string) (int, error) {
	if tok[0] >= '0' && tok[0] <= '9' {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 1 || n > maxChapter {
			return 0, fmt.Errorf("bad chapter %q", tok)
		}
		return n, nil
	}
	up := strings.ToUpper(tok)
	n, ok := parseRoman(up)
	if !ok || n < 1 || n > maxChapter {
		return 0, fmt.Errorf("bad chapter %q: want a number or a Roman numeral", tok)
	}
	return n, nil
}

var romanTable = []struct {
	v int
	s string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
	{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

// Roman formats n (1..3999) as an upper-case Roman numeral; other values
// are formatted in decimal.
func Roman(n int) string {
	if n < 1 || n > 3999 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	for _, r := range romanTable {
		for n >= r.v {
			b.WriteString(r.s)
			n -= r.v
		}
	}
	return b.String()
}

// parseRoman reads a canonical upper-case Roman numeral.
func parseRoman(s string) (int, bool) {
	if s == "" || len(s) > 15 {
		return 0, false
	}
	val := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}
	n := 0
	for i := 0; i < len(s); i++ {
		v, ok := val[s[i]]
		if !ok {
			return 0, false
		}
		if i+1 < len(s) && val[s[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n < 1 || n > 3999 || Roman(n) != s {
		return 0, false // not canonical, e.g. "IIII" or "VX"
	}
	return n, true
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func leadingDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

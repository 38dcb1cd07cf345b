package cite

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Limits on imported BibTeX and RIS. Input over them is refused with an
// error naming the line; nothing is returned half-read.
const (
	MaxImportBytes   = 32 << 20 // bytes of one file
	MaxImportEntries = 20000    // entries or records in one file
	MaxImportValue   = 64 << 10 // bytes of one field after @string expansion
	MaxImportNesting = 32       // depth of nested braces in a BibTeX value
	MaxImportMacros  = 1 << 20  // bytes all @string macros hold together
	MaxImportText    = 64 << 20 // bytes the parsed works hold together
)

// ParseError is a malformed import: the format, the line (1-based) and
// what is wrong there.
type ParseError struct {
	Format string // "bibtex" or "ris"
	Line   int
	Msg    string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s: line %d: %s", e.Format, e.Line, e.Msg) }

// accents maps a LaTeX accent command to the Unicode combining mark it
// puts on the next letter.
var accents = map[string]rune{
	`"`: '\u0308', `'`: '\u0301', "`": '\u0300', "^": '\u0302', "~": '\u0303',
	"=": '\u0304', ".": '\u0307', "u": '\u0306', "v": '\u030C', "H": '\u030B',
	"c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
}

// symbols are LaTeX commands that stand for one character or string.
var symbols = map[string]string{
	"ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
	"aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
	"th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
	"textbraceleft": "{", "textbraceright": "}", "textbackslash": `\`,
	"textasciitilde": "~", "textasciicircum": "^", "textendash": "–", "textemdash": "—",
	"textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”",
	"euro": "€", "pounds": "£", "S": "§", "P": "¶", "copyright": "©", "dag": "†",
	"textunderscore": "_", "textdollar": "$", "textpercent": "%", "textampersand": "&",
	"guillemotleft": "«", "guillemotright": "»", "textellipsis": "…", "ldots": "…",
}

// fromLaTeX turns a BibTeX field value into plain UTF-8: accent commands
// ({\"u}, \'{e}, {\~n}, \c c), symbol commands (\ss, \o, \textbraceleft{}),
// escaped specials (\& \% \$ \# \_ \{ \}), dashes (-- and ---), ties (~) and
// grouping braces. Unknown commands keep their argument and lose the name
// (\emph{word} -> word).
func fromLaTeX(s string) string {
	if !strings.ContainsAny(s, "\\{}~-") {
		return clean(s)
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	// arg reads one argument at i: a braced group or one character, after
	// optional spaces; it returns the argument's text and the index after.
	arg := func(i int) (string, int) {
		for i < len(rs) && rs[i] == ' ' {
			i++
		}
		if i >= len(rs) {
			return "", i
		}
		if rs[i] == '{' {
			depth, j := 0, i
			for ; j < len(rs); j++ {
				if rs[j] == '{' {
					depth++
				} else if rs[j] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			return string(rs[i+1 : min(j, len(rs))]), min(j+1, len(rs))
		}
		if rs[i] == '\\' { // \"\i
			j := i + 1
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			return string(rs[i:j]), j
		}
		return string(rs[i]), i + 1
	}
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == '\\' && i+1 < len(rs):
			j := i + 1
			if unicode.IsLetter(rs[j]) {
				for j < len(rs) && unicode.IsLetter(rs[j]) && rs[j] < 128 {
					j++
				}
			} else {
				j++
			}
			name := string(rs[i+1 : j])
			if mark, ok := accents[name]; ok {
				a, next := arg(j)
				base := fromLaTeX(a)
				if base == "ı" { // \"{\i} is a plain i with the accent
					base = "i"
				}
				b.WriteString(base)
				b.WriteRune(mark)
				i = next
				continue
			}
			if sym, ok := symbols[name]; ok {
				b.WriteString(sym)
				i = j
				if j+1 < len(rs) && rs[j] == '{' && rs[j+1] == '}' {
					i = j + 2 // \ss{} \textbraceleft{}
				} else if j < len(rs) && rs[j] == ' ' && unicode.IsLetter(rs[j-1]) {
					i = j + 1 // "\o rsted": the space ends the command
				}
				continue
			}
			if len(name) == 1 && !unicode.IsLetter(rs[i+1]) { // \& \% \$ \# \_ \{ \} \, \\
				switch name {
				case ",", ";", " ":
					b.WriteByte(' ')
				case `\`:
					b.WriteByte(' ')
				default:
					b.WriteString(name)
				}
				i = j
				continue
			}
			// \emph{x}, \textit{x}, \url{x}: keep what follows, drop the name.
			i = j
			for i < len(rs) && rs[i] == ' ' {
				i++
			}
		case c == '{' || c == '}':
			i++
		case c == '~':
			b.WriteByte(' ')
			i++
		case c == '-' && i+2 < len(rs) && rs[i+1] == '-' && rs[i+2] == '-':
			b.WriteString("—")
			i += 3
		case c == '-' && i+1 < len(rs) && rs[i+1] == '-':
			b.WriteString("–")
			i += 2
		default:
			b.WriteRune(c)
			i++
		}
	}
	return clean(norm.NFC.String(b.String()))
}

// splitTop splits s at each occurrence of sep that is outside braces;
// with words, sep must stand between spaces and match in any case ("and").
func splitTop(s, sep string, words bool) []string {
	var parts []string
	depth, start := 0, 0
	lower := strings.ToLower(s)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
			continue
		case '}':
			depth--
			continue
		}
		if depth != 0 || !strings.HasPrefix(lower[i:], sep) {
			continue
		}
		if words && (i == 0 || !unicode.IsSpace(rune(s[i-1])) || i+len(sep) >= len(s) || !unicode.IsSpace(rune(s[i+len(sep)]))) {
			continue
		}
		parts = append(parts, s[start:i])
		start = i + len(sep)
	}
	return append(parts, s[start:])
}

// bibNames parses a BibTeX name list: names separated by "and"; each
// "Last, First", "von Last, Jr, First" or "First von Last"; a name that is
// one braced group is an organisation, kept whole; "others" (et al.) is
// dropped.
func bibNames(raw string) []Person {
	var out []Person
	for _, n := range splitTop(raw, "and", true) {
		n = strings.TrimSpace(n)
		if n == "" || strings.EqualFold(n, "others") {
			continue
		}
		if len(n) > 1 && n[0] == '{' && n[len(n)-1] == '}' && len(splitTop(n[1:len(n)-1], "}", false)) == 1 && balanced(n[1:len(n)-1]) {
			out = append(out, Person{Family: fromLaTeX(n), Org: true})
			continue
		}
		parts := splitTop(n, ",", false)
		switch len(parts) {
		case 1:
			words := splitTop(clean(n), " ", false)
			family := len(words) - 1
			for i := 0; i < len(words)-1; i++ { // the von part starts the family name
				if r := []rune(fromLaTeX(words[i])); len(r) > 0 && unicode.IsLower(r[0]) {
					family = i
					break
				}
			}
			out = append(out, Person{Family: fromLaTeX(strings.Join(words[family:], " ")), Given: fromLaTeX(strings.Join(words[:family], " "))})
		case 2:
			out = append(out, Person{Family: fromLaTeX(parts[0]), Given: fromLaTeX(parts[1])})
		default: // von Last, Jr, First: the suffix stays with the family name
			out = append(out, Person{Family: fromLaTeX(parts[0] + " " + parts[1]), Given: fromLaTeX(strings.Join(parts[2:], " "))})
		}
	}
	return out
}

// balanced says whether s's braces pair up without closing below zero.
func balanced(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// monthNumber reads a month as BibTeX and RIS write it: "mar", "March",
// "3", "03", or the French or Spanish name.
func monthNumber(s string) int {
	s = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ".")))
	if n := atoi(s); n >= 1 && n <= 12 {
		return n
	}
	for i, prefixes := range [][]string{
		{"jan", "ene"}, {"feb", "fév", "fev"}, {"mar"}, {"apr", "avr", "abr"}, {"may", "mai"}, {"jun", "juin"},
		{"jul", "juil"}, {"aug", "aoû", "aou", "ago"}, {"sep"}, {"oct"}, {"nov"}, {"dec", "déc", "dic"},
	} {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				return i + 1
			}
		}
	}
	return 0
}

// atoi reads a non-negative decimal, or -1.
func atoi(s string) int {
	if s == "" || len(s) > 9 {
		return -1
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

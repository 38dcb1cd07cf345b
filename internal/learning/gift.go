package learning

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Moodle's GIFT format: questions separated by blank lines, // comments,
// $CATEGORY: lines, ::name:: titles, the answers between { and }, with
// ~ (wrong or weighted), = (right), %n% weights, # feedback, #### general
// feedback, -> matching pairs, #value:tolerance numbers, {} essays,
// T/F true/false, and \ escaping ~ = # { } : and \n.
// See Moodle's documentation, "GIFT format".

// Limits of an import: whatever arrives, a parse holds at most this much.
const (
	MaxBankBytes     = 4 << 20
	MaxBankQuestions = 5000
)

// ParseError is a problem at a line of an imported bank.
type ParseError struct {
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// gchar is one character of a GIFT block: escaped characters are never
// syntax.
type gchar struct {
	r       rune
	escaped bool
	line    int
}

type gtext []gchar

func (t gtext) String() string {
	var b strings.Builder
	for _, c := range t {
		b.WriteRune(c.r)
	}
	return b.String()
}

// index finds the first unescaped occurrence of s at or after from.
func (t gtext) index(s string, from int) int {
	rs := []rune(s)
outer:
	for i := from; i+len(rs) <= len(t); i++ {
		for j, r := range rs {
			if t[i+j].escaped || t[i+j].r != r {
				continue outer
			}
		}
		return i
	}
	return -1
}

func (t gtext) lastIndex(r rune) int {
	for i := len(t) - 1; i >= 0; i-- {
		if !t[i].escaped && t[i].r == r {
			return i
		}
	}
	return -1
}

func (t gtext) trim() gtext {
	for len(t) > 0 && !t[0].escaped && isSpace(t[0].r) {
		t = t[1:]
	}
	for len(t) > 0 && !t[len(t)-1].escaped && isSpace(t[len(t)-1].r) {
		t = t[:len(t)-1]
	}
	return t
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// ParseGIFT reads a GIFT bank. It stops at the first problem and names its
// line; a bank is imported whole or not at all.
func ParseGIFT(r io.Reader) ([]Question, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBankBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBankBytes {
		return nil, &ParseError{Line: 1, Msg: fmt.Sprintf("the file is over %d MiB", MaxBankBytes>>20)}
	}
	if !utf8.Valid(data) {
		return nil, &ParseError{Line: firstInvalidLine(data), Msg: "the text is not UTF-8"}
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	var out []Question
	category := ""
	var block []string
	start := 0
	flush := func() error {
		if len(block) == 0 {
			return nil
		}
		if len(out) >= MaxBankQuestions {
			return &ParseError{Line: start, Msg: fmt.Sprintf("more than %d questions", MaxBankQuestions)}
		}
		q, err := parseGIFTQuestion(block, start)
		block = nil
		if err != nil {
			return err
		}
		q.Category = category
		out = append(out, q)
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), MaxBankBytes+1)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			if err := flush(); err != nil {
				return nil, err
			}
		case strings.HasPrefix(trimmed, "//"):
			// a comment line
		case len(block) == 0 && strings.HasPrefix(trimmed, "$CATEGORY:"):
			category = strings.TrimSpace(strings.TrimPrefix(trimmed, "$CATEGORY:"))
			category = strings.TrimPrefix(category, "$course$/")
			if len(category) > MaxNameBytes {
				return nil, &ParseError{Line: n, Msg: "the category name is too long"}
			}
		default:
			if len(block) == 0 {
				start = n
			}
			block = append(block, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Line: n + 1, Msg: err.Error()}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &ParseError{Line: 1, Msg: "no questions found"}
	}
	return out, nil
}

func firstInvalidLine(b []byte) int {
	line := 1
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		b = b[size:]
	}
	return line
}

// scanBlock turns a question's lines into characters, resolving escapes.
func scanBlock(lines []string, start int) gtext {
	var t gtext
	for i, l := range lines {
		if i > 0 {
			t = append(t, gchar{r: '\n', line: start + i})
		}
		rs := []rune(l)
		for j := 0; j < len(rs); j++ {
			c := gchar{r: rs[j], line: start + i}
			if rs[j] == '\\' && j+1 < len(rs) {
				switch rs[j+1] {
				case '~', '=', '#', '{', '}', ':', '\\':
					c = gchar{r: rs[j+1], escaped: true, line: start + i}
					j++
				case 'n':
					c = gchar{r: '\n', escaped: true, line: start + i}
					j++
				}
			}
			t = append(t, c)
		}
	}
	return t
}

func parseGIFTQuestion(lines []string, start int) (Question, error) {
	t := scanBlock(lines, start).trim()
	q := Question{Points: 1}
	fail := func(at int, format string, args ...any) (Question, error) {
		line := start
		if at >= 0 && at < len(t) {
			line = t[at].line
		}
		return Question{}, &ParseError{Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	// ::name::
	if len(t) >= 2 && t.index("::", 0) == 0 {
		end := t.index("::", 2)
		if end < 0 {
			return fail(0, "the question name has no closing ::")
		}
		q.Name = strings.TrimSpace(t[2:end].String())
		t = t[end+2:].trim()
	}
	// [html] [moodle] [plain] [markdown]: the text's format, dropped.
	for _, f := range []string{"[html]", "[moodle]", "[plain]", "[markdown]"} {
		if t.index(f, 0) == 0 {
			t = t[len(f):].trim()
		}
	}
	open := t.index("{", 0)
	if open < 0 {
		return fail(0, "no answers: a question needs its answers between { and } (descriptions are not imported)")
	}
	closing := t.lastIndex('}')
	if closing < open {
		return fail(open, "the answers opened with { are not closed with }")
	}
	if nested := t.index("{", open+1); nested >= 0 && nested < closing {
		return fail(nested, "a { inside the answers must be escaped as \\{")
	}
	before, after := t[:open].trim(), t[closing+1:].trim()
	q.Text = before.String()
	if len(after) > 0 {
		// The missing word format: the answers stand for a blank.
		sep := " "
		if strings.ContainsRune(".,;:!?)", after[0].r) {
			sep = ""
		}
		q.Text = strings.TrimSpace(before.String() + " _____" + sep + after.String())
	}
	if strings.TrimSpace(q.Text) == "" {
		return fail(0, "the question has no text")
	}
	if q.Name == "" {
		q.Name = shortName(q.Text)
	}
	body := t[open+1 : closing]
	if g := body.index("####", 0); g >= 0 {
		q.Feedback = strings.TrimSpace(body[g+4:].String())
		body = body[:g]
	}
	body = body.trim()
	line := start
	if len(body) > 0 {
		line = body[0].line
	}
	if err := parseAnswers(&q, body, line); err != nil {
		return Question{}, err
	}
	if bad := q.Check(); bad != nil {
		return Question{}, &ParseError{Line: start, Msg: "the question is not usable: " + describeCheck(bad)}
	}
	return q, nil
}

// describeCheck is a question check's problems in plain English, for an
// import error.
func describeCheck(bad map[string]string) string {
	msgs := map[string]string{
		"learning.error.kind_unknown":       "unknown type",
		"learning.error.required":           "a text is missing",
		"learning.error.too_long":           "a text is too long",
		"learning.error.points":             "bad points",
		"learning.error.too_many_options":   fmt.Sprintf("more than %d options", MaxOptions),
		"learning.error.choice_invalid":     "an empty or too long option, or a weight outside -100%..100%",
		"learning.error.single_needs_right": "a multiple choice question needs a right answer (=) and a wrong one (~)",
		"learning.error.multiple_sum":       "the positive weights of a multiple answer question must add up to 100%",
		"learning.error.short_needs_answer": "a short answer question needs a 100% answer",
		"learning.error.matching_pairs":     "a matching question needs at least two pairs 'a -> b'",
		"learning.error.numeric_invalid":    "a numeric question needs a 100% number with a non-negative tolerance",
	}
	var parts []string
	for _, f := range []string{"kind", "text", "name", "points", "spec"} {
		if m, ok := bad[f]; ok {
			parts = append(parts, msgs[m])
		}
	}
	return strings.Join(parts, "; ")
}

func shortName(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) > 40 {
		text = string([]rune(text)[:40])
	}
	return strings.TrimSpace(text)
}

// splitAnswers cuts the answers at each unescaped ~ or = that starts one.
func splitAnswers(body gtext) (marks []rune, parts []gtext) {
	cur := -1
	for i, c := range body {
		if !c.escaped && (c.r == '~' || c.r == '=') {
			// '=' right after '-' cannot be: -> uses '>'. Accept as a mark.
			if cur >= 0 {
				parts = append(parts, body[cur+1:i])
			}
			marks = append(marks, c.r)
			cur = i
		}
	}
	if cur >= 0 {
		parts = append(parts, body[cur+1:])
	}
	return marks, parts
}

// weightAndFeedback reads "%50%text#feedback".
func weightAndFeedback(p gtext, line int) (weight float64, hasWeight bool, text, feedback string, err error) {
	p = p.trim()
	if len(p) > 0 && !p[0].escaped && p[0].r == '%' {
		end := p.index("%", 1)
		if end < 0 {
			return 0, false, "", "", &ParseError{Line: line, Msg: "a weight opened with % is not closed"}
		}
		w, perr := strconv.ParseFloat(strings.TrimSpace(p[1:end].String()), 64)
		if perr != nil || math.IsNaN(w) || w < -100 || w > 100 {
			return 0, false, "", "", &ParseError{Line: line, Msg: fmt.Sprintf("the weight %q is not a percentage from -100 to 100", p[1:end].String())}
		}
		weight, hasWeight = w/100, true
		p = p[end+1:]
	}
	if h := p.index("#", 0); h >= 0 {
		feedback = strings.TrimSpace(p[h+1:].String())
		p = p[:h]
	}
	return weight, hasWeight, strings.TrimSpace(p.String()), feedback, nil
}

func parseAnswers(q *Question, body gtext, line int) error {
	s := body.String()
	upper := strings.ToUpper(strings.TrimSpace(firstField(body)))
	switch {
	case len(body) == 0:
		q.Kind = Essay
		return nil
	case !body[0].escaped && body[0].r == '#':
		q.Kind = Numeric
		return parseNumeric(q, body[1:].trim(), line)
	case upper == "T" || upper == "TRUE" || upper == "F" || upper == "FALSE":
		q.Kind = TrueFalse
		q.Spec.Truth = upper[0] == 'T'
		rest := body[len([]rune(firstField(body))):]
		if h := rest.index("#", 0); h >= 0 {
			fbs := rest[h+1:]
			// {T#wrong#right}: the first feedback is for a wrong answer.
			if h2 := fbs.index("#", 0); h2 >= 0 {
				q.Spec.WrongFeedback = strings.TrimSpace(fbs[:h2].String())
				q.Spec.RightFeedback = strings.TrimSpace(fbs[h2+1:].String())
			} else {
				q.Spec.WrongFeedback = strings.TrimSpace(fbs.String())
			}
		} else if strings.TrimSpace(rest.String()) != "" {
			return &ParseError{Line: line, Msg: "unexpected text after a true/false answer"}
		}
		return nil
	}
	marks, parts := splitAnswers(body)
	if len(parts) == 0 {
		return &ParseError{Line: line, Msg: fmt.Sprintf("cannot read the answers %q: each must start with = or ~", clipText(s, 60))}
	}
	if lead := body[:body.index(string(marks[0]), 0)].trim(); len(lead) > 0 {
		return &ParseError{Line: lead[0].line, Msg: fmt.Sprintf("unexpected text %q before the first answer", clipText(lead.String(), 60))}
	}
	if len(parts) > MaxOptions {
		return &ParseError{Line: line, Msg: fmt.Sprintf("more than %d answers", MaxOptions)}
	}
	hasTilde, matching := false, false
	for i, m := range marks {
		hasTilde = hasTilde || m == '~'
		if m == '=' && parts[i].index("->", 0) >= 0 {
			matching = true
		}
	}
	if matching {
		q.Kind = Matching
		for i, p := range parts {
			pl := line
			if len(p) > 0 {
				pl = p[0].line
			}
			arrow := p.index("->", 0)
			if marks[i] != '=' || arrow < 0 {
				return &ParseError{Line: pl, Msg: "every answer of a matching question must read =left -> right"}
			}
			right := p[arrow+2:]
			if h := right.index("#", 0); h >= 0 {
				right = right[:h]
			}
			q.Spec.Pairs = append(q.Spec.Pairs, Pair{Left: strings.TrimSpace(p[:arrow].String()), Right: strings.TrimSpace(right.String())})
		}
		return nil
	}
	hasEquals := false
	weighted := false
	for i, p := range parts {
		pl := line
		if len(p) > 0 {
			pl = p[0].line
		}
		w, hasW, text, fb, err := weightAndFeedback(p, pl)
		if err != nil {
			return err
		}
		if marks[i] == '=' {
			hasEquals = true
			if !hasW {
				w = 1
			}
		}
		weighted = weighted || (marks[i] == '~' && hasW)
		q.Spec.Choices = append(q.Spec.Choices, Choice{Text: text, Fraction: w, Feedback: fb})
	}
	switch {
	case hasTilde && hasEquals:
		q.Kind = Single
	case hasTilde && weighted:
		q.Kind = Multiple
	case hasTilde:
		return &ParseError{Line: line, Msg: "a multiple choice question needs a right answer (=) or weights (~%50%)"}
	default:
		q.Kind = Short
	}
	return nil
}

func firstField(t gtext) string {
	var b strings.Builder
	for _, c := range t {
		if (!c.escaped && c.r == '#') || isSpace(c.r) {
			break
		}
		b.WriteRune(c.r)
	}
	return b.String()
}

func parseNumeric(q *Question, body gtext, line int) error {
	if len(body) > 0 && !body[0].escaped && body[0].r == '=' {
		marks, parts := splitAnswers(body)
		for i, p := range parts {
			if marks[i] != '=' {
				return &ParseError{Line: line, Msg: "numeric answers start with ="}
			}
			w, hasW, text, fb, err := weightAndFeedback(p, line)
			if err != nil {
				return err
			}
			if !hasW {
				w = 1
			}
			n, err := parseNumberRange(text, line)
			if err != nil {
				return err
			}
			n.Fraction, n.Feedback = w, fb
			q.Spec.Numbers = append(q.Spec.Numbers, n)
		}
		return nil
	}
	text := body
	fb := ""
	if h := body.index("#", 0); h >= 0 {
		text, fb = body[:h], strings.TrimSpace(body[h+1:].String())
	}
	n, err := parseNumberRange(strings.TrimSpace(text.String()), line)
	if err != nil {
		return err
	}
	n.Fraction, n.Feedback = 1, fb
	q.Spec.Numbers = []Number{n}
	return nil
}

// parseNumberRange reads "value", "value:tolerance" or "min..max".
func parseNumberRange(s string, line int) (Number, error) {
	bad := func() (Number, error) {
		return Number{}, &ParseError{Line: line, Msg: fmt.Sprintf("%q is not a number, value:tolerance or min..max", clipText(s, 60))}
	}
	num := func(x string) (float64, bool) {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	if lo, hi, ok := strings.Cut(s, ".."); ok {
		a, ok1 := num(lo)
		b, ok2 := num(hi)
		if !ok1 || !ok2 || b < a {
			return bad()
		}
		return Number{Value: (a + b) / 2, Tolerance: (b - a) / 2}, nil
	}
	v, tol := s, "0"
	if a, b, ok := strings.Cut(s, ":"); ok {
		v, tol = a, b
	}
	x, ok1 := num(v)
	t, ok2 := num(tol)
	if !ok1 || !ok2 || t < 0 {
		return bad()
	}
	return Number{Value: x, Tolerance: t}, nil
}

func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// giftEscape escapes GIFT's special characters in text.
var giftEscaper = strings.NewReplacer(`\`, `\\`, `~`, `\~`, `=`, `\=`, `#`, `\#`, `{`, `\{`, `}`, `\}`, `:`, `\:`, "\n", `\n`)

func giftEscape(s string) string { return giftEscaper.Replace(s) }

func giftNumber(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func giftWeight(f float64) string { return "%" + giftNumber(math.Round(f*1e7)/1e5) + "%" }

// WriteGIFT writes questions as a GIFT bank that ParseGIFT (and Moodle)
// read back. Case sensitivity of short answers has no GIFT syntax and is
// not written.
func WriteGIFT(w io.Writer, qs []Question) error {
	bw := bufio.NewWriter(w)
	category := ""
	for i, q := range qs {
		if i == 0 || q.Category != category {
			category = q.Category
			if category != "" {
				fmt.Fprintf(bw, "$CATEGORY: %s\n\n", strings.ReplaceAll(category, "\n", " "))
			}
		}
		fmt.Fprintf(bw, "::%s::%s{", giftEscape(q.Name), giftEscape(q.Text))
		s := q.Spec
		fb := func(f string) string {
			if f == "" {
				return ""
			}
			return "#" + giftEscape(f)
		}
		switch q.Kind {
		case Essay:
		case TrueFalse:
			if s.Truth {
				bw.WriteString("TRUE")
			} else {
				bw.WriteString("FALSE")
			}
			if s.WrongFeedback != "" || s.RightFeedback != "" {
				bw.WriteString("#" + giftEscape(s.WrongFeedback))
				if s.RightFeedback != "" {
					bw.WriteString("#" + giftEscape(s.RightFeedback))
				}
			}
		case Matching:
			for _, p := range s.Pairs {
				fmt.Fprintf(bw, "\n\t=%s -> %s", giftEscape(p.Left), giftEscape(p.Right))
			}
			bw.WriteString("\n")
		case Numeric:
			bw.WriteString("#")
			for _, n := range s.Numbers {
				bw.WriteString("\n\t=")
				if n.Fraction != 1 {
					bw.WriteString(giftWeight(n.Fraction))
				}
				fmt.Fprintf(bw, "%s:%s%s", giftNumber(n.Value), giftNumber(n.Tolerance), fb(n.Feedback))
			}
			bw.WriteString("\n")
		case Single, Short, Multiple:
			for _, c := range s.Choices {
				bw.WriteString("\n\t")
				switch {
				case q.Kind == Multiple:
					bw.WriteString("~" + giftWeight(c.Fraction))
				case q.Kind == Short && c.Fraction != 1:
					bw.WriteString("=" + giftWeight(c.Fraction))
				case c.Fraction == 1:
					bw.WriteString("=")
				case c.Fraction == 0:
					bw.WriteString("~")
				default:
					bw.WriteString("~" + giftWeight(c.Fraction))
				}
				bw.WriteString(giftEscape(c.Text) + fb(c.Feedback))
			}
			bw.WriteString("\n")
		default:
			return fmt.Errorf("learning: write GIFT: question %d has unknown type %q", q.ID, q.Kind)
		}
		if q.Feedback != "" {
			bw.WriteString("####" + giftEscape(q.Feedback))
		}
		bw.WriteString("}\n\n")
	}
	return bw.Flush()
}

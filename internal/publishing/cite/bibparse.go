package cite

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// ParseBibTeX reads a .bib file (BibTeX or biblatex, as JabRef, Zotero,
// Mendeley and our own writer export it) into works, for importing an
// existing publication list. It expands @string macros and the standard
// month macros, joins # concatenations, reads braced and quoted values,
// turns LaTeX accents and symbols into UTF-8, and splits "and"-separated
// names. @comment and @preamble are skipped, and so is text outside
// entries, as BibTeX does.
//
// Entry types map to kinds: @article -> journal article; @book ->
// book; @incollection, @inbook, @inproceedings -> chapter; @techreport
// and @report -> the kind its type field names (Working Paper, Policy
// Brief, Data Note) or report; @misc with howpublished "Data set" and
// @dataset -> dataset; anything else -> report.
//
// Malformed input (an unclosed brace, a missing =, an undefined macro, a
// work that fails Validate) and input over the limits (MaxImportBytes and
// the others) give a *ParseError naming the line; no works are returned
// then.
func ParseBibTeX(r io.Reader) ([]Work, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bibtex: reading: %w", err)
	}
	p := &bibParser{data: data, line: 1, macros: map[string]string{}}
	if len(data) > MaxImportBytes {
		return nil, &ParseError{"bibtex", 1, fmt.Sprintf("the file is over %d MiB, the limit", MaxImportBytes>>20)}
	}
	for i, m := range bibMonths[1:] {
		p.macros[m] = fullMonths[i]
	}
	return p.parse()
}

var fullMonths = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

type bibParser struct {
	data       []byte
	i, line    int
	macros     map[string]string
	macroBytes int
	textBytes  int
}

func (p *bibParser) fail(line int, format string, a ...any) error {
	return &ParseError{"bibtex", line, fmt.Sprintf(format, a...)}
}

func (p *bibParser) peek() byte {
	if p.i < len(p.data) {
		return p.data[p.i]
	}
	return 0
}

func (p *bibParser) advance() {
	if p.data[p.i] == '\n' {
		p.line++
	}
	p.i++
}

func (p *bibParser) skipSpace() {
	for p.i < len(p.data) && (unicode.IsSpace(rune(p.data[p.i]))) {
		p.advance()
	}
}

// ident reads a name: an entry type, a field name, a macro, or a key.
func (p *bibParser) ident() string {
	start := p.i
	for p.i < len(p.data) {
		c := p.data[p.i]
		if unicode.IsSpace(rune(c)) || strings.IndexByte(`{}(),="#%'`, c) >= 0 {
			break
		}
		p.advance()
	}
	return string(p.data[start:p.i])
}

func (p *bibParser) parse() ([]Work, error) {
	var works []Work
	for {
		// Text outside entries is a comment.
		for p.i < len(p.data) && p.data[p.i] != '@' {
			p.advance()
		}
		if p.i >= len(p.data) {
			return works, nil
		}
		line := p.line
		if p.i > 0 && isWordByte(p.data[p.i-1]) {
			p.advance() // an e-mail address in the text between entries
			continue
		}
		p.advance() // @
		p.skipSpace()
		typ := strings.ToLower(p.ident())
		p.skipSpace()
		open := p.peek()
		if open != '{' && open != '(' {
			if typ == "comment" {
				continue // "@comment text" runs to the end of the line
			}
			return nil, p.fail(p.line, "@%s is not followed by { or (", typ)
		}
		if typ == "" {
			return nil, p.fail(line, "@ is not followed by an entry type (@article, @book, …)")
		}
		closer := byte('}')
		if open == '(' {
			closer = ')'
		}
		switch typ {
		case "comment", "preamble":
			if _, err := p.braced(line, "@"+typ); err != nil {
				return nil, err
			}
			continue
		case "string":
			p.advance()
			if err := p.stringDef(line, closer); err != nil {
				return nil, err
			}
			continue
		}
		if len(works) >= MaxImportEntries {
			return nil, p.fail(line, "more than %d entries, the limit", MaxImportEntries)
		}
		p.advance()
		w, err := p.entry(line, typ, closer)
		if err != nil {
			return nil, err
		}
		works = append(works, w)
	}
}

// braced skips a balanced {…} or (…) group, for @comment and @preamble.
func (p *bibParser) braced(line int, what string) (string, error) {
	start := p.i
	depth := 0
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case '{', '(':
			depth++
		case '}', ')':
			depth--
			if depth == 0 {
				p.advance()
				return string(p.data[start:p.i]), nil
			}
		}
		if depth > MaxImportNesting {
			return "", p.fail(p.line, "%s nests braces over %d deep, the limit", what, MaxImportNesting)
		}
		p.advance()
	}
	return "", p.fail(line, "%s opened here is never closed", what)
}

func (p *bibParser) stringDef(line int, closer byte) error {
	p.skipSpace()
	name := strings.ToLower(p.ident())
	if name == "" {
		return p.fail(p.line, "@string without a macro name")
	}
	p.skipSpace()
	if p.peek() != '=' {
		return p.fail(p.line, "@string %s: expected = after the name", name)
	}
	p.advance()
	v, err := p.value(line, "@string "+name)
	if err != nil {
		return err
	}
	p.skipSpace()
	if p.peek() != closer {
		return p.fail(p.line, "@string %s: expected %c to close it", name, closer)
	}
	p.advance()
	p.macroBytes += len(v)
	if p.macroBytes > MaxImportMacros {
		return p.fail(line, "@string macros hold over %d KiB together, the limit", MaxImportMacros>>10)
	}
	p.macros[name] = v
	return nil
}

// value reads a field value: parts joined by #, each {braced}, "quoted",
// a number, or a macro name. It returns the raw LaTeX text.
func (p *bibParser) value(line int, field string) (string, error) {
	var b strings.Builder
	for {
		p.skipSpace()
		start := p.line
		switch c := p.peek(); {
		case c == '{' || c == '"':
			s, err := p.delimited(field)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c >= '0' && c <= '9':
			b.WriteString(p.ident())
		case c == 0:
			return "", p.fail(line, "%s: the file ends before its value", field)
		default:
			name := strings.ToLower(p.ident())
			if name == "" {
				return "", p.fail(start, "%s: unexpected %q where a value should be", field, c)
			}
			v, ok := p.macros[name]
			if !ok {
				return "", p.fail(start, "%s: undefined macro %q (define it with @string)", field, name)
			}
			b.WriteString(v)
		}
		if b.Len() > MaxImportValue {
			return "", p.fail(start, "%s: the value is over %d KiB, the limit", field, MaxImportValue>>10)
		}
		p.skipSpace()
		if p.peek() != '#' {
			return b.String(), nil
		}
		p.advance()
	}
}

// delimited reads a {braced} or "quoted" part without its delimiters,
// keeping inner braces. Inside quotes, a quote within braces does not end
// the value.
func (p *bibParser) delimited(field string) (string, error) {
	startLine := p.line
	quote := p.peek() == '"'
	p.advance()
	start := p.i
	depth := 1
	if quote {
		depth = 0
	}
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '{':
			depth++
			if depth > MaxImportNesting {
				return "", p.fail(p.line, "%s: braces nested over %d deep, the limit", field, MaxImportNesting)
			}
		case c == '}':
			depth--
			if depth < 0 {
				return "", p.fail(p.line, "%s: a } closes nothing", field)
			}
			if depth == 0 && !quote {
				s := string(p.data[start:p.i])
				p.advance()
				return s, nil
			}
		case c == '"' && quote && depth == 0:
			s := string(p.data[start:p.i])
			p.advance()
			return s, nil
		case c == '@' && p.i > 0 && p.data[p.i-1] == '\n' && !quote:
			return "", p.fail(startLine, "%s: the brace opened here is not closed before the next entry (line %d)", field, p.line)
		}
		if p.i-start > MaxImportValue {
			return "", p.fail(startLine, "%s: the value opened here runs over %d KiB (an unclosed brace or quote?)", field, MaxImportValue>>10)
		}
		p.advance()
	}
	what := "brace"
	if quote {
		what = "quote"
	}
	return "", p.fail(startLine, "%s: the %s opened here is never closed", field, what)
}

// entry reads "key, field = value, …" up to closer.
func (p *bibParser) entry(line int, typ string, closer byte) (Work, error) {
	p.skipSpace()
	key := p.ident()
	p.skipSpace()
	fields := map[string]string{}
	if p.peek() == ',' {
		p.advance()
	}
	for {
		p.skipSpace()
		if p.peek() == closer {
			p.advance()
			break
		}
		if p.i >= len(p.data) {
			return Work{}, p.fail(line, "entry %q opened here is never closed", key)
		}
		start := p.line
		name := strings.ToLower(p.ident())
		if name == "" {
			return Work{}, p.fail(p.line, "entry %q: expected a field name, found %q", key, p.peek())
		}
		p.skipSpace()
		if p.peek() != '=' {
			return Work{}, p.fail(p.line, "entry %q: expected = after field %q", key, name)
		}
		p.advance()
		v, err := p.value(start, fmt.Sprintf("entry %q field %s", key, name))
		if err != nil {
			return Work{}, err
		}
		if _, dup := fields[name]; !dup { // BibTeX keeps the first
			fields[name] = v
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.advance()
		case closer:
		default:
			return Work{}, p.fail(start, "entry %q: field %s, which starts here, is followed by %q on line %d instead of , or %c (an unclosed brace or a missing comma?)", key, name, p.peek(), p.line, closer)
		}
	}
	w := bibWork(typ, key, fields)
	if err := w.Validate(); err != nil {
		return Work{}, p.fail(line, "%v", err)
	}
	p.textBytes += workSize(&w)
	if p.textBytes > MaxImportText {
		return Work{}, p.fail(line, "the entries hold over %d MiB of text, the limit", MaxImportText>>20)
	}
	return w, nil
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

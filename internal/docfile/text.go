package docfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	// The PDF reader: github.com/ledongthuc/pdf, a maintained fork of
	// rsc.io/pdf (BSD-3). rsc.io/pdf v0.1.1 (2014, unmaintained) has the
	// same design but recovers no panic at all, and the fork fixes endless
	// loops and crashes on malformed files (unterminated arrays, broken
	// CMaps, ASCII85 streams) that a hostile upload would reach. pdfcpu
	// has no plain-text extraction. The fork has no tagged release, so a
	// pseudo-version is pinned.
	"github.com/ledongthuc/pdf"
)

// open parses a PDF with the reader after scan's checks, refusing encrypted
// files. PDF 2.0 files are read under a 1.7 header (same length, so every
// offset holds): the reader knows the syntax, which 2.0 did not change,
// but refuses the version number.
func open(b []byte) (*pdf.Reader, error) {
	if err := scan(b); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(b, []byte("%PDF-2.0")) {
		b = bytes.Clone(b)
		copy(b[5:8], "1.7")
	}
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if errors.Is(err, pdf.ErrInvalidPassword) || encrypted(b) {
			return nil, ErrEncrypted
		}
		return nil, fmt.Errorf("the PDF cannot be read: %v", err)
	}
	if !r.Trailer().Key("Encrypt").IsNull() {
		return nil, ErrEncrypted
	}
	if r.Trailer().Key("Root").Key("Pages").IsNull() {
		return nil, errors.New("the PDF cannot be read: it has no page tree")
	}
	return r, nil
}

// pages lists a document's page objects in order, walking the page tree
// with a depth and a node limit so that a tree whose kids point back at
// their parents ends.
func pages(r *pdf.Reader) ([]pdf.Value, error) {
	var out []pdf.Value
	visited := 0
	var walk func(v pdf.Value, depth int) error
	walk = func(v pdf.Value, depth int) error {
		visited++
		if depth > 64 || visited > 4*MaxPages {
			return errors.New("the PDF's page tree is too deep or loops back on itself")
		}
		switch v.Key("Type").Name() {
		case "Pages":
			kids := v.Key("Kids")
			for i := 0; i < kids.Len(); i++ {
				if err := walk(kids.Index(i), depth+1); err != nil {
					return err
				}
			}
		case "Page":
			out = append(out, v)
			if len(out) > MaxPages {
				return fmt.Errorf("the PDF has over %d pages, the limit", MaxPages)
			}
		}
		return nil
	}
	err := walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return out, err
}

// Text returns the text of a PDF for full-text search, at most maxBytes of
// it (cut at a character boundary), or an error when the PDF cannot be
// read: malformed, encrypted, or over a limit (see MaxPDFSize and the
// others). It stops when ctx is done and after TimeBudget.
func Text(ctx context.Context, b []byte, maxBytes int) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("docfile: PDF text: %w", err)
	}
	text, err := guarded("docfile: PDF text", TimeBudget, ctx.Done(), func() (string, error) {
		r, err := open(b)
		if err != nil {
			return "", err
		}
		ps, err := pages(r)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		failed := 0
		for _, p := range ps {
			if ctx.Err() != nil || out.Len() >= maxBytes {
				break
			}
			if err := pageText(p, &out, maxBytes); err != nil {
				failed++ // one unreadable page does not hide the others' text
			}
			out.WriteByte('\n')
		}
		if failed > 0 && failed == len(ps) {
			return "", errors.New("the PDF's pages cannot be read")
		}
		return out.String(), nil
	})
	if err != nil {
		if !strings.HasPrefix(err.Error(), "docfile:") {
			err = fmt.Errorf("docfile: PDF text: %w", err)
		}
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("docfile: PDF text: %w", err)
	}
	return truncateUTF8(strings.ToValidUTF8(text, ""), maxBytes), nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// readable opens a PDF with the reader and reads its page tree, so that a
// file with a right header but no readable structure is refused.
func readable(b []byte) error {
	_, err := guarded("docfile: PDF check", TimeBudget, nil, func() (struct{}, error) {
		r, err := open(b)
		if err != nil {
			return struct{}{}, err
		}
		ps, err := pages(r)
		if err != nil {
			return struct{}{}, err
		}
		if len(ps) == 0 {
			return struct{}{}, errors.New("the PDF has no pages")
		}
		return struct{}{}, nil
	})
	return err
}

// pageText appends a page's text to out. It interprets the content stream
// itself rather than use the reader's GetPlainText, which glues words
// together when a PDF spaces them by positioning instead of space
// characters (pdfTeX does, so most LaTeX papers would index as one long
// word): a TJ adjustment wider than a fifth of an em, a move to a new line
// or a new text object becomes a space or a line break. Moves along a line
// (Td with no vertical part) add nothing: Chromium's Skia places runs and
// single glyphs that way.
func pageText(p pdf.Value, out *strings.Builder, limit int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("page content: %v", r)
		}
	}()
	contents := p.Key("Contents")
	if contents.IsNull() {
		return nil
	}
	page := pdf.Page{V: p}
	fonts := map[string]pdf.TextEncoding{}
	var enc pdf.TextEncoding
	sep := func(c byte) {
		if s := out.String(); len(s) > 0 && s[len(s)-1] != ' ' && s[len(s)-1] != '\n' {
			out.WriteByte(c)
		}
	}
	show := func(raw string) {
		if out.Len() >= limit {
			return
		}
		if enc == nil {
			out.WriteString(raw)
			return
		}
		out.WriteString(enc.Decode(raw))
	}
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		n := stk.Len()
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "BT", "Tm":
			sep(' ')
		case "Tf":
			if n < 2 {
				return
			}
			name := args[0].Name()
			e, ok := fonts[name]
			if !ok && len(fonts) < 256 {
				f := page.Font(name)
				e = f.Encoder()
				fonts[name] = e
			}
			enc = e
		case "Td", "TD":
			// A move down starts a line; a move along the line does not
			// part words: Skia and others place each run or glyph this
			// way and write spaces as characters.
			if n == 2 && args[1].Float64() != 0 {
				sep('\n')
			}
		case "T*":
			sep('\n')
		case "Tj":
			if n == 1 {
				show(args[0].RawString())
			}
		case "'", "\"":
			if n >= 1 {
				sep('\n')
				show(args[n-1].RawString())
			}
		case "TJ":
			if n != 1 {
				return
			}
			a := args[0]
			for i := 0; i < a.Len(); i++ {
				switch x := a.Index(i); x.Kind() {
				case pdf.String:
					show(x.RawString())
				case pdf.Integer, pdf.Real:
					if x.Float64() < -200 { // thousandths of an em: a word gap
						sep(' ')
					}
				}
			}
		}
	})
	return nil
}

package publishing

import (
	"bytes"
	"fmt"
	"strings"

	"corridor/internal/textsearch"
)

// SamplePDF writes a small one-page PDF with a title and paragraphs in
// Helvetica: the demo's and the tests' papers. Text is written in the
// standard fonts' Latin-1 range (accents folded beyond it), each line
// wrapped at about 90 characters.
func SamplePDF(title string, paragraphs ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT /F1 16 Tf 56 780 Td 20 TL\n")
	line := func(s string) { fmt.Fprintf(&content, "(%s) Tj T*\n", pdfString(s)) }
	for _, l := range wrap(title, 60) {
		line(l)
	}
	content.WriteString("/F1 10 Tf 14 TL T*\n")
	n := 0
	for _, p := range paragraphs {
		for _, l := range wrap(p, 95) {
			if n++; n > 48 {
				break
			}
			line(l)
		}
		content.WriteString("T*\n")
	}
	content.WriteString("ET\n")
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Title (" + pdfString(title) + ") /Producer (Corridor sample) >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// pdfString escapes a PDF literal string in WinAnsi (Latin-1 range).
func pdfString(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			b.WriteByte(' ')
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, "\\%03o", r)
		case r == '’' || r == '‘':
			b.WriteByte('\'')
		case r == '–' || r == '—':
			b.WriteByte('-')
		default:
			f := textsearch.Fold(string(r))
			if f == "" || f[0] >= 0x80 {
				f = "?"
			}
			b.WriteString(f)
		}
	}
	return b.String()
}

func wrap(s string, width int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > width {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

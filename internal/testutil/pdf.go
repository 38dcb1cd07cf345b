package testutil

import (
	"fmt"
	"strings"
)

// PDF returns a small but whole one-page PDF (with its cross-reference
// table, so real readers open it) whose document information names
// author and whose page shows text (ASCII). Tests of uploads and review
// copies use it where a hand-typed "%PDF-" string would be refused.
func PDF(author, text string) string {
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace
	content := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", esc(text))
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1>>",
		"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>/Contents 6 0 R>>",
		fmt.Sprintf("<</Author(%s)/Title(Manuscript)>>", esc(author)),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
		fmt.Sprintf("<</Length %d>>\nstream\n%s\nendstream", len(content), content),
	}
	var b strings.Builder
	b.WriteString("%PDF-1.4\n")
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
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R/Info 4 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.String()
}

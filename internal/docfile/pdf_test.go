package docfile

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

const (
	authorName = "Zoë Quintanilla-Marchetti"
	docTitle   = "Remittance corridors after the pandemic"
	xmpMarker  = "corridor-test-xmp-packet"
)

// paperPDF makes a two-page PDF the way an author's tool would: document
// information (Author, Title, Creator, Subject, Keywords), an XMP packet,
// and UTF-8 text with accented words in a TrueType font.
func paperPDF(t testing.TB, compress bool) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(compress)
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.SetAuthor(authorName, true)
	p.SetTitle(docTitle, true)
	p.SetCreator("Scribe Writer 7.1", true)
	p.SetSubject("Anonymous review copy test", true)
	p.SetKeywords("remittances migración", true)
	p.SetXmpMetadata([]byte(`<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>` + authorName + `</rdf:li></rdf:Seq></dc:creator><dc:description>` + xmpMarker + `</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`))
	p.AddPage()
	p.SetFont("go", "", 12)
	p.MultiCell(0, 6, "Migration corridors: remittances in América Latina.\nLa niña señaló el café; über die Grenze.", "", "L", false)
	p.AddPage()
	p.MultiCell(0, 6, "Second page: résumé of the méthode.", "", "L", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withUpdate appends an incremental update that replaces the information
// dictionary with one naming a different author, as an editor saving the
// file would: the first author's name stays in the earlier revision.
func withUpdate(t testing.TB, b []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`/Size (\d+)`).FindAllSubmatch(b, -1)
	size := 0
	fmt.Sscan(string(m[len(m)-1][1]), &size)
	root := regexp.MustCompile(`/Root (\d+ \d+ R)`).FindAllSubmatch(b, -1)
	sx := regexp.MustCompile(`startxref\s+(\d+)`).FindAllSubmatch(b, -1)
	var buf bytes.Buffer
	buf.Write(b)
	off := buf.Len()
	fmt.Fprintf(&buf, "%d 0 obj\n<< /Author (Second Editor) /Title (Revised) >>\nendobj\n", size)
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n",
		size, off, size+1, root[len(root)-1][1], size, sx[len(sx)-1][1], xref)
	return buf.Bytes()
}

// objStreamPDF builds by hand a PDF 1.5 whose catalog, pages and
// information dictionary sit in a compressed object stream, found through
// a cross-reference stream: the layout of files from current word
// processors, where the author's name is never in the file's plain bytes.
func objStreamPDF(t testing.TB) []byte {
	t.Helper()
	content := "BT /F1 18 Tf 72 720 Td (Compressed objects hold the seminar notes) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Metadata 9 0 R /Annots [<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (Annotating Author) /Contents (Check this figure) >>] >>",
		"", // 4: content stream, outside
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		"<< /Author (" + authorName[:3] + "Hidden Author) /Producer (ObjStream Writer) >>",
	}
	inStream := []int{1, 2, 3, 5, 6}
	var header, body strings.Builder
	for _, n := range inStream {
		fmt.Fprintf(&header, "%d %d ", n, body.Len())
		body.WriteString(objs[n-1] + "\n")
	}
	plain := header.String() + body.String()
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(plain))
	zw.Close()
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
	offsets := map[int]int{}
	offsets[4] = buf.Len()
	fmt.Fprintf(&buf, "4 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(content), content)
	xmp := "<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'>" + xmpMarker + " page-level</x:xmpmeta><?xpacket end='w'?>"
	offsets[9] = buf.Len()
	fmt.Fprintf(&buf, "9 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n", len(xmp), xmp)
	offsets[7] = buf.Len()
	fmt.Fprintf(&buf, "7 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", len(inStream), len(header.String()), z.Len())
	buf.Write(z.Bytes())
	buf.WriteString("\nendstream\nendobj\n")
	xrefAt := buf.Len()
	// Entries of 1+4+2 bytes for objects 0..10; 8 is unused.
	var rows bytes.Buffer
	row := func(typ byte, f2 int, f3 int) {
		rows.Write([]byte{typ, byte(f2 >> 24), byte(f2 >> 16), byte(f2 >> 8), byte(f2), byte(f3 >> 8), byte(f3)})
	}
	row(0, 0, 0xffff)
	idx := map[int]int{1: 0, 2: 1, 3: 2, 5: 3, 6: 4}
	for n := 1; n <= 9; n++ {
		if i, ok := idx[n]; ok {
			row(2, 7, i)
		} else if n == 8 {
			row(0, 0, 0)
		} else {
			row(1, offsets[n], 0)
		}
	}
	row(1, xrefAt, 0)
	fmt.Fprintf(&buf, "10 0 obj\n<< /Type /XRef /Size 11 /W [1 4 2] /Root 1 0 R /Info 6 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] /Length %d >>\nstream\n", rows.Len())
	buf.Write(rows.Bytes())
	fmt.Fprintf(&buf, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return buf.Bytes()
}

func TestTextReadsAccentedWords(t *testing.T) {
	for _, compress := range []bool{true, false} {
		b := paperPDF(t, compress)
		text, err := Text(context.Background(), b, 1<<20)
		if err != nil {
			t.Fatalf("compress=%v: %v", compress, err)
		}
		for _, w := range []string{"Migration", "América", "niña", "señaló", "café", "über", "résumé", "méthode", "Second page"} {
			if !strings.Contains(text, w) {
				t.Errorf("compress=%v: text lacks %q:\n%s", compress, w, text)
			}
		}
	}
	text, err := Text(context.Background(), objStreamPDF(t), 1<<20)
	if err != nil || !strings.Contains(text, "seminar notes") {
		t.Errorf("object-stream PDF: %q, %v", text, err)
	}
	// Chromium's print to PDF (Skia: Identity-H fonts, tagged, runs split
	// by font fallback and placed with Td); the words are what pdftotext
	// reads from the same file.
	text, err = Text(context.Background(), chromiumPDF(t), 1<<20)
	if want := "Migration corridors La niña señaló el café; über die Grenze. Résumé of the méthode, Nguyễn Thị Chi."; err != nil || strings.Join(strings.Fields(text), " ") != want {
		t.Errorf("Chromium PDF: %q, %v; want %q", text, err, want)
	}
}

// chromiumPDF is testdata/chromium-skia.pdf, printed by headless Chromium
// 156 from a page titled "Remittance corridors" with accented text in
// several scripts' fallbacks (made with --no-pdf-header-footer, so no path
// is in it).
func chromiumPDF(t testing.TB) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", "chromium-skia.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTextStopsAtMaxBytesOnACharacter(t *testing.T) {
	b := paperPDF(t, true)
	full, err := Text(context.Background(), b, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(full, "é") + 1 // inside the two-byte é
	got, err := Text(context.Background(), b, i)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != i-1 || !strings.HasPrefix(full, got) {
		t.Errorf("Text(max %d) = %q (%d bytes); want the %d bytes before é", i, got, len(got), i-1)
	}
}

func TestTextHonoursCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Text(ctx, paperPDF(t, true), 1000); err == nil {
		t.Fatal("cancelled context: no error")
	}
}

// sharedPDFs are the PDFs in the project's shared data, if any.
func sharedPDFs(t *testing.T) []string {
	var out []string
	filepath.WalkDir(filepath.Join("..", "..", "..", "shared", "data"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".pdf") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestTextOfSharedPDFs(t *testing.T) {
	files := sharedPDFs(t)
	if len(files) == 0 {
		t.Skip("no PDF in ../shared/data")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Text(context.Background(), b, 1<<20); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

func TestStripMetadataLeavesNoTrace(t *testing.T) {
	cases := map[string][]byte{
		"fpdf":               paperPDF(t, true),
		"fpdf uncompressed":  paperPDF(t, false),
		"incremental update": withUpdate(t, paperPDF(t, true)),
		"object stream":      objStreamPDF(t),
		"chromium":           chromiumPDF(t),
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			out, err := StripMetadata(in)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"Quintanilla", "Hidden Author", "Second Editor", xmpMarker, "xpacket", "Scribe Writer", "ObjStream Writer", "Annotating Author", "0123456789ABCDEF", "Anonymous review copy", "HeadlessChrome", "Skia/PDF", "Remittance corridors"} {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("the stripped copy still holds %q", s)
				}
			}
			// The copy is still the same document.
			if err := CheckPDF(out); err != nil {
				t.Fatalf("the stripped copy does not pass CheckPDF: %v", err)
			}
			before, err := Text(context.Background(), in, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			after, err := Text(context.Background(), out, 1<<20)
			if err != nil {
				t.Fatal(err)
			}
			if before != after {
				t.Errorf("text changed:\nbefore %q\nafter  %q", before, after)
			}
			// No inflated stream holds them either.
			for _, s := range inflatedStreams(out) {
				for _, w := range []string{"Quintanilla", "Hidden Author", "Annotating Author", xmpMarker} {
					if strings.Contains(s, w) {
						t.Errorf("a compressed stream of the copy holds %q", w)
					}
				}
			}
			popplerAgrees(t, in, out)
		})
	}
}

// inflatedStreams returns every zlib stream of b, inflated.
func inflatedStreams(b []byte) []string {
	var out []string
	for pos := 0; ; {
		s, e := nextStream(b, pos)
		if s < 0 {
			return out
		}
		if zr, err := zlib.NewReader(bytes.NewReader(b[s:e])); err == nil {
			var buf bytes.Buffer
			buf.ReadFrom(zr)
			out = append(out, buf.String())
		}
		pos = e
	}
}

// popplerAgrees checks the stripped copy with Debian's poppler-utils:
// pdfinfo sees no Author and the same page count; pdftotext reads the
// same text.
func popplerAgrees(t *testing.T, in, out []byte) {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdfinfo (poppler-utils) is missing; scripts/test installs it")
		}
		t.Log("pdfinfo (poppler-utils) is not installed; skipping the poppler checks")
		return
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pin, pout := write("in.pdf", in), write("out.pdf", out)
	info := func(p string) string {
		b, err := exec.Command("pdfinfo", p).CombinedOutput()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v\n%s", filepath.Base(p), err, b)
		}
		return string(b)
	}
	field := func(info, name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `:\s*(.*)$`).FindStringSubmatch(info)
		if m == nil {
			return ""
		}
		return m[1]
	}
	iin, iout := info(pin), info(pout)
	if field(iin, "Author") == "" && field(iin, "Creator") == "" {
		t.Fatalf("pdfinfo sees neither Author nor Creator in the original, so the test proves nothing:\n%s", iin)
	}
	for _, f := range []string{"Author", "Title", "Subject", "Keywords", "Creator"} {
		if v := field(iout, f); v != "" {
			t.Errorf("pdfinfo still reports %s %q on the stripped copy", f, v)
		}
	}
	if field(iout, "Metadata Stream") == "yes" {
		t.Error("pdfinfo still finds an XMP metadata stream")
	}
	if a, b := field(iin, "Pages"), field(iout, "Pages"); a != b || a == "" {
		t.Errorf("pages: %q before, %q after", a, b)
	}
	text := func(p string) string {
		b, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", filepath.Base(p), err)
		}
		return string(b)
	}
	if a, b := text(pin), text(pout); a != b || strings.TrimSpace(a) == "" {
		t.Errorf("pdftotext: %q before, %q after", a, b)
	}
}

func TestPDFRefusals(t *testing.T) {
	good := paperPDF(t, true)
	nested := []byte("%PDF-1.4\n1 0 obj\n" + strings.Repeat("[", 100000) + "\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")
	var bomb bytes.Buffer
	zw := zlib.NewWriter(&bomb)
	zeros := make([]byte, 1<<20)
	for i := 0; i < MaxInflated>>20+1; i++ {
		zw.Write(zeros)
	}
	zw.Close()
	bombPDF := append([]byte(fmt.Sprintf("%%PDF-1.4\n1 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n", bomb.Len())), bomb.Bytes()...)
	bombPDF = append(bombPDF, "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"...)
	hugeXref := bytes.Replace(objStreamPDF(t), []byte("/Size 11"), []byte("/Size 999999999"), 1)
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "empty"},
		{"header only", []byte("%PDF-1.7\n%%EOF\n"), "cannot be read"},
		{"fake body", []byte("%PDF-1.4\nthis is a letter, not a PDF\n%%EOF\n"), "cannot be read"},
		{"truncated", good[:len(good)/2], "%%EOF"},
		{"deep nesting", nested, "nests"},
		{"inflation bomb", bombPDF, "expand"},
		{"huge xref", hugeXref, "over the limit"},
		{"encrypted", encryptedPDF(t), "encrypted"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := cpuTime()
			err := CheckPDF(c.b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("CheckPDF: %v; want an error with %q", err, c.want)
			}
			if c.name == "truncated" {
				return
			}
			if _, err := Text(context.Background(), c.b, 100); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Text: %v; want an error with %q", err, c.want)
			}
			if _, err := StripMetadata(c.b); err == nil || (!strings.Contains(err.Error(), c.want) && c.want != "cannot be read") {
				t.Errorf("StripMetadata: %v; want an error with %q", err, c.want)
			}
			if d := cpuTime() - start; d > 20*time.Second {
				t.Errorf("took %s of CPU", d)
			}
		})
	}
}

// encryptedPDF is a PDF protected with an owner password through fpdf,
// which opens without a user password: still refused.
func encryptedPDF(t testing.TB) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetProtection(fpdf.CnProtectPrint, "", "owner-secret")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(0, 10, "Protected")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheckPDFAcceptsRealPDFs(t *testing.T) {
	for name, b := range map[string][]byte{"fpdf": paperPDF(t, true), "object stream": objStreamPDF(t), "update": withUpdate(t, paperPDF(t, false))} {
		if err := CheckPDF(b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, f := range sharedPDFs(t) {
		b, _ := os.ReadFile(f)
		if err := CheckPDF(b); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

// simplePDF is a one-page PDF with a classic cross-reference table whose
// page shows content in Helvetica.
func simplePDF(content string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var buf bytes.Buffer
	buf.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = buf.Len()
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return buf.Bytes()
}

// pdfTeX spaces words by moving the pen inside TJ arrays, not with space
// characters; kerning inside a word moves it a little.
func TestTextSpacesWordsSetByPosition(t *testing.T) {
	b := simplePDF("BT /F1 12 Tf 72 700 Td [(Migration)-333(corridors)-333(and)]TJ 0 -14 Td [(re)20(mit)-15(tances)]TJ T* (caf\\351) Tj ET")
	if err := CheckPDF(b); err != nil {
		t.Fatal(err)
	}
	got, err := Text(context.Background(), b, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Migration corridors and\nremittances\ncafé\n"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}

// PDF 2.0 files are read (the reader knows only 1.x headers), and a file
// encrypted with AES-256, which the reader cannot even try, is refused as
// encrypted rather than as malformed.
func TestPDF20AndAES256(t *testing.T) {
	v2 := bytes.Replace(simplePDF("BT /F1 12 Tf 72 700 Td (Version two) Tj ET"), []byte("%PDF-1.4"), []byte("%PDF-2.0"), 1)
	if err := CheckPDF(v2); err != nil {
		t.Fatalf("PDF 2.0: %v", err)
	}
	if text, err := Text(context.Background(), v2, 100); err != nil || !strings.Contains(text, "Version two") {
		t.Errorf("PDF 2.0 text: %q, %v", text, err)
	}
	if out, err := StripMetadata(v2); err != nil || !bytes.HasPrefix(out, []byte("%PDF-2.0")) {
		t.Errorf("PDF 2.0 review copy: %.12q, %v", out, err)
	}
	aes := bytes.Replace(simplePDF("BT ET"), []byte("/Root 1 0 R"), []byte("/Root 1 0 R /Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /P -4 >> /ID [<01> <01>]"), 1)
	for name, err := range map[string]error{"CheckPDF": CheckPDF(aes), "StripMetadata": func() error { _, err := StripMetadata(aes); return err }()} {
		if !errors.Is(err, ErrEncrypted) {
			t.Errorf("%s on AES-256: %v, want ErrEncrypted", name, err)
		}
	}
}

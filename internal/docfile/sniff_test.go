package docfile

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

// docx builds the start of a real DOCX: a ZIP whose first entry is
// [Content_Types].xml, as Word writes it.
func docx(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("[Content_Types].xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`))
	w, _ = zw.Create("word/document.xml")
	w.Write([]byte(`<w:document/>`))
	zw.Close()
	return buf.Bytes()
}

func TestSniff(t *testing.T) {
	pdf := paperPDF(t, true)
	cases := []struct {
		name string
		head []byte
		want string // media type, or "" for a refusal
		err  string // part of the refusal's message
	}{
		{"paper.pdf", pdf, PDF, ""},
		{"PAPER.PDF", pdf, PDF, ""},
		{"paper.docx", docx(t), DOCX, ""},
		{"data.csv", []byte("country,year,stock\nMX,2019,11489684\n"), CSV, ""},
		{"notes.txt", []byte("Café con leche, niño.\n"), PlainText, ""},
		{"empty.pdf", nil, "", "empty"},
		{"page.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "", "web page"},
		{"page.pdf", []byte("  <html><head><title>x</title></head></html>"), "", "web page"},
		{"figure.pdf", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "", "web page"},
		{"figure.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`), "", "web page"},
		{"notes.txt", []byte(`plain words then <svg onload=alert(1)>`), "", "web page"},
		{"letter.pdf", []byte("Dear editor, please find my paper attached."), "", "not a PDF"},
		{"paper.pdf", docx(t), "", "not a PDF"},
		{"paper.docx", pdf, "", "not a ZIP-based document"},
		{"paper.docx", []byte("PK but not really"), "", "not a ZIP-based document"},
		{"photo.jpg", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "", "image/png"},
		{"page.html", []byte("<html></html>"), "", "not accepted"},
		{"figure.svg", []byte("<svg/>"), "", "not accepted"},
		{"paper", pdf, "", "not accepted"},
		{"run.exe", []byte("MZ\x90\x00"), "", "not accepted"},
	}
	for _, c := range cases {
		head := c.head
		if len(head) > 512 {
			head = head[:512]
		}
		got, err := Sniff(c.name, head)
		if c.want != "" {
			if err != nil || got != c.want {
				t.Errorf("Sniff(%q) = %q, %v; want %q", c.name, got, err, c.want)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("Sniff(%q, %.20q) = %q, %v; want an error with %q", c.name, head, got, err, c.err)
		}
	}
	if _, err := Sniff("empty.pdf", nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("0 bytes: %v, want ErrEmpty", err)
	}
}

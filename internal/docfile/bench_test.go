package docfile

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// longPDF is a 100-page paper of dense accented text, about what a long
// working paper holds.
func longPDF(b *testing.B) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.SetAuthor(authorName, true)
	for i := 0; i < 100; i++ {
		p.AddPage()
		p.SetFont("go", "", 10)
		for j := 0; j < 12; j++ {
			p.MultiCell(0, 5, fmt.Sprintf("Page %d, paragraph %d: remittances through the Mexico–United States corridor, réfugiés, niños, Grenzübergänge, and the migrant stock estimates that the data pillar publishes for each year.", i+1, j+1), "", "L", false)
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkText(b *testing.B) {
	pdf := longPDF(b)
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		if _, err := Text(context.Background(), pdf, 1<<20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStripMetadata(b *testing.B) {
	pdf := longPDF(b)
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		if _, err := StripMetadata(pdf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckPDF(b *testing.B) {
	pdf := longPDF(b)
	b.SetBytes(int64(len(pdf)))
	for b.Loop() {
		if err := CheckPDF(pdf); err != nil {
			b.Fatal(err)
		}
	}
}

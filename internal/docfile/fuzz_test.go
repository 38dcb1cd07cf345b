package docfile

import (
	"context"
	"testing"
	"time"
)

// The fuzzers start from real PDFs (fpdf output, an object-stream file, an
// incremental update) and look for inputs that crash, hang or escape the
// limits. Found crashers stay in testdata/fuzz as seeds.

func fuzzSeeds(f *testing.F) {
	f.Add(paperPDF(f, true))
	f.Add(paperPDF(f, false))
	f.Add(objStreamPDF(f))
	f.Add(withUpdate(f, paperPDF(f, false)))
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R/Size 3>>\nstartxref\n0\n%%EOF\n"))
}

func FuzzText(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		s, err := Text(ctx, b, 4096)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Text took %s on %d bytes", d, len(b))
		}
		if err == nil && len(s) > 4096 {
			t.Fatalf("Text returned %d bytes, over the 4096 asked", len(s))
		}
		CheckPDF(b)
	})
}

func FuzzStripMetadata(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		out, err := StripMetadata(b)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("StripMetadata took %s on %d bytes", d, len(b))
		}
		if err != nil {
			return
		}
		// What StripMetadata writes, the reader must open.
		if _, err := Text(context.Background(), out, 4096); err != nil {
			t.Logf("the stripped copy does not read back: %v", err)
		}
	})
}

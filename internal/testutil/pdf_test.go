package testutil

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/docfile"
)

func TestPDFIsWhole(t *testing.T) {
	p := []byte(PDF("Ana Müller", "A paper (draft)"))
	if err := docfile.CheckPDF(p); err != nil {
		t.Fatalf("CheckPDF: %v", err)
	}
	text, err := docfile.Text(context.Background(), p, 1000)
	if err != nil || !strings.Contains(text, "A paper (draft)") {
		t.Fatalf("Text = %q, %v", text, err)
	}
	clean, err := docfile.StripMetadata(p)
	if err != nil || strings.Contains(string(clean), "Ana M") {
		t.Fatalf("StripMetadata left the author or failed: %v", err)
	}
}

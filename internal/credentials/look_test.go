package credentials

import (
	"os"
	"testing"
)

func TestWriteSamplePDF(t *testing.T) {
	out := os.Getenv("CREDENTIALS_SAMPLE_PDF")
	if out == "" {
		t.Skip("set CREDENTIALS_SAMPLE_PDF to write a sample certificate to look at")
	}
	s := New(nil, nil, "Institute for Migration Studies")
	c := Certificate{Code: "ABCD-EFGH-JKMN", LearnerName: "Nguyễn Thị Minh Khai", ProgrammeTitle: "Essentials of Migration Management — Ñúñez & Müller cohort", IssuedAt: day("2026-06-01").Unix(), ExpiresAt: day("2028-06-01").Unix()}
	pdf, err := s.PDF(c, "https://corridor.example/verify/ABCD-EFGH-JKMN", EnglishPDFText)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
}

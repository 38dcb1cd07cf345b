package events

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBadgesPDF: the badges PDF lists and badges confirmed participants
// only, and names with accents, Greek and Cyrillic come back out of it
// as text (poppler's pdftotext, a reader outside the code that wrote it).
func TestBadgesPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	e := Event{ID: 7, Title: map[string]string{"en": "Symposium on mobility and rights"}, Updated: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
	names := []string{"José Núñez", "Zoë Müller-Lüdenscheidt", "Анна Петрова", "Ελένη Παπαδοπούλου", "Nguyễn Thị Hương", "Søren Ærø", "Łukasz Żółć", "Ada Okonkwo", "Brígida Peña", "Çağla Öztürk"}
	var ps []Participant
	for i, n := range names {
		ps = append(ps, Participant{UserID: int64(i + 1), Name: n, Email: "p" + string(rune('a'+i)) + "@example.org", Status: Confirmed})
	}
	ps = append(ps, Participant{UserID: 99, Name: "Waiting Wendy", Status: Waitlisted}, Participant{UserID: 98, Name: "Pending Pedro", Status: Pending})
	b, err := BadgesPDF(e, "2 May 2030", ps, BadgeText{ListTitle: "Confirmed participants", Count: "%d participants", Name: "Name", Email: "E-mail"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatal("not a PDF")
	}
	p := filepath.Join(t.TempDir(), "badges.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	// A list page, then ten badges at eight a page: two badge pages.
	if len(pages) != 3 {
		t.Errorf("%d pages, want 3 (list and two badge pages)", len(pages))
	}
	for _, n := range names {
		if c := strings.Count(text, n); c != 2 {
			t.Errorf("%q appears %d times, want 2 (list and badge)", n, c)
		}
	}
	if strings.Contains(text, "Wendy") || strings.Contains(text, "Pedro") {
		t.Error("a waitlisted or pending participant is in the badges PDF")
	}
	if !strings.Contains(pages[0], "10 participants") {
		t.Error("the list does not count the confirmed participants")
	}
	// By name as the Unicode collation orders them: Çağla among the C's
	// (before José), Latin before Greek before Cyrillic.
	order := []string{"Ada Okonkwo", "Brígida Peña", "Çağla Öztürk", "José Núñez", "Zoë Müller", "Ελένη", "Анна"}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(pages[0], order[i-1]), strings.Index(pages[0], order[i]); a < 0 || b < a {
			t.Errorf("the name list has %q after %q", order[i-1], order[i])
		}
	}
}

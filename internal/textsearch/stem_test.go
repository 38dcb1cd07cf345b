package textsearch

import "testing"

func TestContainsWords(t *testing.T) {
	for _, tc := range []struct {
		text, query string
		want        bool
	}{
		{"Symposium on Migration and Development", "migration symposium", true},
		{"Colloque sur les migrations et le développement", "developpement", true},
		{"Essentials of Migration Management", "management law", false},
		{"anything", "   ", false},
	} {
		if got := ContainsWords(tc.text, tc.query); got != tc.want {
			t.Errorf("ContainsWords(%q, %q) = %v", tc.text, tc.query, got)
		}
	}
	if Fold("Ñúñez Müller") != "nunez muller" {
		t.Errorf("Fold: %q", Fold("Ñúñez Müller"))
	}
}

package i18n

import (
	"testing"
	"time"
)

func TestLongDate(t *testing.T) {
	d := time.Date(2015, 3, 14, 0, 0, 0, 0, time.UTC)
	first := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", d, "14 March 2015"},
		{"fr", d, "14 mars 2015"},
		{"es", d, "14 de marzo de 2015"},
		{"fr", first, "1er décembre 2026"},
		{"xx", d, "14 March 2015"},
		{"en", time.Time{}, ""},
	} {
		if got := LongDate(c.lang, c.t); got != c.want {
			t.Errorf("LongDate(%s, %s) = %q, want %q", c.lang, c.t.Format(time.DateOnly), got, c.want)
		}
	}
}

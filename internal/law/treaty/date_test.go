package treaty

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	today := time.Now().UTC().Format(time.DateOnly)
	for _, in := range []string{"", "  "} {
		if d, err := ParseDay(in); err != nil || FormatISODate(d) != today && FormatISODate(d) < today {
			t.Errorf("ParseDay(%q) = %v, %v; want today", in, d, err)
		}
	}
	if d, err := ParseDay(" 1960-01-02 "); err != nil || FormatISODate(d) != "1960-01-02" {
		t.Errorf("ParseDay = %v, %v", d, err)
	}
	for _, bad := range []string{"1960-13-01", "1960-1-2", "2 Jan 1960"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
}

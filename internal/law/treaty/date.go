package treaty

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrUnknownSuffix is wrapped by ParseUNTCDate when the letters after the
// date are not a UNTC action-type suffix.
var ErrUnknownSuffix = errors.New("unknown action-type suffix")

// Suffixes maps the UNTC action-type suffixes to kinds, for a consent
// column. No suffix means ratification (or signature in a signature column);
// "d" in a signature column means succession to signature.
var Suffixes = map[string]Kind{
	"":   Ratification,
	"a":  Accession,
	"d":  Succession,
	"A":  Acceptance,
	"AA": Approval,
	"c":  FormalConfirmation,
	"s":  DefinitiveSignature,
}

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		full := strings.ToLower(m.String())
		monthNames[full] = m
		monthNames[full[:3]] = m
	}
	monthNames["sept"] = time.September
}

// ParseUNTCDate reads a UNTC status-table date such as "30 Aug 2005 a":
// day, English month (abbreviated or full, any case), four-digit year, and an
// optional action-type suffix (see Suffixes). The date is returned at
// midnight UTC. Unknown suffixes give an error wrapping ErrUnknownSuffix.
func ParseUNTCDate(s string) (time.Time, string, error) {
	f := strings.Fields(s)
	if len(f) < 3 || len(f) > 4 {
		return time.Time{}, "", fmt.Errorf("malformed date %q: want \"D Mon YYYY\" with an optional suffix", s)
	}
	day, err := strconv.Atoi(f[0])
	if err != nil || len(f[0]) > 2 || f[0][0] == '+' || f[0][0] == '-' {
		return time.Time{}, "", fmt.Errorf("malformed date %q: bad day %q", s, f[0])
	}
	mon, ok := monthNames[strings.ToLower(strings.TrimSuffix(f[1], "."))]
	if !ok {
		return time.Time{}, "", fmt.Errorf("malformed date %q: bad month %q", s, f[1])
	}
	if len(f[2]) != 4 || !allDigits(f[2]) {
		return time.Time{}, "", fmt.Errorf("malformed date %q: bad year %q", s, f[2])
	}
	year, _ := strconv.Atoi(f[2])
	t := time.Date(year, mon, day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || t.Month() != mon || day < 1 {
		return time.Time{}, "", fmt.Errorf("malformed date %q: no such day", s)
	}
	suffix := ""
	if len(f) == 4 {
		suffix = f[3]
		if _, ok := Suffixes[suffix]; !ok || suffix == "" {
			return time.Time{}, "", fmt.Errorf("date %q: %w %q", s, ErrUnknownSuffix, suffix)
		}
	}
	return t, suffix, nil
}

// FormatUNTCDate writes a date the way UNTC tables do ("2 Jan 2006"),
// followed by the suffix if any.
func FormatUNTCDate(t time.Time, suffix string) string {
	s := t.Format("2 Jan 2006")
	if suffix != "" {
		s += " " + suffix
	}
	return s
}

// ParseISODate reads YYYY-MM-DD; "" gives the zero time.
func ParseISODate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if len(s) != 10 {
		return time.Time{}, fmt.Errorf("malformed date %q: want YYYY-MM-DD", s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("malformed date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

// ParseDay reads the day a status is asked for: YYYY-MM-DD, or today
// (UTC) when s is blank.
func ParseDay(s string) (time.Time, error) {
	if s = strings.TrimSpace(s); s == "" {
		y, m, d := time.Now().UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	return ParseISODate(s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

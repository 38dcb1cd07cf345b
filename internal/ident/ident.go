// Package ident checks and normalises the persistent identifiers of
// people and organisations that several domains store: ORCID iDs and ROR
// ids. No database, no web.
package ident

import (
	"regexp"
	"strings"
)

var (
	orcidForm = regexp.MustCompile(`^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$`)
	rorForm   = regexp.MustCompile(`^0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}$`)
)

// ORCID takes an ORCID iD bare or as its https://orcid.org/ URL
// and returns it bare when its form and ISO 7064 MOD 11-2 check digit are
// right, "" otherwise.
func ORCID(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://orcid.org/", "http://orcid.org/", "orcid.org/"} {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.ToUpper(s)
	if !orcidForm.MatchString(s) {
		return ""
	}
	total := 0
	digits := strings.ReplaceAll(s, "-", "")
	for _, c := range digits[:15] {
		total = (total + int(c-'0')) * 2
	}
	check := (12 - total%11) % 11
	want := byte('0' + check)
	if check == 10 {
		want = 'X'
	}
	if digits[15] != want {
		return ""
	}
	return s
}

// ROR takes a ROR id bare or as its https://ror.org/ URL and
// returns it bare, or "" when it is not of ROR's form.
func ROR(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://ror.org/"), "ror.org/")
	if !rorForm.MatchString(s) {
		return ""
	}
	return s
}

package ident

import "testing"

func TestORCID(t *testing.T) {
	// Check digits from ORCID's documentation ("Structure of the ORCID
	// Identifier"): 0000-0002-1825-0097, 0000-0001-5109-3700,
	// 0000-0002-1694-233X.
	for in, want := range map[string]string{
		"0000-0002-1825-0097":                    "0000-0002-1825-0097",
		"https://orcid.org/0000-0001-5109-3700":  "0000-0001-5109-3700",
		" orcid.org/0000-0002-1694-233x ":        "0000-0002-1694-233X",
		"0000-0002-1825-0096":                    "", // wrong check digit
		"0000-0003-4937-0129":                    "",
		"0000000218250097":                       "",
		"https://orcid.org/0000-0002-1825-0097/": "",
	} {
		if got := ORCID(in); got != want {
			t.Errorf("ORCID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestROR(t *testing.T) {
	// ROR ids as ror.org prints them: the University of Oxford
	// (052gg0110), Georgetown University (05vzafd60).
	for in, want := range map[string]string{
		"052gg0110":                  "052gg0110",
		"https://ror.org/05vzafd60":  "05vzafd60",
		"https://ror.org/05VZAFD60 ": "05vzafd60",
		"152gg0110":                  "",
		"052gg011":                   "",
		"052ggi110":                  "",
	} {
		if got := ROR(in); got != want {
			t.Errorf("ROR(%q) = %q, want %q", in, got, want)
		}
	}
}

package cite

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// The parsers must never panic or hang, and what they return must be
// works our writers accept; an error must be a *ParseError naming a line.

func FuzzParseBibTeX(f *testing.F) {
	var b bytes.Buffer
	BibTeX(&b, roundTripWorks()...)
	f.Add(b.String())
	f.Add(realWorldBib)
	f.Add("@book{a, title = {x}}")
	f.Add("@string{a = {b}} @misc{k, title = a # {c} # \"d\"}")
	f.Add(`@misc{k, title = {\"{\i}\c c\v{s}\H o{\ss}\textbraceleft{}}}`)
	f.Fuzz(func(t *testing.T, in string) {
		fuzzParse(t, ParseBibTeX, in)
	})
}

func FuzzParseRIS(f *testing.F) {
	var b bytes.Buffer
	RIS(&b, roundTripWorks()...)
	f.Add(b.String())
	f.Add(realWorldRIS)
	f.Add("TY  - JOUR\nTI  - A\nER  - \n")
	f.Fuzz(func(t *testing.T, in string) {
		fuzzParse(t, ParseRIS, in)
	})
}

func fuzzParse(t *testing.T, parse func(io.Reader) ([]Work, error), in string) {
	works, err := parse(bytes.NewReader([]byte(in)))
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line < 0 {
			t.Fatalf("error without a line: %v", err)
		}
		return
	}
	for i := range works {
		if err := works[i].Validate(); err != nil {
			t.Fatalf("parsed work does not validate: %v", err)
		}
	}
	if err := BibTeX(io.Discard, works...); err != nil {
		t.Fatalf("parsed works do not write as BibTeX: %v", err)
	}
	if err := RIS(io.Discard, works...); err != nil {
		t.Fatalf("parsed works do not write as RIS: %v", err)
	}
}

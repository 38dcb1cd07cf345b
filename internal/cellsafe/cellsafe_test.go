package cellsafe

import (
	"bytes"
	"testing"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"=1+2":                     "'=1+2",
		"+1+2":                     "'+1+2",
		"-1+2":                     "'-1+2",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\t=1":                     "'\t=1",
		"\r=1":                     "'\r=1",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"-Inf":                     "'-Inf",
		"-0x1p3":                   "'-0x1p3",
		"-":                        "-",
		"-2":                       "-2",
		"-2.5":                     "-2.5",
		"+3":                       "+3",
		"-1.5e-3":                  "-1.5e-3",
		"-.5":                      "-.5",
		"-1e":                      "'-1e",
		"":                         "",
		"Mexico":                   "Mexico",
		"1990":                     "1990",
		"a=b":                      "a=b",
		"'=1":                      "'=1",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	rec := []string{"=1+2", "-3", "Côte d'Ivoire", "@x"}
	if err := w.WriteAll([][]string{rec}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "'=1+2,-3,Côte d'Ivoire,'@x\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if rec[0] != "=1+2" {
		t.Error("the caller's record was changed")
	}
}

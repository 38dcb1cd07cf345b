package learning

import (
	"bytes"
	"errors"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

func readDocsBank(t testing.TB) []Question {
	t.Helper()
	f, err := os.Open("testdata/moodle_docs.gift")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := ParseGIFT(f)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestGIFTReadsMoodleExamples checks our reading of each example against
// what Moodle's documentation says it means.
func TestGIFTReadsMoodleExamples(t *testing.T) {
	qs := readDocsBank(t)
	if len(qs) != 23 {
		t.Fatalf("got %d questions, want 23", len(qs))
	}
	kinds := map[Kind]int{}
	for _, q := range qs {
		kinds[q.Kind]++
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s question read", k)
		}
	}
	q := qs[0]
	if q.Kind != Single || q.Category != "Grant's tomb" || len(q.Spec.Choices) != 3 || q.Spec.Choices[2] != (Choice{Text: "no one", Fraction: 1}) || q.Spec.Choices[0].Fraction != 0 {
		t.Errorf("grant mc: %+v", q)
	}
	if q := qs[1]; q.Text != "Grant is _____ in Grant's tomb." || q.Spec.Choices[1].Text != "entombed" {
		t.Errorf("missing word: %q %+v", q.Text, q.Spec)
	}
	if q := qs[2]; q.Kind != Single || q.Text != "The American holiday of Thanksgiving is celebrated on the _____ Thursday of November." || q.Spec.Choices[2].Fraction != 1 {
		t.Errorf("thanksgiving: %q %+v", q.Text, q.Spec)
	}
	if q := qs[4]; q.Kind != Short || len(q.Spec.Choices) != 2 || q.Spec.Choices[1].Text != "nobody" {
		t.Errorf("short: %+v", q)
	}
	if q := qs[6]; q.Kind != TrueFalse || q.Spec.Truth {
		t.Errorf("false: %+v", q)
	}
	if q := qs[7]; q.Kind != TrueFalse || !q.Spec.Truth {
		t.Errorf("true: %+v", q)
	}
	if q := qs[8]; q.Kind != Matching || len(q.Spec.Pairs) != 4 || q.Spec.Pairs[3] != (Pair{"India", "New Delhi"}) {
		t.Errorf("matching: %+v", q.Spec)
	}
	if q := qs[9]; q.Kind != Numeric || q.Spec.Numbers[0] != (Number{Value: 1822, Tolerance: 5, Fraction: 1}) {
		t.Errorf("numeric: %+v", q.Spec)
	}
	if q := qs[11]; math.Abs(q.Spec.Numbers[0].Value-3.1415) > 1e-9 || q.Spec.Numbers[0].Tolerance < 0.00049 || q.Spec.Numbers[0].Tolerance > 0.00051 {
		t.Errorf("numeric range: %+v", q.Spec)
	}
	if q := qs[12]; len(q.Spec.Numbers) != 2 || q.Spec.Numbers[1] != (Number{Value: 1822, Tolerance: 2, Fraction: 0.5}) {
		t.Errorf("numeric partial: %+v", q.Spec)
	}
	if q := qs[13]; q.Kind != Essay || q.Text != "Write a short biography of Dag Hammarskjöld." {
		t.Errorf("essay: %+v", q)
	}
	if q := qs[14]; q.Name != "Grant's tomb" || q.Category != "Options" {
		t.Errorf("name: %+v", q)
	}
	if q := qs[15]; q.Spec.Choices[2].Feedback != "Very good!" || q.Spec.Choices[0].Feedback != "feedback comment on the wrong answer" {
		t.Errorf("feedback: %+v", q.Spec)
	}
	if q := qs[17]; q.Spec.Choices[1].Fraction != 0.5 || q.Kind != Single {
		t.Errorf("weights: %+v", q.Spec)
	}
	if q := qs[18]; q.Name != "Jesus' hometown" || q.Spec.Choices[1].Fraction != 0.25 || q.Spec.Choices[3].Feedback != "Yes! That's right!" {
		t.Errorf("hometown: %+v", q)
	}
	if q := qs[19]; q.Kind != Multiple || q.Spec.Choices[0].Fraction != -1 || q.Spec.Choices[2].Text != "Grant's wife" {
		t.Errorf("multiple answers: %+v", q)
	}
	if q := qs[20]; q.Spec.Choices[1] != (Choice{Text: "= 2 + 3", Fraction: 1}) {
		t.Errorf("escapes: %+v", q.Spec)
	}
	if q := qs[10]; q.Text != "What is the value of pi (to 3 decimal places)? _____." {
		t.Errorf("pi: %q", q.Text)
	}
	if q := qs[21]; q.Kind != TrueFalse || !q.Spec.Truth || q.Spec.WrongFeedback != "Wrong, one plus one is two." || q.Spec.RightFeedback != "Right." || q.Feedback != "This is general feedback." || q.Name != "Q1" || q.Text != "1+1=2" {
		t.Errorf("tf feedback: %+v", q)
	}
}

// TestGIFTRoundTrip writes the documentation's bank and reads it back.
func TestGIFTRoundTrip(t *testing.T) {
	qs := readDocsBank(t)
	var buf bytes.Buffer
	if err := WriteGIFT(&buf, qs); err != nil {
		t.Fatal(err)
	}
	again, err := ParseGIFT(&buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(qs, again) {
		for i := range qs {
			if i < len(again) && !reflect.DeepEqual(qs[i], again[i]) {
				t.Errorf("question %d:\n got %+v\nwant %+v", i, again[i], qs[i])
			}
		}
		t.Fatalf("round trip differs (%d vs %d questions)", len(again), len(qs))
	}
}

func TestGIFTErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		in   string
		line int
		want string
	}{
		{"Q1 {=a ~b}\n\n\nQ2 {=a ~b", 4, "not closed"},
		{"// c\n\nQ {\n=a\n~b\n~%500%c}", 6, "weight"},
		{"Q {#abc}", 1, "not a number"},
		{"::name Q {=a}", 1, "closing ::"},
		{"Q1 {=a ~b}\n\nJust a description.", 3, "no answers"},
		{"Q {~a ~b}", 1, "right answer"},
		{"Q {=a -> b}", 1, "two pairs"},
		{"Q {=a {=b} }", 1, "escaped"},
		{"", 1, "no questions"},
		{"Q {=a}\n\nQ {~%50%a ~%20%b}", 3, "100%"},
		{"Q {x =a}", 1, "before the first answer"},
	}
	for _, c := range cases {
		_, err := ParseGIFT(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want a ParseError", c.in, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(pe.Msg, c.want) {
			t.Errorf("%q: got %v, want line %d with %q", c.in, pe, c.line, c.want)
		}
	}
}

func TestGIFTRefusesHugeBanks(t *testing.T) {
	big := strings.Repeat("Q {=a ~b}\n\n", MaxBankQuestions+1)
	if _, err := ParseGIFT(strings.NewReader(big)); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("got %v", err)
	}
	if _, err := ParseGIFT(strings.NewReader(strings.Repeat("x", MaxBankBytes+1))); err == nil || !strings.Contains(err.Error(), "MiB") {
		t.Errorf("got %v", err)
	}
}

func FuzzGIFT(f *testing.F) {
	b, _ := os.ReadFile("testdata/moodle_docs.gift")
	f.Add(string(b))
	f.Add("Q {=a ~b}")
	f.Add("::n::[html]Q {#=1:0 =%50%2:1####g}")
	f.Add("Q {T#a#b}")
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseGIFT(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteGIFT(&buf, qs); err != nil {
			t.Fatal(err)
		}
		again, err := ParseGIFT(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("re-reading what we wrote: %v\n%s", err, buf.String())
		}
		if !reflect.DeepEqual(qs, again) {
			t.Fatalf("round trip differs:\n%+v\n%+v\n%s", qs, again, buf.String())
		}
	})
}

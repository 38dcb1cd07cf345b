package learning

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestMoodleXMLRoundTrip writes the GIFT documentation bank as Moodle XML
// and reads it back unchanged.
func TestMoodleXMLRoundTrip(t *testing.T) {
	qs := readDocsBank(t)
	qs[4].Spec.CaseSensitive = true // XML has <usecase>, GIFT does not
	var buf bytes.Buffer
	if err := WriteMoodleXML(&buf, qs); err != nil {
		t.Fatal(err)
	}
	again, err := ParseMoodleXML(&buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	for i := range qs {
		if i >= len(again) || !reflect.DeepEqual(qs[i], again[i]) {
			t.Fatalf("question %d:\n got %+v\nwant %+v", i, again[min(i, len(again)-1)], qs[i])
		}
	}
	if len(again) != len(qs) {
		t.Fatalf("%d questions back, want %d", len(again), len(qs))
	}
}

// A question as Moodle 4 exports it (the shape of Moodle's own
// question/format/xml tests): HTML format, CDATA, shuffleanswers and
// answernumbering elements we ignore.
const moodleExport = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Migration law</text>
    </category>
  </question>
  <question type="multichoice">
    <name>
      <text>Non-refoulement</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[Which article of the 1951 Convention sets out non-refoulement?]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text>Article 33.</text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber></idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <answer fraction="100" format="html">
      <text>Article 33</text>
      <feedback format="html">
        <text>Right.</text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>Article 1</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>
  <question type="numerical">
    <name><text>Year</text></name>
    <questiontext format="html"><text>In which year was the Convention adopted?</text></questiontext>
    <answer fraction="100"><text>1951</text><tolerance>0</tolerance></answer>
    <answer fraction="50"><text>1951</text><tolerance>1</tolerance></answer>
  </question>
</quiz>`

func TestMoodleXMLReadsAMoodleExport(t *testing.T) {
	qs, err := ParseMoodleXML(strings.NewReader(moodleExport))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 {
		t.Fatalf("%d questions", len(qs))
	}
	q := qs[0]
	if q.Kind != Single || q.Category != "top/Migration law" || q.Points != 2 || q.Feedback != "Article 33." || q.Spec.Choices[0] != (Choice{Text: "Article 33", Fraction: 1, Feedback: "Right."}) {
		t.Errorf("%+v", q)
	}
	if n := qs[1].Spec.Numbers; len(n) != 2 || n[1] != (Number{Value: 1951, Tolerance: 1, Fraction: 0.5}) {
		t.Errorf("%+v", n)
	}
}

func TestMoodleXMLErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		in   string
		line int
		want string
	}{
		{"<quiz>\n<question type=\"cloze\">\n<name><text>x</text></name></question></quiz>", 2, "not supported"},
		{"<quiz>\n<question type=\"multichoice\">\n<questiontext><text>x</text></questiontext>\n<answer fraction=\"abc\"><text>a</text></answer></question></quiz>", 2, "fraction"},
		{"<quiz>\n\n<question type=\"essay\">\n<questiontext><text>x</text>\n</question></quiz>", 5, "malformed"},
		{"<quiz></quiz>", 1, "no questions"},
		{"<html><body/></html>", 1, "unexpected element"},
	}
	for _, c := range cases {
		_, err := ParseMoodleXML(strings.NewReader(c.in))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != c.line || !strings.Contains(pe.Msg, c.want) {
			t.Errorf("%q: got %v, want line %d with %q", c.in, err, c.line, c.want)
		}
	}
}

func FuzzMoodleXML(f *testing.F) {
	f.Add(moodleExport)
	var buf bytes.Buffer
	WriteMoodleXML(&buf, readDocsBank(f))
	f.Add(buf.String())
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseMoodleXML(strings.NewReader(in))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteMoodleXML(&out, qs); err != nil {
			t.Fatal(err)
		}
		again, err := ParseMoodleXML(&out)
		if err != nil {
			t.Fatalf("re-reading what we wrote: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(qs, again) {
			t.Fatalf("round trip differs:\n%+v\n%+v", qs, again)
		}
	})
}

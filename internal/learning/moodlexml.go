package learning

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Moodle XML, the question bank format Moodle exports: a <quiz> of
// <question type="..."> elements (category, multichoice, truefalse,
// shortanswer, numerical, matching, essay) with <answer fraction="100">
// percentages. Other types (description, cloze, calculated…) are refused
// with their line, as is anything malformed; nothing is imported then.

type xText struct {
	Format string `xml:"format,attr,omitempty"`
	Text   string `xml:"text"`
}

type xAnswer struct {
	Fraction  string  `xml:"fraction,attr"`
	Format    string  `xml:"format,attr,omitempty"`
	Text      string  `xml:"text"`
	Tolerance *string `xml:"tolerance,omitempty"`
	Feedback  *xText  `xml:"feedback,omitempty"`
}

type xSub struct {
	Format string `xml:"format,attr,omitempty"`
	Text   string `xml:"text"`
	Answer xText  `xml:"answer"`
}

type xQuestion struct {
	XMLName         xml.Name  `xml:"question"`
	Type            string    `xml:"type,attr"`
	Category        *xText    `xml:"category,omitempty"`
	Name            *xText    `xml:"name,omitempty"`
	QuestionText    *xText    `xml:"questiontext,omitempty"`
	GeneralFeedback *xText    `xml:"generalfeedback,omitempty"`
	DefaultGrade    string    `xml:"defaultgrade,omitempty"`
	Single          string    `xml:"single,omitempty"`
	UseCase         string    `xml:"usecase,omitempty"`
	Answers         []xAnswer `xml:"answer"`
	Subquestions    []xSub    `xml:"subquestion"`
}

// ParseMoodleXML reads a Moodle XML question bank, all of it or nothing;
// an error names its line.
func ParseMoodleXML(r io.Reader) ([]Question, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBankBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBankBytes {
		return nil, &ParseError{Line: 1, Msg: fmt.Sprintf("the file is over %d MiB", MaxBankBytes>>20)}
	}
	if !utf8.Valid(data) {
		return nil, &ParseError{Line: firstInvalidLine(data), Msg: "the text is not UTF-8"}
	}
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = true
	var out []Question
	category := ""
	sawQuiz := false
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l, _ := dec.InputPos()
			return nil, &ParseError{Line: l, Msg: "malformed XML: " + strings.TrimPrefix(err.Error(), "XML syntax error on line "+strconv.Itoa(l)+": ")}
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "quiz":
			sawQuiz = true
			continue
		case "question":
		default:
			return nil, &ParseError{Line: line, Msg: fmt.Sprintf("unexpected element <%s> (want <quiz> and <question>)", start.Name.Local)}
		}
		if !sawQuiz {
			return nil, &ParseError{Line: line, Msg: "the questions must be inside <quiz>"}
		}
		// The line the <question> starts on: InputPos before the token
		// may still be on the previous line's end.
		qline, _ := dec.InputPos()
		var xq xQuestion
		if err := dec.DecodeElement(&xq, &start); err != nil {
			l, _ := dec.InputPos()
			return nil, &ParseError{Line: l, Msg: "malformed question: " + err.Error()}
		}
		if xq.Type == "category" {
			if xq.Category == nil {
				return nil, &ParseError{Line: qline, Msg: "a category question needs <category><text>"}
			}
			category = strings.TrimPrefix(strings.TrimSpace(xq.Category.Text), "$course$/")
			continue
		}
		if len(out) >= MaxBankQuestions {
			return nil, &ParseError{Line: qline, Msg: fmt.Sprintf("more than %d questions", MaxBankQuestions)}
		}
		q, err := fromXML(xq)
		if err != nil {
			return nil, &ParseError{Line: qline, Msg: err.Error()}
		}
		q.Category = category
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, &ParseError{Line: 1, Msg: "no questions found"}
	}
	return out, nil
}

func fraction(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || f < -100 || f > 100 {
		return 0, fmt.Errorf("the fraction %q is not a percentage from -100 to 100", s)
	}
	return f / 100, nil
}

func fb(t *xText) string {
	if t == nil {
		return ""
	}
	return strings.TrimSpace(t.Text)
}

func fromXML(x xQuestion) (Question, error) {
	q := Question{Name: strings.TrimSpace(fb(x.Name)), Text: strings.TrimSpace(fb(x.QuestionText)), Feedback: fb(x.GeneralFeedback), Points: 1}
	if x.DefaultGrade != "" {
		p, err := strconv.ParseFloat(strings.TrimSpace(x.DefaultGrade), 64)
		if err != nil {
			return q, fmt.Errorf("defaultgrade %q is not a number", x.DefaultGrade)
		}
		q.Points = p
	}
	if len(x.Answers) > MaxOptions || len(x.Subquestions) > MaxOptions {
		return q, fmt.Errorf("more than %d answers", MaxOptions)
	}
	switch x.Type {
	case "multichoice", "shortanswer":
		q.Kind = Short
		if x.Type == "multichoice" {
			q.Kind = Multiple
			if b := strings.TrimSpace(x.Single); b == "true" || b == "1" {
				q.Kind = Single
			}
		}
		q.Spec.CaseSensitive = strings.TrimSpace(x.UseCase) == "1"
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return q, err
			}
			q.Spec.Choices = append(q.Spec.Choices, Choice{Text: strings.TrimSpace(a.Text), Fraction: f, Feedback: fb(a.Feedback)})
		}
	case "truefalse":
		q.Kind = TrueFalse
		seen := 0
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return q, err
			}
			val := strings.ToLower(strings.TrimSpace(a.Text))
			if val != "true" && val != "false" {
				return q, fmt.Errorf("a true/false answer must be true or false, not %q", a.Text)
			}
			seen++
			if f == 1 {
				q.Spec.Truth = val == "true"
				q.Spec.RightFeedback = fb(a.Feedback)
			} else {
				q.Spec.WrongFeedback = fb(a.Feedback)
			}
		}
		if seen != 2 {
			return q, errors.New("a true/false question needs the answers true and false")
		}
	case "numerical":
		q.Kind = Numeric
		for _, a := range x.Answers {
			f, err := fraction(a.Fraction)
			if err != nil {
				return q, err
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(a.Text), 64)
			if err != nil {
				return q, fmt.Errorf("the numeric answer %q is not a number", a.Text)
			}
			tol := 0.0
			if a.Tolerance != nil && strings.TrimSpace(*a.Tolerance) != "" {
				if tol, err = strconv.ParseFloat(strings.TrimSpace(*a.Tolerance), 64); err != nil {
					return q, fmt.Errorf("the tolerance %q is not a number", *a.Tolerance)
				}
			}
			q.Spec.Numbers = append(q.Spec.Numbers, Number{Value: v, Tolerance: tol, Fraction: f, Feedback: fb(a.Feedback)})
		}
	case "matching":
		q.Kind = Matching
		for _, s := range x.Subquestions {
			if strings.TrimSpace(s.Text) == "" {
				continue // a distractor right-hand answer: not kept
			}
			q.Spec.Pairs = append(q.Spec.Pairs, Pair{Left: strings.TrimSpace(s.Text), Right: strings.TrimSpace(s.Answer.Text)})
		}
	case "essay":
		q.Kind = Essay
	default:
		return q, fmt.Errorf("question type %q is not supported (supported: multichoice, truefalse, shortanswer, numerical, matching, essay)", x.Type)
	}
	if q.Name == "" {
		q.Name = shortName(q.Text)
	}
	if bad := q.Check(); bad != nil {
		return q, errors.New("the question is not usable: " + describeCheck(bad))
	}
	return q, nil
}

func pct(f float64) string { return strconv.FormatFloat(math.Round(f*1e7)/1e5, 'f', -1, 64) }

func xt(s string) *xText {
	if s == "" {
		return nil
	}
	return &xText{Text: s}
}

// WriteMoodleXML writes questions as a Moodle XML bank.
func WriteMoodleXML(w io.Writer, qs []Question) error {
	if _, err := io.WriteString(w, xml.Header+"<quiz>\n"); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("  ", "  ")
	category := "\x00"
	for _, q := range qs {
		if q.Category != category {
			category = q.Category
			if category != "" {
				if err := enc.Encode(xQuestion{Type: "category", Category: &xText{Text: "$course$/" + category}}); err != nil {
					return err
				}
			}
		}
		x := xQuestion{Name: &xText{Text: q.Name}, QuestionText: &xText{Format: "plain_text", Text: q.Text}, GeneralFeedback: xt(q.Feedback),
			DefaultGrade: strconv.FormatFloat(q.Points, 'f', -1, 64)}
		switch q.Kind {
		case Single, Multiple:
			x.Type, x.Single = "multichoice", strconv.FormatBool(q.Kind == Single)
		case Short:
			x.Type, x.UseCase = "shortanswer", strconv.Itoa(b2i(q.Spec.CaseSensitive))
		case TrueFalse:
			x.Type = "truefalse"
			right, wrong := "true", "false"
			if !q.Spec.Truth {
				right, wrong = "false", "true"
			}
			x.Answers = []xAnswer{{Fraction: "100", Text: right, Feedback: xt(q.Spec.RightFeedback)}, {Fraction: "0", Text: wrong, Feedback: xt(q.Spec.WrongFeedback)}}
		case Numeric:
			x.Type = "numerical"
			for _, n := range q.Spec.Numbers {
				tol := strconv.FormatFloat(n.Tolerance, 'g', -1, 64)
				x.Answers = append(x.Answers, xAnswer{Fraction: pct(n.Fraction), Text: strconv.FormatFloat(n.Value, 'g', -1, 64), Tolerance: &tol, Feedback: xt(n.Feedback)})
			}
		case Matching:
			x.Type = "matching"
			for _, p := range q.Spec.Pairs {
				x.Subquestions = append(x.Subquestions, xSub{Text: p.Left, Answer: xText{Text: p.Right}})
			}
		case Essay:
			x.Type = "essay"
		default:
			return fmt.Errorf("learning: write Moodle XML: question %d has unknown type %q", q.ID, q.Kind)
		}
		if q.Kind == Single || q.Kind == Multiple || q.Kind == Short {
			for _, c := range q.Spec.Choices {
				x.Answers = append(x.Answers, xAnswer{Fraction: pct(c.Fraction), Text: c.Text, Feedback: xt(c.Feedback)})
			}
		}
		if err := enc.Encode(x); err != nil {
			return err
		}
	}
	if err := enc.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n</quiz>\n")
	return err
}

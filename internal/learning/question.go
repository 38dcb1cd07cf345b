// Package learning is Corridor's learning domain: courses with modules,
// lessons and quizzes, a question bank in categories (Moodle GIFT and
// Moodle XML import and export), enrolments, progress and completion, quiz
// attempts graded on the server with its own clock, and trainer reports.
// It returns data, never HTML; the pages and the API are in learnweb.
package learning

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Kind is a question type.
type Kind string

// The question types. Single and Multiple are Moodle's multichoice with one
// or several answers; Short is shortanswer; Essay is graded by a trainer.
const (
	Single    Kind = "single"
	Multiple  Kind = "multiple"
	TrueFalse Kind = "truefalse"
	Matching  Kind = "matching"
	Short     Kind = "short"
	Numeric   Kind = "numeric"
	Essay     Kind = "essay"
)

// Kinds lists every question type, in the order forms show them.
var Kinds = []Kind{Single, Multiple, TrueFalse, Matching, Short, Numeric, Essay}

// Valid reports whether k is a known question type.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Choice is an option of a choice question, or an accepted answer of a
// short-answer question. Fraction is the share of the question's points it
// earns, from -1 to 1 (negative only in Multiple, to penalise guessing).
type Choice struct {
	Text     string  `json:"text"`
	Fraction float64 `json:"fraction"`
	Feedback string  `json:"feedback,omitempty"`
}

// Pair is one line of a matching question: Left is shown, Right is chosen.
type Pair struct {
	Left  string `json:"left"`
	Right string `json:"right"`
}

// Number is an accepted answer of a numeric question: any value within
// Tolerance of Value earns Fraction.
type Number struct {
	Value     float64 `json:"value"`
	Tolerance float64 `json:"tolerance"`
	Fraction  float64 `json:"fraction"`
	Feedback  string  `json:"feedback,omitempty"`
}

// Spec is what a question of each type needs, stored as JSON.
type Spec struct {
	Choices []Choice `json:"choices,omitempty"`
	Pairs   []Pair   `json:"pairs,omitempty"`
	Numbers []Number `json:"numbers,omitempty"`
	// Truth is the right answer of a true/false question; RightFeedback
	// and WrongFeedback are what a learner answering it sees.
	Truth         bool   `json:"truth,omitempty"`
	RightFeedback string `json:"right_feedback,omitempty"`
	WrongFeedback string `json:"wrong_feedback,omitempty"`
	// CaseSensitive: a short answer must match the accepted answer's case.
	CaseSensitive bool `json:"case_sensitive,omitempty"`
}

// Question is a question of the bank.
type Question struct {
	ID         int64   `json:"id"`
	CategoryID int64   `json:"category_id"`
	Category   string  `json:"category"`
	Kind       Kind    `json:"kind"`
	Name       string  `json:"name"`
	Text       string  `json:"text"`
	Spec       Spec    `json:"spec"`
	Feedback   string  `json:"feedback,omitempty"` // general feedback
	Points     float64 `json:"points"`
	Version    int     `json:"version"`
}

// Response is a learner's answer to one question. Indices are into the
// question's own (unshuffled) choices and pairs.
type Response struct {
	// Choices: the chosen option (Single, one index) or options (Multiple).
	Choices []int `json:"choices,omitempty"`
	// Bool is the true/false answer.
	Bool *bool `json:"bool,omitempty"`
	// Matches[i] is the index of the pair whose Right the learner put
	// against pair i's Left, -1 when left blank.
	Matches []int `json:"matches,omitempty"`
	// Text is a short answer, a number (Numeric) or an essay.
	Text string `json:"text,omitempty"`
}

// Limits on a question and a response, so that a bank or an answer is
// bounded in size whatever arrives.
const (
	MaxTextBytes     = 20000 // question text, essay
	MaxOptions       = 50    // choices, pairs, numbers
	MaxOptionBytes   = 2000
	MaxShortAnswer   = 1000
	MaxNameBytes     = 255
	MaxQuestionPoint = 1000
)

// Check names what is wrong with a question (catalog keys by field), nil
// when it can be stored.
func (q *Question) Check() map[string]string {
	bad := map[string]string{}
	add := func(f, m string) {
		if _, ok := bad[f]; !ok {
			bad[f] = m
		}
	}
	if !q.Kind.Valid() {
		add("kind", "learning.error.kind_unknown")
	}
	if strings.TrimSpace(q.Text) == "" {
		add("text", "learning.error.required")
	}
	if len(q.Text) > MaxTextBytes {
		add("text", "learning.error.too_long")
	}
	if len(q.Name) > MaxNameBytes {
		add("name", "learning.error.too_long")
	}
	if q.Points <= 0 || q.Points > MaxQuestionPoint || math.IsNaN(q.Points) {
		add("points", "learning.error.points")
	}
	s := &q.Spec
	if len(s.Choices) > MaxOptions || len(s.Pairs) > MaxOptions || len(s.Numbers) > MaxOptions {
		add("spec", "learning.error.too_many_options")
	}
	for _, c := range s.Choices {
		if strings.TrimSpace(c.Text) == "" || len(c.Text) > MaxOptionBytes || c.Fraction < -1 || c.Fraction > 1 || math.IsNaN(c.Fraction) {
			add("spec", "learning.error.choice_invalid")
		}
	}
	best := 0.0
	for _, c := range s.Choices {
		best = math.Max(best, c.Fraction)
	}
	switch q.Kind {
	case Single:
		if len(s.Choices) < 2 || best != 1 {
			add("spec", "learning.error.single_needs_right")
		}
	case Multiple:
		sum := 0.0
		for _, c := range s.Choices {
			if c.Fraction > 0 {
				sum += c.Fraction
			}
		}
		if len(s.Choices) < 2 || math.Abs(sum-1) > 0.011 {
			add("spec", "learning.error.multiple_sum")
		}
	case Short:
		if len(s.Choices) == 0 || best != 1 {
			add("spec", "learning.error.short_needs_answer")
		}
	case Matching:
		if len(s.Pairs) < 2 {
			add("spec", "learning.error.matching_pairs")
		}
		for _, p := range s.Pairs {
			if strings.TrimSpace(p.Left) == "" || strings.TrimSpace(p.Right) == "" || len(p.Left)+len(p.Right) > MaxOptionBytes {
				add("spec", "learning.error.matching_pairs")
			}
		}
	case Numeric:
		ok := false
		for _, n := range s.Numbers {
			if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) || n.Tolerance < 0 || math.IsNaN(n.Tolerance) || math.IsInf(n.Tolerance, 0) || n.Fraction < 0 || n.Fraction > 1 {
				add("spec", "learning.error.numeric_invalid")
			}
			ok = ok || n.Fraction == 1
		}
		if !ok {
			add("spec", "learning.error.numeric_invalid")
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return bad
}

// Grade scores a response: the fraction of the question's points earned
// (0 to 1) and whether it could be graded automatically (an essay cannot).
func (q *Question) Grade(r Response) (fraction float64, auto bool) {
	s := &q.Spec
	switch q.Kind {
	case Single:
		if len(r.Choices) == 1 && r.Choices[0] >= 0 && r.Choices[0] < len(s.Choices) {
			return clamp01(s.Choices[r.Choices[0]].Fraction), true
		}
		return 0, true
	case Multiple:
		seen := map[int]bool{}
		sum := 0.0
		for _, i := range r.Choices {
			if i >= 0 && i < len(s.Choices) && !seen[i] {
				seen[i] = true
				sum += s.Choices[i].Fraction
			}
		}
		return clamp01(sum), true
	case TrueFalse:
		if r.Bool != nil && *r.Bool == s.Truth {
			return 1, true
		}
		return 0, true
	case Matching:
		if len(s.Pairs) == 0 {
			return 0, true
		}
		right := 0
		for i, p := range s.Pairs {
			// Two pairs may share a right-hand answer: a match is right
			// when the chosen text is the expected one.
			if i < len(r.Matches) && r.Matches[i] >= 0 && r.Matches[i] < len(s.Pairs) && s.Pairs[r.Matches[i]].Right == p.Right {
				right++
			}
		}
		return float64(right) / float64(len(s.Pairs)), true
	case Short:
		best := 0.0
		given := normalizeAnswer(r.Text, s.CaseSensitive)
		if given == "" {
			return 0, true
		}
		for _, c := range s.Choices {
			if normalizeAnswer(c.Text, s.CaseSensitive) == given {
				best = math.Max(best, c.Fraction)
			}
		}
		return clamp01(best), true
	case Numeric:
		x, ok := ParseNumber(r.Text)
		if !ok {
			return 0, true
		}
		best := 0.0
		for _, n := range s.Numbers {
			// A small relative slack absorbs binary rounding of the bounds
			// (1.1 ± 0.1 must accept 1.2).
			if math.Abs(x-n.Value) <= n.Tolerance+1e-9*math.Max(1, math.Abs(n.Value)) {
				best = math.Max(best, n.Fraction)
			}
		}
		return best, true
	}
	return 0, false
}

// FeedbackFor is the feedback the options a response chose carry.
func (q *Question) FeedbackFor(r Response) []string {
	var out []string
	s := &q.Spec
	switch q.Kind {
	case Single, Multiple:
		for _, i := range r.Choices {
			if i >= 0 && i < len(s.Choices) && s.Choices[i].Feedback != "" {
				out = append(out, s.Choices[i].Feedback)
			}
		}
	case TrueFalse:
		if r.Bool != nil {
			if *r.Bool == s.Truth && s.RightFeedback != "" {
				out = append(out, s.RightFeedback)
			} else if *r.Bool != s.Truth && s.WrongFeedback != "" {
				out = append(out, s.WrongFeedback)
			}
		}
	case Short:
		given := normalizeAnswer(r.Text, s.CaseSensitive)
		for _, c := range s.Choices {
			if c.Feedback != "" && normalizeAnswer(c.Text, s.CaseSensitive) == given {
				out = append(out, c.Feedback)
				break
			}
		}
	case Numeric:
		if x, ok := ParseNumber(r.Text); ok {
			for _, n := range s.Numbers {
				if n.Feedback != "" && math.Abs(x-n.Value) <= n.Tolerance {
					out = append(out, n.Feedback)
					break
				}
			}
		}
	}
	return out
}

// clamp01 bounds a fraction to [0, 1] and rounds it to six decimals, so
// that weights of 33.33333% add up to a whole mark.
func clamp01(f float64) float64 { return math.Round(math.Max(0, math.Min(1, f))*1e6) / 1e6 }

// normalizeAnswer trims a short answer and collapses its inner spaces;
// unless caseSensitive it folds case (Moodle's default).
func normalizeAnswer(s string, caseSensitive bool) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if !caseSensitive {
		s = strings.ToLower(s)
	}
	return s
}

// ParseNumber reads a learner's number: a decimal point or a decimal comma
// (1,5 in French and Spanish), spaces as thousands separators.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\u00a0", ""), " ", ""))
	if s == "" || len(s) > 64 {
		return 0, false
	}
	if !strings.Contains(s, ".") && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

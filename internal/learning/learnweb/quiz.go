package learnweb

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"

	"corridor/internal/learning"
	"corridor/internal/web"
)

type quizData struct {
	Quiz     learning.Quiz
	Course   learning.Course
	Attempts []learning.Attempt
	Left     int // attempts left, -1 for unlimited
	Passed   bool
	Minutes  int64
}

func (h *Handler) quiz(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "quiz")
	if err != nil {
		return err
	}
	q, courseID, err := h.Svc.Quiz(r.Context(), id)
	if err != nil {
		return err
	}
	c, err := h.Svc.Course(r.Context(), courseID)
	if err != nil {
		return err
	}
	if err := h.mayStudy(r, c.Family); err != nil {
		return err
	}
	as, err := h.Svc.Attempts(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	d := quizData{Quiz: q, Course: c, Attempts: as, Left: -1, Minutes: (q.TimeLimit + 59) / 60}
	if q.AttemptsMax > 0 {
		d.Left = max(q.AttemptsMax-len(as), 0)
	}
	for _, a := range as {
		d.Passed = d.Passed || a.Passed
	}
	h.Web.Render(w, r, "learning_quiz", web.Page{Title: q.Title, Data: d})
	return nil
}

func (h *Handler) startAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "quiz")
	if err != nil {
		return err
	}
	a, err := h.Svc.StartAttempt(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/attempts/%d", a.ID), "")
	return nil
}

// optionView is an option as the attempt page shows it.
type optionView struct {
	Value   int
	Text    string
	Checked bool
	Right   bool // shown only in review
}

type matchView struct {
	Index  int
	Left   string
	Chosen int
	Right  string // the right answer, in review
}

type itemView struct {
	learning.PaperItem
	N       int
	Name    string
	Options []optionView
	Matches []matchView
	Rights  []optionView
	True    bool
	False   bool
	Earned  string
}

type attemptData struct {
	Paper    learning.Paper
	Items    []itemView
	Open     bool
	Deadline int64
	Percent  float64
}

func (h *Handler) attempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	p, err := h.Svc.Paper(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	d := attemptData{Paper: p, Open: p.Attempt.State == learning.StateOpen, Deadline: p.Attempt.Deadline, Percent: p.Attempt.Percent()}
	for i, it := range p.Items {
		d.Items = append(d.Items, itemOf(i+1, it, p.Review))
	}
	h.Web.Render(w, r, "learning_attempt", web.Page{Title: p.Quiz.Title, Data: d})
	return nil
}

func itemOf(n int, it learning.PaperItem, review bool) itemView {
	q := it.Question
	v := itemView{PaperItem: it, N: n, Name: "q" + strconv.FormatInt(q.ID, 10)}
	chosen := map[int]bool{}
	for _, c := range it.Response.Choices {
		chosen[c] = true
	}
	for _, i := range it.Order {
		if q.Kind == learning.Matching || i >= len(q.Spec.Choices) {
			continue
		}
		c := q.Spec.Choices[i]
		v.Options = append(v.Options, optionView{Value: i, Text: c.Text, Checked: chosen[i], Right: review && c.Fraction > 0})
	}
	if q.Kind == learning.Matching {
		for _, i := range it.Order {
			m := matchView{Index: i, Left: q.Spec.Pairs[i].Left, Chosen: -1}
			if i < len(it.Response.Matches) {
				m.Chosen = it.Response.Matches[i]
			}
			if review {
				m.Right = q.Spec.Pairs[i].Right
			}
			v.Matches = append(v.Matches, m)
		}
		for k, j := range it.RightOrder {
			text := q.Spec.Pairs[k].Right // redacted: the k-th shown right
			if review {
				text = q.Spec.Pairs[j].Right
			}
			v.Rights = append(v.Rights, optionView{Value: k, Text: text})
		}
	}
	if it.Response.Bool != nil {
		v.True, v.False = *it.Response.Bool, !*it.Response.Bool
	}
	if it.Score != nil {
		v.Earned = strconv.FormatFloat(math.Round(*it.Score*100)/100, 'f', -1, 64)
	}
	return v
}

// responses reads the attempt form's answers to the paper's questions;
// questions left blank are left out.
func responses(r *http.Request, p learning.Paper) map[int64]learning.Response {
	out := map[int64]learning.Response{}
	for _, it := range p.Items {
		q := it.Question
		name := "q" + strconv.FormatInt(q.ID, 10)
		var resp learning.Response
		answered := false
		switch q.Kind {
		case learning.Single, learning.Multiple:
			for _, v := range r.PostForm[name] {
				if i, err := strconv.Atoi(v); err == nil && len(resp.Choices) < learning.MaxOptions {
					resp.Choices = append(resp.Choices, i)
				}
			}
			answered = len(resp.Choices) > 0
		case learning.TrueFalse:
			switch r.PostFormValue(name) {
			case "true":
				b := true
				resp.Bool, answered = &b, true
			case "false":
				b := false
				resp.Bool, answered = &b, true
			}
		case learning.Matching:
			resp.Matches = make([]int, len(q.Spec.Pairs))
			for i := range resp.Matches {
				resp.Matches[i] = -1
				if j, err := strconv.Atoi(r.PostFormValue(fmt.Sprintf("%s_%d", name, i))); err == nil {
					resp.Matches[i], answered = j, true
				}
			}
		default:
			resp.Text = r.PostFormValue(name)
			answered = resp.Text != ""
		}
		if answered {
			out[q.ID] = resp
		}
	}
	return out
}

func (h *Handler) saveAttempt(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	p, err := h.Svc.Paper(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	answers := responses(r, p)
	back := fmt.Sprintf("/learning/attempts/%d", id)
	if r.PostFormValue("action") != "submit" {
		for qid, resp := range answers {
			if err := h.Svc.Answer(r.Context(), id, userID(r), qid, resp); err != nil {
				return err
			}
		}
		h.Web.Redirect(w, r, back, "learning.flash.saved")
		return nil
	}
	_, err = h.Svc.Submit(r.Context(), id, userID(r), answers)
	if errors.Is(err, learning.ErrTimeUp) {
		// The answers came too late: grade what was saved in time.
		if _, err := h.Svc.Submit(r.Context(), id, userID(r), nil); err != nil && !errors.Is(err, learning.ErrAlreadySubmited) {
			return err
		}
		h.Web.Redirect(w, r, back, "learning.flash.time_up")
		return nil
	}
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, back, "learning.flash.submitted")
	return nil
}

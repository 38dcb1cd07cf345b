package learnweb

import (
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/web"
)

func (h *Handler) grading(w http.ResponseWriter, r *http.Request) error {
	q, err := h.Svc.GradingQueue(r.Context(), 200)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_grading", web.Page{Title: "learning.grading.title", Data: q})
	return nil
}

func (h *Handler) grade(w http.ResponseWriter, r *http.Request) error {
	attempt, err := pathID(r, "attempt")
	if err != nil {
		return err
	}
	question, err := pathID(r, "question")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	score, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(r.PostFormValue("score")), ",", ".", 1), 64)
	if err != nil {
		return errs.Fields{"score": "learning.error.number"}.Err()
	}
	if err := h.Svc.GradeAnswer(r.Context(), attempt, question, score, r.PostFormValue("comment"), userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/learning/grading", "learning.flash.graded")
	return nil
}

package learnweb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/learning"
	"corridor/internal/web"
)

type bankData struct {
	Categories []learning.Category
	Questions  []learning.Question
	Category   int64
}

func (h *Handler) bank(w http.ResponseWriter, r *http.Request) error {
	return h.renderBank(w, r, web.NewForm(), nil)
}

func (h *Handler) renderBank(w http.ResponseWriter, r *http.Request, f *web.Form, failure error) error {
	cats, err := h.Svc.Categories(r.Context())
	if err != nil {
		return err
	}
	var cat int64
	fmt.Sscan(r.URL.Query().Get("category"), &cat)
	qs, err := h.Svc.Questions(r.Context(), cat)
	if err != nil {
		return err
	}
	p := web.Page{Title: "learning.bank.title", Form: f, Data: bankData{Categories: cats, Questions: qs, Category: cat}}
	if failure != nil {
		return h.Web.RenderFormError(w, r, "learning_bank", p, failure)
	}
	h.Web.Render(w, r, "learning_bank", p)
	return nil
}

// parseBank reads a bank in format "gift" or "xml"; a parse error is an
// input error naming its line.
func parseBank(format string, body io.Reader) ([]learning.Question, error) {
	var qs []learning.Question
	var err error
	switch format {
	case "gift":
		qs, err = learning.ParseGIFT(body)
	case "xml":
		qs, err = learning.ParseMoodleXML(body)
	default:
		return nil, errs.Fields{"format": "learning.error.format"}.Err()
	}
	var pe *learning.ParseError
	if errors.As(err, &pe) {
		return nil, &errs.Error{Kind: errs.Invalid, Message: pe.Error(), Fields: map[string]string{"file": pe.Error()}, Err: err}
	}
	return qs, err
}

func (h *Handler) importBank(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	if err := r.ParseMultipartForm(1 << 20); errors.Is(err, http.ErrNotMultipart) {
		if err := web.ParseForm(r); err != nil {
			return err
		}
	} else if err != nil {
		return h.renderBank(w, r, f, errs.Fields{"file": "learning.error.file_missing"}.Err())
	}
	format := r.PostFormValue("format")
	f.Values["format"] = format
	var body io.Reader
	if text := r.PostFormValue("text"); strings.TrimSpace(text) != "" {
		body = strings.NewReader(text)
	} else {
		file, _, err := r.FormFile("file")
		if err != nil {
			return h.renderBank(w, r, f, errs.Fields{"file": "learning.error.file_missing"}.Err())
		}
		defer file.Close()
		body = file
	}
	qs, err := parseBank(format, body)
	if err == nil {
		_, err = h.Svc.ImportQuestions(r.Context(), qs, format)
	}
	if err != nil {
		return h.renderBank(w, r, f, err)
	}
	h.Web.Redirect(w, r, "/learning/bank", "learning.flash.imported")
	return nil
}

func (h *Handler) exportBank(w http.ResponseWriter, r *http.Request) error {
	var cat int64
	fmt.Sscan(r.URL.Query().Get("category"), &cat)
	qs, err := h.Svc.Questions(r.Context(), cat)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch r.PathValue("format") {
	case "gift":
		err = learning.WriteGIFT(&buf, qs)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="questions.gift.txt"`)
	case "xml":
		err = learning.WriteMoodleXML(&buf, qs)
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", `attachment; filename="questions.moodle.xml"`)
	default:
		return learning.ErrNotFound
	}
	if err != nil {
		return err
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(buf.Bytes())
	return err
}

// A question is corrected as GIFT text: the same form for every type.
type questionFormData struct {
	Question learning.Question
}

func (h *Handler) editQuestionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "question")
	if err != nil {
		return err
	}
	q, err := h.Svc.Question(r.Context(), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	q.Category = ""
	if err := learning.WriteGIFT(&buf, []learning.Question{q}); err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["gift"] = strings.TrimSpace(buf.String())
	h.Web.Render(w, r, "learning_question_form", web.Page{Title: q.Name, Form: f, Data: questionFormData{Question: q}})
	return nil
}

func (h *Handler) editQuestion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "question")
	if err != nil {
		return err
	}
	old, err := h.Svc.Question(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "gift")
	page := web.Page{Title: old.Name, Form: f, Data: questionFormData{Question: old}}
	qs, err := parseBank("gift", strings.NewReader(f.Value("gift")))
	if err == nil && len(qs) != 1 {
		err = errs.Fields{"gift": "learning.error.one_question"}.Err()
	}
	if err != nil {
		if e, ok := errs.As(err); ok && e.Fields["file"] != "" {
			err = &errs.Error{Kind: errs.Invalid, Message: e.Message, Fields: map[string]string{"gift": e.Fields["file"]}}
		}
		return h.Web.RenderFormError(w, r, "learning_question_form", page, err)
	}
	q := qs[0]
	q.ID, q.Points = id, old.Points
	n, err := h.Svc.UpdateQuestion(r.Context(), q)
	if err != nil {
		return h.Web.RenderFormError(w, r, "learning_question_form", page, err)
	}
	_ = n
	h.Web.Redirect(w, r, "/learning/bank", "learning.flash.regraded")
	return nil
}

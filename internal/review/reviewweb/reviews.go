package reviewweb

import (
	"fmt"
	"net/http"

	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/web"
)

// Every page here is built from review.ReviewerView and nothing else, so
// what a reviewer sees is the view's allow-list.

// reviews answers GET /reviews: the caller's assignments.
func (h *Handler) reviews(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	vs, err := h.Svc.MyReviews(r.Context(), a)
	if err != nil {
		return err
	}
	ack, err := h.Svc.Acknowledged(r.Context(), a)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "review_reviews", web.Page{Title: "review.reviews.title", Data: map[string]any{"Reviews": vs, "Acknowledge": ack}})
	return nil
}

func (h *Handler) renderReview(w http.ResponseWriter, r *http.Request, id int64, f *web.Form, formErr error) error {
	v, err := h.Svc.Review(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	if f == nil {
		f = web.NewForm()
		f.Values["recommendation"] = v.Review.Recommendation
	}
	page := web.Page{Title: v.Submission.Title, Form: f, Data: map[string]any{"V": v, "Recommendations": review.Recommendations}}
	if formErr != nil {
		return h.Web.RenderFormError(w, r, "review_review", page, formErr)
	}
	h.Web.Render(w, r, "review_review", page)
	return nil
}

// reviewPage answers GET /reviews/{review}.
func (h *Handler) reviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	return h.renderReview(w, r, id, nil, nil)
}

// reviewSubmit answers POST /reviews/{review}: the review itself.
func (h *Handler) reviewSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "recommendation", "comments_for_author", "comments_for_editor")
	if _, err := h.Svc.SubmitReview(r.Context(), actor(r), id, review.NewReview{Recommendation: f.Value("recommendation"),
		ForAuthor: f.Value("comments_for_author"), ForEditor: f.Value("comments_for_editor")}); err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.Conflict {
			return h.renderReview(w, r, id, f, asInvalid(err, "recommendation"))
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/reviews/%d", id), "review.flash.review_sent")
	return nil
}

// respond answers POST /reviews/{review}/respond (answer=accept|decline).
func (h *Handler) respond(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	answer := r.PostFormValue("answer")
	if answer != "accept" && answer != "decline" {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"answer": "review.error.answer"}}
	}
	if _, err := h.Svc.Respond(r.Context(), actor(r), id, answer == "accept"); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/reviews/%d", id), "review.flash.answered")
	return nil
}

// reviewMessage answers POST /reviews/{review}/messages.
func (h *Handler) reviewMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "body")
	if err := h.Svc.PostAsReviewer(r.Context(), actor(r), id, f.Value("body")); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.renderReview(w, r, id, f, err)
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/reviews/%d#discussion", id), "review.flash.message_sent")
	return nil
}

// reviewFile answers GET /reviews/{review}/files/{file}: the review copy
// under its label.
func (h *Handler) reviewFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file", "review.error.no_file")
	if err != nil {
		return err
	}
	key, label, ct, err := h.Svc.ReviewFile(r.Context(), actor(r), id, fid)
	if err != nil {
		return err
	}
	return h.serveBlob(w, r, key, label, ct)
}

// acknowledge answers POST /reviews/acknowledge (acknowledge=1 to opt in).
func (h *Handler) acknowledge(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := h.Svc.SetAcknowledge(r.Context(), actor(r), r.PostFormValue("acknowledge") == "1"); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/reviews", "review.flash.saved")
	return nil
}

package reviewweb

import (
	"fmt"
	"net/http"
	"strconv"

	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/web"
)

// mySubmissions answers GET /submissions: the caller's submissions.
func (h *Handler) mySubmissions(w http.ResponseWriter, r *http.Request) error {
	subs, err := h.Svc.MySubmissions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "review_my_submissions", web.Page{Title: "review.my.title", Data: map[string]any{"Submissions": subs}})
	return nil
}

// submission answers GET /submissions/{sub}: the editors' page for
// editors, the authors' page for its submitter, 404 for anyone else.
func (h *Handler) submission(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	return h.renderSubmission(w, r, id, nil, nil)
}

func (h *Handler) renderSubmission(w http.ResponseWriter, r *http.Request, id int64, f *web.Form, formErr error) error {
	a := actor(r)
	if f == nil {
		f = web.NewForm()
	}
	if a.Editor {
		v, err := h.Svc.EditorView(r.Context(), a, id)
		if err != nil {
			return err
		}
		if f.Values["due"] == "" {
			f.Values["due"] = h.Svc.Today()
		}
		page := web.Page{Title: v.Submission.Title, Form: f, Data: map[string]any{"V": v, "Stages": stageList(v.Submission.Stage),
			"Recommendations": review.Recommendations, "MaxMB": h.Svc.MaxFileBytes() >> 20}}
		if formErr != nil {
			return h.Web.RenderFormError(w, r, "review_submission_editor", page, formErr)
		}
		h.Web.Render(w, r, "review_submission_editor", page)
		return nil
	}
	v, err := h.Svc.AuthorView(r.Context(), a, id)
	if err != nil {
		return err
	}
	canUpload := v.Submission.Stage == review.StageSubmission || v.Submission.Status == review.StatusRevisionsRequested
	page := web.Page{Title: v.Submission.Title, Form: f, Data: map[string]any{"V": v, "Stages": stageList(v.Submission.Stage), "CanUpload": canUpload,
		"MaxMB": h.Svc.MaxFileBytes() >> 20, "PDFOnly": v.Call.Mode.AuthorsHiddenFromReviewers()}}
	if formErr != nil {
		return h.Web.RenderFormError(w, r, "review_submission_author", page, formErr)
	}
	h.Web.Render(w, r, "review_submission_author", page)
	return nil
}

// fileUpload answers POST /submissions/{sub}/files (multipart "file").
func (h *Handler) fileUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.renderSubmission(w, r, id, nil, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"file": "review.error.file_missing"}})
	}
	defer file.Close()
	if _, err := h.Svc.AddFile(r.Context(), actor(r), id, hdr.Filename, file); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.renderSubmission(w, r, id, nil, err)
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", id), "review.flash.file_added")
	return nil
}

// fileDownload answers GET /submissions/{sub}/files/{file}.
func (h *Handler) fileDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file", "review.error.no_file")
	if err != nil {
		return err
	}
	key, name, ct, err := h.Svc.SubmissionFile(r.Context(), actor(r), id, fid)
	if err != nil {
		return err
	}
	return h.serveBlob(w, r, key, name, ct)
}

// declare answers POST /submissions/{sub}/declare.
func (h *Handler) declare(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "originality", "ethics", "conflicts")
	if err := h.Svc.Declare(r.Context(), actor(r), id, f.Value("originality") != "", f.Value("ethics") != "", f.Value("conflicts")); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.renderSubmission(w, r, id, f, err)
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", id), "review.flash.saved")
	return nil
}

// resubmit answers POST /submissions/{sub}/resubmit.
func (h *Handler) resubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := h.Svc.Resubmit(r.Context(), actor(r), id, r.PostFormValue("note")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", id), "review.flash.resubmitted")
	return nil
}

// postMessage answers POST /submissions/{sub}/messages: an author's
// message to the editors, or an editor's to the authors or to one
// reviewer (thread=assignment id).
func (h *Handler) postMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "body", "thread")
	a := actor(r)
	if a.Editor {
		thread, _ := strconv.ParseInt(f.Value("thread"), 10, 64)
		err = h.Svc.PostAsEditor(r.Context(), a, id, thread, f.Value("body"))
	} else {
		err = h.Svc.PostAsAuthor(r.Context(), a, id, f.Value("body"))
	}
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.renderSubmission(w, r, id, f, err)
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d#discussion", id), "review.flash.message_sent")
	return nil
}

// assign answers POST /submissions/{sub}/reviewers.
func (h *Handler) assign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "reviewer", "due")
	if _, err := h.Svc.AssignReviewer(r.Context(), actor(r), id, f.Value("reviewer"), f.Value("due")); err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.Conflict {
			return h.renderSubmission(w, r, id, f, asInvalid(err, "reviewer"))
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", id), "review.flash.reviewer_assigned")
	return nil
}

// decide answers POST /submissions/{sub}/decision.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "decision", "note", "round", "param")
	round, _ := strconv.ParseInt(f.Value("round"), 10, 64)
	if _, err := h.Svc.DecideWith(r.Context(), actor(r), id, f.Value("decision"), f.Value("note"), f.Value("param"), round); err != nil {
		if k := errs.KindOf(err); k == errs.Invalid || k == errs.Conflict {
			return h.renderSubmission(w, r, id, f, asInvalid(err, "decision"))
		}
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", id), "review.flash.decided")
	return nil
}

// asInvalid shows a conflict on a form as the field's error, keeping its
// status.
func asInvalid(err error, field string) error {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.Conflict {
		return err
	}
	return &errs.Error{Kind: errs.Conflict, Message: e.Message, Fields: map[string]string{field: e.Message}}
}

// stageItem is a stage in the progress list of a submission's page.
type stageItem struct {
	Name    review.Stage
	Current bool
}

// stageList lists the workflow's stages for a submission at cur; declined
// shows only for a declined submission.
func stageList(cur review.Stage) []stageItem {
	var out []stageItem
	for _, s := range review.Stages {
		if s == review.StageDeclined && cur != s {
			continue
		}
		out = append(out, stageItem{Name: s, Current: s == cur})
	}
	return out
}

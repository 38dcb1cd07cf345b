package reviewweb

import (
	"net/http"
	"strconv"
	"time"

	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/web"
)

// queue answers GET /review/manage: the editors' list of submissions.
func (h *Handler) queue(w http.ResponseWriter, r *http.Request) error {
	stage := r.URL.Query().Get("stage")
	subs, err := h.Svc.EditorQueue(r.Context(), actor(r), stage)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "review_queue", web.Page{Title: "review.queue.title", Data: map[string]any{"Submissions": subs, "Stages": review.Stages, "Stage": stage}})
	return nil
}

// records answers GET /review/reviewers: each reviewer's record.
func (h *Handler) records(w http.ResponseWriter, r *http.Request) error {
	recs, err := h.Svc.ReviewerRecords(r.Context(), actor(r))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "review_records", web.Page{Title: "review.records.title", Data: map[string]any{"Records": recs}})
	return nil
}

func (h *Handler) templatesPage(w http.ResponseWriter, r *http.Request, f *web.Form, formErr error) error {
	ts, err := h.Svc.Templates(r.Context())
	if err != nil {
		return err
	}
	page := web.Page{Title: "review.templates.title", Form: f, Data: map[string]any{"Templates": ts}}
	if formErr != nil {
		return h.Web.RenderFormError(w, r, "review_templates", page, formErr)
	}
	h.Web.Render(w, r, "review_templates", page)
	return nil
}

// templates answers GET /review/templates.
func (h *Handler) templates(w http.ResponseWriter, r *http.Request) error {
	return h.templatesPage(w, r, web.NewForm(), nil)
}

// templateSave answers POST /review/templates (name, lang, subject, body;
// both empty restores the default).
func (h *Handler) templateSave(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "name", "lang", "subject", "body")
	if err := h.Svc.SetTemplate(r.Context(), actor(r), f.Value("name"), f.Value("lang"), f.Value("subject"), f.Value("body")); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.templatesPage(w, r, f, err)
		}
		return err
	}
	h.Web.Redirect(w, r, "/review/templates", "review.flash.saved")
	return nil
}

// thanks answers GET /review/thanks/{year}: the reviewers who opted in to
// be thanked by name for that year's reviews.
func (h *Handler) thanks(w http.ResponseWriter, r *http.Request) error {
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2000 || year > time.Now().Year()+1 {
		return errs.New(errs.NotFound, "review.error.no_year")
	}
	names, err := h.Svc.Acknowledgements(r.Context(), year)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "review_thanks", web.Page{Title: "review.thanks.title", Data: map[string]any{"Year": year, "Names": names}})
	return nil
}

package commweb

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/community"
	"corridor/internal/errs"
	"corridor/internal/web"
)

func (h *Handler) myApplications(w http.ResponseWriter, r *http.Request) error {
	as, err := h.Svc.MyApplications(r.Context(), userID(r))
	if err != nil {
		return err
	}
	reviews, err := h.Svc.ReviewsAny(r.Context(), userID(r))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "comm_my_applications", web.Page{Title: "community.applications.mine", Data: map[string]any{"Applications": as, "Reviews": reviews}})
	return nil
}

// visibleApplication reads an application for the request: its applicant,
// the call's reviewers and admins see it; for anyone else it does not
// exist. staff tells the two allowed kinds of reader apart.
func (h *Handler) visibleApplication(r *http.Request) (a community.Application, staff bool, err error) {
	id, err := pathID(r, "application")
	if err != nil {
		return a, false, err
	}
	if a, err = h.Svc.Application(r.Context(), id); err != nil {
		return a, false, err
	}
	if staff, err = h.mayReview(r, a.CallID); err != nil {
		return a, false, err
	}
	if !staff && a.UserID != userID(r) {
		return community.Application{}, false, community.ErrNotFound
	}
	return a, staff, nil
}

// staffApplication is visibleApplication for the reviewers' actions only.
func (h *Handler) staffApplication(r *http.Request) (community.Application, error) {
	a, staff, err := h.visibleApplication(r)
	if err == nil && !staff {
		err = community.ErrNotFound
	}
	return a, err
}

type criterionView struct {
	Index int
	Name  string
	Score int
}

type applicationData struct {
	App       community.Application
	Call      community.Call
	Staff     bool
	Criteria  []criterionView
	Notes     []community.Note
	MaxScores []int
}

func (h *Handler) application(w http.ResponseWriter, r *http.Request) error {
	a, staff, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), a.CallID)
	if err != nil {
		return err
	}
	d := applicationData{App: a, Call: c, Staff: staff}
	if staff {
		scores, err := h.Svc.Scores(r.Context(), a.ID, userID(r), len(c.Criteria))
		if err != nil {
			return err
		}
		for i, name := range c.Criteria {
			d.Criteria = append(d.Criteria, criterionView{Index: i, Name: name, Score: scores[i]})
		}
		if d.Notes, err = h.Svc.Notes(r.Context(), a.ID); err != nil {
			return err
		}
		for i := 0; i <= community.MaxScore; i++ {
			d.MaxScores = append(d.MaxScores, i)
		}
	}
	h.Web.Render(w, r, "comm_application", web.Page{Title: c.Title, Data: d})
	return nil
}

func (h *Handler) applications(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "opportunity")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	ok, err := h.mayReview(r, id)
	if err != nil {
		return err
	}
	if !ok {
		return community.ErrNotFound
	}
	as, err := h.Svc.Applications(r.Context(), id)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "comm_applications", web.Page{Title: c.Title, Data: map[string]any{"Call": c, "Applications": as}})
	return nil
}

func (h *Handler) applicationFile(w http.ResponseWriter, r *http.Request) error {
	a, err := h.staffApplication(r)
	if err != nil {
		return err
	}
	var key, name string
	switch doc := r.PathValue("doc"); {
	case doc == "cv":
		key, name = a.CVKey, fmt.Sprintf("application-%d-cv.pdf", a.ID)
	case doc == "letter":
		key, name = a.LetterKey, fmt.Sprintf("application-%d-letter.pdf", a.ID)
	case strings.HasPrefix(doc, "reference-"):
		ref, _ := strconv.ParseInt(strings.TrimPrefix(doc, "reference-"), 10, 64)
		if key, err = h.Svc.RefereeLetter(r.Context(), a.ID, ref); err != nil {
			return err
		}
		name = fmt.Sprintf("application-%d-reference-%d.pdf", a.ID, ref)
	default:
		return community.ErrNotFound
	}
	rc, _, err := h.Svc.Blobs.Get(r.Context(), key)
	if err != nil {
		return err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, community.MaxDocBytes+1))
	if err != nil {
		return err
	}
	web.ServeDownload(w, r, web.Download{Name: name, ContentType: "application/pdf", ModTime: time.Unix(a.CreatedAt, 0), Body: bytes.NewReader(b)})
	return nil
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request) error {
	a, err := h.staffApplication(r)
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), a.CallID)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	scores := make([]int, len(c.Criteria))
	bad := errs.Fields{}
	for i := range c.Criteria {
		v, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(fmt.Sprintf("score%d", i))))
		if err != nil {
			bad.Add(fmt.Sprintf("score%d", i), "community.error.score")
		}
		scores[i] = v
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if err := h.Svc.Review(r.Context(), a.ID, userID(r), scores, r.PostFormValue("note")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/applications/%d", a.ID), "community.flash.scored")
	return nil
}

func (h *Handler) shortlist(w http.ResponseWriter, r *http.Request) error {
	a, err := h.staffApplication(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := h.Svc.Shortlist(r.Context(), a.ID, r.PostFormValue("off") == ""); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/opportunities/%d/applications", a.CallID), "community.flash.saved")
	return nil
}

func (h *Handler) decide(w http.ResponseWriter, r *http.Request) error {
	a, err := h.staffApplication(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := h.Svc.Decide(r.Context(), a.ID, r.PostFormValue("decision")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/applications/%d", a.ID), "community.flash.decided")
	return nil
}

// deleteApplication erases an application at its applicant's request
// (or an admin's).
func (h *Handler) deleteApplication(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	if a.UserID != userID(r) && !can(r, accounts.PermAdmin) {
		return community.ErrNotFound
	}
	if err := h.Svc.DeleteApplication(r.Context(), a.ID, "request"); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/applications", "community.flash.deleted")
	return nil
}

type referenceData struct {
	Token string
	Req   community.ReferenceRequest
}

func (h *Handler) referenceForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	req, err := h.Svc.Reference(r.Context(), token)
	if err != nil {
		return err
	}
	if req.Used {
		return community.ErrReferenceUsed
	}
	h.Web.Render(w, r, "comm_reference", web.Page{Title: "community.reference.title", Form: web.NewForm(), Data: referenceData{Token: token, Req: req}})
	return nil
}

func (h *Handler) referenceUpload(w http.ResponseWriter, r *http.Request) error {
	if err := parseMultipart(r); err != nil {
		return err
	}
	token := r.PostFormValue("token")
	req, err := h.Svc.Reference(r.Context(), token)
	if err != nil {
		return err
	}
	doc, err := readDoc(r, "letter", community.MaxDocBytes)
	if err != nil {
		return err
	}
	if err := h.Svc.SubmitReference(r.Context(), token, doc); err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.formFail(w, r, "comm_reference", "community.reference.title", web.NewForm(), referenceData{Token: token, Req: req}, err)
		}
		return err
	}
	h.Web.Redirect(w, r, "/", "community.flash.reference")
	return nil
}

func (h *Handler) settingsForm(w http.ResponseWriter, r *http.Request) error {
	days, err := h.Svc.RetentionDays(r.Context())
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["retention_days"] = strconv.Itoa(days)
	h.Web.Render(w, r, "comm_settings", web.Page{Title: "community.settings.title", Form: f})
	return nil
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "retention_days")
	days, err := strconv.Atoi(strings.TrimSpace(f.Value("retention_days")))
	if err == nil {
		err = h.Svc.SetRetentionDays(r.Context(), days)
	} else {
		err = errs.Fields{"retention_days": "community.error.retention"}.Err()
	}
	if err != nil {
		return h.formFail(w, r, "comm_settings", "community.settings.title", f, nil, err)
	}
	h.Web.Redirect(w, r, "/community/settings", "community.flash.saved")
	return nil
}

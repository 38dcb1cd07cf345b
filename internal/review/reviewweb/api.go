package reviewweb

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/review"
	"corridor/internal/web"
)

// apiRoutes are the review engine's JSON API. The shapes of the calls,
// submissions, reviewers, reviews and decision bodies are fixed (scripts
// outside the test suite drive them); fields are only ever added.
func (h *Handler) apiRoutes() []web.Route {
	pub, in, manage := accounts.PermPublic, accounts.PermSignedIn, accounts.PermManageReview
	upload := h.Svc.MaxFileBytes() + 1<<20
	return []web.Route{
		{Method: "GET", Pattern: "/api/v1/calls", Perm: pub, Handler: h.apiCalls, API: true},
		{Method: "POST", Pattern: "/api/v1/calls", Perm: manage, Handler: h.apiCreateCall, API: true},
		{Method: "GET", Pattern: "/api/v1/calls/{call}", Perm: pub, Handler: h.apiCall, API: true},
		{Method: "GET", Pattern: "/api/v1/submissions", Perm: in, Handler: h.apiSubmissions, API: true},
		{Method: "POST", Pattern: "/api/v1/submissions", Perm: in, Handler: h.apiSubmit, API: true},
		{Method: "GET", Pattern: "/api/v1/submissions/{sub}", Perm: in, Handler: h.apiSubmission, API: true},
		{Method: "POST", Pattern: "/api/v1/submissions/{sub}/files", Perm: in, Handler: h.apiUpload, API: true, MaxBody: upload},
		{Method: "POST", Pattern: "/api/v1/submissions/{sub}/reviewers", Perm: manage, Handler: h.apiAssign, API: true},
		{Method: "POST", Pattern: "/api/v1/submissions/{sub}/decision", Perm: manage, Handler: h.apiDecide, API: true},
		{Method: "POST", Pattern: "/api/v1/submissions/{sub}/resubmit", Perm: in, Handler: h.apiResubmit, API: true},
		{Method: "POST", Pattern: "/api/v1/submissions/{sub}/messages", Perm: in, Handler: h.apiMessage, API: true},
		{Method: "GET", Pattern: "/api/v1/reviews", Perm: in, Handler: h.apiReviews, API: true},
		{Method: "GET", Pattern: "/api/v1/reviews/{review}", Perm: in, Handler: h.apiReview, API: true},
		{Method: "POST", Pattern: "/api/v1/reviews/{review}", Perm: in, Handler: h.apiReviewSubmit, API: true},
		{Method: "POST", Pattern: "/api/v1/reviews/{review}/respond", Perm: in, Handler: h.apiRespond, API: true},
		{Method: "POST", Pattern: "/api/v1/reviews/{review}/messages", Perm: in, Handler: h.apiReviewMessage, API: true},
	}
}

func (h *Handler) apiCalls(w http.ResponseWriter, r *http.Request) error {
	calls, err := h.Svc.Calls(r.Context(), r.URL.Query().Get("open") == "1")
	if err != nil {
		return err
	}
	if calls == nil {
		calls = []review.Call{}
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"items": calls})
}

func (h *Handler) apiCall(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call", "review.error.no_call")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, c)
}

func (h *Handler) apiCreateCall(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Title        string `json:"title"`
		Scope        string `json:"scope"`
		Opens        string `json:"opens"`
		Closes       string `json:"closes"`
		Notification string `json:"notification"`
		Mode         string `json:"review_mode"`
		Target       string `json:"target"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := h.Svc.CreateCall(r.Context(), actor(r), review.NewCall{Title: in.Title, Scope: in.Scope, Target: in.Target, Opens: in.Opens,
		Closes: in.Closes, Notification: in.Notification, Mode: review.Mode(in.Mode)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/calls/%d", c.ID))
	return web.WriteJSON(w, http.StatusCreated, c)
}

// flexID reads an id given as a JSON number or a string of digits.
type flexID int64

func (f *flexID) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"call": "review.error.no_call"}}
	}
	*f = flexID(n)
	return nil
}

func (h *Handler) apiSubmit(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Call         flexID          `json:"call"`
		Title        string          `json:"title"`
		Abstract     string          `json:"abstract"`
		Language     string          `json:"language"`
		Keywords     []string        `json:"keywords"`
		Authors      []review.Author `json:"authors"`
		Declarations struct {
			Originality bool   `json:"originality"`
			Ethics      bool   `json:"ethics"`
			Conflicts   string `json:"conflicts"`
		} `json:"declarations"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	s, err := h.Svc.Submit(r.Context(), actor(r), review.NewSubmission{CallID: int64(in.Call), Title: in.Title, Abstract: in.Abstract,
		Language: in.Language, Keywords: in.Keywords, Authors: in.Authors, Originality: in.Declarations.Originality,
		Ethics: in.Declarations.Ethics, Conflicts: in.Declarations.Conflicts})
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/submissions/%d", s.ID))
	return web.WriteJSON(w, http.StatusCreated, s)
}

func (h *Handler) apiSubmissions(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var subs []review.Submission
	var err error
	if a.Editor {
		subs, err = h.Svc.EditorQueue(r.Context(), a, r.URL.Query().Get("stage"))
	} else {
		subs, err = h.Svc.MySubmissions(r.Context(), a)
	}
	if err != nil {
		return err
	}
	if subs == nil {
		subs = []review.Submission{}
	}
	for i := range subs {
		subs[i].Authors = nil // the list carries titles and states; each submission's view carries who may see its authors
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"items": subs})
}

func (h *Handler) apiSubmission(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	a := actor(r)
	if a.Editor {
		v, err := h.Svc.EditorView(r.Context(), a, id)
		if err != nil {
			return err
		}
		return web.WriteJSON(w, http.StatusOK, v)
	}
	v, err := h.Svc.AuthorView(r.Context(), a, id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, v)
}

func (h *Handler) apiUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"file": "review.error.file_missing"}}
	}
	defer file.Close()
	f, err := h.Svc.AddFile(r.Context(), actor(r), id, hdr.Filename, file)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, f)
}

func (h *Handler) apiAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	var in struct {
		Reviewer string `json:"reviewer"`
		Due      string `json:"due"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := h.Svc.AssignReviewer(r.Context(), actor(r), id, in.Reviewer, in.Due)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"id": a.ID, "submission": a.SubmissionID, "round": a.Round,
		"reviewer": strings.TrimSpace(in.Reviewer), "due": a.Due, "status": a.Status})
}

func (h *Handler) apiDecide(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	var in struct {
		Decision string `json:"decision"`
		Note     string `json:"note"`
		Param    string `json:"param"`
		Round    int64  `json:"round"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	s, err := h.Svc.DecideWith(r.Context(), actor(r), id, in.Decision, in.Note, in.Param, in.Round)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"id": s.ID, "decision": in.Decision, "stage": s.Stage, "status": s.Status,
		"round": s.Round, "published_key": s.PublishedKey, "published_url": s.PublishedURL, "track": s.Track, "joined_to": s.JoinedTo})
}

func (h *Handler) apiResubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	s, err := h.Svc.Resubmit(r.Context(), actor(r), id, in.Note)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"id": s.ID, "stage": s.Stage, "status": s.Status, "round": s.Round})
}

func (h *Handler) apiMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "sub", "review.error.no_submission")
	if err != nil {
		return err
	}
	var in struct {
		Body   string `json:"body"`
		Thread int64  `json:"thread"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a := actor(r)
	if a.Editor {
		err = h.Svc.PostAsEditor(r.Context(), a, id, in.Thread, in.Body)
	} else {
		err = h.Svc.PostAsAuthor(r.Context(), a, id, in.Body)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) apiReviews(w http.ResponseWriter, r *http.Request) error {
	vs, err := h.Svc.MyReviews(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"items": vs})
}

func (h *Handler) apiReview(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	v, err := h.Svc.Review(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, v)
}

func (h *Handler) apiReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	var in struct {
		Recommendation string `json:"recommendation"`
		ForAuthor      string `json:"comments_for_author"`
		ForEditor      string `json:"comments_for_editor"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := h.Svc.SubmitReview(r.Context(), actor(r), id, review.NewReview{Recommendation: in.Recommendation, ForAuthor: in.ForAuthor, ForEditor: in.ForEditor}); err != nil {
		return err
	}
	v, err := h.Svc.Review(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, v)
}

func (h *Handler) apiRespond(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	var in struct {
		Answer string `json:"answer"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if in.Answer != "accept" && in.Answer != "decline" {
		return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"answer": "review.error.answer"}}
	}
	a, err := h.Svc.Respond(r.Context(), actor(r), id, in.Answer == "accept")
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"id": a.ID, "status": a.Status})
}

func (h *Handler) apiReviewMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "review", "review.error.no_review")
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.Svc.PostAsReviewer(r.Context(), actor(r), id, in.Body); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

var _ = json.Marshal

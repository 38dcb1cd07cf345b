package commweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/community"
	"corridor/internal/errs"
	"corridor/internal/web"
)

type callsData struct {
	Calls   []community.Call
	Now     int64
	CanEdit bool
}

func (h *Handler) calls(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Calls(r.Context())
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "comm_calls", web.Page{Title: "community.calls.title", Data: callsData{Calls: cs, Now: h.Svc.Now().Unix(), CanEdit: canEdit(r)}})
	return nil
}

type callData struct {
	Call      community.Call
	Project   *community.Project
	Open      bool
	CanEdit   bool
	MayReview bool
	Reviewers []community.Reviewer
	SignedIn  bool
}

func (h *Handler) call(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "opportunity")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	d := callData{Call: c, Open: c.Open(h.Svc.Now().Unix()), CanEdit: canEdit(r), SignedIn: userID(r) != 0}
	if c.ProjectID != 0 {
		if p, err := h.Svc.Project(r.Context(), c.ProjectID); err == nil {
			d.Project = &p
		}
	}
	if d.MayReview, err = h.mayReview(r, id); err != nil {
		return err
	}
	if d.CanEdit {
		if d.Reviewers, err = h.Svc.Reviewers(r.Context(), id); err != nil {
			return err
		}
	}
	h.Web.Render(w, r, "comm_call", web.Page{Title: c.Title, Data: d})
	return nil
}

var callFields = []string{"kind", "title", "description", "requirements", "languages", "starts", "ends", "deadline", "criteria", "host", "places", "project"}

type callFormData struct {
	Kinds    []string
	Projects []community.Project
}

func (h *Handler) callFormData(r *http.Request) (callFormData, error) {
	ps, err := h.Svc.Projects(r.Context())
	return callFormData{Kinds: community.CallKinds, Projects: ps}, err
}

func (h *Handler) newCallForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.callFormData(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["places"] = "1"
	h.Web.Render(w, r, "comm_call_form", web.Page{Title: "community.call.new", Form: f, Data: d})
	return nil
}

func (h *Handler) createCall(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, callFields...)
	d, err := h.callFormData(r)
	if err != nil {
		return err
	}
	c := community.Call{Kind: f.Value("kind"), Title: f.Value("title"), Description: f.Value("description"), Requirements: f.Value("requirements"),
		Languages: f.Value("languages"), Starts: strings.TrimSpace(f.Value("starts")), Ends: strings.TrimSpace(f.Value("ends")), Host: f.Value("host"),
		Criteria: strings.Split(strings.ReplaceAll(f.Value("criteria"), "\r", ""), "\n")}
	c.Places, _ = strconv.Atoi(strings.TrimSpace(f.Value("places")))
	c.ProjectID, _ = strconv.ParseInt(f.Value("project"), 10, 64)
	var ok bool
	if c.Deadline, ok = community.Deadline(f.Value("deadline")); !ok {
		return h.formFail(w, r, "comm_call_form", "community.call.new", f, d, errs.Fields{"deadline": "community.error.deadline"}.Err())
	}
	c, err = h.Svc.CreateCall(r.Context(), c)
	if err != nil {
		return h.formFail(w, r, "comm_call_form", "community.call.new", f, d, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/opportunities/%d", c.ID), "community.flash.saved")
	return nil
}

func (h *Handler) addReviewer(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "opportunity")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := h.Svc.AddReviewer(r.Context(), id, r.PostFormValue("email")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/opportunities/%d", id), "community.flash.saved")
	return nil
}

var applyFields = []string{"name", "email", "statement", "referee1_name", "referee1_email", "referee2_name", "referee2_email", "referee3_name", "referee3_email"}

func (h *Handler) openCall(r *http.Request) (community.Call, error) {
	id, err := pathID(r, "opportunity")
	if err != nil {
		return community.Call{}, err
	}
	return h.Svc.Call(r.Context(), id)
}

func (h *Handler) applyForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.openCall(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	if u := user(r); u != nil {
		f.Values["name"], f.Values["email"] = u.Name, u.Email
	}
	h.Web.Render(w, r, "comm_apply", web.Page{Title: c.Title, Form: f, Data: callData{Call: c, Open: c.Open(h.Svc.Now().Unix())}})
	return nil
}

func (h *Handler) apply(w http.ResponseWriter, r *http.Request) error {
	c, err := h.openCall(r)
	if err != nil {
		return err
	}
	d := callData{Call: c, Open: c.Open(h.Svc.Now().Unix())}
	if err := parseMultipart(r); err != nil {
		return h.formFail(w, r, "comm_apply", c.Title, web.NewForm(), d, err)
	}
	f := web.FormFrom(r, applyFields...)
	in := community.NewApplication{CallID: c.ID, UserID: userID(r), Name: f.Value("name"), Email: f.Value("email"), Text: f.Value("statement"), Lang: lang(r)}
	for i := 1; i <= community.MaxReferees; i++ {
		n, e := f.Value(fmt.Sprintf("referee%d_name", i)), f.Value(fmt.Sprintf("referee%d_email", i))
		if strings.TrimSpace(n+e) != "" {
			in.Referees = append(in.Referees, community.Referee{Name: n, Email: e})
		}
	}
	if in.CV, err = readDoc(r, "cv", community.MaxDocBytes); err != nil {
		return err
	}
	if in.Letter, err = readDoc(r, "letter", community.MaxDocBytes); err != nil {
		return err
	}
	a, err := h.Svc.Apply(r.Context(), in)
	if err != nil {
		return h.formFail(w, r, "comm_apply", c.Title, f, d, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/applications/%d", a.ID), "community.flash.applied")
	return nil
}

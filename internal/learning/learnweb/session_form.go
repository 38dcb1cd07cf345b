package learnweb

import (
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/learning"
	"corridor/internal/web"
)

var sessionFields = []string{"title", "description", "course_id", "venue", "address", "online_url", "starts", "ends", "tz", "capacity", "needs_approval", "counts_for_course"}

type sessionFormData struct {
	Session learning.Session
	Edit    bool
	Courses []learning.Course
}

func (h *Handler) sessionFormData(r *http.Request, x learning.Session, edit bool) (sessionFormData, error) {
	cs, err := h.Svc.Catalogue(r.Context(), web.LangFrom(r.Context()), true)
	return sessionFormData{Session: x, Edit: edit, Courses: cs}, err
}

func (h *Handler) newSessionForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["tz"] = "Europe/Paris"
	f.Values["capacity"] = "20"
	f.Values["course_id"] = r.URL.Query().Get("course")
	data, err := h.sessionFormData(r, learning.Session{}, false)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_session_form", web.Page{Title: "learning.sessions.new", Form: f, Data: data})
	return nil
}

// sessionFromForm reads the trainer's form; bad numbers and times are
// reported by field, the rest by the service.
func sessionFromForm(f *web.Form) (learning.SessionInput, map[string]string) {
	bad := map[string]string{}
	in := learning.SessionInput{Title: f.Value("title"), Description: f.Value("description"), Venue: f.Value("venue"), Address: f.Value("address"),
		OnlineURL: f.Value("online_url"), TZ: strings.TrimSpace(f.Value("tz")),
		NeedsApproval: f.Value("needs_approval") == "on", CountsForCourse: f.Value("counts_for_course") == "on"}
	in.Starts, in.Ends = sessionTimes(f, bad)
	if s := strings.TrimSpace(f.Value("capacity")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			bad["capacity"] = "learning.error.session_capacity"
		}
		in.Capacity = n
	}
	in.CourseID, _ = strconv.ParseInt(strings.TrimSpace(f.Value("course_id")), 10, 64)
	return in, bad
}

func (h *Handler) createSession(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, sessionFields...)
	in, bad := sessionFromForm(f)
	data, err := h.sessionFormData(r, learning.Session{}, false)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return h.formFail(w, r, "learning_session_form", "learning.sessions.new", f, data, bad)
	}
	x, err := h.Svc.CreateSession(r.Context(), in, userID(r))
	if err != nil {
		return h.Web.RenderFormError(w, r, "learning_session_form", web.Page{Title: "learning.sessions.new", Form: f, Data: data}, err)
	}
	h.Web.Redirect(w, r, h.sessionPath(x.ID), "learning.flash.created")
	return nil
}

func (h *Handler) editSessionForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	x, err := h.Svc.Session(r.Context(), id)
	if err != nil {
		return err
	}
	loc := x.Location()
	f := web.NewForm()
	f.Values = map[string]string{"title": x.Title, "description": x.Description, "venue": x.Venue, "address": x.Address, "online_url": x.OnlineURL,
		"starts": x.Starts.In(loc).Format("2006-01-02T15:04"), "ends": x.Ends.In(loc).Format("2006-01-02T15:04"), "tz": x.TZ,
		"capacity": strconv.Itoa(x.Capacity), "course_id": strconv.FormatInt(x.CourseID, 10)}
	if x.NeedsApproval {
		f.Values["needs_approval"] = "on"
	}
	if x.CountsForCourse {
		f.Values["counts_for_course"] = "on"
	}
	data, err := h.sessionFormData(r, x, true)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "learning_session_form", web.Page{Title: x.Title, Form: f, Data: data})
	return nil
}

func (h *Handler) editSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	old, err := h.Svc.Session(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, sessionFields...)
	in, bad := sessionFromForm(f)
	data, err := h.sessionFormData(r, old, true)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return h.formFail(w, r, "learning_session_form", old.Title, f, data, bad)
	}
	if _, err := h.Svc.UpdateSession(r.Context(), id, in); err != nil {
		return h.Web.RenderFormError(w, r, "learning_session_form", web.Page{Title: old.Title, Form: f, Data: data}, err)
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.saved")
	return nil
}

func (h *Handler) cancelSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := h.Svc.CancelSession(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.session_cancelled")
	return nil
}

package learnweb

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"corridor/internal/i18n"
	"corridor/internal/ical"
	"corridor/internal/learning"
	"corridor/internal/seats"
	"corridor/internal/web"
)

// sessionView is a session with its time and place written for a reader.
type sessionView struct {
	learning.Session
	When  string
	Place string
	Past  bool
}

func (h *Handler) viewOf(r *http.Request, x learning.Session) sessionView {
	lang := web.LangFrom(r.Context())
	loc := x.Location()
	s, e := x.Starts.In(loc), x.Ends.In(loc)
	when := i18n.LongDate(lang, s) + ", " + s.Format("15:04") + "–"
	if e.YearDay() != s.YearDay() || e.Year() != s.Year() {
		when += i18n.LongDate(lang, e) + ", "
	}
	when += e.Format("15:04") + " (" + x.TZ + ")"
	place := x.Venue
	if x.Address != "" {
		place += ", " + x.Address
	}
	if x.Online {
		place = h.Web.Catalog.T(lang, "learning.session.online")
	}
	return sessionView{Session: x, When: when, Place: place, Past: !x.Ends.After(h.Svc.Now())}
}

type sessionsData struct {
	Sessions []sessionView
	Past     bool
	CanTeach bool
}

func (h *Handler) sessions(w http.ResponseWriter, r *http.Request) error {
	past := r.URL.Query().Get("when") == "past"
	xs, err := h.Svc.Sessions(r.Context(), past, 200)
	if err != nil {
		return err
	}
	d := sessionsData{Past: past, CanTeach: canTeach(r)}
	for _, x := range xs {
		d.Sessions = append(d.Sessions, h.viewOf(r, x))
	}
	h.Web.Render(w, r, "learning_sessions", web.Page{Title: "learning.sessions.title", Data: d})
	return nil
}

type sessionData struct {
	View     sessionView
	SignedIn bool
	CanTeach bool
	// Seat is the reader's seat status ("" when none); Place their place
	// on the waitlist.
	Seat     seats.Status
	Place    int
	ShowLink bool
	Started  bool
	Roster   []learning.RosterEntry
}

// sessionOrCalendar serves /training/sessions/{id} and its calendar
// /training/sessions/{id}.ics (a path wildcard is a whole segment).
func (h *Handler) sessionOrCalendar(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("session")
	ics := strings.HasSuffix(raw, ".ics")
	id, err := strconv.ParseInt(strings.TrimSuffix(raw, ".ics"), 10, 64)
	if err != nil || id <= 0 {
		return learning.ErrNotFound
	}
	x, err := h.Svc.Session(r.Context(), id)
	if err != nil {
		return err
	}
	d := sessionData{SignedIn: userID(r) != 0, CanTeach: canTeach(r), Started: !h.Svc.Now().Before(x.Starts)}
	if d.SignedIn {
		seat, place, err := h.Svc.SessionSeat(r.Context(), id, userID(r))
		if err != nil && !errors.Is(err, learning.ErrSessionNotEnrolled) {
			return err
		}
		if seat.Status.Active() {
			d.Seat, d.Place = seat.Status, place
		}
	}
	d.ShowLink = x.Online && !x.Cancelled && (d.CanTeach || d.Seat == seats.Confirmed)
	if ics {
		return h.sessionICS(w, r, x, d.ShowLink)
	}
	if !d.ShowLink {
		x = x.Redact()
	}
	d.View = h.viewOf(r, x)
	if d.CanTeach {
		if d.Roster, err = h.Svc.Roster(r.Context(), id); err != nil {
			return err
		}
	}
	h.Web.Render(w, r, "learning_session", web.Page{Title: x.Title, Data: d})
	return nil
}

func (h *Handler) sessionICS(w http.ResponseWriter, r *http.Request, x learning.Session, withLink bool) error {
	host := "corridor"
	if u, err := url.Parse(h.Svc.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	var b bytes.Buffer
	if err := ical.Write(&b, h.Svc.SessionCalendar(x, withLink, host)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="session-%d.ics"`, x.ID))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(b.Bytes())
	return err
}

func (h *Handler) sessionPath(id int64) string { return fmt.Sprintf("/training/sessions/%d", id) }

func (h *Handler) enrolSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	seat, err := h.Svc.EnrolSession(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.session_"+string(seat.Status))
	return nil
}

func (h *Handler) leaveSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := h.Svc.LeaveSession(r.Context(), id, userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.session_left")
	return nil
}

// markAttendance saves the trainer's roster: every confirmed learner is
// attended when ticked, absent otherwise.
func (h *Handler) markAttendance(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	var attended []int64
	for _, v := range r.PostForm["attended"] {
		u, err := strconv.ParseInt(v, 10, 64)
		if err != nil || u <= 0 {
			return errFields(map[string]string{"attended": "learning.error.session_not_confirmed"})
		}
		attended = append(attended, u)
	}
	if err := h.Svc.SaveAttendance(r.Context(), id, attended, userID(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.attendance_saved")
	return nil
}

// decideSeat approves or rejects a pending request (form: user, decision).
func (h *Handler) decideSeat(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	user, err := strconv.ParseInt(r.PostFormValue("user"), 10, 64)
	if err != nil || user <= 0 {
		return errFields(map[string]string{"user": "learning.error.session_not_pending"})
	}
	if _, err := h.Svc.DecideSeat(r.Context(), id, user, r.PostFormValue("decision") == "approve"); err != nil {
		return err
	}
	h.Web.Redirect(w, r, h.sessionPath(id), "learning.flash.saved")
	return nil
}

// sessionTimes reads the form's local date-times in the session's zone.
func sessionTimes(f *web.Form, bad map[string]string) (time.Time, time.Time) {
	loc, err := time.LoadLocation(strings.TrimSpace(f.Value("tz")))
	if err != nil {
		bad["tz"] = "learning.error.session_tz"
		loc = time.UTC
	}
	read := func(name, msg string) time.Time {
		t, err := time.ParseInLocation("2006-01-02T15:04", strings.TrimSpace(f.Value(name)), loc)
		if err != nil {
			bad[name] = msg
		}
		return t
	}
	return read("starts", "learning.error.session_starts"), read("ends", "learning.error.session_ends")
}

package learnweb

import (
	"errors"
	"net/http"
	"time"

	"corridor/internal/learning"
	"corridor/internal/seats"
	"corridor/internal/web"
)

type apiSessionIn struct {
	Title           string    `json:"title"`
	Description     string    `json:"description"`
	CourseID        int64     `json:"course_id"`
	Venue           string    `json:"venue"`
	Address         string    `json:"address"`
	OnlineURL       string    `json:"online_url"`
	Starts          time.Time `json:"starts"`
	Ends            time.Time `json:"ends"`
	TZ              string    `json:"tz"`
	Capacity        int       `json:"capacity"`
	NeedsApproval   bool      `json:"needs_approval"`
	CountsForCourse bool      `json:"counts_for_course"`
}

// apiSession is a session as the API shows it, with the reader's seat.
type apiSession struct {
	learning.Session
	MyStatus string `json:"my_status,omitempty"`
	Calendar string `json:"calendar"`
}

func (h *Handler) apiSessionOut(r *http.Request, x learning.Session) (apiSession, error) {
	out := apiSession{Calendar: h.sessionPath(x.ID) + ".ics"}
	if u := userID(r); u != 0 {
		seat, _, err := h.Svc.SessionSeat(r.Context(), x.ID, u)
		if err != nil && !errors.Is(err, learning.ErrSessionNotEnrolled) {
			return out, err
		}
		if seat.Status.Active() {
			out.MyStatus = string(seat.Status)
		}
	}
	if !canTeach(r) && out.MyStatus != string(seats.Confirmed) {
		x = x.Redact()
	}
	out.Session = x
	return out, nil
}

// apiCreateSession: a trainer adds a session; times are RFC 3339, tz the
// zone it is held in (default UTC).
func (h *Handler) apiCreateSession(w http.ResponseWriter, r *http.Request) error {
	var in apiSessionIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	x, err := h.Svc.CreateSession(r.Context(), learning.SessionInput{Title: in.Title, Description: in.Description, CourseID: in.CourseID, Venue: in.Venue,
		Address: in.Address, OnlineURL: in.OnlineURL, Starts: in.Starts, Ends: in.Ends, TZ: in.TZ, Capacity: in.Capacity,
		NeedsApproval: in.NeedsApproval, CountsForCourse: in.CountsForCourse}, userID(r))
	if err != nil {
		return err
	}
	out, err := h.apiSessionOut(r, x)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, out)
}

func (h *Handler) apiSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	x, err := h.Svc.Session(r.Context(), id)
	if err != nil {
		return err
	}
	out, err := h.apiSessionOut(r, x)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

type apiSeat struct {
	SessionID int64  `json:"session_id"`
	Status    string `json:"status"`
	// WaitlistPlace is the place on the waiting list (1 is next).
	WaitlistPlace int `json:"waitlist_place,omitempty"`
}

// apiEnrolSession enrols the caller: confirmed, waitlisted or pending.
func (h *Handler) apiEnrolSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if _, err := h.Svc.EnrolSession(r.Context(), id, userID(r)); err != nil {
		return err
	}
	seat, place, err := h.Svc.SessionSeat(r.Context(), id, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, apiSeat{SessionID: id, Status: string(seat.Status), WaitlistPlace: place})
}

// apiLeaveSession cancels the caller's seat.
func (h *Handler) apiLeaveSession(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := h.Svc.LeaveSession(r.Context(), id, userID(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

package eventweb

import (
	"fmt"
	"net/http"
	"strconv"

	"corridor/internal/web"
)

// scheduleContribution gives an accepted abstract its track and times
// from the event page. Bad input comes back as the page with the
// contribution's form filled in and each problem next to its field.
func (h *Handler) scheduleContribution(w http.ResponseWriter, r *http.Request) error {
	t, err := h.eventTalk(r)
	if err != nil {
		return err
	}
	id := t.ID
	e, err := h.Svc.Get(r.Context(), t.EventID)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "track", "starts", "ends")
	f.Values["form"], f.Values["talk"] = "schedule", strconv.FormatInt(id, 10)
	loc := e.Location()
	starts, okS := ParseLocal(f.Value("starts"), loc)
	ends, okE := ParseLocal(f.Value("ends"), loc)
	bad := map[string]string{}
	if !okS {
		bad["starts"] = "events.error.datetime"
	}
	if !okE {
		bad["ends"] = "events.error.datetime"
	}
	if len(bad) == 0 {
		_, err = h.Svc.ScheduleContribution(r.Context(), id, f.Value("track"), starts, ends)
	} else {
		err = errFields(bad)
	}
	if err != nil {
		d, perr := h.eventPage(r, e.ID)
		if perr != nil {
			return perr
		}
		return h.Web.RenderFormError(w, r, "events_event", web.Page{Title: d.Event.TitleText, Form: f, Data: d}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d#timetable", e.ID), "events.flash.contribution_scheduled")
	return nil
}

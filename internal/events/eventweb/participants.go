package eventweb

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"time"

	"corridor/internal/data/xlsx"
	"corridor/internal/events"
	"corridor/internal/web"
)

// participants exports an event's registrations for its organisers, as
// CSV or XLSX (name, e-mail, status, registration time (UTC), answers),
// or as a PDF of the confirmed participants' name list and badges.
func (h *Handler) participants(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	e, err := h.Svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	ps, err := h.Svc.Participants(r.Context(), id)
	if err != nil {
		return err
	}
	head := []string{"name", "email", "status", "registered_utc"}
	for _, f := range e.Fields {
		head = append(head, f.Label)
	}
	row := func(p events.Participant) []string {
		out := []string{p.Name, p.Email, p.Status, time.Unix(p.Registered, 0).UTC().Format("2006-01-02 15:04:05")}
		for _, f := range e.Fields {
			out = append(out, p.Answers[f.Key])
		}
		return out
	}
	name := fmt.Sprintf("event-%d-participants", id)
	w.Header().Set("Cache-Control", "private, no-store")
	switch r.PathValue("format") {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		cw := csv.NewWriter(w)
		safeHead := make([]string, len(head))
		for i, c := range head {
			safeHead[i] = safeCell(c)
		}
		cw.Write(safeHead)
		for _, p := range ps {
			cells := row(p)
			for i, c := range cells {
				cells[i] = safeCell(c)
			}
			cw.Write(cells)
		}
		cw.Flush()
		return cw.Error()
	case "pdf":
		// Badges and the name list of the confirmed participants.
		t := func(k string) string { return h.Web.T(r, "events.badges."+k) }
		b, err := events.BadgesPDF(e, view(e, web.LangFrom(r.Context())).When, ps, events.BadgeText{ListTitle: t("list_title"), Count: t("count"), Name: t("name"), Email: t("email")})
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="event-%d-badges.pdf"`, id))
		_, err = w.Write(b)
		return err
	case "xlsx":
		cells := [][]xlsx.Cell{}
		var hc []xlsx.Cell
		for _, x := range head {
			hc = append(hc, xlsx.Text(x))
		}
		cells = append(cells, hc)
		for _, p := range ps {
			var line []xlsx.Cell
			for _, c := range row(p) {
				line = append(line, xlsx.Text(c))
			}
			cells = append(cells, line)
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return xlsx.Write(w, "participants", cells)
	}
	return events.ErrNotFound
}

// safeCell keeps a spreadsheet from reading a participant's name as a
// formula (CSV injection): such cells get a leading apostrophe.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (h *Handler) approve(w http.ResponseWriter, r *http.Request) error { return h.decide(w, r, true) }
func (h *Handler) reject(w http.ResponseWriter, r *http.Request) error  { return h.decide(w, r, false) }

// decide approves or rejects a pending registration of a moderated event.
func (h *Handler) decide(w http.ResponseWriter, r *http.Request, approve bool) error {
	id, err := pathID(r, "event")
	if err != nil {
		return err
	}
	user, err := pathID(r, "user")
	if err != nil {
		return err
	}
	st, err := h.Svc.Decide(r.Context(), id, user, approve)
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/events/%d#participants", id), "events.flash.decided_"+st)
	return nil
}

package credweb

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corridor/internal/credentials"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// Choice is a course or training session a programme may list.
type Choice struct {
	Item  string // learning:course:N or learning:session:N
	Label string
}

// Choices lists what a programme may be made of, labels in lang.
type Choices func(ctx context.Context, lang string) (courses, sessions []Choice, err error)

var programmeFields = []string{"title_en", "title_fr", "title_es", "description_en", "description_fr", "description_es",
	"rule", "rule_n", "min_grade", "period_from", "period_to", "validity_months", "auto", "learner"}

type programmeFormData struct {
	Programme credentials.Programme
	Edit      bool
	Courses   []Choice
	Sessions  []Choice
	Chosen    map[string]bool
	// Unknown are items the programme lists that are no longer offered
	// (a deleted course): kept checked so that saving does not drop them.
	Unknown []string
}

type programmesData struct {
	Programmes []credentials.Programme
}

// programmes lists the programmes for trainers.
func (h *Handler) programmes(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Programmes(r.Context(), web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "credentials_programmes", web.Page{Title: "credentials.programmes.title", Data: programmesData{Programmes: ps}})
	return nil
}

func (h *Handler) programmeFormData(r *http.Request, p credentials.Programme, chosen []string, edit bool) (programmeFormData, error) {
	d := programmeFormData{Programme: p, Edit: edit, Chosen: map[string]bool{}}
	if h.Hooks.Choices != nil {
		var err error
		if d.Courses, d.Sessions, err = h.Hooks.Choices(r.Context(), web.LangFrom(r.Context())); err != nil {
			return d, err
		}
	}
	known := map[string]bool{}
	for _, c := range append(append([]Choice{}, d.Courses...), d.Sessions...) {
		known[c.Item] = true
	}
	for _, it := range chosen {
		d.Chosen[it] = true
		if !known[it] {
			d.Unknown = append(d.Unknown, it)
		}
	}
	return d, nil
}

func (h *Handler) newProgramme(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["rule"], f.Values["auto"], f.Values["validity_months"], f.Values["min_grade"] = credentials.RuleAll, "on", "0", "0"
	d, err := h.programmeFormData(r, credentials.Programme{}, nil, false)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "credentials_programme", web.Page{Title: "credentials.programmes.new", Form: f, Data: d})
	return nil
}

// programmeForm fills the form from a stored programme.
func programmeForm(p credentials.Programme) *web.Form {
	f := web.NewForm()
	for _, l := range []string{"en", "fr", "es"} {
		f.Values["title_"+l], f.Values["description_"+l] = p.Titles[l], p.Descriptions[l]
	}
	f.Values["rule"] = p.Rule
	if p.RuleN > 0 {
		f.Values["rule_n"] = strconv.Itoa(p.RuleN)
	}
	f.Values["min_grade"] = strconv.FormatFloat(p.MinGrade, 'f', -1, 64)
	f.Values["validity_months"] = strconv.Itoa(p.ValidityMonths)
	f.Values["period_from"], f.Values["period_to"] = day(p.PeriodFrom), day(p.PeriodTo)
	if p.Auto {
		f.Values["auto"] = "on"
	}
	return f
}

func day(unix int64) string {
	if unix == 0 {
		return ""
	}
	return time.Unix(unix, 0).UTC().Format("2006-01-02")
}

// programmeFromForm reads the form; numbers and dates that do not parse
// are reported by field, the rest by the service.
func programmeFromForm(r *http.Request, f *web.Form) (credentials.Programme, errs.Fields) {
	bad := errs.Fields{}
	p := credentials.Programme{Titles: map[string]string{}, Descriptions: map[string]string{}, Rule: f.Value("rule"), Auto: f.Value("auto") == "on"}
	for _, l := range []string{"en", "fr", "es"} {
		p.Titles[l], p.Descriptions[l] = strings.TrimSpace(f.Value("title_"+l)), strings.TrimSpace(f.Value("description_"+l))
	}
	for _, it := range r.PostForm["item"] {
		if it = strings.TrimSpace(it); it != "" {
			p.Items = append(p.Items, it)
		}
	}
	num := func(field, key string, to func(string) error) {
		if s := strings.TrimSpace(f.Value(field)); s != "" && to(s) != nil {
			bad.Add(field, key)
		}
	}
	num("rule_n", "credentials.error.bad_rule_n", func(s string) (err error) { p.RuleN, err = strconv.Atoi(s); return })
	num("min_grade", "credentials.error.bad_grade", func(s string) (err error) { p.MinGrade, err = strconv.ParseFloat(s, 64); return })
	num("validity_months", "credentials.error.bad_validity", func(s string) (err error) { p.ValidityMonths, err = strconv.Atoi(s); return })
	date := func(field string, endOfDay bool) int64 {
		var v int64
		num(field, "credentials.error.bad_date", func(s string) error {
			t, err := time.Parse("2006-01-02", s)
			if endOfDay {
				t = t.Add(24*time.Hour - time.Second)
			}
			v = t.Unix()
			return err
		})
		return v
	}
	p.PeriodFrom, p.PeriodTo = date("period_from", false), date("period_to", true)
	if p.Rule != credentials.RuleN {
		p.RuleN = 0
	}
	// Name every wrong field at once: the service's checks too, where the
	// form's own did not already speak.
	if e, ok := errs.As(credentials.CheckProgramme(&p)); ok && len(bad) > 0 {
		for k, v := range e.Fields {
			if _, seen := bad[k]; !seen {
				bad[k] = v
			}
		}
	}
	return p, bad
}

func (h *Handler) createProgramme(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, programmeFields...)
	p, bad := programmeFromForm(r, f)
	d, err := h.programmeFormData(r, p, p.Items, false)
	if err != nil {
		return err
	}
	if len(bad) == 0 {
		var saved credentials.Programme
		if saved, err = h.Svc.CreateProgramme(r.Context(), p, userID(r)); err == nil {
			h.Web.Redirect(w, r, "/programmes/"+strconv.FormatInt(saved.ID, 10), "credentials.flash.programme_created")
			return nil
		}
	} else {
		err = bad.Err()
	}
	return h.formFail(w, r, "credentials.programmes.new", f, d, err)
}

// formFail shows the programme form again with the error's fields.
func (h *Handler) formFail(w http.ResponseWriter, r *http.Request, title string, f *web.Form, d programmeFormData, err error) error {
	return h.Web.RenderFormError(w, r, "credentials_programme", web.Page{Title: title, Form: f, Data: d}, err)
}

func (h *Handler) programmeID(r *http.Request) (int64, error) {
	id, err := web.PathInt(r, "programme")
	if err != nil || id <= 0 {
		return 0, credentials.ErrNotFound
	}
	return id, nil
}

// editProgramme is a programme's page for trainers: its form and the
// form that issues a certificate by hand.
func (h *Handler) editProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := h.programmeID(r)
	if err != nil {
		return err
	}
	p, err := h.Svc.Programme(r.Context(), id, web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	d, err := h.programmeFormData(r, p, p.Items, true)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "credentials_programme", web.Page{Title: p.Title, Form: programmeForm(p), Data: d})
	return nil
}

func (h *Handler) updateProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := h.programmeID(r)
	if err != nil {
		return err
	}
	old, err := h.Svc.Programme(r.Context(), id, web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, programmeFields...)
	p, bad := programmeFromForm(r, f)
	d, err := h.programmeFormData(r, old, p.Items, true)
	if err != nil {
		return err
	}
	if len(bad) == 0 {
		if _, err = h.Svc.UpdateProgramme(r.Context(), id, p); err == nil {
			h.Web.Redirect(w, r, "/programmes/"+strconv.FormatInt(id, 10), "credentials.flash.programme_saved")
			return nil
		}
	} else {
		err = bad.Err()
	}
	return h.formFail(w, r, old.Title, f, d, err)
}

// issueProgramme issues a certificate by hand from the programme's page.
func (h *Handler) issueProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := h.programmeID(r)
	if err != nil {
		return err
	}
	p, err := h.Svc.Programme(r.Context(), id, web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostFormValue("learner"))
	var c credentials.Certificate
	if email == "" {
		err = errs.Fields{"learner": "credentials.error.no_learner"}.Err()
	} else {
		c, err = h.issueTo(r, email, id)
	}
	if err != nil {
		d, derr := h.programmeFormData(r, p, p.Items, true)
		if derr != nil {
			return derr
		}
		f := programmeForm(p)
		f.Values["learner"] = email
		return h.formFail(w, r, p.Title, f, d, err)
	}
	h.Web.Redirect(w, r, "/verify/"+c.Code, "credentials.flash.issued")
	return nil
}

package lawweb

// Legal officers' forms for instruments: the routes of every form that
// creates something (instruments, versions, relationships), and creating
// an instrument and editing its metadata and identifiers. The version and
// relationship forms are in edit_version.go and edit_relation.go.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

func (h *Handler) editRoutes() []web.Route {
	edit := accounts.PermEditLaw
	return []web.Route{
		{Method: "GET", Pattern: "/law/instruments/new", Perm: edit, Handler: h.instrumentNew},
		{Method: "POST", Pattern: "/law/instruments", Perm: edit, Handler: h.instrumentCreate},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/edit", Perm: edit, Handler: h.instrumentEdit},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/edit", Perm: edit, Handler: h.instrumentUpdate},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/versions/new", Perm: edit, Handler: h.versionForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/versions", Perm: edit, Handler: h.versionCreate, MaxBody: maxVersionBody},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/relations/new", Perm: edit, Handler: h.relationForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/relations", Perm: edit, Handler: h.relationCreate},
	}
}

// explain adds the details of field errors (an identifier's line, the XML
// parser's message) after their translated messages.
func (h *Handler) explain(r *http.Request, err error) error {
	e, ok := errs.As(err)
	var d lawdb.FieldDetails
	if !ok || !errors.As(err, &d) {
		return err
	}
	for k, v := range d {
		if msg, ok := e.Fields[k]; ok {
			e.Fields[k] = h.Web.T(r, msg) + " — " + v
		}
	}
	return err
}

type choice struct {
	Value, Label string
	Checked      bool
}

type instrumentFormData struct {
	New                   bool
	Inst                  *lawdb.Instrument // when editing
	Action                string
	Levels, Types         []string
	Topics, TargetGroups  []choice
	Schemes               string
	HasVersions           bool
	VersionHref, RelHref  string
	InstrumentHref, Title string
}

var instrumentFields = []string{"revision", "slug", "title", "level", "type", "jurisdiction", "issuing_body", "adopted_on", "signed_on", "in_force_on", "ends_on", "languages", "identifiers"}

func choices(all, picked []string, prefix string) []choice {
	set := map[string]bool{}
	for _, p := range picked {
		set[p] = true
	}
	out := make([]choice, 0, len(all))
	for _, v := range all {
		out = append(out, choice{Value: v, Label: prefix + v, Checked: set[v]})
	}
	return out
}

func (h *Handler) instrumentFormData(inst *lawdb.Instrument, topics, groups []string) instrumentFormData {
	d := instrumentFormData{New: inst == nil, Inst: inst, Action: "/law/instruments", Levels: lawdb.Levels, Types: lawdb.Types,
		Topics: choices(lawdb.InstrumentTopics, topics, "law.topic."), TargetGroups: choices(lawdb.TargetGroups, groups, "law.target."),
		Schemes: strings.Join(lawdb.IdentifierSchemes, ", "), Title: "law.edit.new_title"}
	if inst != nil {
		base := "/law/instruments/" + url.PathEscape(inst.Slug)
		d.Action, d.InstrumentHref, d.Title = base+"/edit", base, "law.edit.title"
		d.VersionHref, d.RelHref = base+"/versions/new", base+"/relations/new"
	}
	return d
}

func inputFromForm(r *http.Request, f *web.Form) lawdb.InstrumentInput {
	return lawdb.InstrumentInput{Slug: f.Values["slug"], Title: f.Values["title"], Level: f.Values["level"], Type: f.Values["type"],
		Jurisdiction: f.Values["jurisdiction"], IssuingBody: f.Values["issuing_body"], AdoptedOn: f.Values["adopted_on"],
		SignedOn: f.Values["signed_on"], InForceOn: f.Values["in_force_on"], EndsOn: f.Values["ends_on"], Languages: []string{f.Values["languages"]},
		Topics: r.PostForm["topics"], TargetGroups: r.PostForm["target_groups"], Identifiers: lawdb.IdentifierList(f.Values["identifiers"])}
}

func (h *Handler) instrumentNew(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["level"], f.Values["type"] = "international", "convention"
	d := h.instrumentFormData(nil, nil, nil)
	h.Web.Render(w, r, "law_edit_instrument", web.Page{Title: d.Title, Data: d, Form: f})
	return nil
}

func (h *Handler) instrumentCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, instrumentFields...)
	in := inputFromForm(r, f)
	slug, err := h.Store.CreateInstrument(r.Context(), in)
	if err != nil {
		d := h.instrumentFormData(nil, in.Topics, in.TargetGroups)
		return h.Web.RenderFormError(w, r, "law_edit_instrument", web.Page{Title: d.Title, Data: d, Form: f}, h.explain(r, err))
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(slug), "law.edit.created")
	return nil
}

func (h *Handler) instrumentEdit(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.Store.Instrument(r.Context(), r.PathValue("instrument"))
	if err != nil {
		return lawdb.NotFound(err)
	}
	p, err := h.savedInstrumentForm(r, inst)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_edit_instrument", p)
	return nil
}

// formRevision reads the revision an edit form was filled from (its
// hidden field). A form served before revisions existed has none: its
// save is not checked.
func formRevision(r *http.Request) (int64, error) {
	v := r.PostFormValue("revision")
	if v == "" {
		return db.AnyRevision, nil
	}
	revision, err := strconv.ParseInt(v, 10, 64)
	if err != nil || revision < 0 {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"revision": "error.invalid_input"}}
	}
	return revision, nil
}

// savedInstrumentForm is the edit form filled with the instrument's saved
// metadata and its revision (a hidden field, which the save names).
func (h *Handler) savedInstrumentForm(r *http.Request, inst *lawdb.Instrument) (web.Page, error) {
	ctx := r.Context()
	in, err := h.Store.InstrumentInputOf(ctx, inst.Slug)
	if err != nil {
		return web.Page{}, err
	}
	revision, err := h.Store.InstrumentRevision(ctx, inst.ID)
	if err != nil {
		return web.Page{}, err
	}
	f := web.NewForm()
	for k, v := range map[string]string{"slug": in.Slug, "title": in.Title, "level": in.Level, "type": in.Type, "jurisdiction": in.Jurisdiction,
		"issuing_body": in.IssuingBody, "adopted_on": in.AdoptedOn, "signed_on": in.SignedOn, "in_force_on": in.InForceOn, "ends_on": in.EndsOn,
		"languages": strings.Join(in.Languages, ", "), "identifiers": string(in.Identifiers), "revision": strconv.FormatInt(revision, 10)} {
		f.Values[k] = v
	}
	d := h.instrumentFormData(inst, in.Topics, in.TargetGroups)
	return web.Page{Title: d.Title, Data: d, Form: f}, nil
}

func (h *Handler) instrumentUpdate(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, err := h.Store.Instrument(ctx, r.PathValue("instrument"))
	if err != nil {
		return lawdb.NotFound(err)
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, instrumentFields...)
	f.Values["slug"] = inst.Slug
	in := inputFromForm(r, f)
	revision, err := formRevision(r)
	if err != nil {
		return err
	}
	if err := h.Store.UpdateInstrumentAt(ctx, inst.Slug, in, revision); errors.Is(err, db.ErrStale) {
		// Someone saved meanwhile: show what is saved now, with its
		// revision, so that the next save does not undo their edit.
		p, perr := h.savedInstrumentForm(r, inst)
		if perr != nil {
			return perr
		}
		return h.Web.RenderFormError(w, r, "law_edit_instrument", p, err)
	} else if err != nil {
		d := h.instrumentFormData(inst, in.Topics, in.TargetGroups)
		return h.Web.RenderFormError(w, r, "law_edit_instrument", web.Page{Title: d.Title, Data: d, Form: f}, h.explain(r, err))
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug), "law.edit.saved")
	return nil
}

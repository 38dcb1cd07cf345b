package lawweb

// Legal officers' forms for instruments and their texts: create an
// instrument, edit its metadata and identifiers, add a dated language
// version (pasted Markdown or an uploaded Akoma Ntoso file) and add a
// relationship to another instrument.

import (
	"errors"
	"io"
	"mime"
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

// maxVersionBody bounds a version form's request: the largest Akoma Ntoso
// file plus the other fields and the multipart framing.
const maxVersionBody = lawdb.MaxVersionAKN + 1<<20

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

// ---------- instrument metadata ----------

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

// ---------- versions ----------

type versionFormData struct {
	Inst     *lawdb.Instrument
	Versions []lawdb.Version
	MaxMD    int
	MaxAKN   int
	// Action is where the form posts; Heading its title (a catalog key).
	Action, Heading string
	// Replace is the version a corrected text replaces (nil: a new one).
	Replace *lawdb.VersionRef
}

// versionData is the data of the version form: a new version, or a
// corrected text for replace when it is not nil.
func (h *Handler) versionData(r *http.Request, inst *lawdb.Instrument, replace *lawdb.VersionRef) (versionFormData, error) {
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	d := versionFormData{Inst: inst, Versions: vs, MaxMD: lawdb.MaxVersionMarkdown >> 20, MaxAKN: lawdb.MaxVersionAKN >> 20,
		Action: "/law/instruments/" + url.PathEscape(inst.Slug) + "/versions", Heading: "law.version.title", Replace: replace}
	if replace != nil {
		d.Action += "/" + strconv.FormatInt(replace.ID, 10) + "/replace"
		d.Heading = "law.version.replace_title"
	}
	return d, err
}

func (h *Handler) versionForm(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.Store.Instrument(r.Context(), r.PathValue("instrument"))
	if err != nil {
		return lawdb.NotFound(err)
	}
	d, err := h.versionData(r, inst, nil)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["format"] = "markdown"
	f.Values["language"] = web.LangFrom(r.Context())
	h.Web.Render(w, r, "law_edit_version", web.Page{Title: d.Heading, Data: d, Form: f})
	return nil
}

// parseVersionForm reads a urlencoded or multipart version form and the
// uploaded file (nil when none).
func parseVersionForm(r *http.Request) ([]byte, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return nil, "", web.ParseForm(r)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, "", errs.New(errs.TooLarge, "error.body_too_large")
		}
		return nil, "", &errs.Error{Kind: errs.Invalid, Message: "error.form_invalid", Err: err}
	}
	file, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", &errs.Error{Kind: errs.Invalid, Message: "error.form_invalid", Err: err}
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, lawdb.MaxVersionAKN+1))
	if err != nil {
		return nil, "", err
	}
	name := hdr.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return b, name, nil
}

// versionInput reads a posted version form (urlencoded or multipart) into
// the store's input; the Akoma Ntoso XML is never kept in the form, so it
// is not echoed back.
func versionInput(r *http.Request, instrument string) (*web.Form, lawdb.NewVersion, error) {
	file, name, err := parseVersionForm(r)
	if err != nil {
		return nil, lawdb.NewVersion{}, err
	}
	f := web.FormFrom(r, "format", "language", "valid_from", "title", "text")
	nv := lawdb.NewVersion{Instrument: instrument, Language: f.Values["language"], ValidFrom: f.Values["valid_from"], Title: f.Values["title"], Format: f.Values["format"]}
	if nv.Format == "akn" {
		nv.Text, nv.FileName = file, name
		if file == nil {
			nv.Text = []byte(f.Values["text"])
		}
		f.Values["text"] = "" // the XML is never echoed back
	} else {
		nv.Text = []byte(f.Values["text"])
	}
	return f, nv, nil
}

// versionFormError re-renders the version form with a store error.
func (h *Handler) versionFormError(w http.ResponseWriter, r *http.Request, inst *lawdb.Instrument, replace *lawdb.VersionRef, f *web.Form, err error) error {
	d, derr := h.versionData(r, inst, replace)
	if derr != nil {
		return derr
	}
	return h.Web.RenderFormError(w, r, "law_edit_version", web.Page{Title: d.Heading, Data: d, Form: f}, h.explain(r, err))
}

// redirectToVersion shows the instrument's text as of a version.
func (h *Handler) redirectToVersion(w http.ResponseWriter, r *http.Request, inst *lawdb.Instrument, vid int64, flash string) error {
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	if err != nil {
		return err
	}
	to := "/law/instruments/" + url.PathEscape(inst.Slug)
	for _, v := range vs {
		if v.ID == vid {
			to += "?" + url.Values{"on": {v.ValidFrom}, "lang": {v.Language}}.Encode()
		}
	}
	h.Web.Redirect(w, r, to, flash)
	return nil
}

func (h *Handler) versionCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	f, nv, err := versionInput(r, inst.Slug)
	if err != nil {
		return err
	}
	vid, err := h.Store.AddVersion(r.Context(), nv)
	if err != nil {
		return h.versionFormError(w, r, inst, nil, f, err)
	}
	return h.redirectToVersion(w, r, inst, vid, "law.version.saved")
}

// ---------- relationships ----------

type relationFormData struct {
	Inst      *lawdb.Instrument
	Kinds     []string
	Relations []lawdb.Relation
	// Action is where the form posts; Heading its title (a catalog key).
	Action, Heading string
	// Editing is the relationship the form replaces (nil: a new one).
	Editing *lawdb.RelationRef
}

// relationData is the data of the relationship form from inst: a new
// relationship, or a replacement of editing when it is not nil.
func (h *Handler) relationData(r *http.Request, inst *lawdb.Instrument, editing *lawdb.RelationRef) (relationFormData, error) {
	rel, err := h.Store.Relations(r.Context(), inst.ID)
	d := relationFormData{Inst: inst, Kinds: lawdb.RelationKinds, Relations: rel, Editing: editing,
		Action: "/law/instruments/" + url.PathEscape(inst.Slug) + "/relations", Heading: "law.relation.title"}
	if editing != nil {
		d.Action += "/" + strconv.FormatInt(editing.ID, 10) + "/edit"
		d.Heading = "law.relation.edit_title"
	}
	return d, err
}

func (h *Handler) relationForm(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	d, err := h.relationData(r, inst, nil)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_edit_relation", web.Page{Title: d.Heading, Data: d, Form: web.NewForm()})
	return nil
}

// relationInput reads a posted relationship form.
func relationInput(r *http.Request, from string) (*web.Form, lawdb.NewRelation, error) {
	if err := web.ParseForm(r); err != nil {
		return nil, lawdb.NewRelation{}, err
	}
	f := web.FormFrom(r, "kind", "target", "from_eid", "to_eid", "effective_on")
	return f, lawdb.NewRelation{From: from, Kind: f.Values["kind"], To: f.Values["target"], FromEID: f.Values["from_eid"], ToEID: f.Values["to_eid"],
		EffectiveOn: f.Values["effective_on"]}, nil
}

// relationFormError re-renders the relationship form with a store error.
func (h *Handler) relationFormError(w http.ResponseWriter, r *http.Request, inst *lawdb.Instrument, editing *lawdb.RelationRef, f *web.Form, err error) error {
	d, derr := h.relationData(r, inst, editing)
	if derr != nil {
		return derr
	}
	return h.Web.RenderFormError(w, r, "law_edit_relation", web.Page{Title: d.Heading, Data: d, Form: f}, h.explain(r, err))
}

func (h *Handler) relationCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	f, nr, err := relationInput(r, inst.Slug)
	if err != nil {
		return err
	}
	if _, err := h.Store.AddRelationship(r.Context(), nr); err != nil {
		return h.relationFormError(w, r, inst, nil, f, err)
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug), "law.relation.saved")
	return nil
}

package lawweb

// The form adding a relationship from an instrument to another.

import (
	"net/http"
	"net/url"
	"strconv"

	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

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

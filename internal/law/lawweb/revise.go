package lawweb

// Legal officers' corrections: a corrected text for a version (same
// language and date), deleting a version or a relationship after a
// confirmation page that says what the deletion changes, replacing a
// relationship, and editing a policy change. The store validates and
// audits (lawdb/revise.go); these handlers only read forms and render.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

func (h *Handler) reviseRoutes() []web.Route {
	edit := accounts.PermEditLaw
	return []web.Route{
		{Method: "GET", Pattern: "/law/instruments/{instrument}/versions/{version}/replace", Perm: edit, Handler: h.versionReplaceForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/versions/{version}/replace", Perm: edit, Handler: h.versionReplace, MaxBody: maxVersionBody},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/versions/{version}/delete", Perm: edit, Handler: h.versionDeleteForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/versions/{version}/delete", Perm: edit, Handler: h.versionDelete},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/relations/{relation}/edit", Perm: edit, Handler: h.relationEditForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/relations/{relation}/edit", Perm: edit, Handler: h.relationEdit},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/relations/{relation}/delete", Perm: edit, Handler: h.relationDeleteForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/relations/{relation}/delete", Perm: edit, Handler: h.relationDelete},
		{Method: "GET", Pattern: "/law/policy/changes/{change}/edit", Perm: edit, Handler: h.policyEditForm},
		{Method: "POST", Pattern: "/law/policy/changes/{change}/edit", Perm: edit, Handler: h.policyEdit},
	}
}

// confirmData is the data of a deletion's confirmation page.
type confirmData struct {
	Inst *lawdb.Instrument
	// Heading is a catalog key; What names the object; Notes (translated)
	// say what the deletion changes.
	Heading, What string
	Notes         []string
	// Refused (translated) explains why the deletion is not possible; the
	// page then has no delete button.
	Refused        string
	Action, Cancel string
}

// pathVersion is the {instrument} and its {version}.
func (h *Handler) pathVersion(r *http.Request) (*lawdb.Instrument, *lawdb.VersionRef, error) {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return nil, nil, err
	}
	vid, err := pathInt(r, "version", "law.error.unknown_version")
	if err != nil {
		return nil, nil, err
	}
	v, err := h.Store.VersionOf(r.Context(), inst.Slug, vid)
	return inst, v, err
}

func (h *Handler) versionReplaceForm(w http.ResponseWriter, r *http.Request) error {
	inst, v, err := h.pathVersion(r)
	if err != nil {
		return err
	}
	d, err := h.versionData(r, inst, v)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["format"], f.Values["title"] = "markdown", v.Title
	if v.Format == "akn" {
		f.Values["format"] = "akn"
	}
	// a Markdown text comes back to be corrected
	if f.Values["text"], err = h.Store.MarkdownOf(r.Context(), v.ID); err != nil {
		return err
	}
	h.Web.Render(w, r, "law_edit_version", web.Page{Title: d.Heading, Data: d, Form: f})
	return nil
}

func (h *Handler) versionReplace(w http.ResponseWriter, r *http.Request) error {
	inst, v, err := h.pathVersion(r)
	if err != nil {
		return err
	}
	f, nv, err := versionInput(r, inst.Slug)
	if err != nil {
		return err
	}
	if err := h.Store.ReplaceVersion(r.Context(), v.ID, nv); err != nil {
		return h.versionFormError(w, r, inst, v, f, err)
	}
	return h.redirectToVersion(w, r, inst, v.ID, "law.version.replaced")
}

// versionConfirm builds the confirmation page of deleting a version.
func (h *Handler) versionConfirm(r *http.Request, inst *lawdb.Instrument, v *lawdb.VersionRef) (confirmData, error) {
	plan, err := h.Store.PlanVersionDeletion(r.Context(), inst.Slug, v.ID)
	if err != nil {
		return confirmData{}, err
	}
	base := "/law/instruments/" + url.PathEscape(inst.Slug)
	d := confirmData{Inst: inst, Heading: "law.version.delete_title", Cancel: base + "/versions/new",
		Action: base + "/versions/" + strconv.FormatInt(v.ID, 10) + "/delete",
		What:   h.Web.T(r, "law.version.delete_what", v.ValidFrom, v.Language, v.Title, v.Provisions)}
	switch {
	case !plan.WasCurrent:
		d.Notes = append(d.Notes, h.Web.T(r, "law.version.delete_not_current"))
	case plan.NewCurrent != nil:
		d.Notes = append(d.Notes, h.Web.T(r, "law.version.delete_new_current", plan.NewCurrent.ValidFrom))
	default:
		d.Notes = append(d.Notes, h.Web.T(r, "law.version.delete_no_language", v.Language))
	}
	d.Notes = append(d.Notes, h.Web.T(r, "law.version.delete_links"))
	if plan.Refused != nil {
		d.Refused = h.refusal(r, plan.Refused)
	}
	return d, nil
}

// refusal renders why a write was refused: its field messages with their
// details.
func (h *Handler) refusal(r *http.Request, err error) string {
	msg := ""
	if e, ok := errs.As(h.explain(r, err)); ok {
		for _, v := range e.Fields {
			if msg != "" {
				msg += " "
			}
			msg += h.Web.T(r, v)
		}
	}
	return msg
}

func (h *Handler) versionDeleteForm(w http.ResponseWriter, r *http.Request) error {
	inst, v, err := h.pathVersion(r)
	if err != nil {
		return err
	}
	d, err := h.versionConfirm(r, inst, v)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_confirm_delete", web.Page{Title: d.Heading, Data: d, Form: web.NewForm()})
	return nil
}

func (h *Handler) versionDelete(w http.ResponseWriter, r *http.Request) error {
	inst, v, err := h.pathVersion(r)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteVersion(r.Context(), inst.Slug, v.ID); err != nil {
		d, derr := h.versionConfirm(r, inst, v)
		if derr != nil {
			return derr
		}
		return h.Web.RenderFormError(w, r, "law_confirm_delete", web.Page{Title: d.Heading, Data: d, Form: web.NewForm()}, h.explain(r, err))
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug), "law.version.deleted")
	return nil
}

// ---------- relationships ----------

// pathRelation is the {relation} of the {instrument} (either end) and the
// instrument it starts from.
func (h *Handler) pathRelation(r *http.Request) (*lawdb.Instrument, *lawdb.RelationRef, error) {
	rid, err := pathInt(r, "relation", "law.error.unknown_relation")
	if err != nil {
		return nil, nil, err
	}
	rel, err := h.Store.RelationOf(r.Context(), r.PathValue("instrument"), rid)
	if err != nil {
		return nil, nil, err
	}
	from, err := h.Store.Instrument(r.Context(), rel.From)
	return from, rel, lawdb.NotFound(err)
}

func (h *Handler) relationEditForm(w http.ResponseWriter, r *http.Request) error {
	from, rel, err := h.pathRelation(r)
	if err != nil {
		return err
	}
	page, err := h.savedRelationForm(r, from, rel)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_edit_relation", page)
	return nil
}

// savedRelationForm is the edit form filled with the saved relationship
// and its revision (a hidden field, which the save names).
func (h *Handler) savedRelationForm(r *http.Request, from *lawdb.Instrument, rel *lawdb.RelationRef) (web.Page, error) {
	d, err := h.relationData(r, from, rel)
	if err != nil {
		return web.Page{}, err
	}
	revision, err := h.Store.RelationshipRevision(r.Context(), rel.ID)
	if err != nil {
		return web.Page{}, err
	}
	f := web.NewForm()
	f.Values["kind"], f.Values["target"], f.Values["from_eid"], f.Values["to_eid"], f.Values["effective_on"] = rel.Kind, rel.To, rel.FromEID, rel.ToEID, rel.EffectiveOn
	f.Values["revision"] = strconv.FormatInt(revision, 10)
	return web.Page{Title: d.Heading, Data: d, Form: f}, nil
}

func (h *Handler) relationEdit(w http.ResponseWriter, r *http.Request) error {
	from, rel, err := h.pathRelation(r)
	if err != nil {
		return err
	}
	f, nr, err := relationInput(r, from.Slug)
	if err != nil {
		return err
	}
	revision, err := formRevision(r)
	if err != nil {
		return err
	}
	if err := h.Store.ReplaceRelationshipAt(r.Context(), from.Slug, rel.ID, nr, revision); errors.Is(err, db.ErrStale) {
		// Someone saved meanwhile: show what is saved now, with its
		// revision, so that the next save does not undo their edit.
		from, saved, perr := h.pathRelation(r)
		if perr != nil {
			return perr
		}
		page, perr := h.savedRelationForm(r, from, saved)
		if perr != nil {
			return perr
		}
		return h.Web.RenderFormError(w, r, "law_edit_relation", page, err)
	} else if err != nil {
		return h.relationFormError(w, r, from, rel, f, err)
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(from.Slug), "law.relation.saved")
	return nil
}

func (h *Handler) relationConfirm(r *http.Request, from *lawdb.Instrument, rel *lawdb.RelationRef) confirmData {
	base := "/law/instruments/" + url.PathEscape(from.Slug)
	what := h.Web.T(r, "law.rel."+rel.Kind) + " " + rel.ToTitle + " (" + rel.To + ")"
	if rel.FromEID != "" || rel.ToEID != "" {
		what += " — " + rel.FromEID + " → " + rel.ToEID
	}
	return confirmData{Inst: from, Heading: "law.relation.delete_title", What: from.Title + " " + what,
		Notes:  []string{h.Web.T(r, "law.relation.delete_note")},
		Action: base + "/relations/" + strconv.FormatInt(rel.ID, 10) + "/delete", Cancel: base + "/relations/new"}
}

func (h *Handler) relationDeleteForm(w http.ResponseWriter, r *http.Request) error {
	from, rel, err := h.pathRelation(r)
	if err != nil {
		return err
	}
	d := h.relationConfirm(r, from, rel)
	h.Web.Render(w, r, "law_confirm_delete", web.Page{Title: d.Heading, Data: d, Form: web.NewForm()})
	return nil
}

func (h *Handler) relationDelete(w http.ResponseWriter, r *http.Request) error {
	from, rel, err := h.pathRelation(r)
	if err != nil {
		return err
	}
	if err := h.Store.DeleteRelationship(r.Context(), from.Slug, rel.ID); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(from.Slug), "law.relation.deleted")
	return nil
}

// ---------- policy changes ----------

func (h *Handler) pathPolicyChange(r *http.Request) (*lawdb.PolicyChange, error) {
	id, err := pathInt(r, "change", "law.error.unknown_policy_change")
	if err != nil {
		return nil, err
	}
	return h.Store.PolicyChangeByID(r.Context(), id)
}

func (h *Handler) policyEditForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.pathPolicyChange(r)
	if err != nil {
		return err
	}
	page, err := h.savedPolicyForm(r, p)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_policy_form", page)
	return nil
}

// savedPolicyForm is the edit form filled with the saved policy change
// and its revision (a hidden field, which the save names).
func (h *Handler) savedPolicyForm(r *http.Request, p *lawdb.PolicyChange) (web.Page, error) {
	revision, err := h.Store.PolicyChangeRevision(r.Context(), p.ID)
	if err != nil {
		return web.Page{}, err
	}
	f := web.NewForm()
	for k, v := range map[string]string{"country": p.Country, "date": p.Date, "instrument": p.Instrument, "article_eid": p.ArticleEID,
		"pol_area": p.Area, "pol_tool": p.Tool, "target_group": p.TargetGroup, "origin": p.OriginGroup,
		"change_restrict": strconv.Itoa(p.Restrictiveness), "change_level": strconv.Itoa(p.Magnitude), "summary": p.Summary,
		"revision": strconv.FormatInt(revision, 10)} {
		f.Values[k] = v
	}
	d := policyFormOptions(p)
	return web.Page{Title: d.Heading, Data: d, Form: f}, nil
}

func (h *Handler) policyEdit(w http.ResponseWriter, r *http.Request) error {
	old, err := h.pathPolicyChange(r)
	if err != nil {
		return err
	}
	f, p, err := policyInput(r)
	if err == nil {
		var revision int64
		if revision, err = formRevision(r); err == nil {
			err = h.Store.UpdatePolicyChangeAt(r.Context(), old.ID, p, revision)
		}
	}
	if errors.Is(err, db.ErrStale) {
		// Someone saved meanwhile: show what is saved now, with its
		// revision, so that the next save does not undo their edit.
		saved, perr := h.Store.PolicyChangeByID(r.Context(), old.ID)
		if perr != nil {
			return perr
		}
		page, perr := h.savedPolicyForm(r, saved)
		if perr != nil {
			return perr
		}
		return h.Web.RenderFormError(w, r, "law_policy_form", page, err)
	}
	if err != nil {
		d := policyFormOptions(old)
		return h.Web.RenderFormError(w, r, "law_policy_form", web.Page{Title: d.Heading, Data: d, Form: f}, err)
	}
	h.redirectToPolicy(w, r, p.Country)
	return nil
}

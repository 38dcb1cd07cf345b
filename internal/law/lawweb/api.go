package lawweb

// The JSON API of the legal officers' forms: everything edit.go and the
// policy form do, plus replacing and deleting versions and relationships
// (revise.go). The handlers only translate JSON to the store's inputs;
// validation is the store's, shared with the forms, and its field errors
// come back as RFC 9457 problem details named after the JSON fields.

import (
	"errors"
	"net/http"
	"net/url"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// maxVersionJSON bounds a version's JSON request: the text is a JSON
// string, so escaping may lengthen the largest Akoma Ntoso file.
const maxVersionJSON = 2*lawdb.MaxVersionAKN + 1<<20

func (h *Handler) apiEditRoutes() []web.Route {
	edit := accounts.PermEditLaw
	return []web.Route{
		{Method: "POST", Pattern: "/api/v1/law/instruments", Perm: edit, Handler: h.apiCreateInstrument, API: true},
		{Method: "PUT", Pattern: "/api/v1/law/instruments/{instrument}", Perm: edit, Handler: h.apiUpdateInstrument, API: true},
		{Method: "POST", Pattern: "/api/v1/law/instruments/{instrument}/versions", Perm: edit, Handler: h.apiAddVersion, API: true, MaxBody: maxVersionJSON},
		{Method: "PUT", Pattern: "/api/v1/law/instruments/{instrument}/versions/{version}", Perm: edit, Handler: h.apiReplaceVersion, API: true, MaxBody: maxVersionJSON},
		{Method: "DELETE", Pattern: "/api/v1/law/instruments/{instrument}/versions/{version}", Perm: edit, Handler: h.apiDeleteVersion, API: true},
		{Method: "POST", Pattern: "/api/v1/law/instruments/{instrument}/relationships", Perm: edit, Handler: h.apiAddRelationship, API: true},
		{Method: "PUT", Pattern: "/api/v1/law/instruments/{instrument}/relationships/{relation}", Perm: edit, Handler: h.apiReplaceRelationship, API: true},
		{Method: "DELETE", Pattern: "/api/v1/law/instruments/{instrument}/relationships/{relation}", Perm: edit, Handler: h.apiDeleteRelationship, API: true},
		{Method: "POST", Pattern: "/api/v1/law/policy-changes", Perm: edit, Handler: h.apiAddPolicyChange, API: true},
		{Method: "PUT", Pattern: "/api/v1/law/policy-changes/{change}", Perm: edit, Handler: h.apiUpdatePolicyChange, API: true},
	}
}

// apiError explains a store error (details after the messages, as the
// forms show them) and renames form fields to the JSON ones.
func (h *Handler) apiError(r *http.Request, err error, rename map[string]string) error {
	err = h.explain(r, err)
	if e, ok := errs.As(err); ok {
		for from, to := range rename {
			if msg, ok := e.Fields[from]; ok {
				delete(e.Fields, from)
				e.Fields[to] = msg
			}
		}
	}
	return err
}

// pathInt reads a positive integer path value (web.PathInt); anything else
// is NotFound with the law pillar's message for that kind of thing.
func pathInt(r *http.Request, name, notFound string) (int64, error) {
	id, err := web.PathInt(r, name)
	if err != nil {
		return 0, &errs.Error{Kind: errs.NotFound, Message: notFound}
	}
	return id, nil
}

// ---------- instruments ----------

// instrumentFieldNames maps the store's (form) field names to the JSON ones.
var instrumentFieldNames = map[string]string{"slug": "id"}

// The body of an instrument's writes is lawdb.InstrumentInput, whose JSON
// is the instrument's representation (identifiers as objects), so that a
// representation read can be sent back.

func (h *Handler) apiCreateInstrument(w http.ResponseWriter, r *http.Request) error {
	var in lawdb.InstrumentInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	slug, err := h.Store.CreateInstrument(r.Context(), in)
	if err != nil {
		return h.apiError(r, err, instrumentFieldNames)
	}
	return h.writeInstrument(w, r, slug, http.StatusCreated)
}

func (h *Handler) apiUpdateInstrument(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	revision, err := web.IfMatchRevision(r)
	if err != nil {
		return err
	}
	var in lawdb.InstrumentInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.Store.UpdateInstrumentAt(r.Context(), inst.Slug, in, revision); errors.Is(err, db.ErrStale) {
		return web.IfMatchFailed(err)
	} else if err != nil {
		return h.apiError(r, err, instrumentFieldNames)
	}
	return h.writeInstrument(w, r, inst.Slug, http.StatusOK)
}

// relationJSON is a relationship as the instrument it is read from sees it.
type relationJSON struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Direction string `json:"direction"`
	Other     string `json:"instrument"`
	Title     string `json:"title"`
	FromEID   string `json:"from_eid"`
	ToEID     string `json:"to_eid"`
	// EffectiveOn is the date recorded on the relationship ("" when none).
	EffectiveOn string `json:"effective_on"`
}

func relationsJSON(rel []lawdb.Relation) []relationJSON {
	out := []relationJSON{}
	for _, x := range rel {
		dir := "outgoing"
		if x.Incoming {
			dir = "incoming"
		}
		out = append(out, relationJSON{x.ID, x.Kind, dir, x.Slug, x.Title, x.FromEID, x.ToEID, x.EffectiveOn})
	}
	return out
}

// writeInstrument answers an instrument's representation: its metadata,
// versions and relationships both ways (GET and the writes alike).
func (h *Handler) writeInstrument(w http.ResponseWriter, r *http.Request, ref string, status int) error {
	ctx := r.Context()
	inst, err := h.Store.Instrument(ctx, ref)
	if err != nil {
		return lawdb.NotFound(err)
	}
	vs, err := h.Store.Versions(ctx, inst.ID)
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []lawdb.Version{}
	}
	rel, err := h.Store.Relations(ctx, inst.ID)
	if err != nil {
		return err
	}
	revision, err := h.Store.InstrumentRevision(ctx, inst.ID)
	if err != nil {
		return err
	}
	// The tag of the metadata, which a PUT names in If-Match.
	web.SetETag(w, revision)
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/law/instruments/"+url.PathEscape(inst.Slug))
	}
	return web.WriteJSON(w, status, map[string]any{"instrument": inst, "versions": vs, "relationships": relationsJSON(rel)})
}

// ---------- versions ----------

// versionJSON is a new or corrected text of a version.
type versionJSON struct {
	Format    string `json:"format"`
	Language  string `json:"language"`
	ValidFrom string `json:"valid_from"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// versionFieldNames: the form's file field is the JSON text.
var versionFieldNames = map[string]string{"file": "text"}

func decodeVersion(r *http.Request) (lawdb.NewVersion, error) {
	var j versionJSON
	if err := web.DecodeJSON(r, &j); err != nil {
		return lawdb.NewVersion{}, err
	}
	return lawdb.NewVersion{Instrument: r.PathValue("instrument"), Language: j.Language, ValidFrom: j.ValidFrom, Title: j.Title,
		Format: j.Format, Text: []byte(j.Text)}, nil
}

// writeVersion answers one version's metadata.
func (h *Handler) writeVersion(w http.ResponseWriter, r *http.Request, vid int64, status int) error {
	v, err := h.Store.VersionOf(r.Context(), r.PathValue("instrument"), vid)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/law/instruments/"+url.PathEscape(v.Slug))
	}
	return web.WriteJSON(w, status, map[string]any{"instrument": v.Slug, "version": v.Version, "provisions": v.Provisions})
}

func (h *Handler) apiAddVersion(w http.ResponseWriter, r *http.Request) error {
	nv, err := decodeVersion(r)
	if err != nil {
		return err
	}
	vid, err := h.Store.AddVersion(r.Context(), nv)
	if err != nil {
		return h.apiError(r, err, versionFieldNames)
	}
	return h.writeVersion(w, r, vid, http.StatusCreated)
}

func (h *Handler) apiReplaceVersion(w http.ResponseWriter, r *http.Request) error {
	vid, err := pathInt(r, "version", "law.error.unknown_version")
	if err != nil {
		return err
	}
	nv, err := decodeVersion(r)
	if err != nil {
		return err
	}
	if err := h.Store.ReplaceVersion(r.Context(), vid, nv); err != nil {
		return h.apiError(r, err, versionFieldNames)
	}
	return h.writeVersion(w, r, vid, http.StatusOK)
}

func (h *Handler) apiDeleteVersion(w http.ResponseWriter, r *http.Request) error {
	vid, err := pathInt(r, "version", "law.error.unknown_version")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteVersion(r.Context(), r.PathValue("instrument"), vid); err != nil {
		return h.apiError(r, err, nil)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ---------- relationships ----------

type newRelationJSON struct {
	Kind        string `json:"kind"`
	Target      string `json:"target"`
	FromEID     string `json:"from_eid"`
	ToEID       string `json:"to_eid"`
	EffectiveOn string `json:"effective_on"`
}

func decodeRelation(r *http.Request) (lawdb.NewRelation, error) {
	var j newRelationJSON
	err := web.DecodeJSON(r, &j)
	return lawdb.NewRelation{From: r.PathValue("instrument"), Kind: j.Kind, To: j.Target, FromEID: j.FromEID, ToEID: j.ToEID, EffectiveOn: j.EffectiveOn}, err
}

// writeRelation answers one relationship as seen from its source.
func (h *Handler) writeRelation(w http.ResponseWriter, r *http.Request, rid int64, status int) error {
	rel, err := h.Store.RelationOf(r.Context(), r.PathValue("instrument"), rid)
	if err != nil {
		return err
	}
	revision, err := h.Store.RelationshipRevision(r.Context(), rid)
	if err != nil {
		return err
	}
	web.SetETag(w, revision)
	return web.WriteJSON(w, status, map[string]any{"id": rel.ID, "from": rel.From, "kind": rel.Kind, "to": rel.To,
		"from_eid": rel.FromEID, "to_eid": rel.ToEID, "effective_on": rel.EffectiveOn})
}

func (h *Handler) apiAddRelationship(w http.ResponseWriter, r *http.Request) error {
	nr, err := decodeRelation(r)
	if err != nil {
		return err
	}
	rid, err := h.Store.AddRelationship(r.Context(), nr)
	if err != nil {
		return h.apiError(r, err, nil)
	}
	return h.writeRelation(w, r, rid, http.StatusCreated)
}

func (h *Handler) apiReplaceRelationship(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathInt(r, "relation", "law.error.unknown_relation")
	if err != nil {
		return err
	}
	revision, err := web.IfMatchRevision(r)
	if err != nil {
		return err
	}
	nr, err := decodeRelation(r)
	if err != nil {
		return err
	}
	if err := h.Store.ReplaceRelationshipAt(r.Context(), r.PathValue("instrument"), rid, nr, revision); errors.Is(err, db.ErrStale) {
		return web.IfMatchFailed(err)
	} else if err != nil {
		return h.apiError(r, err, nil)
	}
	return h.writeRelation(w, r, rid, http.StatusOK)
}

func (h *Handler) apiDeleteRelationship(w http.ResponseWriter, r *http.Request) error {
	rid, err := pathInt(r, "relation", "law.error.unknown_relation")
	if err != nil {
		return err
	}
	if err := h.Store.DeleteRelationship(r.Context(), r.PathValue("instrument"), rid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// ---------- policy changes ----------

// decodePolicy reads a policy change in its representation's shape. An
// id, when sent, must be that of the change in the address (none for a new
// one), so that a representation read can be sent back.
func decodePolicy(r *http.Request, id int64) (lawdb.PolicyChange, error) {
	var p lawdb.PolicyChange
	if err := web.DecodeJSON(r, &p); err != nil {
		return p, err
	}
	if p.ID != 0 && p.ID != id {
		return p, &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{"id": "law.error.read_only"}}
	}
	return p, nil
}

func (h *Handler) writePolicyChange(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	p, err := h.Store.PolicyChangeByID(r.Context(), id)
	if err != nil {
		return err
	}
	revision, err := h.Store.PolicyChangeRevision(r.Context(), id)
	if err != nil {
		return err
	}
	web.SetETag(w, revision)
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/law/policy-changes?country="+url.QueryEscape(p.Country))
	}
	return web.WriteJSON(w, status, p)
}

// apiPolicyChange answers one policy change, with the ETag a PUT names.
func (h *Handler) apiPolicyChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "change", "law.error.unknown_policy_change")
	if err != nil {
		return err
	}
	return h.writePolicyChange(w, r, id, http.StatusOK)
}

func (h *Handler) apiAddPolicyChange(w http.ResponseWriter, r *http.Request) error {
	p, err := decodePolicy(r, 0)
	if err != nil {
		return err
	}
	id, err := h.Store.AddPolicyChange(r.Context(), p)
	if err != nil {
		return err
	}
	return h.writePolicyChange(w, r, id, http.StatusCreated)
}

func (h *Handler) apiUpdatePolicyChange(w http.ResponseWriter, r *http.Request) error {
	id, err := pathInt(r, "change", "law.error.unknown_policy_change")
	if err != nil {
		return err
	}
	revision, err := web.IfMatchRevision(r)
	if err != nil {
		return err
	}
	p, err := decodePolicy(r, id)
	if err != nil {
		return err
	}
	if err := h.Store.UpdatePolicyChangeAt(r.Context(), id, p, revision); errors.Is(err, db.ErrStale) {
		return web.IfMatchFailed(err)
	} else if err != nil {
		return err
	}
	return h.writePolicyChange(w, r, id, http.StatusOK)
}

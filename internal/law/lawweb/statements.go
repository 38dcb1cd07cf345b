package lawweb

// Legal officers' form for reservations, declarations and objections made
// by a State on an instrument (store side: lawdb.AddStatement).

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

func (h *Handler) statementRoutes() []web.Route {
	edit := accounts.PermEditLaw
	return []web.Route{
		{Method: "GET", Pattern: "/law/instruments/{instrument}/statements/new", Perm: edit, Handler: h.statementForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/statements", Perm: edit, Handler: h.statementCreate},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/statements/{statement}/withdrawal", Perm: edit, Handler: h.withdrawalForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/statements/{statement}/withdrawal", Perm: edit, Handler: h.withdrawalSave},
		{Method: "POST", Pattern: "/api/v1/law/instruments/{instrument}/statements", Perm: edit, Handler: h.apiAddStatement, API: true},
	}
}

var statementFields = []string{"state", "kind", "action", "eids", "text", "made_on", "partly_withdrawn_on", "withdrawn_eids", "withdrawn_on", "objects_to"}

type statementFormData struct {
	Inst *lawdb.Instrument
	// State narrows the action list to one State (?state=).
	State    string
	Kinds    []string
	Actions  []lawdb.ActionChoice
	Targets  []lawdb.StatementChoice
	HasTexts bool
}

func (h *Handler) statementData(r *http.Request, inst *lawdb.Instrument, state string) (statementFormData, error) {
	state = strings.ToUpper(strings.TrimSpace(state))
	acts, targets, err := h.Store.StatementFormChoices(r.Context(), inst.ID, state)
	if err != nil {
		return statementFormData{}, err
	}
	if state != "" && len(acts) == 0 {
		// an unknown or inactive State: offer every action
		state = ""
		if acts, targets, err = h.Store.StatementFormChoices(r.Context(), inst.ID, ""); err != nil {
			return statementFormData{}, err
		}
	}
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	return statementFormData{Inst: inst, State: state, Kinds: lawdb.StatementKinds, Actions: acts, Targets: targets, HasTexts: len(vs) > 0}, err
}

func (h *Handler) statementForm(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d, err := h.statementData(r, inst, q.Get("state"))
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["state"] = d.State
	f.Values["kind"] = "reservation"
	if k := q.Get("kind"); k != "" {
		f.Values["kind"] = k
	}
	f.Values["objects_to"] = q.Get("objects_to")
	h.Web.Render(w, r, "law_statement_form", web.Page{Title: "law.statement.title", Data: d, Form: f})
	return nil
}

func (h *Handler) statementCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, statementFields...)
	v := f.Values
	_, err = h.Store.AddStatement(r.Context(), lawdb.NewStatement{Instrument: inst.Slug, State: v["state"], Kind: v["kind"], ActionID: v["action"],
		EIDs: v["eids"], Text: v["text"], MadeOn: v["made_on"], PartlyWithdrawnOn: v["partly_withdrawn_on"], WithdrawnEIDs: v["withdrawn_eids"],
		WithdrawnOn: v["withdrawn_on"], ObjectsTo: v["objects_to"]})
	if err != nil {
		d, derr := h.statementData(r, inst, v["state"])
		if derr != nil {
			return derr
		}
		return h.Web.RenderFormError(w, r, "law_statement_form", web.Page{Title: "law.statement.title", Data: d, Form: f}, h.explain(r, err))
	}
	state := strings.ToUpper(strings.TrimSpace(v["state"]))
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug)+"/status?on="+url.QueryEscape(v["made_on"])+"#state-"+state, "law.statement.saved")
	return nil
}

// apiAddStatement is the form's JSON counterpart: the same fields (ids
// as numbers, eIds as a list), 201 with the new id, 422 with field errors.
func (h *Handler) apiAddStatement(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		State             string   `json:"state"`
		Kind              string   `json:"kind"`
		ActionID          int64    `json:"action_id"`
		EIDs              []string `json:"eids"`
		Text              string   `json:"text"`
		MadeOn            string   `json:"made_on"`
		PartlyWithdrawnOn string   `json:"partly_withdrawn_on"`
		WithdrawnEIDs     []string `json:"withdrawn_eids"`
		WithdrawnOn       string   `json:"withdrawn_on"`
		ObjectsTo         int64    `json:"objects_to"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id := func(n int64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	newID, err := h.Store.AddStatement(r.Context(), lawdb.NewStatement{Instrument: r.PathValue("instrument"), State: in.State, Kind: in.Kind,
		ActionID: id(in.ActionID), EIDs: strings.Join(in.EIDs, ","), Text: in.Text, MadeOn: in.MadeOn, PartlyWithdrawnOn: in.PartlyWithdrawnOn,
		WithdrawnEIDs: strings.Join(in.WithdrawnEIDs, ","), WithdrawnOn: in.WithdrawnOn, ObjectsTo: id(in.ObjectsTo)})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"id": newID})
}

// ---------- a later withdrawal ----------

type withdrawalData struct {
	Inst      *lawdb.Instrument
	Statement lawdb.Statement
}

// pathStatement finds the {statement} of the {instrument}; NotFound otherwise.
func (h *Handler) pathStatement(r *http.Request) (*lawdb.Instrument, lawdb.Statement, error) {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return nil, lawdb.Statement{}, err
	}
	stm, err := h.Store.Statements(r.Context(), inst.ID)
	if err != nil {
		return nil, lawdb.Statement{}, err
	}
	for _, list := range stm {
		for _, st := range list {
			if strconv.FormatInt(st.ID, 10) == r.PathValue("statement") {
				return inst, st, nil
			}
		}
	}
	return nil, lawdb.Statement{}, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_statement"}
}

func (h *Handler) withdrawalForm(w http.ResponseWriter, r *http.Request) error {
	inst, st, err := h.pathStatement(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["partly_withdrawn_on"], f.Values["withdrawn_eids"], f.Values["withdrawn_on"] = st.PartlyWithdrawnOn, strings.Join(st.WithdrawnEIDs, ", "), st.WithdrawnOn
	h.Web.Render(w, r, "law_statement_withdrawal", web.Page{Title: "law.statement.withdrawal_title", Data: withdrawalData{inst, st}, Form: f})
	return nil
}

func (h *Handler) withdrawalSave(w http.ResponseWriter, r *http.Request) error {
	inst, st, err := h.pathStatement(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "partly_withdrawn_on", "withdrawn_eids", "withdrawn_on")
	err = h.Store.WithdrawStatement(r.Context(), lawdb.StatementWithdrawal{Instrument: inst.Slug, Statement: r.PathValue("statement"),
		PartlyWithdrawnOn: f.Values["partly_withdrawn_on"], WithdrawnEIDs: f.Values["withdrawn_eids"], WithdrawnOn: f.Values["withdrawn_on"]})
	if err != nil {
		return h.Web.RenderFormError(w, r, "law_statement_withdrawal", web.Page{Title: "law.statement.withdrawal_title", Data: withdrawalData{inst, st}, Form: f}, h.explain(r, err))
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug)+"/status#state-"+st.State, "law.statement.withdrawal_saved")
	return nil
}

package lawweb

// The policy index: the countries, a country's changes and its
// restrictiveness index, the policy-change form, the CSV import, and the
// changes through the API.

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawexport"
	"corridor/internal/web"
)

type policyHomeData struct {
	Countries []countryRef
	CanEdit   bool
}

type countryRef struct{ Code, Name string }

func (h *Handler) policyHome(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Store.PolicyCountries(r.Context())
	if err != nil {
		return err
	}
	d := policyHomeData{CanEdit: canEdit(r)}
	for _, c := range cs {
		name := c
		if g, ok := geo.ByCode(c); ok {
			name = g.Name
		}
		d.Countries = append(d.Countries, countryRef{c, name})
	}
	h.Web.Render(w, r, "law_policy", web.Page{Title: "law.policy.title", Data: d})
	return nil
}

func (h *Handler) policyCSV(w http.ResponseWriter, r *http.Request) error {
	country := strings.ToUpper(r.URL.Query().Get("country"))
	ps, err := h.Store.PolicyChanges(r.Context(), country)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="policy-changes.csv"`)
	return lawexport.PolicyCSV(w, ps)
}

type policyCountryData struct {
	Code, Name     string
	Area, Target   string
	Areas, Targets []string
	Changes        []lawdb.PolicyChange
	CanEdit        bool
	Index          []indexRow
	Chart          template.HTML
}

// filterPolicy keeps the changes of a policy area and target group ("" for all).
func filterPolicy(ps []lawdb.PolicyChange, area, target string) []lawdb.PolicyChange {
	var out []lawdb.PolicyChange
	for _, p := range ps {
		if (area == "" || p.Area == area) && (target == "" || p.TargetGroup == target) {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) policyCountry(w http.ResponseWriter, r *http.Request) error {
	c, err := pathCountry(r)
	if err != nil {
		return err
	}
	ps, err := h.Store.PolicyChanges(r.Context(), c.Alpha3)
	if err != nil {
		return err
	}
	area, target := r.URL.Query().Get("area"), r.URL.Query().Get("target")
	ps = filterPolicy(ps, area, target)
	idx := lawdb.RestrictivenessIndex(ps)
	h.Web.Render(w, r, "law_policy_country", web.Page{Title: c.Name, Data: policyCountryData{Code: c.Alpha3, Name: c.Name, Area: area, Target: target,
		Areas: lawdb.PolicyAreas, Targets: lawdb.TargetGroups, Changes: ps, CanEdit: canEdit(r), Index: indexRows(idx), Chart: h.policyChart(r, c.Name, idx)}})
	return nil
}

type policyFormData struct {
	Areas, Targets, Origins []string
	Magnitudes              []int
	// Action is where the form posts; Heading its title (a catalog key).
	Action, Heading string
}

// policyFormOptions is the data of the policy form: a new change, or an
// edit of editing when it is not nil.
func policyFormOptions(editing *lawdb.PolicyChange) policyFormData {
	d := policyFormData{lawdb.PolicyAreas, lawdb.TargetGroups, lawdb.OriginGroups, lawdb.Magnitudes, "/law/policy", "law.policy.new"}
	if editing != nil {
		d.Action, d.Heading = "/law/policy/changes/"+strconv.FormatInt(editing.ID, 10)+"/edit", "law.policy.edit"
	}
	return d
}

func (h *Handler) policyForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values["change_level"] = "2"
	f.Values["change_restrict"] = "0"
	d := policyFormOptions(nil)
	h.Web.Render(w, r, "law_policy_form", web.Page{Title: d.Heading, Data: d, Form: f})
	return nil
}

// policyInput reads a posted policy form; numbers that are not numbers
// are field errors.
func policyInput(r *http.Request) (*web.Form, lawdb.PolicyChange, error) {
	if err := web.ParseForm(r); err != nil {
		return web.NewForm(), lawdb.PolicyChange{}, err
	}
	f := web.FormFrom(r, "country", "date", "instrument", "article_eid", "pol_area", "pol_tool", "target_group", "origin", "change_restrict", "change_level", "summary")
	p := lawdb.PolicyChange{Country: f.Values["country"], Date: f.Values["date"], Instrument: f.Values["instrument"], ArticleEID: f.Values["article_eid"],
		Area: f.Values["pol_area"], Tool: f.Values["pol_tool"], TargetGroup: f.Values["target_group"], OriginGroup: f.Values["origin"], Summary: f.Values["summary"]}
	convErr := errs.Fields{}
	var e error
	if p.Restrictiveness, e = strconv.Atoi(f.Values["change_restrict"]); e != nil {
		convErr.Add("change_restrict", "law.error.restrictiveness")
	}
	if p.Magnitude, e = strconv.Atoi(f.Values["change_level"]); e != nil {
		convErr.Add("change_level", "law.error.magnitude")
	}
	return f, p, convErr.Err()
}

// redirectToPolicy shows a country's policy changes after a write.
func (h *Handler) redirectToPolicy(w http.ResponseWriter, r *http.Request, country string) {
	c, _ := geo.ByCode(strings.ToUpper(strings.TrimSpace(country)))
	h.Web.Redirect(w, r, "/law/policy/"+url.PathEscape(c.Alpha3), "law.policy.saved")
}

func (h *Handler) policyCreate(w http.ResponseWriter, r *http.Request) error {
	f, p, err := policyInput(r)
	if err == nil {
		_, err = h.Store.AddPolicyChange(r.Context(), p)
	}
	if err != nil {
		d := policyFormOptions(nil)
		return h.Web.RenderFormError(w, r, "law_policy_form", web.Page{Title: d.Heading, Data: d, Form: f}, err)
	}
	h.redirectToPolicy(w, r, p.Country)
	return nil
}

// maxPolicyCSV bounds a pasted policy CSV.
const maxPolicyCSV = 512 << 10

func (h *Handler) policyImportForm(w http.ResponseWriter, r *http.Request) error {
	h.Web.Render(w, r, "law_policy_import", web.Page{Title: "law.policy.import", Data: lawdb.PolicyColumns, Form: web.NewForm()})
	return nil
}

func (h *Handler) policyImport(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "csv")
	page := web.Page{Title: "law.policy.import", Data: lawdb.PolicyColumns, Form: f}
	text := f.Values["csv"]
	if strings.TrimSpace(text) == "" || len(text) > maxPolicyCSV {
		return h.Web.RenderFormError(w, r, "law_policy_import", page,
			&errs.Error{Kind: errs.Invalid, Message: "law.error.import_failed", Fields: map[string]string{"csv": "law.error.csv_empty"}})
	}
	sum, err := h.Store.ImportPolicyCSV(r.Context(), strings.NewReader(text), "pasted.csv")
	if err != nil {
		// the importer names the row and the field; nothing was stored
		return h.Web.RenderFormError(w, r, "law_policy_import", page,
			&errs.Error{Kind: errs.Invalid, Message: "law.error.import_failed", Fields: map[string]string{"csv": importMessage(h, r, err)}, Err: err})
	}
	_ = sum
	h.Web.Redirect(w, r, "/law/policy", "law.policy.imported")
	return nil
}

// importMessage renders an import error with its field messages translated.
func importMessage(h *Handler, r *http.Request, err error) string {
	msg := err.Error()
	if e, ok := errs.As(err); ok {
		var parts []string
		for k, v := range e.Fields {
			parts = append(parts, k+": "+h.Web.T(r, v))
		}
		prefix, _, _ := strings.Cut(msg, e.Message)
		msg = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(prefix), ":")) + " — " + strings.Join(parts, "; ")
	}
	return msg
}

func (h *Handler) apiPolicy(w http.ResponseWriter, r *http.Request) error {
	country := strings.ToUpper(r.URL.Query().Get("country"))
	if country != "" {
		if _, ok := geo.ByCode(country); !ok {
			return &errs.Error{Kind: errs.Invalid, Message: "law.error.unknown_state", Fields: map[string]string{"country": "law.error.unknown_state"}}
		}
	}
	ps, err := h.Store.PolicyChanges(r.Context(), country)
	if err != nil {
		return err
	}
	ps = filterPolicy(ps, r.URL.Query().Get("area"), r.URL.Query().Get("target"))
	if ps == nil {
		ps = []lawdb.PolicyChange{}
	}
	idx := lawdb.RestrictivenessIndex(ps)
	if country == "" || idx == nil {
		idx = []lawdb.IndexPoint{}
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"items": ps, "index": idx})
}

// indexRow is a year of the index table: its value signed and named.
type indexRow struct {
	lawdb.IndexPoint
	Signed, Direction string
}

func indexRows(idx []lawdb.IndexPoint) []indexRow {
	out := make([]indexRow, len(idx))
	for i, p := range idx {
		out[i] = indexRow{p, signedIndex(p.Value), indexDirection(p.Value)}
	}
	return out
}

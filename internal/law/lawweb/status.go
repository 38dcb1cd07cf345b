package lawweb

// Treaty status: the States' status towards an instrument on a date (table
// and world map), recording a treaty action, and the same through the API.

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"corridor/internal/chart"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawexport"
	"corridor/internal/law/treaty"
	"corridor/internal/web"
)

type statusRow struct {
	treaty.StateStatus
	ActionDate, EffectiveDate string
	Statements                []lawdb.Statement
	UNTC                      untcActions
}

// statusRowsOf formats the statuses and statements of the status table:
// States by their name in the page's language, in its alphabetical order.
func statusRowsOf(rows []lawdb.StatusRow, lang string) ([]statusRow, []treaty.StateStatus) {
	out := make([]statusRow, 0, len(rows))
	ss := make([]treaty.StateStatus, 0, len(rows))
	for _, r := range rows {
		row := statusRow{StateStatus: r.StateStatus, ActionDate: treaty.FormatISODate(r.ActionDate), EffectiveDate: treaty.FormatISODate(r.EffectiveDate), Statements: r.Statements}
		if c, ok := geo.ByCode(r.State); ok {
			row.Name = c.LocalName(lang)
		}
		out = append(out, row)
		ss = append(ss, r.StateStatus)
	}
	tag, _ := language.Parse(lang)
	names := collate.New(tag, collate.Loose)
	slices.SortStableFunc(out, func(a, b statusRow) int { return names.CompareString(a.Name, b.Name) })
	return out, ss
}

type statusData struct {
	Inst    *lawdb.Instrument
	On      string
	Rows    []statusRow
	Counts  map[string]int
	CanEdit bool
	Bad     string
	Map     template.HTML
	Classes []mapClass
	// Second source (hr-status-2022) by State, when imported.
	Second map[string]lawdb.SourceStatus
	// Basis is what the status rests on; OnLong and AsOfLong are the dates
	// written out in the page's language; After marks a date later than
	// the latest information.
	Basis            lawdb.StatusBasis
	OnLong, AsOfLong string
	After            bool
	// Sort is the table's order, Headers its sortable column headings;
	// Restored says a statement was broken into paragraphs the imported
	// copy had lost.
	Sort     string
	Desc     bool
	Headers  map[string]sortHeader
	Restored bool
}

func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	day, err := parseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	ans, err := h.Store.StatusWithStatements(ctx, inst.Slug, day)
	if err != nil {
		return err
	}
	lang := web.LangFrom(ctx)
	d := statusData{Inst: inst, On: day.Format(time.DateOnly), Counts: map[string]int{}, CanEdit: canEdit(r),
		Basis: ans.Basis, OnLong: i18n.LongDate(lang, day), AsOfLong: i18n.LongDate(lang, ans.Basis.AsOf), After: ans.Basis.After(day)}
	var ss []treaty.StateStatus
	d.Rows, ss = statusRowsOf(ans.Rows, lang)
	for _, s := range ss {
		d.Counts[string(s.Status)]++
	}
	acts, err := h.Store.Actions(ctx, inst.ID)
	if err != nil {
		return err
	}
	byState := actionsByState(acts, day)
	for i := range d.Rows {
		d.Rows[i].UNTC = byState[d.Rows[i].State]
		for _, st := range d.Rows[i].Statements {
			d.Restored = d.Restored || st.RestoredBreaks()
		}
	}
	d.Sort, d.Desc = sortStatusRows(d.Rows, r.URL.Query().Get("sort"), lang)
	d.Headers = sortHeaders(inst.Slug, d.On, d.Sort, d.Desc)
	d.Map, d.Classes = h.statusMap(r, d.On, ss, d.Counts)
	if d.Second, err = h.Store.SourceStatuses(ctx, inst.ID, lawdb.HRStatusSource); err != nil {
		return err
	}
	h.Web.Render(w, r, "law_status", web.Page{Title: "law.status.title", Data: d})
	return nil
}

type actionFormData struct {
	Inst  *lawdb.Instrument
	Kinds []treaty.Kind
}

func (h *Handler) actionForm(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_action_form", web.Page{Title: "law.action.title", Data: actionFormData{inst, treaty.Kinds}, Form: web.NewForm()})
	return nil
}

func (h *Handler) actionCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "state", "kind", "action_date", "effective_date", "notes")
	_, err = h.Store.AddAction(r.Context(), lawdb.NewAction{Instrument: inst.Slug, State: f.Values["state"], Kind: f.Values["kind"],
		ActionDate: f.Values["action_date"], EffectiveDate: f.Values["effective_date"], Notes: f.Values["notes"]})
	if err != nil {
		return h.Web.RenderFormError(w, r, "law_action_form", web.Page{Title: "law.action.title", Data: actionFormData{inst, treaty.Kinds}, Form: f}, err)
	}
	h.Web.Redirect(w, r, "/law/instruments/"+url.PathEscape(inst.Slug)+"/status", "law.action.saved")
	return nil
}

func (h *Handler) apiStatus(w http.ResponseWriter, r *http.Request) error {
	day, err := parseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	ans, err := h.Store.StatusWithStatements(r.Context(), r.PathValue("instrument"), day)
	if err != nil {
		return lawdb.NotFound(err)
	}
	// Every answer says what it rests on, also when it has no rows.
	w.Header().Set("X-Status-As-Of", lawexport.Day(ans.Basis.AsOf))
	switch r.URL.Query().Get("format") {
	case "", "json":
		return web.WriteJSON(w, http.StatusOK, ans.Rows)
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return lawexport.StatusCSV(w, ans.Rows)
	}
	return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_format", Fields: map[string]string{"format": "law.error.bad_format"}}
}

func (h *Handler) apiAddAction(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		State         string `json:"state"`
		Kind          string `json:"kind"`
		ActionDate    string `json:"action_date"`
		EffectiveDate string `json:"effective_date"`
		Notes         string `json:"notes"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := h.Store.AddAction(r.Context(), lawdb.NewAction{Instrument: r.PathValue("instrument"), State: in.State, Kind: in.Kind, ActionDate: in.ActionDate, EffectiveDate: in.EffectiveDate, Notes: in.Notes})
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"id": id})
}

// mapClass is one class of the status map with its colour, for the
// legend beside the map.
type mapClass struct {
	Status, Color string
	Code          int
}

// statusClasses are the map's classes: the value each status gets and its
// colour (Okabe–Ito, colour-blind safe), lightest first as the chart wants.
var statusClasses = []mapClass{
	{Status: "nonparty", Code: 0, Color: "#ECECEC"},
	{Status: string(treaty.StatusWithdrawn), Code: 1, Color: "#E69F00"},
	{Status: string(treaty.StatusSignatory), Code: 2, Color: "#56B4E9"},
	{Status: string(treaty.StatusParty), Code: 3, Color: "#0072B2"},
}

// statusMap draws the world map of States' status on a date with
// internal/chart: parties, signatories and withdrawn States as classes
// 3, 2 and 1, every other country as "not a party" (ISO numeric codes from
// internal/geo); only territories internal/geo does not know have no data.
func (h *Handler) statusMap(r *http.Request, on string, ss []treaty.StateStatus, counts map[string]int) (template.HTML, []mapClass) {
	lang := web.LangFrom(r.Context())
	values := map[string]float64{}
	names := map[string]string{}
	for _, s := range ss {
		code := 0
		for _, c := range statusClasses {
			if c.Status == string(s.Status) {
				code = c.Code
			}
		}
		c, ok := geo.ByCode(s.State)
		if code == 0 || !ok || c.Numeric == "" {
			continue
		}
		values[c.Numeric] = float64(code)
		names[c.Numeric] = c.LocalName(lang)
	}
	if len(values) == 0 {
		return "", nil
	}
	for _, c := range geo.All() {
		if _, ok := values[c.Numeric]; !ok && c.Numeric != "" {
			values[c.Numeric] = 0
			names[c.Numeric] = c.LocalName(lang)
		}
	}
	colors := make([]string, len(statusClasses))
	labels := make([]string, len(statusClasses))
	for i, c := range statusClasses {
		colors[i] = c.Color
		labels[i] = h.Web.T(r, "law.status."+c.Status)
	}
	svg := chart.Choropleth(chart.MapChart{
		Common: chart.Common{Title: h.Web.T(r, "law.status.map_title", on), Lang: lang, ID: "law-status-map",
			Desc: h.Web.T(r, "law.status.summary", on, counts["party"], counts["signatory"], counts["withdrawn"])},
		Values: values, Names: names, Breaks: []float64{0.5, 1.5, 2.5}, Colors: colors, OmitAntarctica: true,
		LegendTitle: h.Web.T(r, "law.status.map_legend"), ClassLabels: labels,
	})
	return template.HTML(svg), statusClasses
}

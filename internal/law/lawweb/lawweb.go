// Package lawweb serves the law & policy database: public pages
// (instruments, text by article, versions and diffs, treaty status,
// countries, search, policy index), the legal officers' forms, the JSON API
// under /api/v1/law and the Akoma Ntoso export.
package lawweb

import (
	"embed"
	"html/template"

	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/i18n"
	"corridor/internal/law/akn"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawtext"
	"corridor/internal/law/treaty"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/law.css
var lawCSS []byte

// Handler serves the law pages and API.
type Handler struct {
	Web   *web.Server
	Store *lawdb.Store
}

// Mount adds the law templates and routes to the server.
func Mount(srv *web.Server, store *lawdb.Store) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Store: store}
	srv.AddRoutes(h.Routes()...)
	srv.AddRoutes(h.editRoutes()...)      // edit.go: instruments, versions, relationships
	srv.AddRoutes(h.statementRoutes()...) // statements.go: reservations, declarations, objections
	srv.AddRoutes(h.reviseRoutes()...)    // revise.go: replacing and deleting versions and relationships, editing policy changes
	srv.AddRoutes(h.apiEditRoutes()...)   // api.go: the same through the JSON API
	return h, nil
}

// Routes are the law routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub, edit := accounts.PermPublic, accounts.PermEditLaw
	in, admin := accounts.PermSignedIn, accounts.PermAdmin
	return []web.Route{
		{Method: "GET", Pattern: "/law", Perm: pub, Handler: h.list},
		{Method: "GET", Pattern: "/law/assets/law.css", Perm: pub, Handler: h.css},
		{Method: "GET", Pattern: "/law/search", Perm: pub, Handler: h.searchPage},
		{Method: "GET", Pattern: "/law/instruments/{instrument}", Perm: pub, Handler: h.instrument},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/{eid}", Perm: pub, Handler: h.provision},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/diff", Perm: pub, Handler: h.diff},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/akn", Perm: pub, Handler: h.aknExport},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/status", Perm: pub, Handler: h.statusPage},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/actions/new", Perm: edit, Handler: h.actionForm},
		{Method: "POST", Pattern: "/law/instruments/{instrument}/actions", Perm: edit, Handler: h.actionCreate},
		{Method: "GET", Pattern: "/law/countries/{country}", Perm: pub, Handler: h.country},
		{Method: "GET", Pattern: "/law/policy", Perm: pub, Handler: h.policyHome},
		{Method: "GET", Pattern: "/law/policy.csv", Perm: pub, Handler: h.policyCSV},
		{Method: "GET", Pattern: "/law/policy/new", Perm: edit, Handler: h.policyForm},
		{Method: "POST", Pattern: "/law/policy", Perm: edit, Handler: h.policyCreate},
		{Method: "GET", Pattern: "/law/policy/import", Perm: edit, Handler: h.policyImportForm},
		{Method: "POST", Pattern: "/law/policy/import", Perm: edit, Handler: h.policyImport},
		{Method: "GET", Pattern: "/law/policy/{country}", Perm: pub, Handler: h.policyCountry},

		{Method: "GET", Pattern: "/law/following", Perm: in, Handler: h.following},
		{Method: "POST", Pattern: "/law/following", Perm: in, Handler: h.follow},
		{Method: "POST", Pattern: "/law/following/remove", Perm: in, Handler: h.unfollow},
		{Method: "POST", Pattern: "/law/following/feed-token", Perm: in, Handler: h.newFeedToken},
		{Method: "POST", Pattern: "/law/following/feed-token/revoke", Perm: in, Handler: h.revokeFeedToken},
		{Method: "POST", Pattern: "/law/digest", Perm: admin, Handler: h.triggerDigest},
		{Method: "GET", Pattern: "/law/feeds/{feed}", Perm: pub, Handler: h.personalFeed},
		{Method: "GET", Pattern: "/law/export/{export}", Perm: pub, Handler: h.export},
		{Method: "GET", Pattern: "/law/instruments/{instrument}/feed.atom", Perm: pub, Handler: h.instrumentFeed},
		{Method: "GET", Pattern: "/law/countries/{country}/feed.atom", Perm: pub, Handler: h.countryFeed},

		{Method: "GET", Pattern: "/api/v1/law/instruments", Perm: pub, Handler: h.apiInstruments, API: true},
		{Method: "GET", Pattern: "/api/v1/law/instruments/{instrument}", Perm: pub, Handler: h.apiInstrument, API: true},
		{Method: "GET", Pattern: "/api/v1/law/instruments/{instrument}/status", Perm: pub, Handler: h.apiStatus, API: true},
		{Method: "POST", Pattern: "/api/v1/law/instruments/{instrument}/actions", Perm: edit, Handler: h.apiAddAction, API: true},
		{Method: "GET", Pattern: "/api/v1/law/search", Perm: pub, Handler: h.apiSearch, API: true},
		{Method: "GET", Pattern: "/api/v1/law/policy-changes", Perm: pub, Handler: h.apiPolicy, API: true},
		{Method: "GET", Pattern: "/api/v1/law/policy-changes/{change}", Perm: pub, Handler: h.apiPolicyChange, API: true},
	}
}

func (h *Handler) css(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write(lawCSS)
	return err
}

func canEdit(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermEditLaw)
}

// ---------- instrument list ----------

type listData struct {
	CanEdit     bool
	Follow      followState
	Filter      lawdb.Filter
	Instruments []*lawdb.Instrument
	Facets      map[string][]lawdb.Facet
	FacetNames  []string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := lawdb.Filter{Level: q.Get("level"), Type: q.Get("type"), Topic: q.Get("topic"), Query: q.Get("q")}
	ins, facets, err := h.Store.List(r.Context(), f)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_list", web.Page{Title: "law.title", Data: listData{CanEdit: canEdit(r), Follow: h.followState(r, "topic", f.Topic), Filter: f, Instruments: ins, Facets: facets, FacetNames: []string{"level", "type", "topic"}}})
	return nil
}

// ---------- instrument page ----------

type nodeView struct {
	EID, Kind, Num, Heading string
	Paras                   []string
	Children                []*nodeView
	Link                    string
	Article                 bool
}

func views(slug string, ns []*lawtext.Node, q string) []*nodeView {
	var out []*nodeView
	for _, n := range ns {
		v := &nodeView{EID: n.EID, Kind: string(n.Kind), Num: n.Num, Heading: n.Heading, Article: n.Kind == lawtext.KindArticle}
		for _, p := range strings.Split(n.Text, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				v.Paras = append(v.Paras, p)
			}
		}
		if n.EID != "" {
			v.Link = "/law/instruments/" + url.PathEscape(slug) + "/" + url.PathEscape(n.EID) + q
		}
		v.Children = views(slug, n.Children, q)
		out = append(out, v)
	}
	return out
}

type langLink struct {
	Lang, Name, Href string
	Current          bool
}

type instrumentData struct {
	Inst *lawdb.Instrument
	// TargetGroups are catalog suffixes (law.target.<group>).
	TargetGroups []string
	Versions     []lawdb.Version
	Current      *lawdb.Version
	CurrentID    int64
	On           string
	Lang         string
	LangLinks    []langLink
	Nodes        []*nodeView
	Relations    []lawdb.Relation
	JSONLD       map[string]any
	HasStatus    bool
	Parties      int
	CanEdit      bool
	Focus        string // eId of a deep-linked provision
	FullHref     string
	DiffFrom     int64
	DiffTo       int64
	Title        string
	BadDate      bool
	StatusDate   string
	Follow       followState
	// Ended: on the date shown the instrument is no longer in force
	// (repealed or past its end of validity), so no text is shown as in
	// force; LastOn is the last day it was, Repealers the instruments
	// repealing it as a whole.
	Ended     bool
	LastOn    string
	Repealers []lawdb.Relation
}

func (h *Handler) load(r *http.Request, eid string) (*instrumentData, error) {
	ctx := r.Context()
	inst, err := h.pathInstrument(r)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	on := strings.TrimSpace(q.Get("on"))
	if on != "" {
		if _, err := lawdb.ParseDay(on); err != nil {
			return nil, err
		}
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = web.LangFrom(ctx)
	}
	vs, err := h.Store.Versions(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	d := &instrumentData{Inst: inst, Versions: vs, On: on, CanEdit: canEdit(r), Focus: eid, Title: inst.Title, TargetGroups: inst.TargetGroups}
	d.Current = lawdb.VersionOn(vs, lang, on)
	if shown, _ := lawdb.ParseDay(on); inst.EndedOn != "" && shown.Format(time.DateOnly) >= inst.EndedOn {
		// a repealed text is not the text in force
		d.Ended, d.Current = true, nil
		if last, err := time.Parse(time.DateOnly, inst.EndedOn); err == nil {
			d.LastOn = last.AddDate(0, 0, -1).Format(time.DateOnly)
		}
	}
	if d.Current != nil {
		d.CurrentID = d.Current.ID
		d.Lang = d.Current.Language
		doc, err := h.Store.Document(ctx, d.Current.ID)
		if err != nil {
			return nil, err
		}
		body := doc.Body
		if eid != "" {
			n := doc.Find(eid)
			if n == nil {
				return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_provision"}
			}
			body = []*lawtext.Node{n}
		}
		keep := ""
		if on != "" {
			keep = "?on=" + url.QueryEscape(on)
		}
		d.Nodes = views(inst.Slug, body, keep)
		// language switch: languages with a version on the same date
		seen := map[string]bool{}
		for _, v := range vs {
			if seen[v.Language] {
				continue
			}
			if pv := lawdb.VersionOn(vs, v.Language, on); pv != nil && pv.Language == v.Language {
				seen[v.Language] = true
				href := "/law/instruments/" + url.PathEscape(inst.Slug)
				if eid != "" {
					href += "/" + url.PathEscape(eid)
				}
				vals := url.Values{"lang": {v.Language}}
				if on != "" {
					vals.Set("on", on)
				}
				href += "?" + vals.Encode()
				if eid != "" {
					href += "#" + eid
				}
				name := i18n.LanguageNames[v.Language]
				if name == "" {
					name = v.Language
				}
				d.LangLinks = append(d.LangLinks, langLink{Lang: v.Language, Name: name, Href: href, Current: v.Language == d.Lang})
			}
		}
		// default diff: the previous version in the same language
		var prev *lawdb.Version
		for i := range vs {
			if vs[i].Language == d.Lang && vs[i].ValidFrom < d.Current.ValidFrom && (prev == nil || vs[i].ValidFrom > prev.ValidFrom) {
				prev = &vs[i]
			}
		}
		if prev != nil {
			d.DiffFrom, d.DiffTo = prev.ID, d.Current.ID
		}
	}
	d.FullHref = "/law/instruments/" + url.PathEscape(inst.Slug)
	if d.Relations, err = h.Store.Relations(ctx, inst.ID); err != nil {
		return nil, err
	}
	for _, rel := range d.Relations {
		if rel.Incoming && rel.Kind == "repeals" && rel.ToEID == "" {
			d.Repealers = append(d.Repealers, rel)
		}
	}
	acts, err := h.Store.Actions(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	d.HasStatus = len(acts) > 0
	day, _ := lawdb.ParseDay(on)
	d.StatusDate = day.Format(time.DateOnly)
	for _, s := range treaty.StatusOn(acts, day) {
		if s.Status == treaty.StatusParty {
			d.Parties++
		}
	}
	d.JSONLD = jsonLD(h.Web.Config.BaseURL, inst, vs)
	d.Follow = h.followState(r, "instrument", inst.Slug)
	return d, nil
}

func jsonLD(base string, in *lawdb.Instrument, vs []lawdb.Version) map[string]any {
	u := strings.TrimRight(base, "/") + "/law/instruments/" + url.PathEscape(in.Slug)
	ld := map[string]any{
		"@context": "https://schema.org", "@type": "Legislation", "@id": u, "url": u,
		"name": in.Title, "legislationIdentifier": in.Slug, "legislationType": in.Type,
		"inLanguage": in.Languages,
	}
	if in.AdoptedOn != "" {
		ld["legislationDate"] = in.AdoptedOn
	}
	if in.InForceOn != "" {
		ld["legislationDateVersion"] = in.InForceOn
		// schema.org LegalForceStatus, today (repeals and ends of validity count)
		ld["legislationLegalForce"] = "https://schema.org/NotInForce"
		if in.InForce {
			ld["legislationLegalForce"] = "https://schema.org/InForce"
		}
	}
	if in.Jurisdiction != "" {
		ld["legislationJurisdiction"] = in.Jurisdiction
	}
	if in.IssuingBody != "" {
		ld["legislationPassedBy"] = map[string]any{"@type": "Organization", "name": in.IssuingBody}
	}
	var ids []map[string]any
	for _, i := range in.Identifiers {
		ids = append(ids, map[string]any{"@type": "PropertyValue", "propertyID": i.Scheme, "value": i.Value})
	}
	if len(ids) > 0 {
		ld["identifier"] = ids
	}
	var ex []map[string]any
	for _, v := range vs {
		ex = append(ex, map[string]any{"@type": "Legislation", "inLanguage": v.Language, "legislationDate": v.ValidFrom,
			"encoding": map[string]any{"@type": "MediaObject", "encodingFormat": "application/akn+xml", "contentUrl": fmt.Sprintf("%s/akn?version=%d", u, v.ID)}})
	}
	if len(ex) > 0 {
		ld["workExample"] = ex
	}
	return ld
}

func (h *Handler) instrument(w http.ResponseWriter, r *http.Request) error {
	d, err := h.load(r, "")
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_instrument", web.Page{Title: d.Inst.Title, Data: d})
	return nil
}

func (h *Handler) provision(w http.ResponseWriter, r *http.Request) error {
	d, err := h.load(r, r.PathValue("eid"))
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "law_instrument", web.Page{Title: d.Inst.Title, Data: d})
	return nil
}

// ---------- diff ----------

type diffData struct {
	Inst            *lawdb.Instrument
	Versions        []lawdb.Version
	From, To        *lawdb.Version
	Changes         []lawtext.ArticleDiff
	Unchanged       int
	Slug            string
	FromID, ToID    int64
	NoVersionsToCmp bool
}

// pathInstrument looks up the {instrument} path value; an unknown one is
// NotFound.
func (h *Handler) pathInstrument(r *http.Request) (*lawdb.Instrument, error) {
	inst, err := h.Store.Instrument(r.Context(), r.PathValue("instrument"))
	if err != nil {
		return nil, lawdb.NotFound(err)
	}
	return inst, nil
}

// pathInstrumentVersions is pathInstrument with the instrument's versions.
func (h *Handler) pathInstrumentVersions(r *http.Request) (*lawdb.Instrument, []lawdb.Version, error) {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return nil, nil, err
	}
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	if err != nil {
		return nil, nil, err
	}
	return inst, vs, nil
}

func versionByID(vs []lawdb.Version, s string) (*lawdb.Version, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_version", Fields: map[string]string{"version": "law.error.bad_version"}}
	}
	for i := range vs {
		if vs[i].ID == id {
			return &vs[i], nil
		}
	}
	return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_version"}
}

func (h *Handler) diff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, vs, err := h.pathInstrumentVersions(r)
	if err != nil {
		return err
	}
	d := diffData{Inst: inst, Versions: vs, Slug: inst.Slug}
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" && len(vs) >= 2 {
		d.From, d.To = &vs[len(vs)-2], &vs[len(vs)-1]
	} else if len(vs) >= 1 {
		if d.From, err = versionByID(vs, q.Get("from")); err != nil {
			return err
		}
		if d.To, err = versionByID(vs, q.Get("to")); err != nil {
			return err
		}
	}
	if d.From == nil || d.To == nil {
		d.NoVersionsToCmp = true
	} else {
		d.FromID, d.ToID = d.From.ID, d.To.ID
		a, err := h.Store.Document(ctx, d.From.ID)
		if err != nil {
			return err
		}
		b, err := h.Store.Document(ctx, d.To.ID)
		if err != nil {
			return err
		}
		for _, ad := range lawtext.Diff(a, b) {
			if ad.Status == lawtext.Unchanged {
				d.Unchanged++
				continue
			}
			d.Changes = append(d.Changes, ad)
		}
	}
	h.Web.Render(w, r, "law_diff", web.Page{Title: "law.diff.title", Data: d})
	return nil
}

// ---------- AKN export ----------

func (h *Handler) aknExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, vs, err := h.pathInstrumentVersions(r)
	if err != nil {
		return err
	}
	var v *lawdb.Version
	if s := r.URL.Query().Get("version"); s != "" {
		if v, err = versionByID(vs, s); err != nil {
			return err
		}
	} else if v = lawdb.VersionOn(vs, r.URL.Query().Get("lang"), ""); v == nil {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.no_text"}
	}
	doc, err := h.Store.Document(ctx, v.ID)
	if err != nil {
		return err
	}
	b, err := akn.Export(doc)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s.%s@%s.akn.xml", safeName(inst.Slug), v.Language, v.ValidFrom)
	w.Header().Set("Content-Type", "application/akn+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(b)
	return err
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// ---------- status ----------

type statusRow struct {
	treaty.StateStatus
	ActionDate, EffectiveDate string
	Statements                []lawdb.Statement
}

// statusRowsOf formats the statuses and statements of the status table:
// States by their name in the page's language, in its alphabetical order.
func statusRowsOf(rows []lawdb.StatusRow, lang string) ([]statusRow, []treaty.StateStatus) {
	out := make([]statusRow, 0, len(rows))
	ss := make([]treaty.StateStatus, 0, len(rows))
	for _, r := range rows {
		row := statusRow{StateStatus: r.StateStatus, ActionDate: fmtDate(r.ActionDate), EffectiveDate: fmtDate(r.EffectiveDate), Statements: r.Statements}
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
}

func (h *Handler) statusPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	day, err := lawdb.ParseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	rows, err := h.Store.StatusWithStatements(ctx, inst.Slug, day)
	if err != nil {
		return err
	}
	d := statusData{Inst: inst, On: day.Format(time.DateOnly), Counts: map[string]int{}, CanEdit: canEdit(r)}
	var ss []treaty.StateStatus
	d.Rows, ss = statusRowsOf(rows, web.LangFrom(r.Context()))
	for _, s := range ss {
		d.Counts[string(s.Status)]++
	}
	d.Map, d.Classes = h.statusMap(r, d.On, ss, d.Counts)
	if d.Second, err = h.Store.SourceStatuses(ctx, inst.ID, lawdb.HRStatusSource); err != nil {
		return err
	}
	h.Web.Render(w, r, "law_status", web.Page{Title: "law.status.title", Data: d})
	return nil
}

func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ---------- country ----------

// pathCountry looks up the {country} path value; an unknown one is NotFound.
func pathCountry(r *http.Request) (geo.Country, error) {
	c, ok := geo.ByCode(strings.ToUpper(r.PathValue("country")))
	if !ok {
		return c, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_state"}
	}
	return c, nil
}

type countryData struct {
	Code, Name, On string
	Bindings       []lawdb.Binding
	// Statements are the State's reservations, declarations and
	// objections in effect on the date.
	Statements []lawdb.Statement
	Follow     followState
}

func (h *Handler) country(w http.ResponseWriter, r *http.Request) error {
	c, err := pathCountry(r)
	if err != nil {
		return err
	}
	day, err := lawdb.ParseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	bs, err := h.Store.CountryOn(r.Context(), c.Alpha3, day)
	if err != nil {
		return err
	}
	d := countryData{Code: c.Alpha3, Name: c.Name, On: day.Format(time.DateOnly), Bindings: bs, Follow: h.followState(r, "country", c.Alpha3)}
	stm, err := h.Store.StatementsOfState(r.Context(), c.Alpha3)
	if err != nil {
		return err
	}
	for _, st := range stm {
		if st.InEffectOn(d.On) {
			if !st.PartlyWithdrawnBy(d.On) {
				st.WithdrawnEIDs = nil
			}
			d.Statements = append(d.Statements, st)
		}
	}
	h.Web.Render(w, r, "law_country", web.Page{Title: c.Name, Data: d})
	return nil
}

// ---------- search ----------

type searchData struct {
	Q, Lang, Level, Type string
	Jurisdiction, Topic  string
	InForce, From, To    string
	Results              *lawdb.Results
	Languages            []string
	Searched             bool
}

func (h *Handler) runSearch(r *http.Request) (*searchData, error) {
	q := r.URL.Query()
	d := &searchData{Q: q.Get("q"), Lang: q.Get("lang"), Level: q.Get("level"), Type: q.Get("type"),
		Jurisdiction: q.Get("jurisdiction"), Topic: q.Get("topic"), Languages: lawdb.SearchLanguages,
		InForce: q.Get("in_force"), From: q.Get("from"), To: q.Get("to")}
	if d.Lang != "" && !i18n.Supported(d.Lang) {
		return d, &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_language", Fields: map[string]string{"lang": "law.error.bad_language"}}
	}
	bad := errs.Fields{}
	if d.InForce != "" && d.InForce != "yes" && d.InForce != "no" {
		bad.Add("in_force", "law.error.bad_in_force")
	}
	for name, v := range map[string]string{"from": d.From, "to": d.To} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			bad.Add(name, "law.error.bad_date")
		}
	}
	if err := bad.Err(); err != nil {
		return d, err
	}
	if strings.TrimSpace(d.Q) == "" && !q.Has("q") {
		return d, nil
	}
	d.Searched = true
	pq, err := lawdb.ParseQuery(d.Q, d.Lang)
	if err != nil {
		return d, err
	}
	d.Results, err = h.Store.Search(r.Context(), pq, lawdb.SearchFilter{Lang: d.Lang, Level: d.Level, Type: d.Type, Jurisdiction: d.Jurisdiction, Topic: d.Topic,
		InForce: d.InForce, Today: time.Now().UTC().Format(time.DateOnly), AdoptedFrom: d.From, AdoptedTo: d.To}, 50)
	return d, err
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) error {
	d, err := h.runSearch(r)
	if err != nil {
		f := web.NewForm()
		f.Values["q"] = d.Q
		return h.Web.RenderFormError(w, r, "law_search", web.Page{Title: "law.search.title", Data: d, Form: f}, err)
	}
	f := web.NewForm()
	f.Values["q"] = d.Q
	h.Web.Render(w, r, "law_search", web.Page{Title: "law.search.title", Data: d, Form: f})
	return nil
}

// ---------- editing: treaty actions ----------

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

// ---------- policy ----------

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
	return lawdb.WritePolicyCSV(w, ps)
}

type policyCountryData struct {
	Code, Name     string
	Area, Target   string
	Areas, Targets []string
	Changes        []lawdb.PolicyChange
	CanEdit        bool
	Index          []lawdb.IndexPoint
	Chart          *chart
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
		Areas: lawdb.PolicyAreas, Targets: lawdb.TargetGroups, Changes: ps, CanEdit: canEdit(r), Index: idx, Chart: makeChart(idx)}})
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

// ---------- bulk export ----------

// export serves /law/export/{what}.{format}: instruments, actions or
// policy as json or csv.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) error {
	what, format, ok := strings.Cut(r.PathValue("export"), ".")
	if !ok || lawdb.CheckExport(what, format) != nil {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.bad_export"}
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="corridor-law-`+what+"."+format+`"`)
	return h.Store.Export(r.Context(), w, what, format)
}

// ---------- API ----------

func (h *Handler) apiInstruments(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ins, _, err := h.Store.List(r.Context(), lawdb.Filter{Level: q.Get("level"), Type: q.Get("type"), Topic: q.Get("topic"), Query: q.Get("q")})
	if err != nil {
		return err
	}
	if ins == nil {
		ins = []*lawdb.Instrument{}
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"items": ins})
}

func (h *Handler) apiInstrument(w http.ResponseWriter, r *http.Request) error {
	return h.writeInstrument(w, r, r.PathValue("instrument"), http.StatusOK)
}

func (h *Handler) apiStatus(w http.ResponseWriter, r *http.Request) error {
	day, err := lawdb.ParseDay(r.URL.Query().Get("on"))
	if err != nil {
		return err
	}
	rows, err := h.Store.StatusWithStatements(r.Context(), r.PathValue("instrument"), day)
	if err != nil {
		return lawdb.NotFound(err)
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
		return web.WriteJSON(w, http.StatusOK, rows)
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return lawdb.WriteStatusRowsCSV(w, rows)
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

type hitJSON struct {
	Instrument string `json:"instrument"`
	Title      string `json:"title"`
	Language   string `json:"language"`
	ValidFrom  string `json:"valid_from"`
	EID        string `json:"eid"`
	URL        string `json:"url"`
	Snippet    string `json:"snippet"`
	Highlights []int  `json:"highlights"`
	Score      int    `json:"score"`
}

func (h *Handler) apiSearch(w http.ResponseWriter, r *http.Request) error {
	d, err := h.runSearch(r)
	if err != nil {
		return err
	}
	if !d.Searched {
		return &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_query", Fields: map[string]string{"q": "law.error.query_empty"}}
	}
	hits := []hitJSON{}
	for _, x := range d.Results.Hits {
		var b strings.Builder
		var hl []int
		for _, sp := range x.Snippet {
			if sp.Hit {
				hl = append(hl, b.Len(), b.Len()+len(sp.Text))
			}
			b.WriteString(sp.Text)
		}
		if hl == nil {
			hl = []int{}
		}
		hits = append(hits, hitJSON{x.Slug, x.Title, x.Language, x.ValidFrom, x.EID,
			"/law/instruments/" + url.PathEscape(x.Slug) + "/" + url.PathEscape(x.ArticleEID) + "?lang=" + x.Language + "#" + x.EID, b.String(), hl, x.Score})
	}
	facets := map[string]map[string]int{}
	for name, fs := range d.Results.Facets {
		facets[name] = map[string]int{}
		for _, f := range fs {
			facets[name][f.Value] = f.Count
		}
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"total": d.Results.Total, "capped": d.Results.Capped, "items": hits, "facets": facets})
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

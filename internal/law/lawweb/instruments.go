package lawweb

// The instrument list and an instrument's page (its text in force on a
// date, by article, in each language), and the same through the API.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"corridor/internal/errs"
	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawtext"
	"corridor/internal/law/treaty"
	"corridor/internal/links"
	"corridor/internal/web"
)

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

type langLink struct {
	Lang, Name, Href string
	Current          bool
}

type instrumentData struct {
	Inst *lawdb.Instrument
	// Evidence is what links to the instrument (to the article shown).
	Evidence links.Groups
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
	Focus        string // eId of the provision shown
	// Asked is the eId in the address; when this version lacks it, Focus
	// is its nearest ancestor (Missing) or empty (the whole text).
	Asked   string
	Missing bool
	// TOC is the table of contents of a long text (whole-text pages only)
	// and TOCArticles its number of articles.
	TOC         []tocEntry
	TOCArticles int
	// VersionChanges sum up what each version changed (whole-text pages).
	VersionChanges []versionChange
	// Identifiers and Published (UNTS, official journal) with their links.
	Identifiers, Published []identifierView
	// OtherLang: the text is not in the reader's language (ReaderLang);
	// TextLangs are the languages it is in.
	SourceHost     string // the host of Inst.URL, the source link's text
	OtherLang      bool
	ReaderLang     string
	ReaderLangName string
	TextLangs      []langLink
	FullHref       string
	DiffFrom       int64
	DiffTo         int64
	Title          string
	BadDate        bool
	StatusDate     string
	Follow         followState
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
	day, err := parseDay(on)
	if err != nil {
		return nil, err
	}
	lang := q.Get("lang")
	if lang == "" {
		lang = web.LangFrom(ctx)
	}
	vs, err := h.Store.Versions(ctx, inst.ID)
	if err != nil {
		return nil, err
	}
	d := &instrumentData{Inst: inst, Versions: vs, On: on, CanEdit: canEdit(r), Focus: eid, Asked: eid, Title: inst.Title, TargetGroups: inst.TargetGroups}
	d.Current = lawdb.VersionOn(vs, lang, on)
	if inst.EndedOn != "" && day.Format(time.DateOnly) >= inst.EndedOn {
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
			n, exact := nearestProvision(doc, eid)
			switch {
			case exact:
				body = []*lawtext.Node{n}
			case n != nil:
				body, d.Focus, d.Missing = []*lawtext.Node{n}, n.EID, true
			default:
				// nothing of it here: the whole text, if another version
				// has the provision; an eId no version knows is NotFound
				if ok, err := h.anyVersionHas(r, vs, eid); err != nil {
					return nil, err
				} else if !ok {
					return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_provision"}
				}
				d.Focus, d.Missing = "", true
			}
		}
		keep := ""
		if on != "" {
			keep = "?on=" + url.QueryEscape(on)
		}
		d.Nodes = views(inst.Slug, body, keep)
		if d.Focus == "" {
			if toc, n := tableOfContents(body); n >= tocMinArticles {
				d.TOC, d.TOCArticles = toc, n
			}
		}
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
	d.Identifiers, d.Published = identifierViews(inst)
	if eid == "" {
		if d.VersionChanges, err = h.versionChanges(r, vs); err != nil {
			return nil, err
		}
	}
	d.ReaderLang = web.LangFrom(ctx)
	if u, err := url.Parse(inst.URL); err == nil {
		d.SourceHost = strings.TrimPrefix(u.Host, "www.")
	}
	d.ReaderLangName = languageName(d.ReaderLang, d.ReaderLang)
	d.OtherLang, d.TextLangs = textLanguages(vs, d.ReaderLang, d.FullHref, on)
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
	if d.Evidence, err = h.evidence(r, d.Inst.Slug, ""); err != nil {
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
	if d.Evidence, err = h.evidence(r, d.Inst.Slug, r.PathValue("eid")); err != nil {
		return err
	}
	h.Web.Render(w, r, "law_instrument", web.Page{Title: d.Inst.Title, Data: d})
	return nil
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

package lawweb

// Full-text search of the instruments' texts, as a page and through the API.

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"corridor/internal/errs"
	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

type searchData struct {
	Q, Lang, Level, Type string
	Jurisdiction, Topic  string
	InForce, From, To    string
	Results              *lawdb.Results
	Languages            []string
	Searched             bool
	// FellBack: nothing matched in the language asked for (AskedLang), so
	// the results are from every language. ReaderLangMissing: none of the
	// results is in the reader's language (ReaderLangName); TextLangs are
	// the languages Corridor has texts in.
	FellBack          bool
	AskedLang         string
	ReaderLangMissing bool
	ReaderLangName    string
	TextLangs         []string
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
	filter := lawdb.SearchFilter{Lang: d.Lang, Level: d.Level, Type: d.Type, Jurisdiction: d.Jurisdiction, Topic: d.Topic,
		InForce: d.InForce, Today: time.Now().UTC().Format(time.DateOnly), AdoptedFrom: d.From, AdoptedTo: d.To}
	if d.Results, err = h.Store.Search(r.Context(), pq, filter, 50); err != nil {
		return d, err
	}
	reader := web.LangFrom(r.Context())
	if d.Lang != "" && d.Results.Total == 0 {
		// nothing in that language: say so and search them all
		if pq, err = lawdb.ParseQuery(d.Q, ""); err != nil {
			return d, err
		}
		filter.Lang = ""
		if d.Results, err = h.Store.Search(r.Context(), pq, filter, 50); err != nil {
			return d, err
		}
		d.FellBack, d.AskedLang = true, languageName(d.Lang, reader)
	}
	if d.Results.Total == 0 && filter.Lang == "" {
		// The word as written is in none of the texts: look for its root
		// in the other languages ("réfugié" → "refug*"), whether the
		// reader chose all languages or one that had nothing.
		if d.Results, err = h.Store.Search(r.Context(), lawdb.CrossLanguage(pq), filter, 50); err != nil {
			return d, err
		}
	}
	d.ReaderLangName = languageName(reader, reader)
	d.ReaderLangMissing = !d.FellBack && d.Lang == ""
	for _, x := range d.Results.Hits {
		if x.Language == reader {
			d.ReaderLangMissing = false
		}
	}
	if d.FellBack || d.ReaderLangMissing {
		langs, err := h.Store.TextLanguages(r.Context())
		if err != nil {
			return d, err
		}
		for _, l := range langs {
			d.TextLangs = append(d.TextLangs, languageName(l, reader))
		}
	}
	return d, nil
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

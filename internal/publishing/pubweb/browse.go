package pubweb

import (
	"net/http"
	"net/url"
	"strconv"

	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

// filterFrom reads the browse filters from a query string; a malformed
// number is an Invalid error on its field.
func filterFrom(q url.Values) (publishing.Filter, error) {
	f := publishing.Filter{Q: q.Get("q"), Type: publishing.Type(q.Get("type")), Topic: q.Get("topic"), Country: q.Get("country"), Language: q.Get("language")}
	bad := errs.Fields{}
	num := func(name string) int64 {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			bad.Add(name, "pub.error.number")
		}
		return n
	}
	f.SeriesID = num("series")
	f.Year = int(num("year"))
	f.Page = int(num("page"))
	f.PerPage = int(num("per_page"))
	return f, bad.Err()
}

// query is the filter as a query string, without the page and with one
// field set to v ("" drops it): the facets' and pages' links.
func query(f publishing.Filter, field, v string) string {
	q := url.Values{}
	set := func(k, val string) {
		if k == field {
			val = v
		}
		if val != "" && val != "0" {
			q.Set(k, val)
		}
	}
	set("q", f.Q)
	set("series", strconv.FormatInt(f.SeriesID, 10))
	set("type", string(f.Type))
	set("topic", f.Topic)
	set("country", f.Country)
	set("year", strconv.Itoa(f.Year))
	set("language", f.Language)
	if field == "page" && v != "" {
		q.Set("page", v)
	}
	return q.Encode()
}

type facetView struct {
	Name  string
	Items []facetItem
}

type facetItem struct {
	Label, Href string
	Count       int
	Selected    bool
}

type listView struct {
	Filter     publishing.Filter
	Results    *publishing.Results
	Facets     []facetView
	Series     map[int64]publishing.Series
	Query      string // the filter as a query string, for the exports
	Prev, Next string
	CanEdit    bool
	Lang       string
	Heading    string
	SeriesPage *publishing.Series
}

func (h *Handler) browse(w http.ResponseWriter, r *http.Request) error {
	f, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	v, err := h.list(r, f, "/publications")
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "pub_list", web.Page{Title: "pub.title", Data: v})
	return nil
}

// list runs a filter and builds the list's view, links relative to base.
func (h *Handler) list(r *http.Request, f publishing.Filter, base string) (*listView, error) {
	res, err := h.Svc.Search(r.Context(), f, audience(r))
	if err != nil {
		return nil, err
	}
	f.Page, f.PerPage = res.Page, res.PerPage
	all, err := h.Svc.AllSeries(r.Context())
	if err != nil {
		return nil, err
	}
	v := &listView{Filter: f, Results: res, Series: map[int64]publishing.Series{}, Query: query(f, "", ""), CanEdit: canEdit(r), Lang: lang(r)}
	for _, s := range all {
		v.Series[s.ID] = s
	}
	label := func(name, val string) string {
		switch name {
		case "series":
			id, _ := strconv.ParseInt(val, 10, 64)
			s := v.Series[id]
			return s.Title(v.Lang)
		case "type":
			return h.Web.T(r, "pub.type."+val)
		case "language":
			return h.Web.T(r, "pub.lang."+val)
		case "country":
			if c, ok := geo.ByCode(val); ok {
				return c.Name
			}
		case "topic":
			if h.Web.Catalog.Has("pub.topic." + val) {
				return h.Web.T(r, "pub.topic."+val)
			}
		}
		return val
	}
	for _, name := range []string{"series", "type", "year", "language", "topic", "country"} {
		fv := facetView{Name: name}
		for _, fc := range res.Facets[name] {
			href := base + "?" + query(f, name, fc.Value)
			if fc.Selected {
				href = base + "?" + query(f, name, "")
			}
			fv.Items = append(fv.Items, facetItem{Label: label(name, fc.Value), Href: href, Count: fc.Count, Selected: fc.Selected})
		}
		if len(fv.Items) > 0 {
			v.Facets = append(v.Facets, fv)
		}
	}
	if f.Page > 1 {
		v.Prev = base + "?" + query(f, "page", strconv.Itoa(f.Page-1))
	}
	if f.Page < res.Pages() {
		v.Next = base + "?" + query(f, "page", strconv.Itoa(f.Page+1))
	}
	return v, nil
}

package dataweb

import (
	"net/http"
	"net/url"

	"corridor/internal/data"
	"corridor/internal/geo"
	"corridor/internal/web"
)

// indexData is the /data page.
type indexData struct {
	Datasets  []data.Dataset
	Countries []data.Area
	Regions   []geo.Region
	Curator   bool
}

func (h *Handlers) index(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if c := q.Get("country"); c != "" {
		if a, ok := data.LookupArea(c, "en"); ok {
			http.Redirect(w, r, "/data/countries/"+url.PathEscape(a.Code), http.StatusSeeOther)
			return nil
		}
	}
	if f, t := q.Get("from"), q.Get("to"); f != "" && t != "" {
		a, okA := data.LookupArea(f, "en")
		b, okB := data.LookupArea(t, "en")
		if okA && okB {
			http.Redirect(w, r, "/data/corridors/"+url.PathEscape(a.Code)+"/"+url.PathEscape(b.Code), http.StatusSeeOther)
			return nil
		}
	}
	ds, err := h.S.Datasets(r.Context(), 0, 200, isCurator(r))
	if err != nil {
		return err
	}
	lang := web.LangFrom(r.Context())
	countries, err := h.S.CountriesWithData(r.Context(), lang)
	if err != nil {
		return err
	}
	d := indexData{Datasets: ds, Countries: countries}
	var regions []string
	for _, reg := range geo.Regions() {
		if reg.Level == geo.LevelWorld || reg.Level == geo.LevelRegion || reg.Level == geo.LevelSubregion {
			regions = append(regions, reg.Code)
		}
	}
	// Regions with data of their own or through a member country.
	has, err := h.S.AreasWithData(r.Context(), regions)
	if err != nil {
		return err
	}
	withMember := map[string]bool{}
	for _, c := range countries {
		if gc, ok := geo.ByCode(c.Code); ok {
			withMember[gc.RegionCode], withMember[gc.SubRegionCode] = true, true
			withMember[data.World] = true
		}
	}
	for _, code := range regions {
		if reg, ok := geo.RegionByCode(code); ok && (has[code] || withMember[code]) {
			reg.Name = geo.RegionNameIn(reg.Code, reg.Name, lang)
			d.Regions = append(d.Regions, reg)
		}
	}
	d.Curator = isCurator(r)
	h.Web.Render(w, r, "data_index", web.Page{Title: "data.title", Data: d})
	return nil
}

package dataweb

import (
	"net/http"
	"net/url"
	"strconv"

	"corridor/internal/data"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/web"
)

func (h *Handlers) apiCountries(w http.ResponseWriter, r *http.Request) error {
	return web.WriteJSON(w, http.StatusOK, web.ListPage[data.Area]{Items: data.Countries(web.LangFrom(r.Context()))})
}

// ParseFilter reads the observation filters of a query string.
func ParseFilter(q url.Values) (data.Filter, error) {
	var f data.Filter
	fields := errs.Fields{}
	area := func(name string) string {
		v := q.Get(name)
		if v == "" {
			return ""
		}
		a, ok := data.LookupArea(v, "en")
		if !ok {
			fields.Add(name, "data.error.no_area")
			return ""
		}
		return a.Code
	}
	f.Origin, f.Destination = area("origin"), area("destination")
	if reg := q.Get("region"); reg != "" {
		if rg, ok := geo.RegionByCode(reg); ok {
			f.Region = rg.Code
		} else {
			fields.Add("region", "data.error.no_area")
		}
	}
	year := func(name string) int {
		v := q.Get(name)
		if v == "" {
			return 0
		}
		y, err := strconv.Atoi(v)
		if err != nil || y < 1800 || y > 2200 {
			fields.Add(name, "data.error.year")
		}
		return y
	}
	f.YearFrom, f.YearTo = year("year_from"), year("year_to")
	if s := q.Get("sex"); s != "" {
		if s != "total" && s != "male" && s != "female" {
			fields.Add("sex", "data.error.sex")
		}
		f.Sex = s
	}
	f.Measure = q.Get("measure")
	if f.Measure != "" && len(f.Measure) > 40 {
		fields.Add("measure", "data.error.measure")
	}
	ids, err := data.ParseIDs(q.Get("dataset"))
	if err != nil {
		fields.Add("dataset", "data.error.datasets")
	}
	f.Datasets = ids
	return f, fields.Err()
}

func (h *Handlers) apiObservations(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := web.ListParams(r)
	if err != nil {
		return err
	}
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	f.After, f.Limit = after, limit+1
	obs, err := h.S.Observations(r.Context(), f)
	if err != nil {
		return err
	}
	var page web.ListPage[data.Observation]
	page.Items, page.NextCursor = web.TrimPage(obs, limit, func(o data.Observation) int64 { return o.ID })
	return web.WriteJSON(w, http.StatusOK, page)
}

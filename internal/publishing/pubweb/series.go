package pubweb

import (
	"net/http"

	"corridor/internal/web"
)

type seriesListView struct {
	Series  []seriesItem
	CanEdit bool
}

type seriesItem struct {
	ID                     int64
	Title, ISSN, Publisher string
	Description            string
	Sample                 bool
}

func (h *Handler) seriesList(w http.ResponseWriter, r *http.Request) error {
	all, err := h.Svc.AllSeries(r.Context())
	if err != nil {
		return err
	}
	v := seriesListView{CanEdit: canEdit(r)}
	for _, s := range all {
		v.Series = append(v.Series, seriesItem{ID: s.ID, Title: s.Title(lang(r)), ISSN: s.ISSN, Publisher: s.Publisher, Description: s.Description, Sample: s.Sample})
	}
	h.Web.Render(w, r, "pub_series_list", web.Page{Title: "pub.series.title", Data: v})
	return nil
}

// seriesPage is the series' description and its publications, with the
// browse filters and exports narrowed to it.
func (h *Handler) seriesPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "series")
	if err != nil {
		return err
	}
	s, err := h.Svc.Series(r.Context(), id)
	if err != nil {
		return err
	}
	f, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	f.SeriesID = id
	v, err := h.list(r, f, r.URL.Path)
	if err != nil {
		return err
	}
	v.SeriesPage = s
	v.Heading = s.Title(lang(r))
	h.Web.Render(w, r, "pub_list", web.Page{Title: v.Heading, Data: v})
	return nil
}

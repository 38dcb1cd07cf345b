package dataweb

import (
	"net/http"

	"corridor/internal/data"
	"corridor/internal/web"
)

type namesData struct {
	Unmatched []data.Unmatched
	Aliases   []data.Alias
	Datasets  map[int64]data.Dataset
}

func (h *Handlers) namesPage(w http.ResponseWriter, r *http.Request, f *web.Form, ferr error) error {
	un, err := h.S.Unmatched(r.Context(), 0)
	if err != nil {
		return err
	}
	al, err := h.S.Aliases(r.Context())
	if err != nil {
		return err
	}
	dm, err := h.S.DatasetMap(r.Context())
	if err != nil {
		return err
	}
	p := web.Page{Title: "data.names.title", Data: namesData{Unmatched: un, Aliases: al, Datasets: dm}, Form: f}
	if ferr != nil {
		return h.Web.RenderFormError(w, r, "data_names", p, ferr)
	}
	h.Web.Render(w, r, "data_names", p)
	return nil
}

func (h *Handlers) names(w http.ResponseWriter, r *http.Request) error {
	return h.namesPage(w, r, nil, nil)
}

func (h *Handlers) setAlias(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, "name", "code")
	if _, err := h.S.SetAlias(r.Context(), f.Values["name"], f.Values["code"]); err != nil {
		return h.namesPage(w, r, f, err)
	}
	h.Web.Redirect(w, r, "/data/names", "data.flash.alias_saved")
	return nil
}

// API

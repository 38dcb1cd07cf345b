package pubweb

import (
	"net/http"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

// apiRoutes are the JSON API: the public reads, editors write.
func (h *Handler) apiRoutes() []web.Route {
	pub, ed := accounts.PermPublic, accounts.PermEditPublications
	return []web.Route{
		{Method: "GET", Pattern: "/api/v1/publications", Perm: pub, Handler: h.apiList, API: true},
		{Method: "POST", Pattern: "/api/v1/publications", Perm: ed, Handler: h.apiCreate, API: true},
		{Method: "GET", Pattern: "/api/v1/publications/{publication}", Perm: pub, Handler: h.apiGet, API: true},
		{Method: "PUT", Pattern: "/api/v1/publications/{publication}", Perm: ed, Handler: h.apiUpdate, API: true},
		{Method: "DELETE", Pattern: "/api/v1/publications/{publication}", Perm: ed, Handler: h.apiDelete, API: true},
		{Method: "POST", Pattern: "/api/v1/publications/{publication}/versions", Perm: ed, Handler: h.apiVersion, API: true},
		{Method: "POST", Pattern: "/api/v1/publications/{publication}/files", Perm: ed, Handler: h.apiUpload, API: true, MaxBody: maxUpload},
		{Method: "POST", Pattern: "/api/v1/publications/{publication}/links", Perm: ed, Handler: h.apiLink, API: true},
		{Method: "GET", Pattern: "/api/v1/series", Perm: pub, Handler: h.apiSeriesList, API: true},
		{Method: "POST", Pattern: "/api/v1/series", Perm: ed, Handler: h.apiSeriesCreate, API: true},
	}
}

// apiPublication is a publication as the API answers it: the files each
// with whether the caller may download them, and its address.
type apiPublication struct {
	*publishing.Publication
	URL   string        `json:"url"`
	Files []apiFileView `json:"files"`
}

type apiFileView struct {
	publishing.File
	URL      string `json:"url"`
	Readable bool   `json:"readable"`
}

func (h *Handler) apiView(r *http.Request, p *publishing.Publication) apiPublication {
	out := apiPublication{Publication: p, URL: publishing.LandingURL(h.base(), p.ID, p.Version), Files: []apiFileView{}}
	today := h.Svc.Now().Format("2006-01-02")
	aud := audience(r)
	for _, f := range p.Files {
		if aud != publishing.Editors {
			f.TextError = ""
		}
		out.Files = append(out.Files, apiFileView{File: f, Readable: f.ReadableBy(aud, today),
			URL: h.base() + "/publications/" + strconv.FormatInt(p.ID, 10) + "/files/" + strconv.FormatInt(f.ID, 10)})
	}
	return out
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := h.Svc.Search(r.Context(), f, audience(r))
	if err != nil {
		return err
	}
	if res.Items == nil {
		res.Items = []publishing.Summary{}
	}
	return web.WriteJSON(w, http.StatusOK, res)
}

func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	n := 0
	if v := r.URL.Query().Get("version"); v != "" {
		if n, err = strconv.Atoi(v); err != nil || n <= 0 {
			return notFound()
		}
	}
	p, err := h.Svc.Get(r.Context(), id, n)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, h.apiView(r, p))
}

type apiMetaInput struct {
	Metadata publishing.Meta `json:"metadata"`
	Revision int64           `json:"revision,omitempty"`
	Note     string          `json:"note,omitempty"`
}

func (h *Handler) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiMetaInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	id, err := h.Svc.Create(r.Context(), in.Metadata, userID(r))
	if err != nil {
		return err
	}
	return h.apiAnswer(w, r, id, http.StatusCreated)
}

func (h *Handler) apiAnswer(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	p, err := h.Svc.Get(r.Context(), id, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/publications/"+strconv.FormatInt(id, 10))
	return web.WriteJSON(w, status, h.apiView(r, p))
}

func (h *Handler) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	var in apiMetaInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.Svc.Update(r.Context(), id, in.Metadata, in.Revision); err != nil {
		return err
	}
	return h.apiAnswer(w, r, id, http.StatusOK)
}

func (h *Handler) apiVersion(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	var in apiMetaInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := h.Svc.NewVersion(r.Context(), id, in.Metadata, in.Note, userID(r)); err != nil {
		return err
	}
	return h.apiAnswer(w, r, id, http.StatusCreated)
}

func (h *Handler) apiDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	if err := h.Svc.Delete(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) apiUpload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	f, err := h.saveUpload(r, id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, f)
}

type apiLinkInput struct {
	To       string `json:"to"`
	Relation string `json:"relation"`
	Note     string `json:"note,omitempty"`
}

func (h *Handler) apiLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	var in apiLinkInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := h.linkFrom(r, id, in.To, in.Relation, in.Note)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, l)
}

func (h *Handler) apiSeriesList(w http.ResponseWriter, r *http.Request) error {
	all, err := h.Svc.AllSeries(r.Context())
	if err != nil {
		return err
	}
	if all == nil {
		all = []publishing.Series{}
	}
	return web.WriteJSON(w, http.StatusOK, web.ListPage[publishing.Series]{Items: all})
}

func (h *Handler) apiSeriesCreate(w http.ResponseWriter, r *http.Request) error {
	var in publishing.Series
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	in.ID, in.Sample = 0, false
	s, err := h.Svc.SaveSeries(r.Context(), in)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, s)
}

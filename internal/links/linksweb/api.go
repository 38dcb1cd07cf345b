// Package linksweb is the JSON API of typed links: what links to or from
// a thing, and adding or removing a link.
package linksweb

import (
	"net/http"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/links"
	"corridor/internal/web"
)

// Handler serves the links API.
type Handler struct {
	Links *links.Service
}

// Mount adds the links API routes to srv.
func Mount(srv *web.Server, svc *links.Service) *Handler {
	h := &Handler{Links: svc}
	srv.AddRoutes(h.Routes()...)
	return h
}

// Routes are the links API routes. Reading is public and filtered for
// the reader; writing needs links.edit, and the writer must also be
// allowed to edit one of the two ends (links.Service.Check).
func (h *Handler) Routes() []web.Route {
	pub, edit := accounts.PermPublic, accounts.PermEditLinks
	return []web.Route{
		{Method: "GET", Pattern: "/api/v1/links", Perm: pub, Handler: h.list, API: true},
		{Method: "POST", Pattern: "/api/v1/links", Perm: edit, Handler: h.create, API: true},
		{Method: "DELETE", Pattern: "/api/v1/links/{link}", Perm: edit, Handler: h.delete, API: true},
	}
}

func reader(r *http.Request) links.Reader { return web.LinkReader(r.Context()) }

func invalid(field, msg string) error {
	return &errs.Error{Kind: errs.Invalid, Message: "error.invalid_input", Fields: map[string]string{field: msg}}
}

// list answers GET /api/v1/links?from=KEY or ?to=KEY (exactly one), with
// an optional relation= and the usual cursor and limit.
func (h *Handler) list(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := web.ListParams(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	dir, raw := links.DirFrom, from
	switch {
	case from != "" && to != "":
		return invalid("to", "links.error.from_or_to")
	case from == "" && to == "":
		return invalid("from", "links.error.from_or_to")
	case to != "":
		dir, raw = links.DirTo, to
	}
	k, err := h.Links.Parse(raw)
	if err != nil {
		return invalid(string(dir), links.KeyMessage(err))
	}
	items, next, err := h.Links.List(r.Context(), dir, k, q.Get("relation"), after, limit, reader(r))
	if err != nil {
		return err
	}
	out := web.ListPage[links.Entry]{Items: items}
	if out.Items == nil {
		out.Items = []links.Entry{}
	}
	if next != 0 {
		out.NextCursor = web.EncodeCursor(next)
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

// create answers POST /api/v1/links.
func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		From     string `json:"from"`
		To       string `json:"to"`
		Relation string `json:"relation"`
		Article  string `json:"article"`
		Years    string `json:"years"`
		Note     string `json:"note"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	l, err := h.Links.Add(r.Context(), links.NewLink{From: in.From, To: in.To, Relation: in.Relation,
		Qualifiers: links.Qualifiers{Article: in.Article, Years: in.Years, Note: in.Note}}, reader(r))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/links/"+strconv.FormatInt(l.ID, 10))
	return web.WriteJSON(w, http.StatusCreated, l)
}

// delete answers DELETE /api/v1/links/{link}.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("link"), 10, 64)
	if err != nil || id <= 0 {
		return errs.New(errs.NotFound, "links.error.no_link")
	}
	if err := h.Links.Delete(r.Context(), id, reader(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

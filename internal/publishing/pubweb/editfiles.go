package pubweb

import (
	"errors"
	"net/http"
	"strconv"

	"corridor/internal/errs"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

// upload adds a file to the latest version; a file that is not what its
// name says, empty, or over the limit is refused naming why.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	if _, err := h.saveUpload(r, id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), "pub.edit.uploaded")
	return nil
}

func (h *Handler) saveUpload(r *http.Request, id int64) (*publishing.File, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, &errs.Error{Kind: errs.TooLarge, Message: "pub.error.file_large"}
		}
		return nil, errs.Fields{"file": "pub.error.file_missing"}.Err()
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, errs.Fields{"file": "pub.error.file_missing"}.Err()
	}
	defer file.Close()
	access := publishing.Access(r.FormValue("access"))
	if access == "" {
		access = publishing.Open
	}
	until := ""
	if access == publishing.Embargoed {
		until = r.FormValue("embargo_until")
	}
	return h.Svc.AddFile(r.Context(), id, publishing.NewFile{Name: hdr.Filename, Body: file, Access: access, EmbargoUntil: until})
}

func (h *Handler) setAccess(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	access := publishing.Access(r.PostFormValue("access"))
	until := ""
	if access == publishing.Embargoed {
		until = r.PostFormValue("embargo_until")
	}
	if err := h.Svc.SetAccess(r.Context(), id, fid, access, until); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), "pub.edit.saved")
	return nil
}

func (h *Handler) addLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if _, err := h.linkFrom(r, id, r.PostFormValue("to"), r.PostFormValue("relation"), r.PostFormValue("note")); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), "pub.edit.link_added")
	return nil
}

// linkFrom adds a link from a live publication, through the links
// service's checks and audit.
func (h *Handler) linkFrom(r *http.Request, id int64, to, relation, note string) (any, error) {
	if h.Hooks.Links == nil {
		return nil, errs.New(errs.NotFound, "pub.error.not_found")
	}
	if _, err := h.Svc.Get(r.Context(), id, 0); err != nil {
		return nil, err
	}
	in, err := h.Svc.NewLink(id, to, relation, note)
	if err != nil {
		return nil, err
	}
	return h.Hooks.Links.Add(r.Context(), in, reader(r))
}

func (h *Handler) deleteLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	lid, err := pathID(r, "link")
	if err != nil {
		return err
	}
	if h.Hooks.Links == nil {
		return notFound()
	}
	if err := h.Hooks.Links.Delete(r.Context(), lid, reader(r)); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), "pub.edit.link_removed")
	return nil
}

func (h *Handler) delete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	if err := h.Svc.Delete(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/publications", "pub.edit.deleted")
	return nil
}

// --- series ---

var seriesFields = []string{"title_en", "title_fr", "title_es", "issn", "publisher", "description", "revision"}

func seriesFromForm(f *web.Form) publishing.Series {
	v := f.Values
	rev, _ := strconv.ParseInt(v["revision"], 10, 64)
	return publishing.Series{Titles: map[string]string{"en": v["title_en"], "fr": v["title_fr"], "es": v["title_es"]},
		ISSN: v["issn"], Publisher: v["publisher"], Description: v["description"], Revision: rev}
}

type seriesEditView struct{ Title, Action string }

func (h *Handler) seriesNew(w http.ResponseWriter, r *http.Request) error {
	h.Web.Render(w, r, "pub_series_edit", web.Page{Title: "pub.edit.series_new", Data: seriesEditView{"pub.edit.series_new", "/series"}, Form: web.NewForm()})
	return nil
}

func (h *Handler) seriesEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "series")
	if err != nil {
		return err
	}
	s, err := h.Svc.Series(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm()
	for k, v := range map[string]string{"title_en": s.Titles["en"], "title_fr": s.Titles["fr"], "title_es": s.Titles["es"], "issn": s.ISSN,
		"publisher": s.Publisher, "description": s.Description, "revision": strconv.FormatInt(s.Revision, 10)} {
		f.Values[k] = v
	}
	h.Web.Render(w, r, "pub_series_edit", web.Page{Title: "pub.edit.series_edit", Data: seriesEditView{"pub.edit.series_edit", r.URL.Path[:len(r.URL.Path)-len("/edit")]}, Form: f})
	return nil
}

func (h *Handler) seriesCreate(w http.ResponseWriter, r *http.Request) error {
	return h.seriesSave(w, r, 0)
}

func (h *Handler) seriesUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "series")
	if err != nil {
		return err
	}
	return h.seriesSave(w, r, id)
}

func (h *Handler) seriesSave(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, seriesFields...)
	in := seriesFromForm(f)
	in.ID = id
	s, err := h.Svc.SaveSeries(r.Context(), in)
	if err != nil {
		v := seriesEditView{"pub.edit.series_new", "/series"}
		if id != 0 {
			v = seriesEditView{"pub.edit.series_edit", "/series/" + strconv.FormatInt(id, 10)}
		}
		return h.Web.RenderFormError(w, r, "pub_series_edit", web.Page{Title: v.Title, Data: v, Form: f}, err)
	}
	h.Web.Redirect(w, r, "/series/"+strconv.FormatInt(s.ID, 10), "pub.edit.saved")
	return nil
}

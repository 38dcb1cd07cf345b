package dataweb

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/errs"
	"corridor/internal/jobs"
	"corridor/internal/web"
)

type importData struct {
	Formats []importers.Format
	Jobs    []jobs.Job
	Header  string
	Max     int64
}

func (h *Handlers) importPage(w http.ResponseWriter, r *http.Request, f *web.Form, err error) error {
	mine, jerr := h.S.ImportJobs(r.Context())
	if jerr != nil {
		return jerr
	}
	d := importData{Formats: importers.Formats(), Jobs: mine, Header: strings.Join(importers.TidyHeader, ","), Max: data.MaxUpload >> 20}
	p := web.Page{Title: "data.import.title", Data: d, Form: f}
	if err != nil {
		return h.Web.RenderFormError(w, r, "data_import", p, err)
	}
	h.Web.Render(w, r, "data_import", p)
	return nil
}

func (h *Handlers) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.importPage(w, r, nil, nil)
}

func (h *Handlers) importUpload(w http.ResponseWriter, r *http.Request) error {
	form := web.NewForm()
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return errs.New(errs.TooLarge, "error.body_too_large")
		}
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.upload", Fields: map[string]string{"file": "data.error.upload"}})
	}
	for _, k := range []string{"format", "release", "title", "strict"} {
		form.Values[k] = r.FormValue(k)
	}
	f, ok := importers.Lookup(form.Values["format"])
	if !ok {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.format", Fields: map[string]string{"format": "data.error.format"}})
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.upload", Fields: map[string]string{"file": "data.error.upload"}})
	}
	defer file.Close()
	name := cleanFileName(hdr.Filename)
	if err := f.Check(importers.Input{Name: name, R: file, Size: hdr.Size}); err != nil {
		return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: err.Error(), Fields: map[string]string{"file": err.Error()}})
	}
	if importers.IsTidy(f.Name) {
		return h.stageTidy(w, r, f, form, name, file.(io.ReaderAt), hdr.Size)
	}
	user := web.UserFrom(r.Context())
	p := data.ImportPayload{Format: f.Name, FileName: name, Release: strings.TrimSpace(form.Values["release"]), Title: strings.TrimSpace(form.Values["title"]), Strict: form.Values["strict"] != "", UserID: user.ID}
	if err := h.S.QueueUpload(r.Context(), p, file.(io.ReaderAt), hdr.Size); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

func cleanFileName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	if i := strings.LastIndex(n, "/"); i >= 0 {
		n = n[i+1:]
	}
	if len(n) > 200 {
		n = n[:200]
	}
	if n == "" {
		n = "upload"
	}
	return n
}

func (h *Handlers) rerun(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	if err := h.S.QueueRerun(r.Context(), id, web.UserFrom(r.Context()).ID); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

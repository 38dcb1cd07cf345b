package lawweb

// The form adding a dated language version of an instrument: pasted
// Markdown or an uploaded Akoma Ntoso file.

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// maxVersionBody bounds a version form's request: the largest Akoma Ntoso
// file plus the other fields and the multipart framing.
const maxVersionBody = lawdb.MaxVersionAKN + 1<<20

type versionFormData struct {
	Inst     *lawdb.Instrument
	Versions []lawdb.Version
	MaxMD    int
	MaxAKN   int
	// Action is where the form posts; Heading its title (a catalog key).
	Action, Heading string
	// Replace is the version a corrected text replaces (nil: a new one).
	Replace *lawdb.VersionRef
}

// versionData is the data of the version form: a new version, or a
// corrected text for replace when it is not nil.
func (h *Handler) versionData(r *http.Request, inst *lawdb.Instrument, replace *lawdb.VersionRef) (versionFormData, error) {
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	d := versionFormData{Inst: inst, Versions: vs, MaxMD: lawdb.MaxVersionMarkdown >> 20, MaxAKN: lawdb.MaxVersionAKN >> 20,
		Action: "/law/instruments/" + url.PathEscape(inst.Slug) + "/versions", Heading: "law.version.title", Replace: replace}
	if replace != nil {
		d.Action += "/" + strconv.FormatInt(replace.ID, 10) + "/replace"
		d.Heading = "law.version.replace_title"
	}
	return d, err
}

func (h *Handler) versionForm(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.Store.Instrument(r.Context(), r.PathValue("instrument"))
	if err != nil {
		return lawdb.NotFound(err)
	}
	d, err := h.versionData(r, inst, nil)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["format"] = "markdown"
	f.Values["language"] = web.LangFrom(r.Context())
	h.Web.Render(w, r, "law_edit_version", web.Page{Title: d.Heading, Data: d, Form: f})
	return nil
}

// parseVersionForm reads a urlencoded or multipart version form and the
// uploaded file (nil when none).
func parseVersionForm(r *http.Request) ([]byte, string, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return nil, "", web.ParseForm(r)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return nil, "", errs.New(errs.TooLarge, "error.body_too_large")
		}
		return nil, "", &errs.Error{Kind: errs.Invalid, Message: "error.form_invalid", Err: err}
	}
	file, hdr, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", &errs.Error{Kind: errs.Invalid, Message: "error.form_invalid", Err: err}
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, lawdb.MaxVersionAKN+1))
	if err != nil {
		return nil, "", err
	}
	name := hdr.Filename
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return b, name, nil
}

// versionInput reads a posted version form (urlencoded or multipart) into
// the store's input; the Akoma Ntoso XML is never kept in the form, so it
// is not echoed back.
func versionInput(r *http.Request, instrument string) (*web.Form, lawdb.NewVersion, error) {
	file, name, err := parseVersionForm(r)
	if err != nil {
		return nil, lawdb.NewVersion{}, err
	}
	f := web.FormFrom(r, "format", "language", "valid_from", "title", "text")
	nv := lawdb.NewVersion{Instrument: instrument, Language: f.Values["language"], ValidFrom: f.Values["valid_from"], Title: f.Values["title"], Format: f.Values["format"]}
	if nv.Format == "akn" {
		nv.Text, nv.FileName = file, name
		if file == nil {
			nv.Text = []byte(f.Values["text"])
		}
		f.Values["text"] = "" // the XML is never echoed back
	} else {
		nv.Text = []byte(f.Values["text"])
	}
	return f, nv, nil
}

// versionFormError re-renders the version form with a store error.
func (h *Handler) versionFormError(w http.ResponseWriter, r *http.Request, inst *lawdb.Instrument, replace *lawdb.VersionRef, f *web.Form, err error) error {
	d, derr := h.versionData(r, inst, replace)
	if derr != nil {
		return derr
	}
	return h.Web.RenderFormError(w, r, "law_edit_version", web.Page{Title: d.Heading, Data: d, Form: f}, h.explain(r, err))
}

// redirectToVersion shows the instrument's text as of a version.
func (h *Handler) redirectToVersion(w http.ResponseWriter, r *http.Request, inst *lawdb.Instrument, vid int64, flash string) error {
	vs, err := h.Store.Versions(r.Context(), inst.ID)
	if err != nil {
		return err
	}
	to := "/law/instruments/" + url.PathEscape(inst.Slug)
	for _, v := range vs {
		if v.ID == vid {
			to += "?" + url.Values{"on": {v.ValidFrom}, "lang": {v.Language}}.Encode()
		}
	}
	h.Web.Redirect(w, r, to, flash)
	return nil
}

func (h *Handler) versionCreate(w http.ResponseWriter, r *http.Request) error {
	inst, err := h.pathInstrument(r)
	if err != nil {
		return err
	}
	f, nv, err := versionInput(r, inst.Slug)
	if err != nil {
		return err
	}
	vid, err := h.Store.AddVersion(r.Context(), nv)
	if err != nil {
		return h.versionFormError(w, r, inst, nil, f, err)
	}
	return h.redirectToVersion(w, r, inst, vid, "law.version.saved")
}

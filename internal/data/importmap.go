package data

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/data/importers"
	"corridor/internal/data/xlsx"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/jobs"
	"corridor/internal/web"
)

// PreviewRows is how many rows the mapping form shows.
const PreviewRows = 10

// uploadPrefix is where staged uploads wait for their mapping.
const uploadPrefix = "data/uploads/"

// stageTidy keeps an uploaded tidy file and sends the curator to the
// mapping form. The kept file is recorded in the audit log.
func (h *Handlers) stageTidy(w http.ResponseWriter, r *http.Request, f importers.Format, form *web.Form, name string, content io.ReaderAt, size int64) error {
	id := randomHex()
	key := uploadPrefix + id
	if _, err := h.S.Blobs.Put(r.Context(), key, "application/octet-stream", io.NewSectionReader(content, 0, size)); err != nil {
		return err
	}
	err := h.S.DB.InTx(r.Context(), func(tx db.Tx) error {
		return audit.Record(r.Context(), tx, "data.import.upload", "upload", id, nil, map[string]any{"format": f.Name, "file": name, "size": size})
	})
	if err != nil {
		h.S.Blobs.Delete(context.WithoutCancel(r.Context()), key)
		return err
	}
	q := url.Values{"upload": {id}, "format": {f.Name}, "name": {name}}
	for _, k := range []string{"release", "title", "strict"} {
		if v := strings.TrimSpace(form.Values[k]); v != "" {
			q.Set(k, v)
		}
	}
	http.Redirect(w, r, "/data/import/map?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// mapData is the mapping form: the file's first rows and the choices.
type mapData struct {
	Preview  *importers.Preview
	Columns  []mapColumn
	Targets  []mapTarget
	Format   string
	IsXLSX   bool
	Max      int
	Sexes    []string
	Required map[string]bool
}

type mapColumn struct {
	Index int
	Label string
}

type mapTarget struct {
	Name     string
	Required bool
	Const    bool // sex and measure may be a constant instead
}

var mapTargets = []mapTarget{
	{"origin", true, false}, {"destination", true, false}, {"year", true, false},
	{"sex", false, true}, {"measure", false, true}, {"value", true, false}, {"flag", false, false},
}

func validUploadID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// openStaged reads the preview of a staged upload.
func (h *Handlers) openStaged(ctx context.Context, id, format, name, sheet string) (*importers.Preview, importers.Format, error) {
	f, ok := importers.Lookup(format)
	if !ok || !importers.IsTidy(format) || !validUploadID(id) || h.S.Blobs == nil {
		return nil, f, errs.New(errs.NotFound, "data.error.no_upload")
	}
	tmp, size, err := h.S.blobToTemp(ctx, uploadPrefix+id)
	if err != nil {
		return nil, f, errs.New(errs.NotFound, "data.error.no_upload")
	}
	defer tmp.close()
	p, err := importers.ReadPreview(importers.Input{Name: name, R: tmp.f, Size: size}, f.Kind, sheet, PreviewRows)
	if err != nil {
		return nil, f, invalid(err)
	}
	return p, f, nil
}

func (h *Handlers) mapPage(w http.ResponseWriter, r *http.Request, form *web.Form, ferr error) error {
	p, f, err := h.openStaged(r.Context(), form.Values["upload"], form.Values["format"], form.Values["name"], form.Values["sheet"])
	if err != nil {
		if errs.KindOf(err) == errs.Invalid && ferr == nil {
			// The file cannot be read (a sheet that is not there…): say so on the form.
			return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: err.Error(), Fields: map[string]string{"file": err.Error()}})
		}
		return err
	}
	d := mapData{Preview: p, Format: f.Name, IsXLSX: f.Kind == "xlsx", Targets: mapTargets, Sexes: []string{"total", "male", "female"}}
	for i := 0; i < p.Columns; i++ {
		label := strconv.Itoa(i + 1)
		if d.IsXLSX {
			label = xlsx.ColumnName(i)
		}
		if name := strings.TrimSpace(p.Header[i]); name != "" {
			label += " · " + name
		}
		d.Columns = append(d.Columns, mapColumn{Index: i, Label: label})
	}
	if form.Values["sheet"] == "" {
		form.Values["sheet"] = p.Sheet
	}
	if form.Values["mapped"] == "" { // first visit: the detected mapping
		m := importers.DetectMapping(p.Header)
		for _, t := range importers.MapTargets {
			if c := m.Column(t); c >= 0 {
				form.Values["map_"+t] = strconv.Itoa(c)
			}
		}
		form.Values["const_sex"] = m.SexConst
	}
	page := web.Page{Title: "data.map.title", Data: d, Form: form}
	if ferr != nil {
		return h.Web.RenderFormError(w, r, "data_import_map", page, ferr)
	}
	h.Web.Render(w, r, "data_import_map", page)
	return nil
}

var mapFields = []string{"upload", "format", "name", "release", "title", "strict", "sheet", "mapped",
	"map_origin", "map_destination", "map_year", "map_sex", "map_measure", "map_value", "map_flag", "const_sex", "const_measure"}

func (h *Handlers) importMapForm(w http.ResponseWriter, r *http.Request) error {
	form := web.NewForm()
	q := r.URL.Query()
	for _, k := range mapFields {
		form.Values[k] = strings.TrimSpace(q.Get(k))
	}
	return h.mapPage(w, r, form, nil)
}

// MappingFromForm reads the mapping form's fields. Columns are given as
// 0-based numbers; an empty choice is "not in the file".
func MappingFromForm(v map[string]string) (importers.Mapping, map[string]string) {
	m := importers.Mapping{Sheet: v["sheet"], SexConst: strings.ToLower(strings.TrimSpace(v["const_sex"])), MeasureConst: strings.ToLower(strings.TrimSpace(v["const_measure"]))}
	bad := map[string]string{}
	for _, t := range importers.MapTargets {
		s := strings.TrimSpace(v["map_"+t])
		col := -1
		if s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				bad["map_"+t] = "data.error.map_column"
			} else {
				col = n
			}
		}
		m.SetColumn(t, col)
	}
	return m, bad
}

func (h *Handlers) importMap(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	form := web.FormFrom(r, mapFields...)
	form.Values["mapped"] = "1"
	p, f, err := h.openStaged(r.Context(), form.Values["upload"], form.Values["format"], form.Values["name"], form.Values["sheet"])
	if err != nil {
		if errs.KindOf(err) == errs.Invalid {
			return h.importPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: err.Error(), Fields: map[string]string{"file": err.Error()}})
		}
		return err
	}
	m, bad := MappingFromForm(form.Values)
	for k, v := range m.Validate(p.Columns) {
		if _, set := bad[k]; !set {
			bad[k] = v
		}
	}
	if len(bad) > 0 {
		return h.mapPage(w, r, form, &errs.Error{Kind: errs.Invalid, Message: "data.error.mapping", Fields: bad})
	}
	user := web.UserFrom(r.Context())
	pl := importPayload{Format: f.Name, BlobKey: uploadPrefix + form.Values["upload"], FileName: cleanFileName(form.Values["name"]),
		Release: form.Values["release"], Title: form.Values["title"], Strict: form.Values["strict"] != "", UserID: user.ID, Mapping: &m}
	err = h.S.DB.InTx(r.Context(), func(tx db.Tx) error {
		id, err := jobs.Enqueue(r.Context(), tx, JobImport, pl)
		if err != nil {
			return err
		}
		return audit.Record(r.Context(), tx, "data.import.queue", "job", id, nil, pl)
	})
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

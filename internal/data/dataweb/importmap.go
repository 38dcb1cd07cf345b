package dataweb

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/data/xlsx"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// stageTidy keeps an uploaded tidy file and sends the curator to the
// mapping form. The kept file is recorded in the audit log.
func (h *Handlers) stageTidy(w http.ResponseWriter, r *http.Request, f importers.Format, form *web.Form, name string, content io.ReaderAt, size int64) error {
	id, err := h.S.StageUpload(r.Context(), f.Name, name, content, size)
	if err != nil {
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

func (h *Handlers) mapPage(w http.ResponseWriter, r *http.Request, form *web.Form, ferr error) error {
	p, f, err := h.S.StagedPreview(r.Context(), form.Values["upload"], form.Values["format"], form.Values["name"], form.Values["sheet"])
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
	p, f, err := h.S.StagedPreview(r.Context(), form.Values["upload"], form.Values["format"], form.Values["name"], form.Values["sheet"])
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
	pl := data.ImportPayload{Format: f.Name, FileName: cleanFileName(form.Values["name"]), Release: form.Values["release"],
		Title: form.Values["title"], Strict: form.Values["strict"] != "", UserID: web.UserFrom(r.Context()).ID, Mapping: &m}
	if err := h.S.QueueStaged(r.Context(), form.Values["upload"], pl); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/data/import", "data.flash.queued")
	return nil
}

package pubweb

import (
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

// editRoutes are the editors' forms: publications, versions, files,
// access, links, withdrawal and series.
func (h *Handler) editRoutes() []web.Route {
	ed := accounts.PermEditPublications
	return []web.Route{
		{Method: "GET", Pattern: "/publications/new", Perm: ed, Handler: h.newForm},
		{Method: "POST", Pattern: "/publications", Perm: ed, Handler: h.create},
		{Method: "GET", Pattern: "/publications/{publication}/edit", Perm: ed, Handler: h.editForm},
		{Method: "POST", Pattern: "/publications/{publication}", Perm: ed, Handler: h.update},
		{Method: "GET", Pattern: "/publications/{publication}/versions/new", Perm: ed, Handler: h.versionForm},
		{Method: "POST", Pattern: "/publications/{publication}/versions", Perm: ed, Handler: h.createVersion},
		{Method: "POST", Pattern: "/publications/{publication}/files", Perm: ed, Handler: h.upload, MaxBody: maxUpload},
		{Method: "POST", Pattern: "/publications/{publication}/files/{file}/access", Perm: ed, Handler: h.setAccess},
		{Method: "POST", Pattern: "/publications/{publication}/links", Perm: ed, Handler: h.addLink},
		{Method: "POST", Pattern: "/publications/{publication}/links/{link}/delete", Perm: ed, Handler: h.deleteLink},
		{Method: "POST", Pattern: "/publications/{publication}/delete", Perm: ed, Handler: h.delete},
		{Method: "GET", Pattern: "/series/new", Perm: ed, Handler: h.seriesNew},
		{Method: "POST", Pattern: "/series", Perm: ed, Handler: h.seriesCreate},
		{Method: "GET", Pattern: "/series/{series}/edit", Perm: ed, Handler: h.seriesEdit},
		{Method: "POST", Pattern: "/series/{series}", Perm: ed, Handler: h.seriesUpdate},
	}
}

var pubFields = []string{"type", "title_en", "title_fr", "title_es", "abstract_en", "abstract_fr", "abstract_es", "authors", "series_id", "number",
	"date", "language", "licence", "keywords", "topics", "countries", "publisher", "place", "container", "volume", "issue", "pages", "isbn", "doi", "revision", "note"}

type editView struct {
	Title    string
	Action   string
	Series   []publishing.Series
	Types    []publishing.Type
	Licences []string
	Lang     string
	Version  bool
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseAuthors reads one author a line: "Family, Given | ORCID |
// affiliation | ROR | *" (the star marks the corresponding author).
func parseAuthors(s string) []publishing.Author {
	var out []publishing.Author
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		for len(parts) < 5 {
			parts = append(parts, "")
		}
		family, given, _ := strings.Cut(parts[0], ",")
		out = append(out, publishing.Author{Family: strings.TrimSpace(family), Given: strings.TrimSpace(given), ORCID: strings.TrimSpace(parts[1]),
			Affiliation: strings.TrimSpace(parts[2]), ROR: strings.TrimSpace(parts[3]), Corresponding: strings.TrimSpace(parts[4]) == "*"})
	}
	return out
}

func formatAuthors(as []publishing.Author) string {
	var lines []string
	for _, a := range as {
		l := a.Family
		if a.Given != "" {
			l += ", " + a.Given
		}
		star := ""
		if a.Corresponding {
			star = "*"
		}
		l += " | " + a.ORCID + " | " + a.Affiliation + " | " + a.ROR + " | " + star
		lines = append(lines, strings.TrimRight(l, " |"))
	}
	return strings.Join(lines, "\n")
}

func metaFromForm(f *web.Form) publishing.Meta {
	v := f.Values
	series, _ := strconv.ParseInt(v["series_id"], 10, 64)
	return publishing.Meta{
		Type:      publishing.Type(v["type"]),
		Titles:    map[string]string{"en": v["title_en"], "fr": v["title_fr"], "es": v["title_es"]},
		Abstracts: map[string]string{"en": v["abstract_en"], "fr": v["abstract_fr"], "es": v["abstract_es"]},
		Authors:   parseAuthors(v["authors"]), SeriesID: series, Number: v["number"], Date: v["date"], Language: v["language"],
		Licence: v["licence"], Keywords: splitComma(v["keywords"]), Topics: splitComma(v["topics"]), Countries: splitComma(v["countries"]),
		Publisher: v["publisher"], Place: v["place"], Container: v["container"], Volume: v["volume"], Issue: v["issue"], Pages: v["pages"],
		ISBN: v["isbn"], DOI: v["doi"],
	}
}

func formFromMeta(m *publishing.Meta, revision int64) *web.Form {
	f := web.NewForm()
	for k, v := range map[string]string{"type": string(m.Type), "title_en": m.Titles["en"], "title_fr": m.Titles["fr"], "title_es": m.Titles["es"],
		"abstract_en": m.Abstracts["en"], "abstract_fr": m.Abstracts["fr"], "abstract_es": m.Abstracts["es"], "authors": formatAuthors(m.Authors),
		"series_id": strconv.FormatInt(m.SeriesID, 10), "number": m.Number, "date": m.Date, "language": m.Language, "licence": m.Licence,
		"keywords": strings.Join(m.Keywords, ", "), "topics": strings.Join(m.Topics, ", "), "countries": strings.Join(m.Countries, ", "),
		"publisher": m.Publisher, "place": m.Place, "container": m.Container, "volume": m.Volume, "issue": m.Issue, "pages": m.Pages,
		"isbn": m.ISBN, "doi": m.DOI, "revision": strconv.FormatInt(revision, 10)} {
		f.Values[k] = v
	}
	return f
}

func (h *Handler) editPage(r *http.Request, title, action string, version bool) (*editView, error) {
	all, err := h.Svc.AllSeries(r.Context())
	if err != nil {
		return nil, err
	}
	return &editView{Title: title, Action: action, Series: all, Types: publishing.Types, Licences: publishing.Licences, Lang: lang(r), Version: version}, nil
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.editPage(r, "pub.edit.new", "/publications", false)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values["type"], f.Values["language"], f.Values["licence"] = "working-paper", "en", "CC-BY-4.0"
	f.Values["date"] = h.Svc.Now().Format("2006-01-02")
	h.Web.Render(w, r, "pub_edit", web.Page{Title: v.Title, Data: v, Form: f})
	return nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, pubFields...)
	id, err := h.Svc.Create(r.Context(), metaFromForm(f), userID(r))
	if err != nil {
		v, verr := h.editPage(r, "pub.edit.new", "/publications", false)
		if verr != nil {
			return verr
		}
		return h.Web.RenderFormError(w, r, "pub_edit", web.Page{Title: v.Title, Data: v, Form: f}, err)
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), "pub.edit.created")
	return nil
}

func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) error {
	return h.metaForm(w, r, false)
}

func (h *Handler) versionForm(w http.ResponseWriter, r *http.Request) error {
	return h.metaForm(w, r, true)
}

func (h *Handler) metaForm(w http.ResponseWriter, r *http.Request, version bool) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	p, err := h.Svc.Get(r.Context(), id, 0)
	if err != nil {
		return err
	}
	title, action := "pub.edit.edit", "/publications/"+strconv.FormatInt(id, 10)
	if version {
		title, action = "pub.edit.new_version", action+"/versions"
	}
	v, err := h.editPage(r, title, action, version)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "pub_edit", web.Page{Title: v.Title, Data: v, Form: formFromMeta(&p.Meta, p.Revision)})
	return nil
}

func (h *Handler) update(w http.ResponseWriter, r *http.Request) error {
	return h.saveMeta(w, r, false)
}

func (h *Handler) createVersion(w http.ResponseWriter, r *http.Request) error {
	return h.saveMeta(w, r, true)
}

// saveMeta corrects the latest version (with the revision the form was
// read at: a save over someone else's is refused and the form shown
// again) or adds a new version.
func (h *Handler) saveMeta(w http.ResponseWriter, r *http.Request, version bool) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, pubFields...)
	m := metaFromForm(f)
	flash := "pub.edit.saved"
	if version {
		_, err = h.Svc.NewVersion(r.Context(), id, m, f.Values["note"], userID(r))
		flash = "pub.edit.version_added"
	} else {
		rev, perr := strconv.ParseInt(f.Values["revision"], 10, 64)
		if perr != nil {
			return errs.Fields{"revision": "pub.error.stale"}.Err()
		}
		err = h.Svc.Update(r.Context(), id, m, rev)
	}
	if err != nil {
		title, action := "pub.edit.edit", "/publications/"+strconv.FormatInt(id, 10)
		if version {
			title, action = "pub.edit.new_version", action+"/versions"
		}
		v, verr := h.editPage(r, title, action, version)
		if verr != nil {
			return verr
		}
		if errs.KindOf(err) == errs.Conflict {
			// Show what is saved now, with its revision, and say why.
			if p, gerr := h.Svc.Get(r.Context(), id, 0); gerr == nil {
				f = formFromMeta(&p.Meta, p.Revision)
			}
		}
		return h.Web.RenderFormError(w, r, "pub_edit", web.Page{Title: v.Title, Data: v, Form: f}, err)
	}
	h.Web.Redirect(w, r, "/publications/"+strconv.FormatInt(id, 10), flash)
	return nil
}

func userID(r *http.Request) int64 {
	if u := web.UserFrom(r.Context()); u != nil {
		return u.ID
	}
	return 0
}

package lawweb

// An instrument's versions: the diff between two of them and the Akoma
// Ntoso export of one.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/law/akn"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawtext"
	"corridor/internal/web"
)

type diffData struct {
	Inst      *lawdb.Instrument
	Versions  []lawdb.Version
	From, To  *lawdb.Version
	Changes   []lawtext.ArticleChange
	Unchanged int
	Summary   lawtext.VersionChanges
	// Inline shows each provision's changes in one column instead of the
	// two versions side by side; ViewHref is the link to the other view.
	Inline          bool
	ViewHref        string
	Slug            string
	FromID, ToID    int64
	NoVersionsToCmp bool
}

func versionByID(vs []lawdb.Version, s string) (*lawdb.Version, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "law.error.bad_version", Fields: map[string]string{"version": "law.error.bad_version"}}
	}
	for i := range vs {
		if vs[i].ID == id {
			return &vs[i], nil
		}
	}
	return nil, &errs.Error{Kind: errs.NotFound, Message: "law.error.unknown_version"}
}

func (h *Handler) diff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, vs, err := h.pathInstrumentVersions(r)
	if err != nil {
		return err
	}
	d := diffData{Inst: inst, Versions: vs, Slug: inst.Slug}
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" && len(vs) >= 2 {
		d.From, d.To = &vs[len(vs)-2], &vs[len(vs)-1]
	} else if len(vs) >= 1 {
		if d.From, err = versionByID(vs, q.Get("from")); err != nil {
			return err
		}
		if d.To, err = versionByID(vs, q.Get("to")); err != nil {
			return err
		}
	}
	if d.From == nil || d.To == nil {
		d.NoVersionsToCmp = true
	} else {
		d.FromID, d.ToID = d.From.ID, d.To.ID
		a, err := h.Store.Document(ctx, d.From.ID)
		if err != nil {
			return err
		}
		b, err := h.Store.Document(ctx, d.To.ID)
		if err != nil {
			return err
		}
		all := lawtext.DiffProvisions(a, b)
		d.Summary = lawtext.Summarize(all)
		for _, c := range all {
			if c.Status == lawtext.Unchanged {
				d.Unchanged++
				continue
			}
			d.Changes = append(d.Changes, c)
		}
	}
	d.Inline = q.Get("view") == "inline"
	other := url.Values{}
	if d.From != nil && d.To != nil {
		other.Set("from", strconv.FormatInt(d.From.ID, 10))
		other.Set("to", strconv.FormatInt(d.To.ID, 10))
	}
	if !d.Inline {
		other.Set("view", "inline")
	}
	d.ViewHref = "/law/instruments/" + url.PathEscape(inst.Slug) + "/diff?" + other.Encode()
	h.Web.Render(w, r, "law_diff", web.Page{Title: "law.diff.title", Data: d})
	return nil
}

func (h *Handler) aknExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	inst, vs, err := h.pathInstrumentVersions(r)
	if err != nil {
		return err
	}
	var v *lawdb.Version
	if s := r.URL.Query().Get("version"); s != "" {
		if v, err = versionByID(vs, s); err != nil {
			return err
		}
	} else if v = lawdb.VersionOn(vs, r.URL.Query().Get("lang"), ""); v == nil {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.no_text"}
	}
	doc, err := h.Store.Document(ctx, v.ID)
	if err != nil {
		return err
	}
	b, err := akn.Export(doc)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s.%s@%s.akn.xml", safeName(inst.Slug), v.Language, v.ValidFrom)
	w.Header().Set("Content-Type", "application/akn+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err = w.Write(b)
	return err
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

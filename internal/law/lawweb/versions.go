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

// versionChange is what changed in a version since the previous one in
// its language, for the instrument page's timeline.
type versionChange struct {
	Version  lawdb.Version
	FromID   int64
	FromDate string
	Summary  lawtext.VersionChanges
}

// maxVersionSummaries bounds the versions summed up on an instrument page
// (the latest ones), each costing two texts read and diffed.
const maxVersionSummaries = 12

// versionChanges sums up each version against the previous one in the
// same language, latest first.
func (h *Handler) versionChanges(r *http.Request, vs []lawdb.Version) ([]versionChange, error) {
	var out []versionChange
	docs := map[int64]*lawtext.Document{}
	doc := func(id int64) (*lawtext.Document, error) {
		if d, ok := docs[id]; ok {
			return d, nil
		}
		d, err := h.Store.Document(r.Context(), id)
		docs[id] = d
		return d, err
	}
	for i := len(vs) - 1; i >= 0 && len(out) < maxVersionSummaries; i-- {
		var prev *lawdb.Version
		for j := range vs {
			if vs[j].Language == vs[i].Language && vs[j].ValidFrom < vs[i].ValidFrom && (prev == nil || vs[j].ValidFrom > prev.ValidFrom) {
				prev = &vs[j]
			}
		}
		if prev == nil {
			continue
		}
		a, err := doc(prev.ID)
		if err != nil {
			return nil, err
		}
		b, err := doc(vs[i].ID)
		if err != nil {
			return nil, err
		}
		out = append(out, versionChange{Version: vs[i], FromID: prev.ID, FromDate: prev.ValidFrom, Summary: lawtext.Summarize(lawtext.DiffProvisions(a, b))})
	}
	return out, nil
}

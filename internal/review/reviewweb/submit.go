package reviewweb

import (
	"fmt"
	"net/http"
	"strings"

	"corridor/internal/review"
	"corridor/internal/web"
)

// The submission wizard: step 1 (this file) takes the metadata, the
// authors and the declarations; step 2, on the submission's page, the
// files.

// authorRows is how many author rows the form offers.
const authorRows = 4

func submitFields() []string {
	fields := []string{"title", "abstract", "language", "keywords", "originality", "ethics", "conflicts"}
	for i := range authorRows {
		for _, k := range []string{"name", "email", "orcid", "affiliation"} {
			fields = append(fields, fmt.Sprintf("author_%s_%d", k, i))
		}
	}
	return fields
}

func (h *Handler) submitPage(w http.ResponseWriter, r *http.Request, c *review.Call, f *web.Form, err error) error {
	page := web.Page{Title: "review.submit.title", Form: f, Data: map[string]any{
		"Call": c, "Open": c.OpenOn(h.Svc.Today()), "Rows": rowIndexes(), "Langs": []string{"en", "fr", "es"}}}
	if err != nil {
		return h.Web.RenderFormError(w, r, "review_submit", page, err)
	}
	h.Web.Render(w, r, "review_submit", page)
	return nil
}

// submitForm answers GET /calls/{call}/submit.
func (h *Handler) submitForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call", "review.error.no_call")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm()
	if u := web.UserFrom(r.Context()); u != nil {
		f.Values["author_name_0"], f.Values["author_email_0"] = u.Name, u.Email
	}
	f.Values["language"] = web.LangFrom(r.Context())
	return h.submitPage(w, r, c, f, nil)
}

// submitCreate answers POST /calls/{call}/submit.
func (h *Handler) submitCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "call", "review.error.no_call")
	if err != nil {
		return err
	}
	c, err := h.Svc.Call(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, submitFields()...)
	n := review.NewSubmission{CallID: id, Title: f.Value("title"), Abstract: f.Value("abstract"), Language: f.Value("language"),
		Keywords: strings.Split(f.Value("keywords"), ","), Originality: f.Value("originality") != "", Ethics: f.Value("ethics") != "",
		Conflicts: f.Value("conflicts"), RequireDeclarations: true}
	for i := range authorRows {
		a := review.Author{Name: f.Value(fmt.Sprintf("author_name_%d", i)), Email: f.Value(fmt.Sprintf("author_email_%d", i)),
			ORCID: f.Value(fmt.Sprintf("author_orcid_%d", i)), Affiliation: f.Value(fmt.Sprintf("author_affiliation_%d", i))}
		if strings.TrimSpace(a.Name+a.Email+a.ORCID+a.Affiliation) != "" {
			n.Authors = append(n.Authors, a)
		}
	}
	s, err := h.Svc.Submit(r.Context(), actor(r), n)
	if err != nil {
		// The service names author fields authors[i].x; the form's are author_x_i.
		if e, ok := asFields(err); ok {
			for k, v := range e {
				var i int
				var field string
				if _, scanErr := fmt.Sscanf(strings.NewReplacer("[", " ", "].", " ").Replace(k), "authors %d %s", &i, &field); scanErr == nil {
					e[fmt.Sprintf("author_%s_%d", field, i)] = v
					delete(e, k)
				}
			}
		}
		return h.submitPage(w, r, c, f, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/submissions/%d", s.ID), "review.flash.submitted")
	return nil
}

func rowIndexes() []int {
	out := make([]int, authorRows)
	for i := range out {
		out[i] = i
	}
	return out
}

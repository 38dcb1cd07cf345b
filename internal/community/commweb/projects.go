package commweb

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/community"
	"corridor/internal/links"
	"corridor/internal/web"
)

var partnerFields = []string{"name", "kind", "ror", "website", "country"}

func (h *Handler) newPartnerForm(w http.ResponseWriter, r *http.Request) error {
	h.Web.Render(w, r, "comm_partner_form", web.Page{Title: "community.partner.new", Form: web.NewForm(), Data: community.PartnerKinds})
	return nil
}

func (h *Handler) createPartner(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, partnerFields...)
	_, err := h.Svc.CreatePartner(r.Context(), community.Partner{Name: f.Value("name"), Kind: f.Value("kind"), ROR: f.Value("ror"), Website: f.Value("website"), Country: f.Value("country")})
	if err != nil {
		return h.formFail(w, r, "comm_partner_form", "community.partner.new", f, community.PartnerKinds, err)
	}
	h.Web.Redirect(w, r, "/partners", "community.flash.saved")
	return nil
}

type projectsData struct {
	Projects []community.Project
	Lang     string
	CanEdit  bool
}

func (h *Handler) projects(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Projects(r.Context())
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "comm_projects", web.Page{Title: "community.projects.title", Data: projectsData{Projects: ps, Lang: lang(r), CanEdit: canEdit(r)}})
	return nil
}

type projectData struct {
	Project community.Project
	Summary string
	// Outputs are the things produced by the project (publications,
	// datasets, courses, events), read through the typed links.
	Outputs []outputView
	// Linked is everything else linking to or from the project.
	Linked, From links.Groups
	Calls        []community.Call
	CanEdit      bool
	People       []community.Person
	Partners     []community.Partner
	JSONLD       template.JS
}

func (h *Handler) project(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	p, err := h.Svc.Project(r.Context(), id)
	if err != nil {
		return err
	}
	d := projectData{Project: p, Summary: p.SummaryIn(lang(r)), CanEdit: canEdit(r)}
	if h.Links != nil {
		if d.Linked, err = h.Links.To(r.Context(), community.ProjectKey(id), reader(r)); err != nil {
			return err
		}
		for _, e := range d.Linked.Of(links.ProducedBy) {
			d.Outputs = append(d.Outputs, outputView{Thing: e.From, Kind: h.kindLabel(r, e.From.Key)})
		}
		if d.From, err = h.Links.From(r.Context(), community.ProjectKey(id), reader(r)); err != nil {
			return err
		}
	}
	if d.CanEdit {
		if d.People, err = h.Svc.People(r.Context(), community.PeopleFilter{}); err != nil {
			return err
		}
		if d.Partners, err = h.Svc.Partners(r.Context()); err != nil {
			return err
		}
	}
	ld := map[string]any{"@type": "ResearchProject", "name": p.Title}
	if d.Summary != "" {
		ld["description"] = d.Summary
	}
	if p.Starts != "" {
		ld["foundingDate"] = p.Starts
	}
	var members []map[string]any
	for _, m := range p.Members {
		members = append(members, map[string]any{"@type": "Person", "name": m.Person.Name})
	}
	if members != nil {
		ld["member"] = members
	}
	// Funders with their grants; the budget is never marked up.
	var funders []map[string]any
	for _, g := range p.Grants {
		funders = append(funders, map[string]any{"@type": "Organization", "name": g.Funder})
	}
	if funders == nil && p.Funders != "" {
		funders = append(funders, map[string]any{"@type": "Organization", "name": p.Funders})
	}
	if funders != nil {
		ld["funder"] = funders
	}
	d.JSONLD = web.JSONLD(ld)
	h.Web.Render(w, r, "comm_project", web.Page{Title: p.Title, Data: d})
	return nil
}

var projectFields = []string{"title", "summary_en", "summary_fr", "summary_es", "starts", "ends", "funders", "grants", "budget_amount", "budget_currency"}

func projectFromForm(f *web.Form) community.Project {
	return community.Project{Title: f.Value("title"), Starts: strings.TrimSpace(f.Value("starts")), Ends: strings.TrimSpace(f.Value("ends")), Funders: f.Value("funders"),
		Summary: map[string]string{"en": f.Value("summary_en"), "fr": f.Value("summary_fr"), "es": f.Value("summary_es")},
		Grants:  community.ParseGrants(f.Value("grants")),
		Budget:  community.Budget{Amount: f.Value("budget_amount"), Currency: f.Value("budget_currency")}}
}

func (h *Handler) newProjectForm(w http.ResponseWriter, r *http.Request) error {
	h.Web.Render(w, r, "comm_project_form", web.Page{Title: "community.project.new", Form: web.NewForm(), Data: projectData{}})
	return nil
}

func (h *Handler) createProject(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, projectFields...)
	p, err := h.Svc.CreateProject(r.Context(), projectFromForm(f))
	if err != nil {
		return h.formFail(w, r, "comm_project_form", "community.project.new", f, projectData{}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/projects/%d", p.ID), "community.flash.saved")
	return nil
}

func (h *Handler) editProjectForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	p, err := h.Svc.Project(r.Context(), id)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values = map[string]string{"title": p.Title, "summary_en": p.Summary["en"], "summary_fr": p.Summary["fr"], "summary_es": p.Summary["es"], "starts": p.Starts, "ends": p.Ends, "funders": p.Funders,
		"grants": community.FormatGrants(p.Grants), "budget_amount": p.Budget.Amount, "budget_currency": p.Budget.Currency}
	h.Web.Render(w, r, "comm_project_form", web.Page{Title: p.Title, Form: f, Data: projectData{Project: p, CanEdit: true}})
	return nil
}

func (h *Handler) editProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	old, err := h.Svc.Project(r.Context(), id)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, projectFields...)
	p := projectFromForm(f)
	p.ID = id
	if err := h.Svc.UpdateProject(r.Context(), p); err != nil {
		return h.formFail(w, r, "comm_project_form", old.Title, f, projectData{Project: old, CanEdit: true}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/projects/%d", id), "community.flash.saved")
	return nil
}

// projectAction runs a small form of the project page (member, partner,
// output); a bad value re-renders the page with the error.
func (h *Handler) projectAction(w http.ResponseWriter, r *http.Request, do func(id int64) error) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	if _, err := h.Svc.Project(r.Context(), id); err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	if err := do(id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/projects/%d", id), "community.flash.saved")
	return nil
}

func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return id
}

func (h *Handler) addMember(w http.ResponseWriter, r *http.Request) error {
	return h.projectAction(w, r, func(id int64) error {
		return h.Svc.AddMember(r.Context(), id, formID(r, "person"), r.PostFormValue("role"))
	})
}

func (h *Handler) addPartner(w http.ResponseWriter, r *http.Request) error {
	return h.projectAction(w, r, func(id int64) error { return h.Svc.AddProjectPartner(r.Context(), id, formID(r, "partner")) })
}

func (h *Handler) addOutput(w http.ResponseWriter, r *http.Request) error {
	return h.projectAction(w, r, func(id int64) error { return h.Svc.AddOutput(r.Context(), id, r.PostFormValue("output"), reader(r)) })
}

// outputView is an output with the name of its kind of thing.
type outputView struct {
	Thing links.Thing
	Kind  string
}

// kindLabel names a kind of thing ("Publication") when the catalog knows
// it, else shows the key's domain and kind as they are.
func (h *Handler) kindLabel(r *http.Request, k links.Key) string {
	key := "community.thing." + k.Domain + "." + k.Kind
	if h.Web.Catalog != nil && h.Web.Catalog.Has(key) {
		return h.Web.Catalog.T(lang(r), key)
	}
	return k.Domain + ":" + k.Kind
}

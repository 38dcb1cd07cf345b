package commweb

import (
	"net/http"

	"corridor/internal/community"
	"corridor/internal/links"
	"corridor/internal/web"
)

// The read-only JSON API: people, a person with their projects and what
// links to them, a project with its outputs, and the opportunities.
// Applications have no API: they stay on the pages with their checks.

func (h *Handler) apiPeople(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ps, err := h.Svc.People(r.Context(), community.PeopleFilter{Role: q.Get("role"), Topic: q.Get("topic"), Country: q.Get("country")})
	if err != nil {
		return err
	}
	if ps == nil {
		ps = []community.Person{}
	}
	return web.WriteJSON(w, http.StatusOK, ps)
}

type apiPerson struct {
	community.Person
	Projects []community.Project `json:"projects"`
	Linked   []links.Entry       `json:"linked"`
}

func (h *Handler) apiPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "person")
	if err != nil {
		return err
	}
	p, err := h.Svc.Person(r.Context(), id)
	if err != nil {
		return err
	}
	out := apiPerson{Person: p, Projects: []community.Project{}, Linked: []links.Entry{}}
	ps, err := h.Svc.ProjectsOf(r.Context(), id)
	if err != nil {
		return err
	}
	out.Projects = append(out.Projects, ps...)
	if h.Links != nil {
		g, err := h.Links.To(r.Context(), community.PersonKey(id), reader(r))
		if err != nil {
			return err
		}
		for _, gr := range g.Groups {
			out.Linked = append(out.Linked, gr.Entries...)
		}
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

type apiProject struct {
	community.Project
	Outputs []links.Thing `json:"outputs"`
}

func (h *Handler) apiProject(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "project")
	if err != nil {
		return err
	}
	p, err := h.Svc.Project(r.Context(), id)
	if err != nil {
		return err
	}
	out := apiProject{Project: p, Outputs: []links.Thing{}}
	if h.Links != nil {
		g, err := h.Links.To(r.Context(), community.ProjectKey(id), reader(r))
		if err != nil {
			return err
		}
		for _, e := range g.Of(links.ProducedBy) {
			out.Outputs = append(out.Outputs, e.From)
		}
	}
	return web.WriteJSON(w, http.StatusOK, out)
}

func (h *Handler) apiCalls(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.Calls(r.Context())
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []community.Call{}
	}
	return web.WriteJSON(w, http.StatusOK, cs)
}

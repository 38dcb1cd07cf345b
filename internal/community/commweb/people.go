package commweb

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/community"
	"corridor/internal/geo"
	"corridor/internal/links"
	"corridor/internal/web"
)

type peopleData struct {
	People    []community.Person
	Roles     []string
	Filter    community.PeopleFilter
	Topics    []string
	Countries []countryView
	Lang      string
	CanEdit   bool
}

// countryView is a country's code, its name in the reader's language and
// the data page it links to.
type countryView struct {
	Code, Name string
}

func countryViews(codes []string, lang string) []countryView {
	out := []countryView{}
	for _, c := range codes {
		v := countryView{Code: c, Name: c}
		if g, ok := geo.ByCode(c); ok {
			v.Name = g.NameIn(lang)
		}
		out = append(out, v)
	}
	return out
}

func (h *Handler) people(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := community.PeopleFilter{Role: q.Get("role"), Topic: strings.TrimSpace(q.Get("topic")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country")))}
	if f.Role != "" && !oneOf(f.Role, community.Roles) {
		f.Role = ""
	}
	if f.Country != "" && !community.ValidCountry(f.Country) {
		f.Country = ""
	}
	all, err := h.Svc.People(r.Context(), community.PeopleFilter{})
	if err != nil {
		return err
	}
	ps, err := h.Svc.People(r.Context(), f)
	if err != nil {
		return err
	}
	countries := countryViews(community.CountriesOf(all), lang(r))
	sort.SliceStable(countries, func(i, j int) bool { return countries[i].Name < countries[j].Name })
	h.Web.Render(w, r, "comm_people", web.Page{Title: "community.people.title", Data: peopleData{People: ps, Roles: community.Roles, Filter: f,
		Topics: community.Topics(all), Countries: countries, Lang: lang(r), CanEdit: canEdit(r)}})
	return nil
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

type personData struct {
	Person    community.Person
	Bio       string
	Countries []countryView
	Projects  []community.Project
	// Linked is what links to the person (publications they produced,
	// events where they speak, courses they teach), From what the person
	// links to (instruments they worked on…), both grouped by relation.
	Linked, From links.Groups
	CanEdit      bool
	JSONLD       template.JS
}

func (h *Handler) person(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "person")
	if err != nil {
		return err
	}
	p, err := h.Svc.Person(r.Context(), id)
	if err != nil {
		return err
	}
	d := personData{Person: p, Bio: p.BioIn(lang(r)), Countries: countryViews(p.Countries, lang(r)), CanEdit: h.mayEditPerson(r, p)}
	if d.Projects, err = h.Svc.ProjectsOf(r.Context(), id); err != nil {
		return err
	}
	// What links to the person: publications and talks they produced,
	// events where they speak, whatever other domains say about them.
	if h.Links != nil {
		if d.Linked, err = h.Links.To(r.Context(), community.PersonKey(id), reader(r)); err != nil {
			return err
		}
		if d.From, err = h.Links.From(r.Context(), community.PersonKey(id), reader(r)); err != nil {
			return err
		}
	}
	ld := map[string]any{"@type": "Person", "name": p.Name}
	if p.Affiliation != "" {
		ld["affiliation"] = map[string]any{"@type": "Organization", "name": p.Affiliation}
	}
	if p.ORCID != "" {
		ld["sameAs"] = "https://orcid.org/" + p.ORCID
	}
	if d.Bio != "" {
		ld["description"] = d.Bio
	}
	var knows []any
	for _, t := range p.Topics {
		knows = append(knows, t)
	}
	for _, c := range d.Countries {
		knows = append(knows, map[string]any{"@type": "Country", "name": c.Name, "identifier": c.Code})
	}
	if knows != nil {
		ld["knowsAbout"] = knows
	}
	d.JSONLD = web.JSONLD(ld)
	h.Web.Render(w, r, "comm_person", web.Page{Title: p.Name, Data: d})
	return nil
}

func (h *Handler) photo(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "person")
	if err != nil {
		return err
	}
	p, err := h.Svc.Person(r.Context(), id)
	if err != nil || p.PhotoKey == "" {
		return community.ErrNotFound
	}
	rc, _, err := h.Svc.Blobs.Get(r.Context(), p.PhotoKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(rc, community.MaxPhotoBytes)); err != nil {
		return err
	}
	// The stored photo is our own re-encoded JPEG (CleanPhoto), never the
	// uploaded bytes.
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err = w.Write(buf.Bytes())
	return err
}

// mayEditPerson: a community editor, or the account holder the profile
// belongs to.
func (h *Handler) mayEditPerson(r *http.Request, p community.Person) bool {
	return canEdit(r) || (p.UserID != 0 && p.UserID == userID(r))
}

var personFields = []string{"name", "affiliation", "orcid", "bio_en", "bio_fr", "bio_es", "visit_from", "visit_until", "host", "user_id", "topics", "countries"}

// personValues fills the person form from a stored profile.
func personValues(p community.Person) map[string]string {
	v := map[string]string{"name": p.Name, "affiliation": p.Affiliation, "orcid": p.ORCID, "bio_en": p.Bio["en"], "bio_fr": p.Bio["fr"], "bio_es": p.Bio["es"],
		"visit_from": p.VisitFrom, "visit_until": p.VisitUntil, "host": p.Host, "topics": strings.Join(p.Topics, ", "), "countries": strings.Join(p.Countries, ", ")}
	if p.UserID != 0 {
		v["user_id"] = strconv.FormatInt(p.UserID, 10)
	}
	return v
}

type personFormData struct {
	Person  community.Person
	Edit    bool
	Roles   []string
	Checked map[string]bool
	CanEdit bool
}

func personFromForm(r *http.Request, f *web.Form) community.Person {
	p := community.Person{Name: f.Value("name"), Affiliation: f.Value("affiliation"), ORCID: f.Value("orcid"), Host: f.Value("host"),
		VisitFrom: strings.TrimSpace(f.Value("visit_from")), VisitUntil: strings.TrimSpace(f.Value("visit_until")),
		Bio:    map[string]string{"en": f.Value("bio_en"), "fr": f.Value("bio_fr"), "es": f.Value("bio_es")},
		Topics: community.SplitTopics(f.Value("topics")), Countries: community.SplitCountries(f.Value("countries"))}
	p.UserID, _ = strconv.ParseInt(strings.TrimSpace(f.Value("user_id")), 10, 64)
	for _, role := range r.PostForm["roles"] {
		if role != "" {
			p.Roles = append(p.Roles, role)
		}
	}
	return p
}

func checked(roles []string) map[string]bool {
	m := map[string]bool{}
	for _, r := range roles {
		m[r] = true
	}
	return m
}

func (h *Handler) newPersonForm(w http.ResponseWriter, r *http.Request) error {
	h.Web.Render(w, r, "comm_person_form", web.Page{Title: "community.person.new", Form: web.NewForm(), Data: personFormData{Roles: community.Roles, Checked: map[string]bool{}, CanEdit: true}})
	return nil
}

func (h *Handler) createPerson(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, personFields...)
	p := personFromForm(r, f)
	created, err := h.Svc.CreatePerson(r.Context(), p)
	if err != nil {
		return h.formFail(w, r, "comm_person_form", "community.person.new", f, personFormData{Roles: community.Roles, Checked: checked(p.Roles), CanEdit: true}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/people/%d", created.ID), "community.flash.saved")
	return nil
}

func (h *Handler) editablePerson(r *http.Request) (community.Person, error) {
	id, err := pathID(r, "person")
	if err != nil {
		return community.Person{}, err
	}
	p, err := h.Svc.Person(r.Context(), id)
	if err != nil {
		return community.Person{}, err
	}
	if !h.mayEditPerson(r, p) {
		return community.Person{}, community.ErrNotFound
	}
	return p, nil
}

func (h *Handler) editPersonForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.editablePerson(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values = personValues(p)
	h.Web.Render(w, r, "comm_person_form", web.Page{Title: p.Name, Form: f, Data: personFormData{Person: p, Edit: true, Roles: community.Roles, Checked: checked(p.Roles), CanEdit: canEdit(r)}})
	return nil
}

func (h *Handler) editPerson(w http.ResponseWriter, r *http.Request) error {
	old, err := h.editablePerson(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, personFields...)
	p := personFromForm(r, f)
	p.ID = old.ID
	if !canEdit(r) {
		// The account holder edits their texts, not their roles or link.
		p.Roles, p.UserID = old.Roles, old.UserID
	}
	if err := h.Svc.UpdatePerson(r.Context(), p); err != nil {
		return h.formFail(w, r, "comm_person_form", old.Name, f, personFormData{Person: old, Edit: true, Roles: community.Roles, Checked: checked(p.Roles), CanEdit: canEdit(r)}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/people/%d", p.ID), "community.flash.saved")
	return nil
}

func (h *Handler) uploadPhoto(w http.ResponseWriter, r *http.Request) error {
	p, err := h.editablePerson(r)
	if err != nil {
		return err
	}
	if err := parseMultipart(r); err != nil {
		return err
	}
	doc, err := readDoc(r, "photo", community.MaxPhotoBytes)
	if err != nil {
		return err
	}
	clean, err := community.CleanPhoto(doc.Name, doc.Body)
	if err == nil {
		err = h.Svc.SetPhoto(r.Context(), p.ID, clean)
	}
	if err != nil {
		f := web.NewForm()
		f.Values = personValues(p)
		return h.formFail(w, r, "comm_person_form", p.Name, f, personFormData{Person: p, Edit: true, Roles: community.Roles, Checked: checked(p.Roles), CanEdit: canEdit(r)}, err)
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/people/%d", p.ID), "community.flash.photo")
	return nil
}

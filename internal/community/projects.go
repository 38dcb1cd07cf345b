package community

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/links"
)

// Partner is an organisation the institute works with.
type Partner struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	ROR     string `json:"ror,omitempty"`
	Website string `json:"website,omitempty"`
	Country string `json:"country,omitempty"`
	Sample  bool   `json:"sample"`
}

func (p *Partner) clean() error {
	bad := errs.Fields{}
	p.Name, p.Website, p.Country = strings.TrimSpace(p.Name), strings.TrimSpace(p.Website), strings.ToUpper(strings.TrimSpace(p.Country))
	if p.Name == "" {
		bad.Add("name", "community.error.required")
	} else if tooLong(p.Name, MaxName) {
		bad.Add("name", "community.error.too_long")
	}
	if !oneOf(p.Kind, PartnerKinds) {
		bad.Add("kind", "community.error.kind")
	}
	if strings.TrimSpace(p.ROR) != "" {
		if p.ROR = NormalizeROR(p.ROR); p.ROR == "" {
			bad.Add("ror", "community.error.ror")
		}
	}
	if p.Website != "" && (!strings.HasPrefix(p.Website, "https://") && !strings.HasPrefix(p.Website, "http://") || tooLong(p.Website, 500) || strings.ContainsAny(p.Website, " \"<>")) {
		bad.Add("website", "community.error.website")
	}
	if p.Country != "" && !ValidCountry(p.Country) {
		bad.Add("country", "community.error.country")
	}
	return bad.Err()
}

// CreatePartner stores a partner organisation.
func (s *Service) CreatePartner(ctx context.Context, p Partner) (_ Partner, err error) {
	defer errs.Wrap(&err, "community: create partner")
	if err := p.clean(); err != nil {
		return Partner{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO community_partners (name, kind, ror, website, country, sample, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			p.Name, p.Kind, p.ROR, p.Website, p.Country, b2i(p.Sample), s.now()).Scan(&p.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.partner.create", "community_partner", p.ID, nil, p)
	})
	return p, err
}

const partnerCols = `id, name, kind, ror, website, country, sample`

func scanPartner(row interface{ Scan(...any) error }) (Partner, error) {
	var p Partner
	var sample int
	err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.ROR, &p.Website, &p.Country, &sample)
	p.Sample = sample == 1
	return p, err
}

// Partner reads one partner.
func (s *Service) Partner(ctx context.Context, id int64) (Partner, error) {
	p, err := scanPartner(s.DB.QueryRowContext(ctx, `SELECT `+partnerCols+` FROM community_partners WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Partner{}, ErrNotFound
	}
	return p, err
}

// Partners lists the partners by name.
func (s *Service) Partners(ctx context.Context) ([]Partner, error) {
	return queryAll(ctx, s.DB, scanPartner, `SELECT `+partnerCols+` FROM community_partners ORDER BY name, id`)
}

func queryAll[T any](ctx context.Context, q db.Querier, scan func(interface{ Scan(...any) error }) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Project is a research project.
type Project struct {
	ID      int64             `json:"id"`
	Title   string            `json:"title"`
	Summary map[string]string `json:"summary"`
	Starts  string            `json:"starts,omitempty"`
	Ends    string            `json:"ends,omitempty"`
	Funders string            `json:"funders,omitempty"`
	Grants  []Grant           `json:"grants"`
	// Budget is restricted: never in JSON (the public API embeds Project);
	// pages show it to community editors and admins only.
	Budget   Budget    `json:"-"`
	Sample   bool      `json:"sample"`
	Members  []Member  `json:"members,omitempty"`
	Partners []Partner `json:"partners,omitempty"`
}

// SummaryIn is the summary in lang, else English, else any.
func (p Project) SummaryIn(lang string) string { return textIn(p.Summary, lang) }

// Member is a person's role in a project.
type Member struct {
	Person Person `json:"person"`
	Role   string `json:"role"`
}

func (p *Project) clean() error {
	bad := errs.Fields{}
	p.Title, p.Funders = strings.TrimSpace(p.Title), strings.TrimSpace(p.Funders)
	if p.Title == "" {
		bad.Add("title", "community.error.required")
	} else if tooLong(p.Title, MaxName) {
		bad.Add("title", "community.error.too_long")
	}
	for _, l := range Languages {
		if tooLong(p.Summary[l], MaxText) {
			bad.Add("summary_"+l, "community.error.too_long")
		}
	}
	if tooLong(p.Funders, 2000) {
		bad.Add("funders", "community.error.too_long")
	}
	if !validDay(p.Starts) {
		bad.Add("starts", "community.error.date")
	}
	if !validDay(p.Ends) {
		bad.Add("ends", "community.error.date")
	}
	if p.Starts != "" && p.Ends != "" && p.Ends < p.Starts {
		bad.Add("ends", "community.error.ends_before")
	}
	var ok bool
	if p.Grants, ok = cleanGrants(p.Grants); !ok {
		bad.Add("grants", "community.error.grants")
	}
	if !p.Budget.clean() {
		bad.Add("budget", "community.error.budget")
	}
	return bad.Err()
}

// CreateProject stores a project.
func (s *Service) CreateProject(ctx context.Context, p Project) (_ Project, err error) {
	defer errs.Wrap(&err, "community: create project")
	if err := p.clean(); err != nil {
		return Project{}, err
	}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO community_projects (title, summary_en, summary_fr, summary_es, starts, ends, funders, sample, created_at, updated_at, budget_amount, budget_currency)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11) RETURNING id`,
			p.Title, p.Summary["en"], p.Summary["fr"], p.Summary["es"], p.Starts, p.Ends, p.Funders, b2i(p.Sample), now, p.Budget.Amount, p.Budget.Currency).Scan(&p.ID); err != nil {
			return err
		}
		if err := writeGrants(ctx, tx, p.ID, p.Grants); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.project.create", "community_project", p.ID, nil, p.audited())
	})
	return p, err
}

// UpdateProject changes a project's texts and dates.
func (s *Service) UpdateProject(ctx context.Context, p Project) (err error) {
	defer errs.Wrap(&err, "community: update project %d", p.ID)
	if err := p.clean(); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE community_projects SET title = $1, summary_en = $2, summary_fr = $3, summary_es = $4, starts = $5, ends = $6, funders = $7, updated_at = $8,
			budget_amount = $9, budget_currency = $10 WHERE id = $11`,
			p.Title, p.Summary["en"], p.Summary["fr"], p.Summary["es"], p.Starts, p.Ends, p.Funders, s.now(), p.Budget.Amount, p.Budget.Currency, p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if err := writeGrants(ctx, tx, p.ID, p.Grants); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.project.update", "community_project", p.ID, nil, p.audited())
	})
}

const projectCols = `id, title, summary_en, summary_fr, summary_es, starts, ends, funders, sample, budget_amount, budget_currency`

func scanProject(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var en, fr, es string
	var sample int
	err := row.Scan(&p.ID, &p.Title, &en, &fr, &es, &p.Starts, &p.Ends, &p.Funders, &sample, &p.Budget.Amount, &p.Budget.Currency)
	p.Summary, p.Sample, p.Grants = map[string]string{"en": en, "fr": fr, "es": es}, sample == 1, []Grant{}
	return p, err
}

// Projects lists the projects, latest first.
func (s *Service) Projects(ctx context.Context) ([]Project, error) {
	return queryAll(ctx, s.DB, scanProject, `SELECT `+projectCols+` FROM community_projects ORDER BY starts DESC, id DESC`)
}

// Project reads a project with its members and partners.
func (s *Service) Project(ctx context.Context, id int64) (Project, error) {
	p, err := scanProject(s.DB.QueryRowContext(ctx, `SELECT `+projectCols+` FROM community_projects WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, ErrNotFound
	}
	if err != nil {
		return Project{}, err
	}
	if p.Grants, err = s.grants(ctx, id); err != nil {
		return Project{}, err
	}
	p.Members, err = queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (Member, error) {
		var m Member
		var p Person
		var roles, en, fr, es string
		var sample int
		err := row.Scan(&p.ID, &p.Name, &roles, &p.Affiliation, &p.ORCID, &en, &fr, &es, &p.PhotoKey, &p.VisitFrom, &p.VisitUntil, &p.Host, &p.UserID, &sample, &m.Role)
		p.Roles, p.HasPhoto, p.Topics, p.Countries = splitList(roles), p.PhotoKey != "", []string{}, []string{}
		m.Person = p
		return m, err
	}, `SELECT p.id, p.name, p.roles, p.affiliation, p.orcid, p.bio_en, p.bio_fr, p.bio_es, p.photo_key, p.visit_from, p.visit_until, p.host, COALESCE(p.user_id, 0), p.sample, m.role
		FROM community_project_members m JOIN community_people p ON p.id = m.person_id WHERE m.project_id = $1 ORDER BY p.name`, id)
	if err != nil {
		return Project{}, err
	}
	p.Partners, err = queryAll(ctx, s.DB, scanPartner, `SELECT p.id, p.name, p.kind, p.ror, p.website, p.country, p.sample
		FROM community_project_partners x JOIN community_partners p ON p.id = x.partner_id WHERE x.project_id = $1 ORDER BY p.name`, id)
	return p, err
}

// ProjectsOf lists the projects a person is a member of.
func (s *Service) ProjectsOf(ctx context.Context, personID int64) ([]Project, error) {
	return queryAll(ctx, s.DB, scanProject, `SELECT `+projectCols+` FROM community_projects WHERE id IN (SELECT project_id FROM community_project_members WHERE person_id = $1) ORDER BY starts DESC`, personID)
}

// AddMember puts a person on a project with a role (or changes the role).
func (s *Service) AddMember(ctx context.Context, projectID, personID int64, role string) (err error) {
	defer errs.Wrap(&err, "community: project %d: add member %d", projectID, personID)
	role = strings.TrimSpace(role)
	if role == "" || tooLong(role, 100) {
		return errs.Fields{"role": "community.error.required"}.Err()
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error { return s.addMember(ctx, tx, projectID, personID, role) })
}

func (s *Service) addMember(ctx context.Context, tx db.Tx, projectID, personID int64, role string) error {
	if _, err := s.person(ctx, tx, personID); err != nil {
		return errs.Fields{"person": "community.error.no_person"}.Err()
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM community_project_members WHERE project_id = $1 AND person_id = $2`, projectID, personID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO community_project_members (project_id, person_id, role) VALUES ($1, $2, $3)`, projectID, personID, role); err != nil {
		return err
	}
	return audit.Record(ctx, tx, "community.project.member", "community_project", projectID, nil, map[string]any{"person": personID, "role": role})
}

// AddProjectPartner records a partner of a project.
func (s *Service) AddProjectPartner(ctx context.Context, projectID, partnerID int64) (err error) {
	defer errs.Wrap(&err, "community: project %d: add partner %d", projectID, partnerID)
	if _, err := s.Partner(ctx, partnerID); err != nil {
		return errs.Fields{"partner": "community.error.no_partner"}.Err()
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM community_project_partners WHERE project_id = $1 AND partner_id = $2`, projectID, partnerID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_project_partners (project_id, partner_id) VALUES ($1, $2)`, projectID, partnerID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.project.partner", "community_project", projectID, nil, map[string]any{"partner": partnerID})
	})
}

// AddOutput records that the thing at key (a publication, dataset, course,
// event…) was produced by the project: a typed link output → produced-by
// → project, stored with its audit entry. The project page lists it
// through links.Service.To.
func (s *Service) AddOutput(ctx context.Context, projectID int64, key string, r links.Reader) (err error) {
	defer errs.Wrap(&err, "community: project %d: add output", projectID)
	l, err := s.Links.Check(ctx, links.NewLink{From: strings.TrimSpace(key), To: ProjectKey(projectID).String(), Relation: links.ProducedBy}, r)
	if err != nil {
		if e, ok := errs.As(err); ok && e.Fields != nil {
			if m, ok := e.Fields["from"]; ok {
				return errs.Fields{"output": m}.Err()
			}
		}
		return err
	}
	return s.DB.InTx(ctx, func(tx db.Tx) error {
		l.CreatedAt = s.now()
		l, err := links.Insert(ctx, tx, l)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "community.project.output", "community_project", projectID, nil, l)
	})
}

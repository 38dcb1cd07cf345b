package community

import (
	"context"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/links"
)

// LoadDemo returns the loader of the sample community: ten invented
// people (a visiting scholar among them), three partners, two projects
// whose outputs link to the publishing demo's first papers when they
// exist, and an open internship call in the style of an international
// migration law unit's internships, reviewed by reviewer@corridor.test.
// Everything is marked as sample content.
func (s *Service) LoadDemo(reg *links.Service) func(ctx context.Context, _ *db.DB) error {
	return func(ctx context.Context, _ *db.DB) error {
		now := s.Now()
		day := func(months int) string { return now.AddDate(0, months, 0).Format("2006-01-02") }
		bio := func(en, fr, es string) map[string]string { return map[string]string{"en": en, "fr": fr, "es": es} }
		people := []Person{
			{Topics: []string{"migration law", "migrants' rights"}, Countries: []string{"CHE", "ITA"}, Name: "Elena Marković (sample)", Roles: []string{"staff", "researcher"}, Affiliation: "Corridor Institute", ORCID: "0000-0002-1825-0097",
				Bio: bio("Sample profile. Heads the migration law unit; works on the protection of migrants' rights.", "Profil d'exemple. Dirige l'unité de droit de la migration.", "Perfil de ejemplo. Dirige la unidad de derecho migratorio.")},
			{Topics: []string{"labour migration", "corridors"}, Countries: []string{"MEX", "GTM", "USA"}, Name: "Tomás Herrera (sample)", Roles: []string{"researcher"}, Affiliation: "Corridor Institute",
				Bio: bio("Sample profile. Studies labour migration corridors in the Americas.", "Profil d'exemple. Étudie les corridors de migration de travail dans les Amériques.", "Perfil de ejemplo. Estudia los corredores de migración laboral en las Américas.")},
			{Topics: []string{"regional consultative processes", "asylum"}, Countries: []string{"TUN", "MAR", "LBY"}, Name: "Aïcha Benali (sample)", Roles: []string{"visiting_scholar"}, Affiliation: "Université de Tunis (sample)", VisitFrom: day(-1), VisitUntil: day(2), Host: "Migration law unit",
				Bio: bio("Sample profile. Visiting scholar working on regional consultative processes in North Africa.", "Profil d'exemple. Chercheuse invitée, travaille sur les processus consultatifs régionaux en Afrique du Nord.", "Perfil de ejemplo. Investigadora visitante; trabaja sobre los procesos consultivos regionales en el norte de África.")},
			{Topics: []string{"migration statistics", "censuses"}, Countries: []string{"JPN", "PHL"}, Name: "Kenji Watanabe (sample)", Roles: []string{"fellow"}, Affiliation: "Corridor Institute", Bio: bio("Sample profile. Research fellow in migration statistics.", "Profil d'exemple. Chercheur associé en statistiques migratoires.", "Perfil de ejemplo. Investigador asociado en estadísticas migratorias.")},
			{Topics: []string{"remittances", "development"}, Countries: []string{"GHA", "NGA"}, Name: "Grace Mensah (sample)", Roles: []string{"researcher"}, Affiliation: "Corridor Institute", Bio: bio("Sample profile. Works on remittances and development.", "Profil d'exemple. Travaille sur les envois de fonds et le développement.", "Perfil de ejemplo. Trabaja sobre remesas y desarrollo.")},
			{Topics: []string{"migration law"}, Countries: []string{"DEU"}, Name: "Lukas Brandt (sample)", Roles: []string{"intern"}, Affiliation: "Sample university", Bio: bio("Sample profile. Intern on the law database.", "Profil d'exemple. Stagiaire sur la base de données juridique.", "Perfil de ejemplo. Pasante en la base de datos jurídica.")},
			{Topics: []string{"climate mobility"}, Countries: []string{"COL", "BGD"}, Name: "Sofía Ramírez (sample)", Roles: []string{"student"}, Affiliation: "Sample university", Bio: bio("Sample profile. Master's student writing on climate mobility.", "Profil d'exemple. Étudiante de master, mobilité climatique.", "Perfil de ejemplo. Estudiante de máster; movilidad climática.")},
			{Topics: []string{"asylum", "refugee protection"}, Countries: []string{"JOR", "LBN"}, Name: "Omar Haddad (sample)", Roles: []string{"alumni", "researcher"}, Affiliation: "Sample university", Bio: bio("Sample profile. Former intern, now a researcher on asylum systems.", "Profil d'exemple. Ancien stagiaire, chercheur sur les systèmes d'asile.", "Perfil de ejemplo. Antiguo pasante, investigador de sistemas de asilo.")},
			{Topics: []string{"partnerships"}, Countries: []string{"NOR"}, Name: "Ingrid Solberg (sample)", Roles: []string{"staff"}, Affiliation: "Corridor Institute", Bio: bio("Sample profile. Coordinates the institute's partnerships.", "Profil d'exemple. Coordonne les partenariats de l'institut.", "Perfil de ejemplo. Coordina las alianzas del instituto.")},
			{Topics: []string{"migration data", "remittances"}, Countries: []string{"IND", "ARE"}, Name: "Ravi Menon (sample)", Roles: []string{"researcher"}, Affiliation: "Corridor Institute", Bio: bio("Sample profile. Works on migration data and indices.", "Profil d'exemple. Travaille sur les données et indices migratoires.", "Perfil de ejemplo. Trabaja sobre datos e índices migratorios.")},
		}
		ids := make([]int64, len(people))
		for i, p := range people {
			p.Sample = true
			created, err := s.CreatePerson(ctx, p)
			if err != nil {
				return err
			}
			ids[i] = created.ID
		}
		var partners []int64
		for _, p := range []Partner{
			{Name: "Sample University of Migration Studies", Kind: "university", Country: "NLD", Website: "https://example.org/university"},
			{Name: "Sample Intergovernmental Organisation for Mobility", Kind: "io", Country: "CHE", Website: "https://example.org/io"},
			{Name: "Sample Migrants' Rights Network", Kind: "ngo", Country: "MEX", Website: "https://example.org/ngo"},
		} {
			p.Sample = true
			created, err := s.CreatePartner(ctx, p)
			if err != nil {
				return err
			}
			partners = append(partners, created.ID)
		}
		// An agreement in force with the university and an expired one with
		// the organisation, dated from today so the states hold.
		for _, a := range []Agreement{
			{PartnerID: partners[0], Title: "Memorandum of understanding on research cooperation (sample)", Kind: "mou", Signed: day(-14), From: day(-14), Until: day(46),
				Note: "Sample content. Joint supervision of interns and an annual workshop."},
			{PartnerID: partners[1], Title: "Data sharing agreement (sample)", Kind: "data_sharing", Signed: day(-40), From: day(-39), Until: day(-3)},
		} {
			a.Sample = true
			if _, err := s.AddAgreement(ctx, a); err != nil {
				return err
			}
		}
		projects := []Project{
			{Title: "Migration Law Database (sample project)", Starts: day(-18), Ends: day(18), Grants: []Grant{{Funder: "Sample Foundation", Number: "SF-2024-017"}, {Funder: "Sample Research Council", Number: "SRC-MIG-0042"}},
				Budget: Budget{Amount: "480000.00", Currency: "EUR"},
				Summary: map[string]string{"en": "Sample content. Collects and annotates international and national migration law for researchers and policy makers.",
					"fr": "Contenu d'exemple. Rassemble et annote le droit international et national de la migration.",
					"es": "Contenido de ejemplo. Reúne y anota el derecho migratorio internacional y nacional."}},
			{Title: "Corridors and Remittances (sample project)", Starts: day(-30), Ends: day(-2), Grants: []Grant{{Funder: "Sample Research Council", Number: "SRC-2021-118"}},
				Summary: map[string]string{"en": "Sample content. Estimates migrant stocks and remittance flows along major corridors.",
					"fr": "Contenu d'exemple. Estime les stocks de migrants et les flux d'envois de fonds le long des grands corridors.",
					"es": "Contenido de ejemplo. Estima los stocks de migrantes y los flujos de remesas en los grandes corredores."}},
		}
		var projIDs []int64
		for _, p := range projects {
			p.Sample = true
			created, err := s.CreateProject(ctx, p)
			if err != nil {
				return err
			}
			projIDs = append(projIDs, created.ID)
		}
		members := []struct {
			project, person int
			role            string
		}{{0, 0, "principal investigator"}, {0, 2, "visiting scholar"}, {0, 5, "intern"}, {0, 7, "researcher"}, {1, 1, "principal investigator"}, {1, 4, "researcher"}, {1, 9, "data analyst"}}
		for _, m := range members {
			if err := s.AddMember(ctx, projIDs[m.project], ids[m.person], m.role); err != nil {
				return err
			}
		}
		for i, pid := range projIDs {
			if err := s.AddProjectPartner(ctx, pid, partners[i]); err != nil {
				return err
			}
			if err := s.AddProjectPartner(ctx, pid, partners[2]); err != nil {
				return err
			}
		}
		// Outputs: the publishing demo's first papers, and the data and
		// law samples, when those demos are loaded.
		admin := links.Reader{Role: accounts.RoleAdmin}
		outputs := map[int][]string{0: {"publishing:publication:1", "learning:course:1"}, 1: {"publishing:publication:2", "data:corridor:MEX-USA"}}
		for i, keys := range outputs {
			for _, k := range keys {
				_ = s.AddOutput(ctx, projIDs[i], k, admin) // a missing sample is skipped
			}
		}
		// Authorship: the first sample papers were produced by two of the
		// sample people, so their pages list them.
		for i, k := range []string{"publishing:publication:1", "publishing:publication:2"} {
			_, _ = reg.Add(ctx, links.NewLink{From: k, To: PersonKey(ids[i]).String(), Relation: links.ProducedBy}, admin)
		}
		// The law unit's head worked on the first sample instrument of the
		// law demo, when it is loaded.
		var slug string
		if s.DB.QueryRowContext(ctx, `SELECT slug FROM law_instruments ORDER BY id LIMIT 1`).Scan(&slug) == nil {
			_, _ = reg.Add(ctx, links.NewLink{From: PersonKey(ids[0]).String(), To: "law:instrument:" + slug, Relation: links.References}, admin)
		}
		deadline := time.Date(now.Year(), now.Month(), now.Day(), 23, 59, 59, 0, time.UTC).AddDate(0, 1, 0)
		call, err := s.CreateCall(ctx, Call{Kind: "internship", Title: "International Migration Law internship (sample call)", Sample: true,
			Description:  "Sample content modelled on an international organisation's migration law internships. The intern supports the migration law unit: research for the law database, drafting background papers, following conferences and meetings on migration law, and helping with training materials.",
			Requirements: "A university degree in law or studies towards one, with completed courses in international law and in human rights law.\nExcellent drafting and research skills.\nAbility to work in a multicultural team.",
			Languages:    "English is mandatory; French, Spanish or another language is an advantage.",
			Starts:       day(2), Ends: day(8), Deadline: deadline.Unix(), Places: 2, ProjectID: projIDs[0], Host: "Migration law unit",
			Criteria: []string{"Legal education (international and human rights law)", "Research and drafting", "Languages", "Motivation"}})
		if err != nil {
			return err
		}
		return s.AddReviewer(ctx, call.ID, "reviewer@corridor.test")
	}
}

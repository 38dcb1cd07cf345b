package learning

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/links"
)

//go:embed demo/essentials.gift
var demoBank []byte

// demoLesson is a sample lesson with the things it teaches.
type demoLesson struct {
	title, body string
	teaches     []string
}

type demoModule struct {
	title   string
	lessons []demoLesson
	quiz    string
}

type demoCourse struct {
	lang, slug, title, summary string
	modules                    []demoModule
}

// The sample course, marked as sample content, in EN, FR and ES. The
// typed links point at the law demo's 1951 Convention (law:instrument:V-2)
// and 1967 Protocol (V-5) and at the data demo's Mexico–United States
// corridor.
var demoCourses = []demoCourse{
	{"en", "essentials-of-migration-management", "Essentials of Migration Management (sample)",
		"A sample self-paced course in the style of the institute's essentials: migration concepts, international migration law and migration data. Sample content written for the demo.",
		[]demoModule{
			{"1. Migration and its vocabulary", []demoLesson{
				{"Who is a migrant?", "**Sample content.** There is no universally accepted legal definition of *migrant*. This lesson sets out the terms the course uses:\n\n- **emigration** and **immigration**;\n- **country of origin**, **transit** and **destination**;\n- **remittances**.\n\n| Term | Seen from |\n|---|---|\n| Emigration | the country left |\n| Immigration | the country reached |\n", nil},
				{"Reading a migration corridor", "**Sample content.** A *corridor* is the pair of a country of origin and a country of destination. Open the Mexico–United States corridor on Corridor's data pages and note its migrant stock over time.", []string{"data:corridor:MEX-USA"}},
			}, ""},
			{"2. International migration law", []demoLesson{
				{"Refugees and non-refoulement", "**Sample content.** The 1951 Convention relating to the Status of Refugees defines who is a refugee (Article 1) and prohibits *refoulement* (Article 33): no State shall return a refugee to a territory where their life or freedom would be threatened.", []string{"law:instrument:V-2#art_33", "law:instrument:V-2"}},
				{"The 1967 Protocol", "**Sample content.** The 1967 Protocol removed the Convention's geographical and time limits. Look at which States are parties on the treaty status page.", []string{"law:instrument:V-5"}},
			}, ""},
			{"3. Check your knowledge", []demoLesson{
				{"Before the quiz", "**Sample content.** The quiz has one question of every type: multiple choice, several answers, true/false, matching, short answer, a number and a short essay a trainer grades. You need 60% to pass; you have 30 minutes and three attempts.", nil},
			}, "Essentials quiz (sample)"},
		}},
	{"fr", "essentiels-de-la-gestion-des-migrations", "Les essentiels de la gestion des migrations (exemple)",
		"Un cours d'exemple, à votre rythme : notions de migration, droit international de la migration et données. Contenu d'exemple écrit pour la démonstration.",
		[]demoModule{
			{"1. La migration et son vocabulaire", []demoLesson{
				{"Qui est migrant ?", "**Contenu d'exemple.** Il n'existe pas de définition juridique universelle du *migrant*. Cette leçon présente les termes du cours : **émigration**, **immigration**, pays d'**origine**, de **transit** et de **destination**, **envois de fonds**.", nil},
				{"Lire un corridor migratoire", "**Contenu d'exemple.** Un *corridor* est le couple d'un pays d'origine et d'un pays de destination. Ouvrez le corridor Mexique–États-Unis dans les pages de données.", []string{"data:corridor:MEX-USA"}},
			}, ""},
			{"2. Le droit international de la migration", []demoLesson{
				{"Réfugiés et non-refoulement", "**Contenu d'exemple.** La Convention de 1951 relative au statut des réfugiés définit le réfugié (article 1) et interdit le *refoulement* (article 33).", []string{"law:instrument:V-2#art_33"}},
				{"Le Protocole de 1967", "**Contenu d'exemple.** Le Protocole de 1967 a levé les limites géographiques et temporelles de la Convention.", []string{"law:instrument:V-5"}},
			}, ""},
			{"3. Vérifiez vos connaissances", []demoLesson{
				{"Avant le quiz", "**Contenu d'exemple.** Le quiz compte une question de chaque type. Il faut 60 % pour réussir ; vous avez 30 minutes et trois tentatives.", nil},
			}, "Quiz des essentiels (exemple)"},
		}},
	{"es", "esenciales-de-la-gestion-de-la-migracion", "Fundamentos de la gestión de la migración (ejemplo)",
		"Un curso de ejemplo a su ritmo: conceptos de migración, derecho internacional de la migración y datos. Contenido de ejemplo escrito para la demostración.",
		[]demoModule{
			{"1. La migración y su vocabulario", []demoLesson{
				{"¿Quién es migrante?", "**Contenido de ejemplo.** No existe una definición jurídica universal de *migrante*. Esta lección presenta los términos del curso: **emigración**, **inmigración**, país de **origen**, de **tránsito** y de **destino**, **remesas**.", nil},
				{"Leer un corredor migratorio", "**Contenido de ejemplo.** Un *corredor* es el par formado por un país de origen y uno de destino. Abra el corredor México–Estados Unidos en las páginas de datos.", []string{"data:corridor:MEX-USA"}},
			}, ""},
			{"2. Derecho internacional de la migración", []demoLesson{
				{"Refugiados y no devolución", "**Contenido de ejemplo.** La Convención de 1951 sobre el Estatuto de los Refugiados define quién es refugiado (artículo 1) y prohíbe la *devolución* (artículo 33).", []string{"law:instrument:V-2#art_33"}},
				{"El Protocolo de 1967", "**Contenido de ejemplo.** El Protocolo de 1967 eliminó los límites geográficos y temporales de la Convención.", []string{"law:instrument:V-5"}},
			}, ""},
			{"3. Compruebe sus conocimientos", []demoLesson{
				{"Antes del cuestionario", "**Contenido de ejemplo.** El cuestionario tiene una pregunta de cada tipo. Necesita un 60 % para aprobar; tiene 30 minutos y tres intentos.", nil},
			}, "Cuestionario de fundamentos (ejemplo)"},
		}},
}

// LoadDemo adds the sample course with its quiz and question bank.
func LoadDemo(ctx context.Context, d *db.DB) error {
	svc := New(d, nil)
	qs, err := ParseGIFT(bytes.NewReader(demoBank))
	if err != nil {
		return fmt.Errorf("learning demo: bank: %w", err)
	}
	ids, err := svc.ImportQuestions(ctx, qs, "gift")
	if err != nil {
		return fmt.Errorf("learning demo: import: %w", err)
	}
	var family int64
	for _, dc := range demoCourses {
		c, err := svc.CreateCourse(ctx, Course{Family: family, Lang: dc.lang, Slug: dc.slug, Title: dc.title, Summary: dc.summary, Published: true, Sample: true}, 0)
		if err != nil {
			return fmt.Errorf("learning demo: %s: %w", dc.lang, err)
		}
		family = c.Family
		for _, dm := range dc.modules {
			m, err := svc.AddModule(ctx, c.ID, dm.title)
			if err != nil {
				return err
			}
			for _, dl := range dm.lessons {
				l, err := svc.AddLesson(ctx, m.ID, LessonInput{Title: dl.title, Body: dl.body}, links.Reader{})
				if err != nil {
					return err
				}
				for _, k := range dl.teaches {
					to, err := links.ParseKey(k)
					if err != nil {
						return err
					}
					if _, err := links.Insert(ctx, d, links.Link{From: LessonKey(l.ID), To: to, Relation: links.Teaches, Source: links.SourceEditor}); err != nil {
						return fmt.Errorf("learning demo: link %s: %w", k, err)
					}
				}
			}
			if dm.quiz != "" {
				if _, err := svc.AddQuiz(ctx, Quiz{ModuleID: m.ID, Title: dm.quiz, AttemptsMax: 3, TimeLimit: 30 * 60, PassMark: 60,
					ShuffleQuestions: true, ShuffleOptions: true, Review: ReviewImmediately, QuestionIDs: ids}); err != nil {
					return err
				}
			}
		}
	}
	return loadDemoSessions(ctx, d, family)
}

// loadDemoSessions adds two past sessions and one upcoming for the sample
// course, dated from today; the demo member (member@corridor.test)
// attended the first. Attendance does not count toward the sample course,
// so completing it stays a matter of lessons and the quiz.
func loadDemoSessions(ctx context.Context, d *db.DB, course int64) error {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return fmt.Errorf("learning demo: sessions: %w", err)
	}
	now := time.Now()
	at := func(days int, hour int) time.Time {
		t := now.In(paris).AddDate(0, 0, days)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, paris)
	}
	sessions := []SessionInput{
		{CourseID: course, Title: "Workshop: migration vocabulary in practice (sample)", Description: "Sample session. Case work on the terms of module 1.",
			Venue: "Corridor training room", Address: "17 route des Morillons, 1218 Geneva", Starts: at(-60, 9), Ends: at(-60, 12), TZ: "Europe/Paris", Capacity: 20},
		{CourseID: course, Title: "Online clinic: reading treaty status (sample)", Description: "Sample session. Questions and answers on module 2.",
			OnlineURL: "https://meet.example.org/corridor-clinic", Starts: at(-30, 14), Ends: at(-30, 15), TZ: "Europe/Paris", Capacity: 50},
		{CourseID: course, Title: "Workshop: migration data for practitioners (sample)", Description: "Sample session. Bring a laptop; we open the corridor pages together.",
			Venue: "Corridor training room", Address: "17 route des Morillons, 1218 Geneva", Starts: at(14, 9), Ends: at(14, 16), TZ: "Europe/Paris", Capacity: 12},
	}
	var member int64
	if err := d.QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'member@corridor.test'`).Scan(&member); err != nil && !db.IsNoRows(err) {
		return fmt.Errorf("learning demo: sessions: %w", err)
	}
	svc := New(d, nil)
	for i, in := range sessions {
		x, err := svc.CreateSession(ctx, in, 0)
		if err != nil {
			return fmt.Errorf("learning demo: session %q: %w", in.Title, err)
		}
		if i != 0 || member == 0 {
			continue
		}
		// The member enrolled before the first session and attended it.
		svc.Now = func() time.Time { return in.Starts.Add(-7 * 24 * time.Hour) }
		if _, err := svc.EnrolSession(ctx, x.ID, member); err != nil {
			return fmt.Errorf("learning demo: enrol: %w", err)
		}
		svc.Now = func() time.Time { return in.Ends }
		if err := svc.MarkAttendance(ctx, x.ID, member, true, 0); err != nil {
			return fmt.Errorf("learning demo: attendance: %w", err)
		}
		svc.Now = func() time.Time { return time.Now().UTC() }
	}
	return nil
}

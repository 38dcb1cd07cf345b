package events

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/links"
)

// LoadDemo loads the sample events, marked as sample content: an
// upcoming two-track symposium with speakers, a past conference whose
// talks link to the publishing and law samples as materials, and a
// regional policy dialogue held over whole days. Dates are relative to
// today so the sample stays upcoming and past.
func LoadDemo(ctx context.Context, d *db.DB) error {
	s := New(d)
	zurich, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		return fmt.Errorf("events: demo: %w", err)
	}
	today := time.Now().In(zurich)
	day := func(offset, h, m int) time.Time {
		return time.Date(today.Year(), today.Month(), today.Day()+offset, h, m, 0, 0, zurich)
	}
	sym, err := s.Create(ctx, Event{Kind: "symposium", TimeZone: "Europe/Zurich", Sample: true, Capacity: 60,
		Title: map[string]string{"en": "Symposium on Labour Mobility and Rights (sample)", "fr": "Symposium sur la mobilité de la main-d'œuvre et les droits (exemple)", "es": "Simposio sobre movilidad laboral y derechos (ejemplo)"},
		Description: map[string]string{"en": "Sample content written for the demo. Two days of research and policy talks in two parallel tracks.",
			"fr": "Contenu d'exemple écrit pour la démonstration. Deux jours d'exposés en deux sessions parallèles.",
			"es": "Contenido de ejemplo escrito para la demostración. Dos días de ponencias en dos sesiones paralelas."},
		Starts: day(42, 9, 0), Ends: day(43, 17, 30), Venue: "Maison de la paix, Chemin Eugène-Rigot 2, 1202 Geneva (sample)",
		MapURL: "https://www.openstreetmap.org/?mlat=46.2216&mlon=6.1397#map=17/46.2216/6.1397", OnlineURL: "https://meet.example.org/corridor-symposium-sample",
		RegistrationCloses: day(35, 23, 59), AbstractsDue: day(14, 23, 59),
		Fields: []Field{{Label: "Affiliation"}, {Label: "Dietary needs"}}}, 0)
	if err != nil {
		return err
	}
	type item struct {
		kind, track, title string
		start, end         time.Time
		speakers           []Speaker
	}
	for _, it := range []item{
		{"session", "", "Opening plenary: why labour mobility needs rights", day(42, 9, 0), day(42, 10, 0), []Speaker{{Name: "Dr Amina Diallo (sample)"}}},
		{"talk", "Track A: Recruitment", "Fair recruitment in Gulf corridors", day(42, 10, 15), day(42, 11, 15), []Speaker{{Name: "Prof. Rahul Mehta (sample)"}, {Name: "Lena Vogel (sample)"}}},
		{"talk", "Track B: Remittances", "Remittance costs after the pandemic", day(42, 10, 15), day(42, 11, 15), []Speaker{{Name: "Dr Sofía Herrera (sample)"}}},
		{"break", "", "Coffee break", day(42, 11, 15), day(42, 11, 45), nil},
		{"talk", "Track A: Recruitment", "Skills partnerships and mutual recognition", day(42, 11, 45), day(42, 12, 45), []Speaker{{Name: "Dr Kwame Mensah (sample)"}}},
		{"talk", "Track B: Remittances", "Digital transfers and inclusion", day(42, 11, 45), day(42, 12, 45), []Speaker{{Name: "Marie Dubois (sample)"}}},
		{"session", "", "Closing roundtable", day(43, 15, 30), day(43, 17, 0), []Speaker{{Name: "Dr Amina Diallo (sample)"}, {Name: "Dr Sofía Herrera (sample)"}}},
	} {
		if _, err := s.AddTalk(ctx, Talk{EventID: sym.ID, Kind: it.kind, Track: it.track, Title: it.title, Starts: it.start, Ends: it.end, Speakers: it.speakers}); err != nil {
			return err
		}
	}
	conf, err := s.Create(ctx, Event{Kind: "conference", TimeZone: "Europe/Zurich", Sample: true, Capacity: 200,
		Title:       map[string]string{"en": "Conference on Refugee Protection Today (sample)", "fr": "Conférence sur la protection des réfugiés aujourd'hui (exemple)", "es": "Conferencia sobre la protección de los refugiados hoy (ejemplo)"},
		Description: map[string]string{"en": "Sample content written for the demo. Slides and papers are linked to the talks."},
		Starts:      day(-90, 9, 0), Ends: day(-90, 18, 0), Venue: "Auditorium, Geneva (sample)"}, 0)
	if err != nil {
		return err
	}
	keynote, err := s.AddTalk(ctx, Talk{EventID: conf.ID, Kind: "talk", Title: "Non-refoulement seventy years on", Starts: day(-90, 9, 30), Ends: day(-90, 10, 30), Speakers: []Speaker{{Name: "Prof. Helen Carter (sample)"}}})
	if err != nil {
		return err
	}
	data, err := s.AddTalk(ctx, Talk{EventID: conf.ID, Kind: "talk", Title: "What the data say about protracted displacement", Starts: day(-90, 11, 0), Ends: day(-90, 12, 0), Speakers: []Speaker{{Name: "Dr Omar Haddad (sample)"}}})
	if err != nil {
		return err
	}
	if _, err := s.Create(ctx, Event{Kind: "policy-dialogue", TimeZone: "America/Mexico_City", Sample: true, AllDay: true, Capacity: 40,
		Title:       map[string]string{"en": "Regional Policy Dialogue on Mixed Movements (sample)", "fr": "Dialogue politique régional sur les mouvements mixtes (exemple)", "es": "Diálogo regional de políticas sobre movimientos mixtos (ejemplo)"},
		Description: map[string]string{"en": "Sample content written for the demo. Researchers and policy makers over three days."},
		Starts:      wholeDay(today.AddDate(0, 0, 70), "America/Mexico_City"), Ends: wholeDay(today.AddDate(0, 0, 73), "America/Mexico_City"),
		Venue: "Mexico City (sample)"}, 0); err != nil {
		return err
	}
	// Materials: the past conference's talks discuss the law sample's
	// 1951 Convention and the first sample publication.
	var pub sql.NullInt64
	if err := d.QueryRowContext(ctx, `SELECT MIN(id) FROM pub_works`).Scan(&pub); err != nil {
		return fmt.Errorf("events: demo: %w", err)
	}
	materials := []links.Link{{From: TalkKey(keynote.ID), To: links.Key{Domain: "law", Kind: "instrument", ID: "V-2"}, Relation: links.Discusses}}
	if pub.Valid {
		materials = append(materials, links.Link{From: TalkKey(data.ID), To: links.Key{Domain: "publishing", Kind: "publication", ID: fmt.Sprint(pub.Int64)}, Relation: links.Discusses},
			links.Link{From: EventKey(conf.ID), To: links.Key{Domain: "publishing", Kind: "publication", ID: fmt.Sprint(pub.Int64)}, Relation: links.References})
	}
	for _, l := range materials {
		l.Source = links.SourceEditor
		if _, err := links.Insert(ctx, d, l); err != nil {
			return fmt.Errorf("events: demo materials: %w", err)
		}
	}
	return nil
}

func wholeDay(t time.Time, zone string) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

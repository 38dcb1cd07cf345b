package publishing

import (
	"bytes"
	"context"
	"fmt"

	"corridor/internal/accounts"
	"corridor/internal/db"
	"corridor/internal/links"
)

// The demo's sample content: invented papers by invented authors (the
// ORCID iD is ORCID's own sample record, Josiah Carberry's), clearly
// marked as sample content on every page. Nothing here is a real
// publication; the themes follow what migration research series publish.

type demoTheme struct {
	en, fr, es string
	topic      string
	countries  []string
	links      []string // keys this paper cites or uses (relation by domain)
}

var demoThemes = []demoTheme{
	{"Remittance corridors and household resilience", "Corridors de transferts de fonds et résilience des ménages", "Corredores de remesas y resiliencia de los hogares", "remittances", []string{"MEX", "USA"}, []string{"data:corridor:MEX-USA"}},
	{"Non-refoulement at sea: practice and protection gaps", "Le non-refoulement en mer : pratiques et lacunes de protection", "La no devolución en el mar: prácticas y brechas de protección", "refugee-protection", []string{"ITA", "LBY"}, []string{"law:instrument:V-2#art_33"}},
	{"Labour migration governance in West Africa", "La gouvernance des migrations de travail en Afrique de l’Ouest", "La gobernanza de la migración laboral en África Occidental", "labour-migration", []string{"SEN", "CIV", "GHA"}, nil},
	{"Climate mobility and planned relocation", "Mobilité climatique et relocalisation planifiée", "Movilidad climática y reubicación planificada", "climate-mobility", []string{"BGD", "FJI"}, nil},
	{"Migrant smuggling networks on the Central Mediterranean route", "Les réseaux de trafic illicite de migrants sur la route de la Méditerranée centrale", "Redes de tráfico ilícito de migrantes en la ruta del Mediterráneo central", "smuggling", []string{"NER", "LBY", "ITA"}, []string{"law:instrument:V-5"}},
	{"Diaspora investment and return intentions", "Investissement de la diaspora et intentions de retour", "Inversión de la diáspora e intenciones de retorno", "diaspora", []string{"PHL", "VNM"}, nil},
	{"Refugee status determination under the 1951 Convention", "La détermination du statut de réfugié selon la Convention de 1951", "La determinación de la condición de refugiado según la Convención de 1951", "refugee-protection", []string{"DEU", "SYR"}, []string{"law:instrument:V-2#art_1", "data:corridor:SYR-DEU"}},
	{"Estimating bilateral migration flows from stock data", "Estimer les flux migratoires bilatéraux à partir des stocks", "Estimar los flujos migratorios bilaterales a partir de los stocks", "data-methods", []string{"MEX", "USA", "DEU"}, []string{"data:corridor:MEX-USA"}},
	{"Integration of migrant children in schools", "L’intégration des enfants migrants à l’école", "La integración de los niños migrantes en la escuela", "integration", []string{"ESP", "FRA"}, nil},
	{"Irregular migration and border policy in the Americas", "Migration irrégulière et politiques frontalières dans les Amériques", "Migración irregular y política fronteriza en las Américas", "border-policy", []string{"MEX", "GTM", "USA"}, []string{"data:corridor:GTM-MEX"}},
	{"Gender and domestic work in Gulf labour markets", "Genre et travail domestique sur les marchés du travail du Golfe", "Género y trabajo doméstico en los mercados laborales del Golfo", "labour-migration", []string{"PHL", "SAU", "ARE"}, nil},
	{"Statelessness and access to nationality", "L’apatridie et l’accès à la nationalité", "La apatridia y el acceso a la nacionalidad", "statelessness", []string{"MMR", "CIV"}, nil},
}

var demoAuthors = []Author{
	{Family: "Müller", Given: "Anna", Affiliation: "Corridor Sample Institute"},
	{Family: "Ñúñez", Given: "José", Affiliation: "Universidad de Ejemplo", Corresponding: true},
	{Family: "Nguyễn", Given: "Thị Lan", Affiliation: "Sample Centre for Mobility Studies"},
	{Family: "Carberry", Given: "Josiah", ORCID: "0000-0002-1825-0097", Affiliation: "Corridor Sample Institute"},
	{Family: "Sarr", Given: "Fatou", Affiliation: "Institut d’exemple"},
	{Family: "Kovačević", Given: "Olga", Affiliation: "Sample Migration Observatory"},
	{Family: "Yılmaz", Given: "Ayşe", Affiliation: "Sample Migration Observatory"},
	{Family: "Mensah", Given: "Kwame", Affiliation: "Corridor Sample Institute"},
}

var demoTypes = []Type{WorkingPaper, PolicyBrief, Report, WorkingPaper, DataNote, PolicyBrief}

// DemoCount is the number of sample publications the demo loads.
const DemoCount = 36

// LoadDemo returns the loader of the sample series: DemoCount publications
// (titles and abstracts in English, French and Spanish), each with a small
// generated PDF (one embargoed, one restricted), and links to the law and
// data demo's instruments and corridors, added through reg's checks.
func (s *Service) LoadDemo(reg *links.Service) func(ctx context.Context, d *db.DB) error {
	return func(ctx context.Context, _ *db.DB) error {
		sr, err := s.SaveSeries(ctx, Series{Titles: map[string]string{
			"en": "Corridor Sample Research Series", "fr": "Série de recherche d’exemple de Corridor", "es": "Serie de investigación de ejemplo de Corridor"},
			Publisher: "Corridor Sample Institute", Sample: true,
			Description: "Sample content for trying Corridor: invented papers by invented authors, not real publications."})
		if err != nil {
			return fmt.Errorf("publishing demo: series: %w", err)
		}
		briefs, err := s.SaveSeries(ctx, Series{Titles: map[string]string{"en": "Corridor Sample Policy Briefs", "fr": "Notes d’orientation d’exemple", "es": "Notas de política de ejemplo"},
			Publisher: "Corridor Sample Institute", Sample: true, Description: "Sample content for trying Corridor."})
		if err != nil {
			return fmt.Errorf("publishing demo: series: %w", err)
		}
		admin := links.Reader{Role: accounts.RoleAdmin}
		langs := []string{"en", "fr", "es"}
		year := s.now().Year()
		for i := 0; i < DemoCount; i++ {
			th := demoThemes[i%len(demoThemes)]
			round := i / len(demoThemes)
			typ := demoTypes[i%len(demoTypes)]
			series, number := sr.ID, fmt.Sprint(i+1)
			if typ == PolicyBrief {
				series, number = briefs.ID, fmt.Sprint(i/len(demoTypes)*2+1+i%len(demoTypes)/4)
			}
			suffix := map[int][3]string{0: {"", "", ""}, 1: {": evidence from a sample survey", " : données d’une enquête d’exemple", ": datos de una encuesta de ejemplo"}, 2: {" (updated edition)", " (édition mise à jour)", " (edición actualizada)"}}[round]
			m := Meta{
				Type:   typ,
				Titles: map[string]string{"en": th.en + suffix[0], "fr": th.fr + suffix[1], "es": th.es + suffix[2]},
				Abstracts: map[string]string{
					"en": "Sample content. This invented " + TypeNames[typ] + " discusses the theme “" + th.en + "”, drawing on the demo's data and law pages.",
					"fr": "Contenu d’exemple. Ce document fictif porte sur le thème « " + th.fr + " », à partir des données et des textes de la démonstration.",
					"es": "Contenido de ejemplo. Este documento ficticio trata el tema «" + th.es + "», a partir de los datos y textos de la demostración.",
				},
				Authors:   []Author{demoAuthors[i%len(demoAuthors)], demoAuthors[(i+3)%len(demoAuthors)]},
				SeriesID:  series,
				Number:    number,
				Date:      fmt.Sprintf("%d-%02d-%02d", year-1-i%5, 1+i%12, 1+i%28),
				Language:  langs[i%3],
				Licence:   "CC-BY-4.0",
				Keywords:  []string{th.topic, "sample"},
				Topics:    []string{th.topic},
				Countries: th.countries,
				Sample:    true,
			}
			if i%3 == 1 {
				m.Authors = append(m.Authors, demoAuthors[(i+5)%len(demoAuthors)])
			}
			id, err := s.Create(ctx, m, 0)
			if err != nil {
				return fmt.Errorf("publishing demo %d: %w", i+1, err)
			}
			access, until := Open, ""
			switch i {
			case 4:
				access, until = Embargoed, s.now().AddDate(1, 0, 0).Format("2006-01-02")
			case 6:
				access = Restricted
			}
			pdf := SamplePDF(m.Titles["en"], "Sample content generated for the Corridor demo; not a real publication.",
				m.Abstracts["en"], m.Abstracts["fr"], m.Abstracts["es"],
				"Keywords: "+th.topic+". Countries: "+fmt.Sprint(th.countries)+".")
			if _, err := s.AddFile(ctx, id, NewFile{Name: fmt.Sprintf("corridor-sample-%02d.pdf", i+1), Body: bytes.NewReader(pdf), Access: access, EmbargoUntil: until}); err != nil {
				return fmt.Errorf("publishing demo %d: file: %w", i+1, err)
			}
			if reg == nil {
				continue
			}
			for _, to := range append(th.links, "geo:country:"+th.countries[0]) {
				rel := links.Cites
				switch to[:4] {
				case "data":
					rel = links.UsesData
				case "geo:":
					rel = links.About
				}
				in, err := s.NewLink(id, to, rel, "")
				if err != nil {
					return err
				}
				// A target the other demos did not load is left out.
				if _, err := reg.Add(ctx, in, admin); err != nil {
					continue
				}
			}
		}
		// One paper in a second version, to show the list of versions.
		p, err := s.Get(ctx, 1, 0)
		if err == nil {
			m := p.Meta
			m.Abstracts["en"] += " Version 2 corrects a table."
			_, err = s.NewVersion(ctx, 1, m, "Corrected a table", 0)
		}

		return err
	}
}

package geo

import (
	"sort"
	"strings"
	"testing"
)

func TestMatchAliases(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Bolivia (Plurinational State of)", "BOL"},
		{"Bolivia", "BOL"},
		{"Plurinational State of Bolivia", "BOL"},
		{"Côte d'Ivoire", "CIV"},
		{"Côte d’Ivoire", "CIV"},
		{"Cote d'Ivoire", "CIV"},
		{"COTE D IVOIRE", "CIV"},
		{"Ivory Coast", "CIV"},
		{"Iran (Islamic Republic of)", "IRN"},
		{"Iran", "IRN"},
		{"Iran, Islamic Republic of", "IRN"},
		{"Republic of Korea", "KOR"},
		{"Korea, Republic of", "KOR"},
		{"Korea (Republic of)", "KOR"},
		{"South Korea", "KOR"},
		{"Democratic People's Republic of Korea", "PRK"},
		{"Dem. People's Republic of Korea", "PRK"},
		{"Korea, Dem. People's Rep.", "PRK"},
		{"United Kingdom of Great Britain and Northern Ireland", "GBR"},
		{"United Kingdom", "GBR"},
		{"UK", "GBR"},
		{"United States of America", "USA"},
		{"United States", "USA"},
		{"USA", "USA"},
		{"Venezuela (Bolivarian Republic of)", "VEN"},
		{"Venezuela", "VEN"},
		{"Viet Nam", "VNM"},
		{"Vietnam", "VNM"},
		{"Türkiye", "TUR"},
		{"Turkiye", "TUR"},
		{"Turkey", "TUR"},
		{"Czechia", "CZE"},
		{"Czech Republic", "CZE"},
		{"Swaziland", "SWZ"},
		{"Eswatini", "SWZ"},
		{"The former Yugoslav Republic of Macedonia", "MKD"},
		{"North Macedonia", "MKD"},
		{"China, Hong Kong SAR", "HKG"},
		{"China, Hong Kong Special Administrative Region", "HKG"},
		{"Hong Kong", "HKG"},
		{"China, Macao SAR", "MAC"},
		{"Holy See", "VAT"},
		{"Vatican City", "VAT"},
		{"State of Palestine", "PSE"},
		{"Palestine", "PSE"},
		{"Micronesia (Federated States of)", "FSM"},
		{"Micronesia (Fed. States of)", "FSM"},
		{"Saint Helena", "SHN"},
		{"St. Helena", "SHN"},
		{"Curaçao", "CUW"},
		{"Curacao", "CUW"},
		{"Cabo Verde", "CPV"},
		{"Cape Verde", "CPV"},
		{"St. Kitts and Nevis", "KNA"},
		{"Saint Vincent & the Grenadines", "VCT"},
		{"Lao People's Democratic Republic", "LAO"},
		{"Laos", "LAO"},
		{"Congo", "COG"},
		{"Democratic Republic of the Congo", "COD"},
		{"Congo, Dem. Rep.", "COD"},
		{"Congo (Democratic Republic of the)", "COD"},
		{"Russian Federation", "RUS"},
		{"Republic of Moldova", "MDA"},
		{"United Republic of Tanzania", "TZA"},
		{"Tanzania*", "TZA"},
		{"Syrian Arab Republic", "SYR"},
		{"Falkland Islands (Malvinas)", "FLK"},
		{"Sint Maarten (Dutch part)", "SXM"},
		{"Saint Martin (French part)", "MAF"},
		{"Bonaire, Sint Eustatius and Saba", "BES"},
		{"Wallis and Futuna Islands", "WLF"},
		{"Åland Islands", "ALA"},
		{"Aland Islands", "ALA"},
		{"Réunion", "REU"},
		{"Gambia", "GMB"},
		{"The Gambia", "GMB"},
		{"Gambia, The", "GMB"},
		{"Netherlands", "NLD"},
		{"Guinea", "GIN"},
		{"Guinea-Bissau", "GNB"},
		{"Papua New Guinea", "PNG"},
		{"Equatorial Guinea", "GNQ"},
		{"Niger", "NER"},
		{"Nigeria", "NGA"},
		{"Dominica", "DMA"},
		{"Dominican Republic", "DOM"},
		{"  germany  ", "DEU"},
		{"GERMANY", "DEU"},
		// Footnote markers of UN treaty and DESA tables
		{"Germany2, 3", "DEU"},
		{"Australia1", "AUS"},
		{"Mauritius*", "MUS"},
		{"China, Hong Kong SAR*", "HKG"},
		{"Bolivia (Plurinational State of)4", "BOL"},
		{"Denmark 5", "DNK"},
		// French and Spanish UN names
		{"Allemagne", "DEU"},
		{"Alemania", "DEU"},
		{"Royaume-Uni de Grande-Bretagne et d'Irlande du Nord", "GBR"},
		{"Estados Unidos de América", "USA"},
		// Codes
		{"DE", "DEU"},
		{"deu", "DEU"},
		{"276", "DEU"},
		{"4", "AFG"},
		// Channel Islands and historical entities
		{"Channel Islands", "CHI"},
		{"Yugoslavia", "YUG"},
		{"Yugoslavia (former)", "YUG"},
		{"Serbia and Montenegro", "SCG"},
		{"Federal Republic of Yugoslavia", "SCG"},
		{"Czechoslovakia", "CSK"},
		{"USSR", "SUN"},
		{"Union of Soviet Socialist Republics", "SUN"},
		{"Soviet Union", "SUN"},
		{"German Democratic Republic", "DDR"},
		{"Netherlands Antilles", "ANT"},
		{"SUN", "SUN"},
		{"CSK", "CSK"},
	}
	for _, tc := range cases {
		c, ok := Match(tc.in)
		if !ok || c.Alpha3 != tc.want {
			t.Errorf("Match(%q) = %q, %v; want %s", tc.in, c.Alpha3, ok, tc.want)
		}
	}
}

func TestMatchRejects(t *testing.T) {
	for _, in := range []string{
		"", "   ", "*", "123", "1234", "XX", "Narnia",
		"Micronesia", // the M49 sub-region
		"Korea",      // which one?
		"Virgin Islands",
		"WORLD", "Sub-Saharan Africa", "Developed regions", "Europe", "Caribbean",
		"European Union",
	} {
		if c, ok := Match(in); ok {
			t.Errorf("Match(%q) = %s, want no match", in, c.Alpha3)
		}
	}
}

func TestHistorical(t *testing.T) {
	cases := []struct {
		name, a2, a3, num, former string
	}{
		{"Yugoslavia", "YU", "YUG", "890", "YUCS"},
		{"Serbia and Montenegro", "CS", "SCG", "891", "CSXX"},
		{"Czechoslovakia", "CS", "CSK", "200", "CSHH"},
		{"USSR", "SU", "SUN", "810", "SUHH"},
		{"German Democratic Republic", "DD", "DDR", "278", "DDDE"},
	}
	for _, tc := range cases {
		c, ok := Match(tc.name)
		if !ok || !c.Historical || c.Alpha2 != tc.a2 || c.Alpha3 != tc.a3 || c.Numeric != tc.num || c.FormerCode != tc.former {
			t.Errorf("Match(%q) = %+v, %v", tc.name, c, ok)
		}
		for _, code := range []string{tc.a3, tc.num, tc.former} {
			if b, ok := ByCode(code); !ok || b.Alpha3 != tc.a3 {
				t.Errorf("ByCode(%q) = %q, %v; want %s", code, b.Alpha3, ok, tc.a3)
			}
		}
		if r, ok := RegionOf(c, LevelRegion); !ok || r.Code != "150" {
			t.Errorf("RegionOf(%s, region) = %v, %v", tc.a3, r, ok)
		}
	}
	if c, _ := ByCode("CS"); c.Alpha3 != "SCG" {
		t.Errorf(`ByCode("CS") = %s, want SCG (the later holder)`, c.Alpha3)
	}
	ci, ok := Match("Channel Islands")
	if !ok || ci.Historical || ci.Alpha3 != "CHI" || ci.Alpha2 != "" || ci.Numeric != "830" || ci.SubRegionCode != "154" {
		t.Errorf("Channel Islands = %+v, %v", ci, ok)
	}
	for _, c := range All() {
		if c.Historical || c.Alpha3 == "CHI" {
			t.Errorf("All() holds %s", c.Alpha3)
		}
	}
}

func TestCleanName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Germany2, 3", "Germany"},
		{"Australia1", "Australia"},
		{"Mauritius*", "Mauritius"},
		{"  Sub-Saharan Africa ", "Sub-Saharan Africa"},
		{"France 4", "France"},
		{"Denmark²", "Denmark"},
		{"Serbia [a]", "Serbia"},
		{"Bolivia (Plurinational State of)12", "Bolivia (Plurinational State of)"},
		{"China, Hong Kong SAR", "China, Hong Kong SAR"},
		{"Bonaire, Sint Eustatius and Saba", "Bonaire, Sint Eustatius and Saba"},
		{"Saint Vincent and\u00a0the  Grenadines", "Saint Vincent and the Grenadines"},
		{"Germany, 2", "Germany"},
		{"276", "276"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := CleanName(tc.in); got != tc.want {
			t.Errorf("CleanName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// No real name loses anything.
	for _, e := range load().entries {
		for _, n := range append([]string{e.c.Name, e.fr, e.es}, e.altEnglish...) {
			if n != "" && CleanName(n) != n {
				t.Errorf("CleanName(%q) = %q", n, CleanName(n))
			}
		}
	}
}

func TestLocalName(t *testing.T) {
	cases := []struct{ a3, lang, want string }{
		{"DEU", "fr", "Allemagne"},
		{"DEU", "es", "Alemania"},
		{"DEU", "en", "Germany"},
		{"DEU", "de", "Germany"}, // fallback
		{"DEU", "", "Germany"},
		{"DEU", "fr-CA", "Allemagne"},
		{"DEU", "es_419", "Alemania"},
		{"DEU", "FR", "Allemagne"},
		{"GBR", "fr", "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord"},
		{"GBR", "es", "Reino Unido de Gran Bretaña e Irlanda del Norte"},
		{"USA", "fr", "États-Unis d'Amérique"},
		{"BOL", "es", "Bolivia (Estado Plurinacional de)"},
		{"CIV", "fr", "Côte d’Ivoire"},
		{"VAT", "fr", "Saint-Siège"},
		{"PSE", "es", "Estado de Palestina"},
		{"NLD", "fr", "Pays-Bas"},
		{"HKG", "fr", "Chine, région administrative spéciale de Hong Kong"},
		{"SUN", "fr", "Union des Républiques socialistes soviétiques"},
		{"CHI", "es", "Islas del Canal"},
	}
	for _, tc := range cases {
		c, ok := ByCode(tc.a3)
		if !ok {
			t.Fatalf("ByCode(%q) failed", tc.a3)
		}
		if got := c.LocalName(tc.lang); got != tc.want {
			t.Errorf("%s.LocalName(%q) = %q, want %q", tc.a3, tc.lang, got, tc.want)
		}
	}
	// Every current area has French and Spanish names.
	for _, c := range All() {
		for _, lang := range []string{"fr", "es"} {
			if c.LocalName(lang) == "" {
				t.Errorf("%s has no %s name", c.Alpha3, lang)
			}
		}
	}
	// A Country value not from this package falls back to its Name.
	if got := (Country{Name: "Atlantis"}).LocalName("fr"); got != "Atlantis" {
		t.Errorf("LocalName of unknown = %q", got)
	}
}

// TestRoundTrip: every entity is found again by its name, codes and, where
// unambiguous, its French and Spanish names.
func TestRoundTrip(t *testing.T) {
	d := load()
	for _, e := range d.entries {
		c := e.c
		for _, in := range []string{c.Name, c.Alpha3, c.Numeric, c.Alpha2, c.FormerCode} {
			if in == "" || (in == "CS" && c.Alpha3 == "CSK") {
				continue
			}
			if got, ok := Match(in); !ok || got != c {
				t.Errorf("Match(%q) = %q, %v; want %s", in, got.Alpha3, ok, c.Alpha3)
			}
		}
		for _, in := range []string{e.fr, e.es} {
			if got, ok := Match(in); ok && got != c {
				t.Errorf("Match(%q) = %s; want %s", in, got.Alpha3, c.Alpha3)
			}
		}
	}
}

// TestExactFastPath: the fast path agrees with the normalizing path.
func TestExactFastPath(t *testing.T) {
	d := load()
	for v, e := range d.exact {
		var got *countryData
		for _, cand := range candidates(CleanName(v)) {
			if x, ok := d.byKey[normalize(cand)]; ok {
				got = x
				break
			}
		}
		if got != e {
			t.Errorf("%q: fast path %s, slow path %v", v, e.c.Alpha3, got)
		}
	}
}

func TestAllSorted(t *testing.T) {
	all := All()
	if len(all) != 249 {
		t.Errorf("All() has %d entries, want 249", len(all))
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return foldKey(all[i].Name) < foldKey(all[j].Name) }) {
		t.Error("All() is not sorted by name")
	}
	if all[0].Name != "Afghanistan" {
		t.Errorf("All()[0] = %s", all[0].Name)
	}
	all[0].Name = "changed"
	if All()[0].Name != "Afghanistan" {
		t.Error("All() shares its backing array")
	}
	seen := map[string]bool{}
	for _, c := range all {
		if len(c.Numeric) != 3 || len(c.Alpha2) != 2 || len(c.Alpha3) != 3 {
			t.Errorf("bad codes %+v", c)
		}
		if seen[c.Numeric] {
			t.Errorf("duplicate numeric %s", c.Numeric)
		}
		seen[c.Numeric] = true
	}
}

func TestRegions(t *testing.T) {
	byCode := map[string]Region{}
	for _, r := range Regions() {
		if _, dup := byCode[r.Code]; dup {
			t.Errorf("duplicate region %s", r.Code)
		}
		byCode[r.Code] = r
		if r.Level != LevelWorld {
			if _, ok := byCode[r.Parent]; !ok {
				t.Errorf("region %s: parent %q unknown or listed later", r.Code, r.Parent)
			}
		}
	}
	want := []Region{
		{"001", "World", LevelWorld, ""},
		{"002", "Africa", LevelRegion, "001"},
		{"202", "Sub-Saharan Africa", LevelSubregion, "002"},
		{"014", "Eastern Africa", LevelIntermediate, "202"},
		{"419", "Latin America and the Caribbean", LevelSubregion, "019"},
		{"057", "Micronesia", LevelSubregion, "009"},
		{"830", "Channel Islands", LevelIntermediate, "154"},
		{"199", "Least developed countries", LevelGroup, "001"},
		{"1833", "Northern Africa and Western Asia", LevelSDG, "001"},
	}
	for _, w := range want {
		if got := byCode[w.Code]; got != w {
			t.Errorf("region %s = %+v, want %+v", w.Code, got, w)
		}
	}

	de, _ := ByCode("DEU")
	for level, code := range map[string]string{LevelWorld: "001", LevelRegion: "150", LevelSubregion: "155"} {
		if r, ok := RegionOf(de, level); !ok || r.Code != code {
			t.Errorf("RegionOf(DEU, %s) = %v, %v; want %s", level, r, ok, code)
		}
	}
	if r, ok := RegionOf(de, LevelIntermediate); ok {
		t.Errorf("RegionOf(DEU, intermediate) = %v", r)
	}
	if _, ok := RegionOf(de, "continent"); ok {
		t.Error("RegionOf with a bad level succeeded")
	}
	ke, _ := ByCode("KEN")
	if r, ok := RegionOf(ke, LevelIntermediate); !ok || r.Name != "Eastern Africa" {
		t.Errorf("RegionOf(KEN, intermediate) = %v, %v", r, ok)
	}
	aq, _ := ByCode("ATA")
	if _, ok := RegionOf(aq, LevelRegion); ok {
		t.Error("Antarctica has a region")
	}
}

func TestMembers(t *testing.T) {
	names := func(cs []Country) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Alpha3)
		}
		return strings.Join(s, " ")
	}
	cases := []struct{ code, want string }{
		{"053", "AUS CXR CCK HMD NZL NFK"},
		{"927", "AUS CXR CCK HMD NZL NFK"}, // DESA code for the same region
		{"830", "GGY JEY"},
		{"021", "BMU CAN GRL SPM USA"},
		{"143", "KAZ KGZ TJK TKM UZB"},
	}
	for _, tc := range cases {
		if got := names(Members(tc.code)); got != tc.want {
			t.Errorf("Members(%s) = %s, want %s", tc.code, got, tc.want)
		}
	}
	if n := len(Members("001")); n != len(All()) {
		t.Errorf("Members(001) has %d, All %d", n, len(All()))
	}
	// Sub-regions partition their region, intermediates their sub-region.
	for _, r := range Regions() {
		if r.Level != LevelSubregion && r.Level != LevelIntermediate {
			continue
		}
		parent := map[string]bool{}
		for _, c := range Members(r.Parent) {
			parent[c.Alpha3] = true
		}
		for _, c := range Members(r.Code) {
			if !parent[c.Alpha3] {
				t.Errorf("%s is in %s but not in its parent %s", c.Alpha3, r.Code, r.Parent)
			}
		}
	}
	more, less := len(Members("901")), len(Members("902"))
	aq := 1 // Antarctica is in the world but in neither group
	if more+less+aq != len(All()) {
		t.Errorf("more (%d) + less (%d) developed + Antarctica != %d", more, less, len(All()))
	}
	ldc := Members("199")
	if len(ldc) == 0 || len(Members("941")) != len(ldc) {
		t.Errorf("LDC members: %d, via DESA code %d", len(ldc), len(Members("941")))
	}
	for _, c := range ldc {
		if !c.LDC {
			t.Errorf("%s in LDC list without flag", c.Alpha3)
		}
	}
	if Members("1503") != nil || Members("nope") != nil {
		t.Error("income groups and unknown codes should have no members")
	}
	if got := names(Members("1835")); strings.Contains(got, "AUS") || !strings.Contains(got, "FJI") {
		t.Errorf("Oceania excl. AUS/NZ = %s", got)
	}
}

func TestByCode(t *testing.T) {
	cases := []struct{ in, want string }{
		{"de", "DEU"}, {"DEU", "DEU"}, {"276", "DEU"}, {"0276", "DEU"}, {" 4 ", "AFG"}, {"004", "AFG"},
		{"chi", "CHI"}, {"830", "CHI"}, {"BUR", "MMR"}, {"ZAR", "COD"}, {"TMP", "TLS"}, {"ROM", "ROU"},
		{"SUHH", "SUN"},
	}
	for _, tc := range cases {
		if c, ok := ByCode(tc.in); !ok || c.Alpha3 != tc.want {
			t.Errorf("ByCode(%q) = %q, %v; want %s", tc.in, c.Alpha3, ok, tc.want)
		}
	}
	for _, in := range []string{"", "0", "000", "999", "ZZ", "Germany", "12345"} {
		if c, ok := ByCode(in); ok {
			t.Errorf("ByCode(%q) = %s, want none", in, c.Alpha3)
		}
	}
}

func TestMatchRegion(t *testing.T) {
	cases := []struct{ in, want string }{
		{"World", "001"}, {"WORLD", "001"}, {"Africa", "002"}, {"Americas", "019"},
		{"Sub-Saharan Africa", "202"}, {"Developed regions", "901"}, {"More developed regions", "901"},
		{"Latin America & the Caribbean", "419"}, {"South-eastern Asia", "035"}, {"South-Eastern Asia", "035"},
		{"Micronesia", "057"}, {"Polynesia*", "061"}, {"Least Developed Countries (LDCs)", "199"},
		{"Small Island Developing States", "722"},
	}
	for _, tc := range cases {
		if r, ok := MatchRegion(tc.in); !ok || r.Code != tc.want {
			t.Errorf("MatchRegion(%q) = %q, %v; want %s", tc.in, r.Code, ok, tc.want)
		}
	}
	for _, in := range []string{"Germany", "", "European Union", "Korea"} {
		if r, ok := MatchRegion(in); ok {
			t.Errorf("MatchRegion(%q) = %s", in, r.Code)
		}
	}
	if !IsOrganization("European Union") || IsOrganization("Europe") {
		t.Error("IsOrganization")
	}
}

// TestLongInput: hostile input is handled in linear time. No clock is
// read (a slow machine must not fail it); a quadratic pass over these
// inputs would run into the test timeout instead.
func TestLongInput(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("a[1]", 200000),
		strings.Repeat("1, ", 200000),
		strings.Repeat("Korea, (", 100000),
		strings.Repeat("é", 300000),
	} {
		CleanName(s)
		if _, ok := Match(s); ok {
			t.Errorf("input of %d bytes matched a country", len(s))
		}
		MatchRegion(s)
		normalize(s)
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{"Germany2, 3", "Côte d’Ivoire", "Korea, Republic of", "Bolivia (Plurinational State of)", "(", ")(", "a (", ", ", "276", "*", "\xff\xfe", "St.", "[1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := Match(s)
		if ok && c.Name == "" {
			t.Errorf("Match(%q) found an entity without a name", s)
		}
		if ok {
			if again, ok2 := Match(c.Name); !ok2 || again != c {
				t.Errorf("Match(%q) = %s, but its name %q gives %s", s, c.Alpha3, c.Name, again.Alpha3)
			}
		}
		MatchRegion(s)
		_ = CleanName(s)
		ByCode(s)
	})
}

func BenchmarkMatch(b *testing.B) {
	for _, bc := range []struct{ name, in string }{
		{"exact", "Germany"},
		{"official", "United Kingdom of Great Britain and Northern Ireland"},
		{"diacritics", "Côte d’Ivoire"},
		{"footnote", "Germany2, 3"},
		{"inverted", "Korea, Republic of"},
		{"normalized", "  COTE D IVOIRE "},
		{"comma", "Korea, Rep. of"},
		{"code", "DEU"},
		{"miss", "Narnia"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			Match(bc.in) // load once
			b.ReportAllocs()
			for b.Loop() {
				Match(bc.in)
			}
		})
	}
}

func BenchmarkMatchAllNames(b *testing.B) {
	all := All()
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range all {
			Match(c.Name)
		}
	}
}

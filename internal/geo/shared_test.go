package geo

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"corridor/internal/testutil"
)

// Tests against the shared real-data folder (skipped when it is absent).

func readShared(t *testing.T, parts ...string) [][]string {
	t.Helper()
	path := testutil.SharedData(t, parts...)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read shared data: %v", err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("parse %s: %v", filepath.Base(path), err)
	}
	return recs
}

func header(recs [][]string) map[string]int {
	h := map[string]int{}
	for i, name := range recs[0] {
		h[name] = i
	}
	return h
}

// TestGoldenM49 checks every row of the UNSD M49 file against ByCode, so the
// embedded copy cannot drift from the source. The two documented
// corrections (Côte d’Ivoire's name, the Channel Islands intermediate
// region) are the only allowed differences.
func TestGoldenM49(t *testing.T) {
	recs := readShared(t, "country-codes", "unsd-m49-en.csv")
	h := header(recs)
	if got, want := len(All()), len(recs)-1; got != want {
		t.Errorf("All() has %d countries, the M49 file %d", got, want)
	}
	for _, r := range recs[1:] {
		f := func(name string) string { return r[h[name]] }
		a3 := f("ISO-alpha3 Code")
		for _, code := range []string{a3, f("ISO-alpha2 Code"), f("M49 Code")} {
			c, ok := ByCode(code)
			if !ok {
				t.Errorf("ByCode(%q) found nothing", code)
				continue
			}
			if c.Alpha3 != a3 {
				t.Errorf("ByCode(%q).Alpha3 = %q, want %q", code, c.Alpha3, a3)
			}
		}
		c, _ := ByCode(a3)
		wantName := f("Country or Area")
		wantInter, wantInterName := f("Intermediate Region Code"), f("Intermediate Region Name")
		switch a3 {
		case "CIV":
			wantName = "Côte d’Ivoire"
		case "GGY", "JEY":
			wantInter, wantInterName = "830", "Channel Islands"
		}
		got := []string{c.Alpha2, c.Numeric, c.Name, c.RegionCode, c.RegionName, c.SubRegionCode, c.SubRegionName, c.IntermediateCode, c.IntermediateName}
		want := []string{f("ISO-alpha2 Code"), f("M49 Code"), wantName, f("Region Code"), f("Region Name"), f("Sub-region Code"), f("Sub-region Name"), wantInter, wantInterName}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s:\n got  %q\n want %q", a3, got, want)
		}
		if c.LDC != (f("Least Developed Countries (LDC)") != "") || c.LLDC != (f("Land Locked Developing Countries (LLDC)") != "") || c.SIDS != (f("Small Island Developing States (SIDS)") != "") {
			t.Errorf("%s: LDC/LLDC/SIDS flags differ from the M49 file", a3)
		}
		if c.Historical {
			t.Errorf("%s is marked historical", a3)
		}
		if m, ok := Match(f("Country or Area")); !ok || m.Alpha3 != a3 {
			t.Errorf("Match(%q) = %q, %v; want %s", f("Country or Area"), m.Alpha3, ok, a3)
		}
	}
}

// TestGoldenCountryCodes checks the crosswalk file: codes agree, and the
// French and Spanish names are the UN terminology names it gives.
func TestGoldenCountryCodes(t *testing.T) {
	recs := readShared(t, "country-codes", "country-codes.csv")
	h := header(recs)
	for _, r := range recs[1:] {
		f := func(name string) string { return r[h[name]] }
		a3 := f("ISO3166-1-Alpha-3")
		c, ok := ByCode(a3)
		if !ok {
			t.Errorf("ByCode(%q) found nothing", a3)
			continue
		}
		if c.Alpha2 != f("ISO3166-1-Alpha-2") || c.Numeric != pad3(f("ISO3166-1-numeric")) {
			t.Errorf("%s: codes %s/%s, file %s/%s", a3, c.Alpha2, c.Numeric, f("ISO3166-1-Alpha-2"), f("ISO3166-1-numeric"))
		}
		for _, lc := range []struct{ lang, short, official string }{
			{"fr", f("UNTERM French Short"), f("official_name_fr")},
			{"es", f("UNTERM Spanish Short"), f("official_name_es")},
		} {
			got := c.LocalName(lc.lang)
			// The short name loses its article "(l')" and status marker "*".
			if got == lc.official || (lc.short != "" && strings.HasPrefix(lc.short, got)) {
				continue
			}
			t.Errorf("%s LocalName(%q) = %q; file short %q, official %q", a3, lc.lang, got, lc.short, lc.official)
		}
	}
}

// treatyParticipants lists every Participant of the UN Treaty Collection
// status snapshot.
func treatyParticipants(t *testing.T) []string {
	dir := testutil.SharedData(t, "untc-status-snapshot", "treaties")
	files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no treaty files in %s: %v", dir, err)
	}
	seen := map[string]bool{}
	for _, file := range files {
		recs := readShared(t, "untc-status-snapshot", "treaties", filepath.Base(file))
		if recs[0][0] != "Participant" {
			t.Fatalf("%s: first column %q", filepath.Base(file), recs[0][0])
		}
		for _, r := range recs[1:] {
			seen[r[0]] = true
		}
	}
	return sortedKeys(seen)
}

// declarationHeadings lists the "#Country" headings of the declarations
// and reservations files.
func declarationHeadings(t *testing.T) []string {
	dir := testutil.SharedData(t, "untc-status-snapshot", "declarations")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no declarations files in %s: %v", dir, err)
	}
	seen := map[string]bool{}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(strings.TrimRight(line, "\r"), "#"); ok && strings.TrimSpace(name) != "" {
				seen[name] = true
			}
		}
	}
	return sortedKeys(seen)
}

// migrantStockNames lists every origin (column) and destination (row) name
// of the 2019 origin × destination table.
func migrantStockNames(t *testing.T) []string {
	recs := readShared(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	seen := map[string]bool{}
	for _, name := range recs[0][2:] {
		seen[name] = true
	}
	for _, r := range recs[1:] {
		seen[r[1]] = true
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestSharedNamesMatch: every name in the treaty lists and the migrant stock
// table is a country/area (Match), an aggregate (MatchRegion) or an
// organization (IsOrganization) — exactly one of them.
func TestSharedNamesMatch(t *testing.T) {
	sources := map[string][]string{
		"treaty participants":      treatyParticipants(t),
		"treaty declarations":      declarationHeadings(t),
		"migrant stock 2019 names": migrantStockNames(t),
	}
	wantRegion := map[string]string{ // destinations that are aggregates
		"Caribbean": "029", "Melanesia": "054", "Micronesia": "057", "Polynesia": "061", "South America": "005",
	}
	for source, names := range sources {
		countries, regions, orgs := 0, 0, 0
		for _, name := range names {
			c, isCountry := Match(name)
			r, isRegion := MatchRegion(name)
			isOrg := IsOrganization(name)
			switch {
			case isCountry && isRegion && c.Numeric == r.Code && !isOrg:
				// An area that is also an M49 aggregate: the Channel Islands.
				countries++
			case isCountry && !isRegion && !isOrg:
				countries++
				if c.Historical {
					t.Logf("%s: %q is historical %s", source, name, c.Alpha3)
				}
			case isRegion && !isCountry && !isOrg:
				regions++
				if want, ok := wantRegion[name]; !ok || r.Code != want {
					t.Errorf("%s: %q read as region %s, want %q", source, name, r.Code, want)
				}
			case isOrg && !isCountry && !isRegion:
				orgs++
			default:
				t.Errorf("%s: %q: country %v (%s), region %v (%s), organization %v", source, name, isCountry, c.Alpha3, isRegion, r.Code, isOrg)
			}
		}
		t.Logf("%s: %d names: %d countries/areas, %d aggregates, %d organizations", source, len(names), countries, regions, orgs)
	}
}

// TestMigrantStockNamesDistinct: no two origin names of the migrant stock
// table resolve to the same country (that would merge two columns).
func TestMigrantStockNamesDistinct(t *testing.T) {
	recs := readShared(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	seen := map[string]string{}
	for _, name := range recs[0][2:] {
		c, ok := Match(name)
		if !ok {
			continue // reported by TestSharedNamesMatch
		}
		if prev, dup := seen[c.Alpha3]; dup {
			t.Errorf("%q and %q both match %s", prev, name, c.Alpha3)
		}
		seen[c.Alpha3] = name
	}
}

// desaAggregates are the aggregate rows of the UN DESA International Migrant
// Stock 2019 and 2020 workbooks (undesa-ims/*.xlsx, Table 1, column B and
// the location code), copied here because the tests do not read xlsx.
var desaAggregates = []struct{ name, desaCode, m49 string }{
	{"WORLD", "900", "001"},
	{"More developed regions", "901", "901"},
	{"Developed regions", "901", "901"},
	{"Less developed regions", "902", "902"},
	{"Least developed countries", "941", "199"},
	{"Less developed regions, excluding least developed countries", "934", "934"},
	{"Less developed regions, excluding China", "948", "948"},
	{"Land-locked Developing Countries (LLDC)", "1636", "432"},
	{"Small island developing States (SIDS)", "1637", "722"},
	{"High-income countries", "1503", "1503"},
	{"Middle-income countries", "1517", "1517"},
	{"Upper-middle-income countries", "1502", "1502"},
	{"Lower-middle-income countries", "1501", "1501"},
	{"Low-income countries", "1500", "1500"},
	{"No income group available", "1518", "1518"},
	{"Africa", "903", "002"},
	{"AFRICA", "903", "002"},
	{"Asia", "935", "142"},
	{"Europe", "908", "150"},
	{"EUROPE", "917", "150"},
	{"Latin America and the Caribbean", "904", "419"},
	{"LATIN AMERICA AND THE CARIBBEAN", "1830", "419"},
	{"Northern America", "905", "021"},
	{"NORTHERN AMERICA", "918", "021"},
	{"Oceania", "909", "009"},
	{"SUB-SAHARAN AFRICA", "947", "202"},
	{"Sub-Saharan Africa", "947", "202"},
	{"Eastern Africa", "910", "014"},
	{"Middle Africa", "911", "017"},
	{"Southern Africa", "913", "018"},
	{"Western Africa", "914", "011"},
	{"NORTHERN AFRICA AND WESTERN ASIA", "1833", "1833"},
	{"Northern Africa", "912", "015"},
	{"Western Asia", "922", "145"},
	{"CENTRAL AND SOUTHERN ASIA", "921", "921"},
	{"Central Asia", "5500", "143"},
	{"Southern Asia", "5501", "034"},
	{"EASTERN AND SOUTH-EASTERN ASIA", "1832", "1832"},
	{"Eastern Asia", "906", "030"},
	{"South-Eastern Asia", "920", "035"},
	{"Caribbean", "915", "029"},
	{"Central America", "916", "013"},
	{"South America", "931", "005"},
	{"Australia / New Zealand", "927", "053"},
	{"Australia and New Zealand", "927", "053"},
	{"Oceania (excluding Australia and New Zealand)", "1835", "1835"},
	{"Melanesia", "928", "054"},
	{"Micronesia", "954", "057"},
	{"Polynesia*", "957", "061"},
	{"EUROPE AND NORTHERN AMERICA", "1829", "1829"},
	{"Eastern Europe", "923", "151"},
	{"Northern Europe", "924", "154"},
	{"Southern Europe", "925", "039"},
	{"Western Europe", "926", "155"},
	{"Channel Islands*", "830", "830"},
}

func TestDESAAggregates(t *testing.T) {
	for _, tc := range desaAggregates {
		r, ok := MatchRegion(tc.name)
		if !ok || r.Code != tc.m49 {
			t.Errorf("MatchRegion(%q) = %q, %v; want %s", tc.name, r.Code, ok, tc.m49)
		}
		if r, ok := RegionByCode(tc.desaCode); !ok || r.Code != tc.m49 {
			t.Errorf("RegionByCode(%q) = %q, %v; want %s", tc.desaCode, r.Code, ok, tc.m49)
		}
		if tc.name != "Channel Islands*" {
			if c, ok := Match(tc.name); ok {
				t.Errorf("Match(%q) = %s; an aggregate must not match a country", tc.name, c.Alpha3)
			}
		}
	}
	// Header rows of the workbooks are not aggregates.
	for _, name := range []string{"UN development groups", "World Bank income groups", "Geographic regions", "Sustainable Development Goal (SDG) regions"} {
		if r, ok := MatchRegion(name); ok {
			t.Errorf("MatchRegion(%q) = %s; it is a header", name, r.Code)
		}
	}
}

// Package geo is Corridor's reference geography: the countries and areas of
// the UN M49 standard with their ISO 3166-1 codes, the M49 regions and the
// UN DESA aggregates, localized names (English, French, Spanish), and
// matching of the country and region names found in migration tables and UN
// treaty status lists.
//
// The data is embedded (data/countries.csv, see data/SOURCE.md); nothing is
// read at run time. All functions are safe for concurrent use.
package geo

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed data/countries.csv
var countriesCSV []byte

// Country is a country or area of the UN M49 list, or a historical entity.
type Country struct {
	Alpha2, Alpha3, Numeric string // ISO 3166-1; Numeric zero-padded to 3 digits
	Name                    string // English short name as UN M49 gives it

	RegionCode, RegionName             string // M49 region (e.g. "002","Africa")
	SubRegionCode, SubRegionName       string
	IntermediateCode, IntermediateName string // may be empty

	Historical bool // former states/areas

	// FormerCode is the ISO 3166-3 four-letter code of a historical entity
	// (e.g. "SUHH" for the USSR); empty otherwise.
	FormerCode string
	// LDC, LLDC and SIDS are the M49 flags: least developed country,
	// land-locked developing country, small island developing State.
	LDC, LLDC, SIDS bool
}

// Region is an M49 aggregate or a UN DESA grouping.
//
// Level is "world", "region", "subregion" or "intermediate" for the M49
// geographic hierarchy, "sdg" for the SDG regions UN DESA publishes and
// "group" for development and income groups (LDC, LLDC, SIDS, more/less
// developed regions, World Bank income groups). Parent is the code of the
// enclosing aggregate ("" for the world).
type Region struct {
	Code, Name, Level string
	Parent            string
}

// Level names for Region.Level and RegionOf.
const (
	LevelWorld        = "world"
	LevelRegion       = "region"
	LevelSubregion    = "subregion"
	LevelIntermediate = "intermediate"
	LevelSDG          = "sdg"
	LevelGroup        = "group"
)

type countryData struct {
	c          Country
	fr, es     string
	altEnglish []string // official, UNTERM and CLDR English variants
	altLocal   []string // French and Spanish names
}

type database struct {
	all      []Country // current, sorted by Name
	entries  []*countryData
	byCode   map[string]*countryData
	byKey    map[string]*countryData // normalized name -> entry
	exact    map[string]*countryData // spelling as in the data -> entry
	regions  []Region
	regionBy map[string]Region       // code -> region
	regKey   map[string]string       // normalized name -> region code
	members  map[string][]Country    // region code -> current members
	local    map[string]*countryData // alpha3 -> entry
}

var (
	dbOnce sync.Once
	db     *database
)

func load() *database {
	dbOnce.Do(func() {
		d, err := build()
		if err != nil {
			panic("geo: embedded data: " + err.Error())
		}
		db = d
	})
	return db
}

func build() (*database, error) {
	recs, err := csv.NewReader(bytes.NewReader(countriesCSV)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("no rows")
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	get := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok {
			panic("geo: embedded data lacks column " + name)
		}
		return rec[i]
	}
	d := &database{
		byCode:   map[string]*countryData{},
		regionBy: map[string]Region{},
		members:  map[string][]Country{},
		local:    map[string]*countryData{},
	}
	for _, rec := range recs[1:] {
		e := &countryData{c: Country{
			Alpha2:           get(rec, "alpha2"),
			Alpha3:           get(rec, "alpha3"),
			Numeric:          pad3(get(rec, "m49")),
			Name:             get(rec, "name"),
			RegionCode:       get(rec, "region_code"),
			RegionName:       get(rec, "region_name"),
			SubRegionCode:    get(rec, "subregion_code"),
			SubRegionName:    get(rec, "subregion_name"),
			IntermediateCode: get(rec, "intermediate_code"),
			IntermediateName: get(rec, "intermediate_name"),
			LDC:              get(rec, "ldc") == "1",
			LLDC:             get(rec, "lldc") == "1",
			SIDS:             get(rec, "sids") == "1",
		},
			fr: get(rec, "name_fr"),
			es: get(rec, "name_es"),
		}
		for _, k := range []string{"official_en", "unterm_en_short", "unterm_en_formal", "cldr_en"} {
			if v := get(rec, k); v != "" {
				e.altEnglish = append(e.altEnglish, v)
			}
		}
		for _, k := range []string{"name_fr", "name_es", "official_fr", "official_es"} {
			if v := get(rec, k); v != "" {
				e.altLocal = append(e.altLocal, v)
			}
		}
		applyCorrections(e)
		d.entries = append(d.entries, e)
	}
	d.entries = append(d.entries, extraEntities()...)

	for _, e := range d.entries {
		c := e.c
		if !c.Historical && !isComposite(c) {
			d.all = append(d.all, c)
		}
		d.local[c.Alpha3] = e
	}
	sort.Slice(d.all, func(i, j int) bool { return foldKey(d.all[i].Name) < foldKey(d.all[j].Name) })

	// Codes: the first entry to claim a code keeps it. M49 rows come first,
	// then extraEntities in order, so the reused alpha-2 "CS" stays with
	// Serbia and Montenegro rather than Czechoslovakia.
	for _, e := range d.entries {
		for _, code := range []string{e.c.Alpha2, e.c.Alpha3, e.c.Numeric, e.c.FormerCode} {
			if code == "" {
				continue
			}
			k := strings.ToUpper(code)
			if _, taken := d.byCode[k]; !taken {
				d.byCode[k] = e
			}
		}
	}
	for code, a3 := range codeAliases {
		if e, ok := d.byCode[a3]; ok {
			if _, taken := d.byCode[code]; !taken {
				d.byCode[code] = e
			}
		}
	}

	d.buildRegions()
	d.buildNameIndex()
	return d, nil
}

func pad3(s string) string {
	s = strings.TrimSpace(s)
	for len(s) < 3 && s != "" {
		s = "0" + s
	}
	return s
}

// isComposite reports entities that UN DESA reports as one area although M49
// lists their parts (the Channel Islands = Guernsey + Jersey). They are
// found by ByCode and Match but left out of All and Members.
func isComposite(c Country) bool { return c.Alpha3 == "CHI" }

// All returns the current countries and areas of the M49 list, sorted by
// English name. Historical entities and the Channel Islands composite are
// left out. The slice is a fresh copy.
func All() []Country {
	return append([]Country(nil), load().all...)
}

// ByCode finds a country by ISO 3166-1 alpha-2 or alpha-3 code, M49/ISO
// numeric code (with or without leading zeros), or ISO 3166-3 four-letter
// code, case-insensitively. Historical codes (YUG, SCG, CSK, SUN, DDR, ANT,
// YMD) and the UNSD code CHI for the Channel Islands are known. The alpha-2
// code "CS", used first for Czechoslovakia and then for Serbia and
// Montenegro, returns Serbia and Montenegro.
func ByCode(code string) (Country, bool) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return Country{}, false
	}
	if isDigits(code) {
		code = strings.TrimLeft(code, "0")
		if len(code) > 3 {
			return Country{}, false
		}
		code = pad3(code)
		if code == "" {
			return Country{}, false
		}
	}
	e, ok := load().byCode[code]
	if !ok {
		return Country{}, false
	}
	return e.c, true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// LocalName returns the country's short name in lang: "en", "fr" or "es"
// (a longer tag such as "fr-CA" or "es_419" uses its language part). French
// and Spanish names are the UN terminology short names. Any other language,
// or a missing translation, falls back to the English Name.
func (c Country) LocalName(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	e := load().local[c.Alpha3]
	if e == nil || e.c.Numeric != c.Numeric {
		return c.Name
	}
	switch lang {
	case "fr":
		if e.fr != "" {
			return e.fr
		}
	case "es":
		if e.es != "" {
			return e.es
		}
	}
	return c.Name
}

// Regions returns every known aggregate: the M49 world, regions,
// sub-regions and intermediate regions, then the SDG regions and the
// development and income groups, ordered by level then code.
func Regions() []Region {
	return append([]Region(nil), load().regions...)
}

// RegionByCode finds an aggregate by its M49 code or by a UN DESA location
// code for the same area (e.g. "947" and "202" both give Sub-Saharan Africa).
func RegionByCode(code string) (Region, bool) {
	d := load()
	code = strings.TrimSpace(code)
	if isDigits(code) && len(code) < 3 {
		code = pad3(code)
	}
	if alt, ok := desaRegionCodes[code]; ok {
		code = alt
	}
	r, ok := d.regionBy[code]
	return r, ok
}

// RegionOf returns the aggregate of c at the given level: "world",
// "region", "subregion" or "intermediate". It reports false when c has no
// aggregate at that level (Antarctica has no region; many countries have no
// intermediate region).
func RegionOf(c Country, level string) (Region, bool) {
	var code string
	switch level {
	case LevelWorld:
		code = "001"
	case LevelRegion:
		code = c.RegionCode
	case LevelSubregion:
		code = c.SubRegionCode
	case LevelIntermediate:
		code = c.IntermediateCode
	default:
		return Region{}, false
	}
	if code == "" {
		return Region{}, false
	}
	r, ok := load().regionBy[code]
	return r, ok
}

// Members returns the current countries and areas in an aggregate, sorted
// by name; regionCode may be an M49 code or a UN DESA location code (see
// RegionByCode). It returns nil for an unknown code and for groups whose
// membership is not in the data (the World Bank income groups).
func Members(regionCode string) []Country {
	r, ok := RegionByCode(regionCode)
	if !ok {
		return nil
	}
	return append([]Country(nil), load().members[r.Code]...)
}

package geo

import (
	"sort"
	"strings"
)

var levelRank = map[string]int{
	LevelWorld: 0, LevelRegion: 1, LevelSubregion: 2, LevelIntermediate: 3, LevelSDG: 4, LevelGroup: 5,
}

// composite defines an aggregate outside the M49 geographic tree: its
// members are the union of the listed M49 areas, minus the excluded ones,
// filtered by pick.
type composite struct {
	Region
	union   []string // M49 region codes or alpha-3 codes; "*" = every area in an M49 region
	exclude []string // M49 region codes or alpha-3 codes
	pick    func(Country) bool
}

// groupings are the UN DESA SDG regions and development groups (codes are
// UN DESA location codes, which M49 reserves for such use, or the M49 codes
// of the LDC/LLDC/SIDS lists). Members follow UN DESA's definitions.
var groupings = []composite{
	{Region: Region{"1829", "Europe and Northern America", LevelSDG, "001"}, union: []string{"150", "021"}},
	{Region: Region{"1832", "Eastern and South-Eastern Asia", LevelSDG, "001"}, union: []string{"030", "035"}},
	{Region: Region{"1833", "Northern Africa and Western Asia", LevelSDG, "001"}, union: []string{"015", "145"}},
	{Region: Region{"1835", "Oceania (excluding Australia and New Zealand)", LevelSDG, "001"}, union: []string{"054", "057", "061"}},
	{Region: Region{"921", "Central and Southern Asia", LevelSDG, "001"}, union: []string{"143", "034"}},

	{Region: Region{"199", "Least developed countries", LevelGroup, "001"}, union: []string{"*"}, pick: func(c Country) bool { return c.LDC }},
	{Region: Region{"432", "Land-locked developing countries", LevelGroup, "001"}, union: []string{"*"}, pick: func(c Country) bool { return c.LLDC }},
	{Region: Region{"722", "Small island developing States", LevelGroup, "001"}, union: []string{"*"}, pick: func(c Country) bool { return c.SIDS }},
	// UN DESA: more developed regions = Europe, Northern America,
	// Australia/New Zealand and Japan; less developed = all the others.
	{Region: Region{"901", "More developed regions", LevelGroup, "001"}, union: []string{"150", "021", "053", "JPN"}},
	{Region: Region{"902", "Less developed regions", LevelGroup, "001"}, union: []string{"*"}, exclude: []string{"150", "021", "053", "JPN"}},
	{Region: Region{"934", "Less developed regions, excluding least developed countries", LevelGroup, "001"}, union: []string{"*"}, exclude: []string{"150", "021", "053", "JPN"}, pick: func(c Country) bool { return !c.LDC }},
	{Region: Region{"948", "Less developed regions, excluding China", LevelGroup, "001"}, union: []string{"*"}, exclude: []string{"150", "021", "053", "JPN", "CHN"}},
	// World Bank income groups: membership is not in the data.
	{Region: Region{"1503", "High-income countries", LevelGroup, "001"}},
	{Region: Region{"1517", "Middle-income countries", LevelGroup, "001"}},
	{Region: Region{"1502", "Upper-middle-income countries", LevelGroup, "001"}},
	{Region: Region{"1501", "Lower-middle-income countries", LevelGroup, "001"}},
	{Region: Region{"1500", "Low-income countries", LevelGroup, "001"}},
	{Region: Region{"1518", "No income group available", LevelGroup, "001"}},
}

// desaRegionCodes maps UN DESA location codes (International Migrant Stock,
// World Population Prospects) to the M49 code of the same aggregate.
var desaRegionCodes = map[string]string{
	"900":  "001", // World
	"903":  "002", // Africa
	"935":  "142", // Asia
	"908":  "150", // Europe
	"917":  "150", // Europe (2019 SDG section)
	"904":  "419", // Latin America and the Caribbean
	"1830": "419",
	"905":  "021", // Northern America
	"918":  "021",
	"909":  "009", // Oceania
	"947":  "202", // Sub-Saharan Africa
	"910":  "014", "911": "017", "912": "015", "913": "018", "914": "011",
	"915": "029", "916": "013", "931": "005",
	"906": "030", "920": "035", "5501": "034", "5500": "143", "922": "145",
	"923": "151", "924": "154", "925": "039", "926": "155",
	"927": "053", "928": "054", "954": "057", "957": "061",
	"941": "199", "1636": "432", "1637": "722",
}

func (d *database) buildRegions() {
	add := func(r Region) {
		if r.Code == "" {
			return
		}
		if _, ok := d.regionBy[r.Code]; ok {
			return
		}
		d.regionBy[r.Code] = r
		d.regions = append(d.regions, r)
	}
	add(Region{Code: "001", Name: "World", Level: LevelWorld})
	for _, e := range d.entries {
		c := e.c
		if c.Historical || isComposite(c) {
			continue
		}
		add(Region{Code: c.RegionCode, Name: c.RegionName, Level: LevelRegion, Parent: "001"})
		add(Region{Code: c.SubRegionCode, Name: c.SubRegionName, Level: LevelSubregion, Parent: c.RegionCode})
		add(Region{Code: c.IntermediateCode, Name: c.IntermediateName, Level: LevelIntermediate, Parent: c.SubRegionCode})
	}
	for _, g := range groupings {
		add(g.Region)
	}
	sort.SliceStable(d.regions, func(i, j int) bool {
		a, b := d.regions[i], d.regions[j]
		if levelRank[a.Level] != levelRank[b.Level] {
			return levelRank[a.Level] < levelRank[b.Level]
		}
		if len(a.Code) != len(b.Code) {
			return len(a.Code) < len(b.Code)
		}
		return a.Code < b.Code
	})

	// Members of the M49 tree.
	for _, c := range d.all {
		d.members["001"] = append(d.members["001"], c)
		for _, code := range []string{c.RegionCode, c.SubRegionCode, c.IntermediateCode} {
			if code != "" {
				d.members[code] = append(d.members[code], c)
			}
		}
	}
	in := func(c Country, codes []string) bool {
		for _, code := range codes {
			switch {
			case code == "*" && c.RegionCode != "": // every area in a region: not Antarctica
				return true
			case code == c.RegionCode, code == c.SubRegionCode, code == c.IntermediateCode, code == c.Alpha3:
				return true
			}
		}
		return false
	}
	for _, g := range groupings {
		if len(g.union) == 0 {
			continue
		}
		for _, c := range d.all {
			if in(c, g.union) && !in(c, g.exclude) && (g.pick == nil || g.pick(c)) {
				d.members[g.Code] = append(d.members[g.Code], c)
			}
		}
	}

	// Region names for MatchRegion.
	d.regKey = map[string]string{}
	for _, r := range d.regions {
		d.regKey[normalize(r.Name)] = r.Code
	}
	for name, code := range regionAliases {
		if _, ok := d.regionBy[code]; !ok {
			panic("geo: region alias " + name + " names unknown code " + code)
		}
		d.regKey[normalize(name)] = code
	}
}

// regionAliases are other spellings of aggregates, as UN DESA and UN
// treaty/statistical tables write them.
var regionAliases = map[string]string{
	"World":                                   "001",
	"Americas":                                "019",
	"The Americas":                            "019",
	"Latin America":                           "419",
	"Latin America & Caribbean":               "419",
	"Australia / New Zealand":                 "053",
	"Australia/New Zealand":                   "053",
	"Africa south of the Sahara":              "202",
	"Developed regions":                       "901",
	"More developed countries":                "901",
	"Developed countries":                     "901",
	"Less developed countries":                "902",
	"Developing regions":                      "902",
	"Developing countries":                    "902",
	"Least developed countries (LDCs)":        "199",
	"LDCs":                                    "199",
	"Land-locked Developing Countries (LLDC)": "432",
	"Landlocked developing countries":         "432",
	"Landlocked developing countries (LLDCs)": "432",
	"LLDCs":                                       "432",
	"Small island developing States (SIDS)":       "722",
	"SIDS":                                        "722",
	"High income countries":                       "1503",
	"Middle income countries":                     "1517",
	"Upper middle income countries":               "1502",
	"Lower middle income countries":               "1501",
	"Low income countries":                        "1500",
	"Oceania excluding Australia and New Zealand": "1835",
	"Europe and North America":                    "1829",
}

// MatchRegion recognises the name of an aggregate: M49 world, regions,
// sub-regions and intermediate regions, UN DESA's SDG regions, development
// groups and income groups, in any case and with footnote markers (see
// CleanName). "Micronesia" is the M49 sub-region, not the country.
func MatchRegion(name string) (Region, bool) {
	d := load()
	if len(name) > maxNameLen {
		return Region{}, false
	}
	code, ok := d.regKey[normalize(CleanName(name))]
	if !ok {
		return Region{}, false
	}
	return d.regionBy[code], true
}

// foldKey orders names the way a reader expects: case and accents ignored
// ("Åland Islands" sorts among the A's).
func foldKey(s string) string {
	return strings.ToLower(stripMarks(s))
}

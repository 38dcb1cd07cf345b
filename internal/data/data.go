// Package data is the core of Corridor's research data and analytics
// domain: datasets imported from the published migration tables, their
// observations in one tidy form, the queries the explore pages are built
// from (totals, partners, corridors, region flows, migration indices), and
// the curators' work (imports and their jobs, country-name aliases, flow
// estimation). It returns data, never HTML or SVG: the pages, drawings,
// exports and API live in dataweb.
package data

import (
	"sort"
	"strings"

	"corridor/internal/data/importers"
	"corridor/internal/geo"
)

// Dataset is one imported file (or one estimation result).
type Dataset struct {
	ID           int64  `json:"id"`
	Source       string `json:"source"`
	Release      string `json:"release"`
	Title        string `json:"title"`
	Licence      string `json:"licence"`
	URL          string `json:"url"`
	Citation     string `json:"citation"`
	Format       string `json:"format"`
	FileName     string `json:"file_name"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	BlobKey      string `json:"-"`
	Notes        string `json:"notes"`
	Observations int64  `json:"observations"`
	Unmatched    int64  `json:"unmatched"`
	ImportedBy   *int64 `json:"imported_by,omitempty"`
	ImportedAt   int64  `json:"imported_at"`
	// Status is "published" (its values are in every view), or for a
	// curator's estimate "draft" or "superseded" (its values wait outside
	// them; see PublishEstimate).
	Status string `json:"status"`
	// Basis names what an estimate was made from (source dataset and
	// years); one estimate per basis is published at a time.
	Basis string `json:"-"`
}

// Dataset statuses.
const (
	StatusPublished  = "published"
	StatusDraft      = "draft"
	StatusSuperseded = "superseded"
)

// Public reports whether the dataset's values are published: in the
// pages, exports and API every reader sees.
func (d Dataset) Public() bool { return d.Status == StatusPublished }

// Label is how views name a dataset: its title and release.
func (d Dataset) Label() string {
	if d.Release == "" {
		return d.Title
	}
	return d.Title + " (" + d.Release + ")"
}

// sourceNames are the short names of sources in chart legends.
var sourceNames = map[string]string{
	// The origin × destination table and the totals tables of one release
	// are different series: their names must differ in a legend.
	"undesa-ims": "UN DESA by origin", "undesa-ims-totals": "UN DESA",
	"worldbank-bilateral-migration": "World Bank", "knomad-bilateral-remittances": "KNOMAD",
	"unhcr-population": "UNHCR", "unhcr-flows": "UNHCR", "estimate": "Estimate",
	"abel-2018-region-flows": "Abel", "abel-sander-2014-regions": "Abel & Sander", "abel-sander-2014-countries": "Abel & Sander",
	"worldbank-remittance-inflows": "World Bank",
}

// Publisher names who published the dataset as readers know them ("UN
// DESA", "UNHCR"); Corridor for its own estimates; the title otherwise.
func (d Dataset) Publisher() string {
	if d.Source == "estimate" {
		return "Corridor"
	}
	if name, ok := sourceNames[d.Source]; ok {
		return name
	}
	return d.Title
}

// Short is the dataset's name in a chart legend: source and release.
func (d Dataset) Short() string {
	name, ok := sourceNames[d.Source]
	if !ok {
		name = d.Title
		if r := []rune(name); len(r) > 24 {
			name = string(r[:23]) + "…"
		}
	}
	if d.Release != "" {
		name += " " + d.Release
	}
	return name
}

// Cite is the "cite this" text of the dataset.
func (d Dataset) Cite() string {
	if d.Citation != "" {
		return d.Citation
	}
	return d.Label()
}

// Observation is one tidy value.
type Observation struct {
	ID          int64    `json:"id"`
	DatasetID   int64    `json:"dataset_id"`
	Measure     string   `json:"measure"`
	Origin      string   `json:"origin"`
	Destination string   `json:"destination"`
	Year        int      `json:"year"`
	Sex         string   `json:"sex"`
	Value       *float64 `json:"value"`
	Flag        string   `json:"flag,omitempty"`
	// Unit of the value (people, thousands of people, percent, …), from
	// the importers' list; empty when it does not know the measure.
	Unit string `json:"unit,omitempty"`
}

// Unmatched is a name an import could not map to an area.
type Unmatched struct {
	ID          int64  `json:"id"`
	DatasetID   int64  `json:"dataset_id"`
	Name        string `json:"name"`
	Location    string `json:"location"`
	Occurrences int64  `json:"occurrences"`
}

// Alias maps a source's spelling to an area code ("-": not a place).
type Alias struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Code string `json:"code"`
}

// World is the area code of "all origins" or "all destinations".
const World = "001"

// Unknown is the area code of an unknown origin (UNHCR's UKN/UNK).
const Unknown = "UNK"

// specialAreas are the non-geographic origins the sources use, under the
// codes UNHCR gives them.
var specialAreas = map[string]string{"UNK": "Unknown", "XXA": "Stateless"}

// specialAreasIn names them in French and Spanish (UNHCR's own words:
// "Apatride", "Apátrida"; CLDR's "Région inconnue", "Región desconocida").
var specialAreasIn = map[string]map[string]string{
	"fr": {"UNK": "Origine inconnue", "XXA": "Apatrides"},
	"es": {"UNK": "Origen desconocido", "XXA": "Apátridas"},
}

// specialCodes maps the codes and names sources use for them.
var specialCodes = map[string]string{"UNK": "UNK", "UKN": "UNK", "XXA": "XXA", "STA": "XXA", "unknown": "UNK", "stateless": "XXA"}

// Area is a country or an aggregate, as the views show it.
type Area struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	IsRegion bool   `json:"is_region"`
	Region   string `json:"region,omitempty"`
}

// AreaCode is the code under which a country's observations are stored.
func AreaCode(c geo.Country) string {
	switch {
	case c.Alpha3 != "":
		return c.Alpha3
	case c.FormerCode != "":
		return c.FormerCode
	}
	return c.Numeric
}

// IsRegionCode tells aggregate codes (digits) from country codes.
func IsRegionCode(code string) bool {
	if code == "" {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// LookupArea finds a stored area code and names it in lang.
func LookupArea(code, lang string) (Area, bool) {
	code = strings.TrimSpace(code)
	if name, ok := specialAreas[strings.ToUpper(code)]; ok {
		if l, ok := specialAreasIn[lang][strings.ToUpper(code)]; ok {
			name = l
		}
		return Area{Code: strings.ToUpper(code), Name: name}, true
	}
	if IsRegionCode(code) {
		r, ok := geo.RegionByCode(code)
		if !ok {
			return Area{}, false
		}
		return Area{Code: r.Code, Name: geo.RegionNameIn(r.Code, r.Name, lang), IsRegion: true}, true
	}
	c, ok := geo.ByCode(strings.ToUpper(code))
	if !ok {
		return Area{}, false
	}
	return Area{Code: AreaCode(c), Name: c.NameIn(lang), Region: c.RegionCode}, true
}

// AreaName names a stored code, or returns the code itself.
func AreaName(code, lang string) string {
	if a, ok := LookupArea(code, lang); ok {
		return a.Name
	}
	return code
}

// nameKey is the alias table's key for a name.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(geo.CleanName(name)), " "))
}

// resolver maps the places of a file to area codes.
type resolver struct {
	aliases map[string]string
	cache   map[importers.Place]resolved
}

type resolved struct {
	code     string
	skip, ok bool
}

// resolve returns the area code of p; skip means a curator marked the
// name "not a place"; ok false means unmatched.
func (r *resolver) resolve(p importers.Place) (code string, skip, ok bool) {
	if c, hit := r.cache[p]; hit {
		return c.code, c.skip, c.ok
	}
	code, skip, ok = r.lookup(p)
	if r.cache == nil {
		r.cache = map[importers.Place]resolved{}
	}
	r.cache[p] = resolved{code, skip, ok}
	return code, skip, ok
}

func (r *resolver) lookup(p importers.Place) (code string, skip, ok bool) {
	if p.Name != "" {
		if c, found := r.aliases[nameKey(p.Name)]; found {
			return c, c == "-", true
		}
	}
	if p.Code != "" {
		if c, found := specialCodes[strings.ToUpper(p.Code)]; found {
			return c, false, true
		}
		if IsRegionCode(p.Code) {
			if reg, found := geo.RegionByCode(p.Code); found {
				return reg.Code, false, true
			}
			if c, found := geo.ByCode(p.Code); found {
				return AreaCode(c), false, true
			}
		} else if c, found := geo.ByCode(strings.ToUpper(p.Code)); found {
			return AreaCode(c), false, true
		}
	}
	if p.Name != "" {
		if c, found := geo.Match(p.Name); found {
			return AreaCode(c), false, true
		}
		if reg, found := geo.MatchRegion(p.Name); found {
			return reg.Code, false, true
		}
		if c, found := specialCodes[strings.ToLower(strings.TrimSpace(p.Name))]; found {
			return c, false, true
		}
	}
	return "", false, false
}

// Link is a labelled URL.
type Link struct {
	Label string `json:"label"`
	URL   string `json:"url"`
	// Why, on a corridor's instruments, says why it applies: "parties",
	// "bilateral", "destination" or "origin" (data.instruments.why.*).
	Why string `json:"why,omitempty"`
}

// FlowMeasures are UNHCR's flows (what arrived during a year), in the
// order the pages list them.
var FlowMeasures = []string{importers.RefugeeArrivals, importers.AsylumApplications, importers.RefugeeLikeArrivals, importers.OIPArrivals}

// Countries lists the current countries and areas, by name in lang.
func Countries(lang string) []Area {
	var out []Area
	for _, c := range geo.All() {
		if c.Historical {
			continue
		}
		out = append(out, Area{Code: AreaCode(c), Name: c.NameIn(lang), Region: c.RegionCode})
	}
	// Folded, so that "Égypte" sorts among the E's.
	sort.Slice(out, func(i, j int) bool { return geo.Fold(out[i].Name) < geo.Fold(out[j].Name) })
	return out
}

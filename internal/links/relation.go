package links

// Relation is a directed kind of link, stored in its forward direction
// and read in both: "A cites B" is also "B is cited by A". Where DataCite
// has the relation, it keeps DataCite's name, so that publication
// metadata and exports carry it unchanged.
type Relation struct {
	Name    string `json:"name"`
	Inverse string `json:"inverse"`
	// DataCite is the DataCite relationType, empty for Corridor's own.
	DataCite string `json:"datacite,omitempty"`
}

// Label is the catalog key of the relation read from its source
// ("cites"); InverseLabel read from its target ("is cited by").
func (r Relation) Label() string        { return "links.rel." + r.Name }
func (r Relation) InverseLabel() string { return "links.rel." + r.Inverse }

// The relation names domains use in code.
const (
	Cites          = "cites"
	References     = "references"
	IsPartOf       = "is-part-of"
	IsSupplementTo = "is-supplement-to"
	IsDerivedFrom  = "is-derived-from"
	Documents      = "documents"
	Governs        = "governs"
	Implements     = "implements"
	Teaches        = "teaches"
	UsesData       = "uses-data"
	About          = "about"
	ProducedBy     = "produced-by"
	Discusses      = "discusses"
)

// Relations is the controlled list, in the order pages show groups.
var Relations = []Relation{
	{Governs, "is-governed-by", ""},                // instrument → corridor/country
	{Implements, "is-implemented-by", ""},          // national law → international instrument
	{Cites, "is-cited-by", "Cites"},                // publication → anything
	{References, "is-referenced-by", "References"}, // anything → anything
	{UsesData, "is-data-for", ""},                  // publication/course → dataset/corridor
	{Teaches, "is-taught-by", ""},                  // course/lesson → instrument/provision/dataset
	{Discusses, "is-discussed-by", ""},             // event/talk → anything
	{About, "is-subject-of", ""},                   // anything → country/region/topic
	{ProducedBy, "produces", ""},                   // output → project/person
	{IsPartOf, "has-part", "IsPartOf"},             // lesson → course, talk → event
	{IsSupplementTo, "is-supplemented-by", "IsSupplementTo"},
	{IsDerivedFrom, "is-source-of", "IsDerivedFrom"},
	{Documents, "is-documented-by", "Documents"},
}

// RelationByName finds a relation by its forward name.
func RelationByName(name string) (Relation, bool) {
	for _, r := range Relations {
		if r.Name == name {
			return r, true
		}
	}
	return Relation{}, false
}

package treaty

import (
	"strings"

	"corridor/internal/geo"
)

// OrganizationCodes gives codes to treaty participants that are not States
// and so have no ISO 3166-1 code. "EUU" is not an ISO code (ISO 3166-1 only
// reserves alpha-2 "EU"); it is the code the World Bank and others use for
// the European Union.
var OrganizationCodes = map[string]string{
	"european union":              "EUU",
	"european community":          "EUU",
	"european economic community": "EUU",
}

// GeoResolver resolves a UNTC participant name with corridor/internal/geo:
// footnote markers are removed with geo.CleanName, the name is matched with
// geo.Match (historical States included), and organizations that geo knows
// (geo.IsOrganization) get their code from OrganizationCodes.
func GeoResolver(name string) (alpha3, clean string, ok bool) {
	clean = geo.CleanName(name)
	if c, ok := geo.Match(clean); ok && c.Alpha3 != "" {
		return c.Alpha3, clean, true
	}
	if geo.IsOrganization(clean) {
		if code, ok := OrganizationCodes[strings.ToLower(clean)]; ok {
			return code, clean, true
		}
	}
	return "", clean, false
}

package lawdb

// DEMIG spellings read by the policy CSV importer. The DEMIG POLICY files
// (and DEMIG-QuantMig's "Country, Year, Magnitude, Policy area,
// Restrictiveness") name the variables and write values as labels; the
// importer accepts those beside Corridor's own column names and codes, so a
// file exported from DEMIG's spreadsheet can be read after saving it as CSV.
// Only the labels of the published coding scheme (de Haas, Natter & Vezzoli
// 2015, tables 2 and 3) are mapped; the unpublished magnitude labels are
// not guessed.

import (
	"strings"
	"unicode"
)

// demigColumns maps DEMIG and DEMIG-QuantMig column names (normalised by
// normName) to the PolicyColumns they are.
var demigColumns = map[string]string{
	"policy_area": "pol_area", "policy_tool": "pol_tool", "restrictiveness": "change_restrict", "magnitude": "change_level",
	"migrant_group": "target_group", "target": "target_group", "migrant_origin": "origin",
}

// demigValues maps, per column, DEMIG value labels (normalised by
// normName) to Corridor's codes.
var demigValues = map[string]map[string]string{
	"pol_area":        {"border_and_land_control": "border-land-control", "legal_entry_and_stay": "legal-entry-stay"},
	"change_restrict": {"more_restrictive": "1", "less_restrictive": "-1", "no_change": "0", "+1": "1"},
	"change_level":    {"major_change": "4"},
	"target_group": {"all_migrants": "all-migrants", "all_migrant_workers": "all-workers", "low_skilled": "low-skilled",
		"skilled": "high-skilled", "high_skilled": "high-skilled", "skilled_high_skilled": "high-skilled", "family_members": "family",
		"international_students": "students", "investors_entrepreneurs": "investors", "irregular_migrants": "irregular",
		"refugees_asylum_seekers_and_other_vulnerable_people": "refugees-asylum", "specific_categories": "specific"},
	"origin": {"all_foreign_nationalities": "all-foreign", "eu_citizens": "eu-citizens", "specific_nationalities": "specific-nationalities"},
}

// demigMissing are DEMIG's codes for a change in restrictiveness that is
// not scored (context-only measures).
var demigMissing = map[string]bool{"9": true, "999": true}

// normName lower-cases a name or label and joins its words with "_".
func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	var b strings.Builder
	gap := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('_')
		}
		b.WriteRune(r)
		gap = false
	}
	return b.String()
}

// policyColumn is the PolicyColumns name (or "year") of a CSV header.
func policyColumn(header string) string {
	n := normName(header)
	if c, ok := demigColumns[n]; ok {
		return c
	}
	return n
}

// policyValue turns a DEMIG label of column into Corridor's code; other
// values are returned trimmed.
func policyValue(column, v string) string {
	v = strings.TrimSpace(v)
	if m := demigValues[column]; m != nil {
		if code, ok := m[normName(v)]; ok {
			return code
		}
	}
	return v
}

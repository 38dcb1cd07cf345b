package community

import (
	"sort"
	"strings"

	"corridor/internal/geo"
)

// Limits on a profile's expertise.
const (
	MaxTopics    = 20
	MaxTopicLen  = 60
	MaxCountries = 40
)

// HasTopic reports whether p lists topic, without regard to case.
func (p Person) HasTopic(topic string) bool {
	for _, t := range p.Topics {
		if strings.EqualFold(t, strings.TrimSpace(topic)) {
			return true
		}
	}
	return false
}

// SplitTopics reads topics typed as a comma-separated list.
func SplitTopics(s string) []string { return strings.Split(s, ",") }

// SplitCountries reads country codes separated by commas or spaces.
func SplitCountries(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\n' })
}

// cleanTopics trims and collapses the spaces of each topic, drops empty
// ones and repeats (case-insensitively, the first spelling wins); false
// when there are too many or one is too long or holds a comma.
func cleanTopics(in []string) ([]string, bool) {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" || seen[strings.ToLower(t)] {
			continue
		}
		if tooLong(t, MaxTopicLen) || strings.Contains(t, ",") {
			return out, false
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out, len(out) <= MaxTopics
}

// cleanCountries upper-cases the codes and keeps each once; false when one
// is not the ISO 3166 alpha-3 code of a current country or area known to
// internal/geo (historical codes such as YUG are refused).
func cleanCountries(in []string) ([]string, bool) {
	out := []string{}
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || oneOf(c, out) {
			continue
		}
		if !ValidCountry(c) {
			return out, false
		}
		out = append(out, c)
	}
	return out, len(out) <= MaxCountries
}

// ValidCountry: code is the alpha-3 code of a current country or area.
func ValidCountry(code string) bool {
	g, ok := geo.ByCode(code)
	return ok && len(code) == 3 && g.Alpha3 == code && !g.Historical
}

// Topics lists the topics people hold, each once, sorted without regard
// to case.
func Topics(people []Person) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range people {
		for _, t := range p.Topics {
			if !seen[strings.ToLower(t)] {
				seen[strings.ToLower(t)] = true
				out = append(out, t)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i]) < strings.ToLower(out[j]) })
	return out
}

// CountriesOf lists the country codes people work on, each once.
func CountriesOf(people []Person) []string {
	var out []string
	for _, p := range people {
		for _, c := range p.Countries {
			if !oneOf(c, out) {
				out = append(out, c)
			}
		}
	}
	sort.Strings(out)
	return out
}

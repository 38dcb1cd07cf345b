package dataweb

import (
	"context"
	"regexp"
	"sort"
	"strings"

	"corridor/internal/geo"
	"corridor/internal/web"
)

// Places for the one search box: countries by any of their names in
// English, French or Spanish or by code, and corridors written as two
// places ("Mexico to United States", "Mexique → États-Unis", "MEX-USA").

// corridorSep splits "A to B" in the three languages and with arrows.
var corridorSep = regexp.MustCompile(`(?i)\s*(?:→|->|=>|–|—|/|\s-\s|\bto\b|\bvers\b|\bhacia\b|\bà\b|\ba\b)\s*`)

type placeName struct {
	country geo.Country
	names   []string // folded
}

func placeNames() []placeName {
	var out []placeName
	for _, c := range geo.All() {
		p := placeName{country: c, names: []string{geo.Fold(c.Alpha3), geo.Fold(c.Alpha2)}}
		for _, l := range []string{"en", "fr", "es"} {
			p.names = append(p.names, geo.Fold(c.NameIn(l)))
		}
		out = append(out, p)
	}
	return out
}

// matchPlaces ranks the countries q names: a whole name or code first,
// then a name starting with q, then one with a word starting with q.
func matchPlaces(all []placeName, q string) []geo.Country {
	q = geo.Fold(q)
	if len([]rune(q)) < 2 {
		return nil
	}
	type scored struct {
		c     geo.Country
		score int
	}
	var hits []scored
	for _, p := range all {
		best := 0
		for i, n := range p.names {
			switch {
			case n == q:
				best = max(best, 4)
			case i >= 2 && strings.HasPrefix(n, q):
				best = max(best, 3)
			case i >= 2 && strings.Contains(" "+n, " "+q):
				best = max(best, 2)
			}
		}
		if best > 0 {
			hits = append(hits, scored{p.country, best})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].c.Name < hits[j].c.Name
	})
	out := make([]geo.Country, len(hits))
	for i, h := range hits {
		out[i] = h.c
	}
	return out
}

// SearchPlaces is the places' part of the one search box.
func SearchPlaces() web.SearchSource {
	all := placeNames()
	return web.SearchSource{
		Kind: "search.kind.places",
		Find: func(_ context.Context, q, lang string, limit int) ([]web.SearchHit, error) {
			var out []web.SearchHit
			if parts := corridorSep.Split(strings.TrimSpace(q), -1); len(parts) == 2 {
				from, to := matchPlaces(all, parts[0]), matchPlaces(all, parts[1])
				if len(from) > 0 && len(to) > 0 && from[0].Alpha3 != to[0].Alpha3 {
					a, b := from[0], to[0]
					out = append(out, web.SearchHit{Title: a.NameIn(lang) + " → " + b.NameIn(lang), URL: "/data/corridors/" + a.Alpha3 + "/" + b.Alpha3})
				}
			}
			for _, c := range matchPlaces(all, q) {
				if len(out) >= limit {
					break
				}
				out = append(out, web.SearchHit{Title: c.NameIn(lang), URL: "/data/countries/" + c.Alpha3,
					Detail: geo.RegionNameIn(c.RegionCode, c.RegionName, lang)})
			}
			return out, nil
		},
	}
}

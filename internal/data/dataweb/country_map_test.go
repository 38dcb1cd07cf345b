package dataweb

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
)

// A country page opens with a world map of the movement that defines the
// country: Mexico's emigrants by country of residence (11.5 million in
// the United States against under a million immigrants), the United
// States' immigrants by country of birth. The export lists each partner
// once, though the top-ten chart shows some of them again.
func TestCountryOpensWithPartnerMap(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "map.csv", "origin,destination,year,sex,measure,value\n"+
			"MEX,USA,2019,total,migrant_stock,11489684\n"+
			"GTM,USA,2019,total,migrant_stock,1111630\n"+
			"USA,MEX,2019,total,migrant_stock,797266\n"+
			"GTM,MEX,2019,total,migrant_stock,42874\n"+
			"MEX,CAN,2019,total,migrant_stock,80585\n")
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		h := &Handlers{S: s}
		for _, c := range []struct{ code, key, partner string }{
			{"MEX", "data.chart.map_destinations", "Canada"},
			{"USA", "data.chart.map_origins", "Guatemala"},
		} {
			v, err := h.BuildCountry(context.Background(), c.code, nil, "en", tr)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Sections) == 0 || v.Sections[0].ID != "partner-map" {
				t.Fatalf("%s: the page does not open with the partner map", c.code)
			}
			m := v.Sections[0]
			if !strings.HasPrefix(m.Title, c.key) || !strings.Contains(string(m.Chart), "<svg") || !tableHas(v, "partner-map", c.partner) {
				t.Errorf("%s: map %q, want %s with %s in its table", c.code, m.Title, c.key, c.partner)
			}
			seen := map[string]bool{}
			for _, r := range v.Rows {
				k := fmt.Sprint(r.Dataset, r.Measure, r.Origin, r.Destination, r.Year, r.Sex)
				if seen[k] {
					t.Errorf("%s: the export lists %s twice", c.code, k)
				}
				seen[k] = true
			}
		}
	})
}

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

// The home page's headline numbers are the publisher's world totals where
// it has one (UN DESA's 280,598,105 international migrants in 2020, as its
// 2020 table publishes it; the World Bank's world remittances), or else a
// sum over every country in the latest year, saying how many countries it
// adds up (refugees by country of asylum): here 3,000 + 2,000 + 1,500 in
// 2023 over three countries of asylum, not the older year's figures.
func TestHomeHeadlines(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "home.csv", "origin,destination,year,sex,measure,value\n"+
			"001,001,2020,total,migrant_stock,280598105\n"+
			"001,001,2015,total,migrant_stock,247958644\n"+
			"001,DEU,2020,total,migrant_stock,15762457\n"+
			"001,USA,2020,total,migrant_stock,50632836\n"+
			"SYR,TUR,2023,total,refugees,3000\nAFG,PAK,2023,total,refugees,2000\nAFG,IRN,2023,total,refugees,1500\n"+
			"SYR,TUR,2022,total,refugees,9000\n"+
			"001,001,2022,total,remittances,831000.4\n")
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		h := &Handlers{S: s}
		for _, c := range []struct{ lang, migrants, refugees, remittances string }{
			{"en", "280,598,105", "6,500", "831,000"},
			{"fr", "280\u202f598\u202f105", "6\u202f500", "831\u202f000"},
		} {
			b, err := h.homeBlock(context.Background(), c.lang, tr)
			if err != nil {
				t.Fatal(err)
			}
			if b == nil || len(b.Figures) != 3 {
				t.Fatalf("%s: headline figures %+v, want migrants, refugees and remittances", c.lang, b)
			}
			m, r, rem := b.Figures[0], b.Figures[1], b.Figures[2]
			if m.Value != c.migrants || !strings.HasPrefix(m.Note, "2020 · ") || strings.Contains(m.Note, "data.home.sum_of") {
				t.Errorf("%s: migrants %+v, want the published %s of 2020", c.lang, m, c.migrants)
			}
			if r.Value != c.refugees || !strings.HasPrefix(r.Note, "2023 · ") || !strings.Contains(r.Note, "data.home.sum_of 3") {
				t.Errorf("%s: refugees %+v, want the 2023 sum %s over 3 countries", c.lang, r, c.refugees)
			}
			if !strings.HasPrefix(rem.Value, c.remittances) || !strings.Contains(rem.Value, "data.unit.usd_million") || !strings.HasPrefix(rem.Note, "2022 · ") {
				t.Errorf("%s: remittances %+v, want %s US$ million in 2022", c.lang, rem, c.remittances)
			}
			ds, err := s.Datasets(context.Background(), 0, 10, true)
			if err != nil || len(ds) != 1 {
				t.Fatalf("datasets %v, %v", ds, err)
			}
			if !strings.Contains(string(b.Figure), "<svg") || b.Source != "data.home.sources "+ds[0].Label() {
				t.Errorf("%s: the panel needs its map and its sources: source %q, want the dataset %q", c.lang, b.Source, ds[0].Label())
			}
		}
	})
}

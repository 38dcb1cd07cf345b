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

// Pages speak the reader's language below the interface too: places by
// their CLDR names ("Allemagne", "Alemania"; "États-Unis", "Estados
// Unidos"; the world "Monde", "Mundo") and numbers in CLDR's digits. The
// World's migrant stock in 2019 as UN DESA published it, 271,642,105,
// is "271 642 105" in French (narrow no-break spaces, CLDR fr) and
// "271.642.105" in Spanish (CLDR es), in the key figures and the table.
func TestPagesInTheReadersLanguage(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "lang.csv", "origin,destination,year,sex,measure,value\n"+
			"001,001,2019,total,migrant_stock,271642105\n"+
			"USA,DEU,2019,total,migrant_stock,121000\nFRA,DEU,2019,total,migrant_stock,190000\n"+
			"001,DEU,2019,total,migrant_share,15.7\n")
		ctx := context.Background()
		tr := func(k string, args ...any) string { return fmt.Sprint(append([]any{k, " "}, args...)...) }
		h := &Handlers{S: s}
		for _, c := range []struct{ lang, germany, us, world, total, share string }{
			{"en", "Germany", "United States of America", "World", "271,642,105", "15.70%"},
			{"fr", "Allemagne", "États-Unis", "Monde", "271\u202f642\u202f105", "15,70\u202f%"},
			{"es", "Alemania", "Estados Unidos", "Mundo", "271.642.105", "15,70\u00a0%"},
		} {
			de, err := h.BuildCountry(ctx, "DEU", nil, c.lang, tr)
			if err != nil {
				t.Fatal(err)
			}
			if de.Heading != c.germany {
				t.Errorf("%s: Germany's page is headed %q, want %q", c.lang, de.Heading, c.germany)
			}
			if !tableHas(de, "top-origins", c.us) {
				t.Errorf("%s: Germany's top origins do not name %q", c.lang, c.us)
			}
			if k := keyFigure(de, "migrant_share"); k == nil || k.Value != c.share || k.Year != 2019 {
				t.Errorf("%s: Germany's migrant share key figure %+v, want %q in 2019", c.lang, k, c.share)
			}
			world, err := h.BuildRegion(ctx, "001", nil, c.lang, tr)
			if err != nil {
				t.Fatal(err)
			}
			if world.Heading != c.world {
				t.Errorf("%s: the World's page is headed %q, want %q", c.lang, world.Heading, c.world)
			}
			if k := keyFigure(world, "stock_in"); k == nil || k.Value != c.total || k.Year != 2019 || k.Source == "" {
				t.Errorf("%s: the World's stock key figure %+v, want %q in 2019 with its source", c.lang, k, c.total)
			}
			if !tableHas(world, "region-immigrants", c.total) {
				t.Errorf("%s: the World's table does not show %q", c.lang, c.total)
			}
		}
	})
}

func keyFigure(v *View, id string) *KeyFigure {
	for i := range v.KeyFigures {
		if v.KeyFigures[i].ID == id {
			return &v.KeyFigures[i]
		}
	}
	return nil
}

func tableHas(v *View, section, cell string) bool {
	for _, sec := range v.Sections {
		if sec.ID != section {
			continue
		}
		for _, row := range sec.Table {
			if strings.Contains(strings.Join(row, "|"), cell) {
				return true
			}
		}
	}
	return false
}

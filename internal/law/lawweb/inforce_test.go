package lawweb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/web/webtest"
)

// A repealed national text is not shown as the text in force after the
// repeal takes effect; the page says so and links to the last text.
func TestRepealedTextPage(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			ctx := context.Background()
			s := a.Law
			for _, in := range []lawdb.InstrumentInput{
				{Slug: "T-OLD", Title: "Old act", Level: "national", Type: "act", AdoptedOn: "1990-01-01", InForceOn: "1990-06-01"},
				{Slug: "T-NEW", Title: "New act", Level: "national", Type: "act", AdoptedOn: "2000-01-01", InForceOn: "2001-04-01"},
			} {
				if _, err := s.CreateInstrument(ctx, in); err != nil {
					t.Fatal(err)
				}
			}
			md := "##Old act\n\n### Article 1\n\nSeasonal workers need a permit.\n"
			if _, err := s.AddVersion(ctx, lawdb.NewVersion{Instrument: "T-OLD", Language: "en", ValidFrom: "1990-06-01", Format: "markdown", Text: []byte(md)}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.AddRelationship(ctx, lawdb.NewRelation{From: "T-NEW", Kind: "repeals", To: "T-OLD"}); err != nil {
				t.Fatal(err)
			}
			c := webtest.NewClient(t, base)
			if _, body := c.Get("/law/instruments/T-OLD?on=2001-03-31"); !strings.Contains(body, "Seasonal workers need a permit.") {
				t.Error("the text in force before the repeal is not shown")
			}
			for _, p := range []string{"/law/instruments/T-OLD?on=2001-04-01", "/law/instruments/T-OLD", "/law/instruments/T-OLD/art_1?on=2005-01-01"} {
				resp, body := c.Get(p)
				if resp.StatusCode != 200 || strings.Contains(body, "Seasonal workers need a permit.") || !strings.Contains(body, "ceased to be in force on 2001-04-01") ||
					!strings.Contains(body, `href="/law/instruments/T-NEW"`) || !strings.Contains(body, "?on=2001-03-31") {
					t.Errorf("%s: %d, repealed text shown or no notice", p, resp.StatusCode)
				}
			}
			if _, body := c.Get("/law/instruments/T-OLD"); !strings.Contains(body, `"legislationLegalForce":"https://schema.org/NotInForce"`) {
				t.Error("JSON-LD does not say the repealed act is not in force")
			}
			if _, body := c.Get("/law/instruments/T-NEW"); !strings.Contains(body, `"legislationLegalForce":"https://schema.org/InForce"`) {
				t.Error("JSON-LD does not say the new act is in force")
			}
			_, body := c.Get("/api/v1/law/instruments/T-OLD")
			var got struct {
				Instrument struct {
					InForce bool   `json:"in_force"`
					EndedOn string `json:"ended_on"`
				} `json:"instrument"`
			}
			if err := json.Unmarshal([]byte(body), &got); err != nil || got.Instrument.InForce || got.Instrument.EndedOn != "2001-04-01" {
				t.Errorf("API: %+v %v", got, err)
			}
			if _, body := c.Get("/law/search?q=seasonal&in_force=no"); !strings.Contains(body, "/law/instruments/T-OLD/") {
				t.Error("search in_force=no misses the repealed act")
			}
			if _, body := c.Get("/law/search?q=seasonal&in_force=yes"); strings.Contains(body, "/law/instruments/T-OLD/") {
				t.Error("search in_force=yes finds the repealed act")
			}
		})
	}
}

package app

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// A dataset's public page says what a reader needs — publisher, licence,
// coverage (years, places on each side), how many values, method — with
// places by name and numbers in the reader's digits; file hashes, format
// codes and the list of unmatched names are for curators.
func TestDatasetPageForReaders(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			csv := "origin,destination,year,sex,measure,value\n" +
				"MEX,USA,2015,total,migrant_stock,12050031\n" +
				"MEX,USA,2019,total,migrant_stock,11489684\n" +
				"TUR,DEU,2019,total,migrant_stock,1343000\n" +
				"Atlantis,DEU,2019,total,migrant_stock,5\n"
			res, err := a.Data.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: "stocks.csv", Content: strings.NewReader(csv), Size: int64(len(csv))})
			if err != nil {
				t.Fatal(err)
			}
			page := "/data/datasets/" + strconv.FormatInt(res.Dataset.ID, 10)
			_, body := webtest.NewClient(t, a.URL).Get("/fr" + page)
			for _, want := range []string{"Couverture", "2015–2019", "2 pays et territoires de destination, 2 d’origine", "États-Unis", "Mexique",
				"12\u202f050\u202f031", "1 nom du fichier source ne correspond"} {
				if !strings.Contains(body, want) {
					t.Errorf("the public page lacks %q", want)
				}
			}
			for _, hidden := range []string{"SHA-256", res.Dataset.SHA256, page + "/rerun", "Atlantis"} {
				if strings.Contains(body, hidden) {
					t.Errorf("the public page shows %q", hidden)
				}
			}
			_, body = webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleDataCurator]).Get(page)
			for _, want := range []string{"SHA-256", res.Dataset.SHA256, page + "/rerun", "Atlantis"} {
				if !strings.Contains(body, want) {
					t.Errorf("the curator's page lacks %q", want)
				}
			}
		})
	}
}

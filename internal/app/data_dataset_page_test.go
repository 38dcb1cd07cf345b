package app

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
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
				"12\u202f050\u202f031", "1 nom du fichier source ne correspond", "Exporter\u00a0:"} {
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

			// Remittances received, by country: every value's origin is the
			// world, an aggregate, so the coverage names receiving places
			// only — not "0 as origin".
			path := testutil.SharedData(t, "worldbank-knomad", "inward_remittance_flows_december_2023.xlsx")
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			inflows, err := a.Data.Import(context.Background(), data.ImportRequest{Format: "worldbank-remittance-inflows-2023", FileName: filepath.Base(path), Content: f, Size: st.Size()})
			if err != nil {
				t.Fatal(err)
			}
			cov, err := a.Data.Coverage(context.Background(), inflows.Dataset.ID)
			if err != nil || cov.Destinations < 150 || cov.Origins != 0 {
				t.Fatalf("coverage of the inflows: %+v, %v", cov, err)
			}
			// The importer's notes and licence are in the reader's language.
			n := strconv.Itoa(cov.Destinations)
			for lang, wants := range map[string][]string{
				"":    {n + " countries and territories as destination<", "not stated in the file", "Remittances received by each country"},
				"/fr": {n + " pays et territoires de destination<", "non indiqué dans le fichier", "Envois de fonds reçus par chaque pays"},
				"/es": {n + " países y territorios de destino<", "no indicada en el archivo", "Remesas recibidas por cada país"},
			} {
				_, body := webtest.NewClient(t, a.URL).Get(lang + "/data/datasets/" + strconv.FormatInt(inflows.Dataset.ID, 10))
				for _, want := range wants {
					if !strings.Contains(body, want) {
						t.Errorf("%s: the inflows' page lacks %q", lang, want)
					}
				}
				for _, wrong := range []string{"0 as origin", "0 d’origine", "0 de origen"} {
					if strings.Contains(body, wrong) {
						t.Errorf("%s: the inflows' coverage says %q", lang, wrong)
					}
				}
			}
		})
	}
}

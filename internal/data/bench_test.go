package data

import (
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// importBenchFiles are the real published files each importer reads.
var importBenchFiles = []struct {
	name, format string
	path         []string
}{
	{"UNDESA2019CSV", "undesa-ims-2019-csv", []string{"undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv"}},
	{"UNDESA2019Totals", "undesa-ims-2019-totals", []string{"undesa-ims", "undesa_pd_2019_migrant_stock_total_dataset.xlsx"}},
	{"UNDESA2020Sex", "undesa-ims-2020-sex", []string{"undesa-ims", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"}},
	{"WorldBank2013", "worldbank-bilateral-2013", []string{"worldbank-knomad", "bilateralmigrationmatrix2013.xlsx"}},
	{"KNOMAD2021", "knomad-remittances-2021", []string{"worldbank-knomad", "bilateral_remittance_matrix_2021.xlsx"}},
	{"RemittanceInflows2023", "worldbank-remittance-inflows-2023", []string{"worldbank-knomad", "inward_remittance_flows_december_2023.xlsx"}},
	{"UNHCRPopulation", "unhcr-population", []string{"unhcr-refugees", "population.csv.gz"}},
	{"UNHCRFlows", "unhcr-flows", []string{"unhcr-refugees", "flows.csv.gz"}},
	{"Abel2018", "abel-2018-region-flows", []string{"migest", "abel2018_imr_region_flows.csv"}},
}

// BenchmarkImport imports each real file into a fresh database per
// iteration, on every test engine, and reports stored values per second.
func BenchmarkImport(b *testing.B) {
	for _, e := range dbtest.TestEngines() {
		for _, f := range importBenchFiles {
			b.Run(string(e)+"/"+f.name, func(b *testing.B) {
				path := testutil.SharedData(b, f.path...)
				b.ReportAllocs()
				var values int64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					d := dbtest.OpenTest(b, e)
					s := NewService(d, nil, nil)
					b.StartTimer()
					res, err := importFile(b, s, f.format, path)
					if err != nil {
						b.Fatal(err)
					}
					values = res.Dataset.Observations
					b.StopTimer()
					d.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(values), "values")
				b.ReportMetric(float64(values)*float64(b.N)/b.Elapsed().Seconds(), "values/s")
			})
		}
	}
}

// BenchmarkImportUNDESA2019CSV imports the full clean CSV (1,659 rows ×
// 232 origins) into a fresh SQLite database per iteration.
func BenchmarkImportUNDESA2019CSV(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := dbtest.OpenTest(b, db.SQLite)
		s := NewService(d, nil, nil)
		b.StartTimer()
		if _, err := importFile(b, s, "undesa-ims-2019-csv", path); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		d.Close()
		b.StartTimer()
	}
}

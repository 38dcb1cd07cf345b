package data

import (
	"testing"

	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

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

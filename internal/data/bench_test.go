package data

import (
	"context"
	"testing"

	"corridor/internal/db"
	"corridor/internal/testutil"
)

// BenchmarkImportUNDESA2019CSV imports the full clean CSV (1,659 rows ×
// 232 origins) into a fresh SQLite database per iteration.
func BenchmarkImportUNDESA2019CSV(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := db.OpenTest(b, db.SQLite)
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

// BenchmarkCorridorQuery builds the Mexico → United States corridor page
// model (both directions, all measures) on the full 2019 table.
func BenchmarkCorridorQuery(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	d := db.OpenTest(b, db.SQLite)
	s := NewService(d, nil, nil)
	if _, err := importFile(b, s, "undesa-ims-2019-csv", path); err != nil {
		b.Fatal(err)
	}
	t := func(key string, args ...any) string { return key }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := s.BuildCorridor(context.Background(), "MEX", "USA", nil, "en", t)
		if err != nil || len(v.Rows) == 0 {
			b.Fatal(err, len(v.Rows))
		}
	}
}

// BenchmarkCountryProfile builds a whole country page on the full table.
func BenchmarkCountryProfile(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	d := db.OpenTest(b, db.SQLite)
	s := NewService(d, nil, nil)
	if _, err := importFile(b, s, "undesa-ims-2019-csv", path); err != nil {
		b.Fatal(err)
	}
	t := func(key string, args ...any) string { return key }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.BuildCountry(context.Background(), "DEU", nil, "en", t); err != nil {
			b.Fatal(err)
		}
	}
}

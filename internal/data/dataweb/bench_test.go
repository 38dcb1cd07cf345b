package dataweb

import (
	"context"
	"os"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/testutil"
)

// importFile imports the file at path in format.
func importFile(t testing.TB, s *data.Service, format, path string) (*data.ImportResult, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	return s.Import(context.Background(), data.ImportRequest{Format: format, FileName: st.Name(), Content: f, Size: st.Size()})
}

// BenchmarkCorridorQuery builds the Mexico → United States corridor page
// model (both directions, all measures) on the full 2019 table.
func BenchmarkCorridorQuery(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	d := dbtest.OpenTest(b, db.SQLite)
	s := data.NewService(d, nil, nil)
	if _, err := importFile(b, s, "undesa-ims-2019-csv", path); err != nil {
		b.Fatal(err)
	}
	t := func(key string, args ...any) string { return key }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := (&Handlers{S: s}).BuildCorridor(context.Background(), "MEX", "USA", nil, "en", t)
		if err != nil || len(v.Rows) == 0 {
			b.Fatal(err, len(v.Rows))
		}
	}
}

// BenchmarkCountryProfile builds a whole country page on the full table.
func BenchmarkCountryProfile(b *testing.B) {
	path := testutil.SharedData(b, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	d := dbtest.OpenTest(b, db.SQLite)
	s := data.NewService(d, nil, nil)
	if _, err := importFile(b, s, "undesa-ims-2019-csv", path); err != nil {
		b.Fatal(err)
	}
	t := func(key string, args ...any) string { return key }
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := (&Handlers{S: s}).BuildCountry(context.Background(), "DEU", nil, "en", t); err != nil {
			b.Fatal(err)
		}
	}
}

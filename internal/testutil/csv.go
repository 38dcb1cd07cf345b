package testutil

import (
	"compress/gzip"
	"encoding/csv"
	"os"
	"testing"
)

// GzipCSV reads a whole gzipped CSV file with encoding/csv — the
// independent reading tests compare importers against — header first.
func GzipCSV(tb testing.TB, path string) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	recs, err := csv.NewReader(gz).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return recs
}

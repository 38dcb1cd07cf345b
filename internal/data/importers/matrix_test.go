package importers

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"corridor/internal/data/xlsx"
	"corridor/internal/testutil"
)

// TestMatrixAnyEdition: the edition-free formats find the sheet and the year
// themselves and read the real 2013 and 2021 matrices exactly as the
// edition-specific formats do.
func TestMatrixAnyEdition(t *testing.T) {
	for generic, specific := range map[string]string{"worldbank-bilateral": "worldbank-bilateral-2013", "knomad-remittances": "knomad-remittances-2021"} {
		file := map[string]string{"worldbank-bilateral": "bilateralmigrationmatrix2013.xlsx", "knomad-remittances": "bilateral_remittance_matrix_2021.xlsx"}[generic]
		data, err := os.ReadFile(testutil.SharedData(t, "worldbank-knomad", file))
		if err != nil {
			t.Fatal(err)
		}
		want := stocksOf(t, specific, file, data)
		got := stocksOf(t, generic, file, data)
		if len(got) != len(want) || len(want) < 1000 {
			t.Errorf("%s: %d values, %s reads %d", generic, len(got), specific, len(want))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %v = %v, want %v", generic, k, got[k], v)
				break
			}
		}
	}
}

func matrixWorkbook(t *testing.T, sheet, title string) []byte {
	t.Helper()
	var buf bytes.Buffer
	rows := [][]xlsx.Cell{{xlsx.Text(title)}, {xlsx.Text("Origin (down) / Destination (across)"), xlsx.Text("Canada"), xlsx.Text("Mexico")},
		{xlsx.Text("India"), xlsx.Num(700000), xlsx.Blank()}, {xlsx.Text("Note: estimates")}}
	if err := xlsx.Write(&buf, sheet, rows); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMatrixYearFromTitle(t *testing.T) {
	got := stocksOf(t, "worldbank-bilateral", "m.xlsx", matrixWorkbook(t, "Sheet1", "Bilateral Estimates of Migrant Stocks in 2017"))
	if got[stockKey{"India", "Canada", 2017, Total}] != 700000 || len(got) != 1 {
		t.Errorf("got %v", got)
	}
	f, _ := Lookup("worldbank-bilateral")
	data := matrixWorkbook(t, "Sheet1", "Bilateral Estimates of Migrant Stocks")
	err := f.Parse(Input{Name: "m.xlsx", R: bytes.NewReader(data), Size: int64(len(data))}, func(Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "year") || !strings.Contains(err.Error(), `sheet "Sheet1", row 2`) {
		t.Errorf("no year: %v", err)
	}
	data = wide2019("x", []string{"India"}, nil)
	err = f.Parse(Input{Name: "w.xlsx", R: bytes.NewReader(data), Size: int64(len(data))}, func(Record) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "(across)") || !strings.Contains(err.Error(), `"Table 1"`) {
		t.Errorf("not a matrix: %v", err)
	}
}

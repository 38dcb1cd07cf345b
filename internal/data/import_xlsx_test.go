package data

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/testutil"
)

// zipPart reads one part of an XLSX (ZIP) archive.
func zipPart(t *testing.T, zr *zip.Reader, name string) []byte {
	t.Helper()
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// domSheet reads a whole worksheet with encoding/xml into memory — a
// different path from the streaming reader the importers use — and
// returns the cell texts by reference ("B12").
func domSheet(t *testing.T, path, sheetPart string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) []byte { return zipPart(t, &zr.Reader, name) }
	var sst struct {
		SI []struct {
			T string `xml:"t"`
			R []struct {
				T string `xml:"t"`
			} `xml:"r"`
		} `xml:"si"`
	}
	xml.Unmarshal(read("xl/sharedStrings.xml"), &sst)
	var ws struct {
		Rows []struct {
			C []struct {
				R string `xml:"r,attr"`
				T string `xml:"t,attr"`
				V string `xml:"v"`
			} `xml:"c"`
		} `xml:"sheetData>row"`
	}
	if err := xml.Unmarshal(read(sheetPart), &ws); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range ws.Rows {
		for _, c := range r.C {
			v := c.V
			if c.T == "s" {
				i, _ := strconv.Atoi(v)
				si := sst.SI[i]
				v = si.T
				for _, run := range si.R {
					v += run.T
				}
			}
			out[c.R] = v
		}
	}
	return out
}

func num(t *testing.T, s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return v
}

func TestImportWorldBankMatrixAndAliasRerun(t *testing.T) {
	path := testutil.SharedData(t, "worldbank-knomad", "bilateralmigrationmatrix2013.xlsx")
	cells := domSheet(t, path, "xl/worksheets/sheet1.xml")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		blobs := &memBlobs{m: map[string][]byte{}}
		s := NewService(d, blobs, nil)
		res, err := importFile(t, s, "worldbank-bilateral-2013", path)
		if err != nil {
			t.Fatal(err)
		}
		// Row 2 holds the destinations across, column A the origins down.
		if !strings.Contains(cells["A2"], "(across)") {
			t.Fatalf("unexpected layout: A2 = %q", cells["A2"])
		}
		checked := 0
		// Bolivia (row 26) to Argentina: find Argentina's column in row 2.
		for col := 'B'; col <= 'Z'; col++ {
			if cells[string(col)+"2"] == "Argentina" {
				want := num(t, cells[string(col)+"26"])
				if cells["A26"] != "Bolivia" {
					t.Fatalf("A26 = %q", cells["A26"])
				}
				got, _ := value(t, d, res.Dataset.ID, "migrant_stock", "BOL", "ARG", 2013, "total")
				if got != want {
					t.Errorf("Bolivia → Argentina 2013: got %v, the sheet says %v", got, want)
				}
				checked++
			}
		}
		if checked != 1 {
			t.Fatal("Argentina column not found")
		}
		var faroe *Unmatched
		for i, u := range res.Unmatched {
			if u.Name == "Faeroe Islands" {
				faroe = &res.Unmatched[i]
			}
		}
		if faroe == nil || !strings.Contains(faroe.Location, `sheet "Bilateral Migration 2013"`) {
			t.Fatalf("Faeroe Islands not reported with its location: %+v", res.Unmatched)
		}
		if _, err := s.SetAlias(context.Background(), "Faeroe Islands", "FRO"); err != nil {
			t.Fatal(err)
		}
		again, err := s.Rerun(context.Background(), res.Dataset.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.Dataset.Unmatched != res.Dataset.Unmatched-1 || again.Dataset.Observations <= res.Dataset.Observations {
			t.Errorf("after mapping: %d unmatched, %d observations (before %d, %d)", again.Dataset.Unmatched, again.Dataset.Observations, res.Dataset.Unmatched, res.Dataset.Observations)
		}
		var n int64
		d.QueryRow(`SELECT COUNT(*) FROM data_observations WHERE dataset_id = $1 AND (origin = 'FRO' OR destination = 'FRO')`, res.Dataset.ID).Scan(&n)
		if n == 0 {
			t.Error("no Faroe Islands values after the re-run")
		}
	})
}

func TestImportUNDESATotalsPublishedFigures(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		// The published world totals of the two revisions, and the US.
		for _, c := range []struct {
			format, file string
			year         int
			dest         string
			sex          string
			want         float64
		}{
			{"undesa-ims-2019-totals", "undesa_pd_2019_migrant_stock_total_dataset.xlsx", 2019, "001", "total", 271642105},
			{"undesa-ims-2019-totals", "undesa_pd_2019_migrant_stock_total_dataset.xlsx", 2019, "USA", "total", 50661149},
			{"undesa-ims-2020-sex", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", 2020, "001", "total", 280598105},
			{"undesa-ims-2020-sex", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx", 2020, "001", "female", 134942261},
		} {
			res, err := importFile(t, s, c.format, testutil.SharedData(t, "undesa-ims", c.file))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := value(t, d, res.Dataset.ID, "migrant_stock", World, c.dest, c.year, c.sex)
			if !ok || got != c.want {
				t.Errorf("%s %s %d %s: got %v, published %v", c.file, c.dest, c.year, c.sex, got, c.want)
			}
		}
		// ".." cells are kept as missing with their flag, never as zero.
		var flagged int64
		d.QueryRow(`SELECT COUNT(*) FROM data_observations WHERE value IS NULL AND flag = '..'`).Scan(&flagged)
		if flagged == 0 {
			t.Error("no '..' cells kept as missing")
		}
	})
}

func TestImportUNHCRAndTruncatedGzip(t *testing.T) {
	path := testutil.SharedData(t, "unhcr-refugees", "population.csv.gz")
	// Independently: Syrian refugees in Türkiye at the end of 2020.
	recs := testutil.GzipCSV(t, path)
	var want float64
	for _, r := range recs {
		if r[0] == "2020" && r[3] == "SYR" && r[6] == "TUR" {
			want = num(t, r[7])
		}
	}
	raw, _ := os.ReadFile(path)
	trunc := filepath.Join(t.TempDir(), "population-truncated.csv.gz")
	os.WriteFile(trunc, raw[:len(raw)/2], 0o600)
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		_, err := importFile(t, s, "unhcr-population", trunc)
		if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "population-truncated.csv.gz") {
			t.Errorf("truncated gzip: %v", err)
		}
		if n := count(t, d, "data_observations") + count(t, d, "data_datasets"); n != 0 {
			t.Errorf("the failed import stored %d rows", n)
		}
		if testing.Short() {
			return
		}
		res, err := importFile(t, s, "unhcr-population", path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := value(t, d, res.Dataset.ID, "refugees", "SYR", "TUR", 2020, "total")
		if got != want || want == 0 {
			t.Errorf("SYR → TUR 2020 refugees: got %v, the file says %v", got, want)
		}
	})
}

func TestImportWrongSheet(t *testing.T) {
	path := testutil.SharedData(t, "undesa-ims", "undesa_pd_2019_migrant_stock_total_dataset.xlsx")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		_, err := importFile(t, s, "worldbank-bilateral-2013", path)
		if err == nil || !strings.Contains(err.Error(), `no sheet "Bilateral Migration 2013"`) || !strings.Contains(err.Error(), "undesa_pd_2019") {
			t.Errorf("wrong workbook: %v", err)
		}
		if n := count(t, d, "data_datasets"); n != 0 {
			t.Errorf("%d datasets after a failed import", n)
		}
	})
}

// memBlobs is an in-memory blob store for tests.
type memBlobs struct{ m map[string][]byte }

func (b *memBlobs) Put(_ context.Context, key, _ string, r io.Reader) (blobInfo, error) {
	data, err := io.ReadAll(r)
	b.m[key] = data
	return blobInfo{Key: key, Size: int64(len(data))}, err
}

func (b *memBlobs) Get(_ context.Context, key string) (io.ReadCloser, blobInfo, error) {
	data, ok := b.m[key]
	if !ok {
		return nil, blobInfo{}, os.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(data)), blobInfo{Key: key, Size: int64(len(data))}, nil
}

func (b *memBlobs) Delete(_ context.Context, key string) error { delete(b.m, key); return nil }

type blobInfo = blob.Info

func TestEstimateFromStocks(t *testing.T) {
	path := testutil.SharedData(t, "undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv")
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		res, err := importFile(t, s, "undesa-ims-2019-csv", path)
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{"difference", "demographic"} {
			// The differencing estimate is published, so its values are in
			// the public table read below; the other stays a draft.
			est, err := s.Estimate(context.Background(), EstimateRequest{Dataset: res.Dataset.ID, From: 2010, To: 2015, Method: method, Publish: method == "difference"})
			if err != nil {
				t.Fatal(method, err)
			}
			if est.Dataset.Observations == 0 || !strings.Contains(est.Dataset.Notes, "births and deaths") && method == "demographic" {
				t.Errorf("%s: %+v", method, est.Dataset)
			}
			again, err := s.Estimate(context.Background(), EstimateRequest{Dataset: res.Dataset.ID, From: 2010, To: 2015, Method: method})
			if err != nil || !again.NoOp {
				t.Errorf("%s: the same estimate again is not a no-op: %v", method, err)
			}
		}
		// Differencing, checked by hand on one cell: the Mexico-born in the
		// United States grew from 2010 to 2015, so MEX → USA is the growth.
		s10, _ := value(t, d, res.Dataset.ID, "migrant_stock", "MEX", "USA", 2010, "total")
		s15, _ := value(t, d, res.Dataset.ID, "migrant_stock", "MEX", "USA", 2015, "total")
		var got float64
		d.QueryRow(`SELECT o.value FROM data_observations o JOIN data_datasets ds ON ds.id = o.dataset_id
			WHERE ds.format = 'estimate-difference' AND o.origin = 'MEX' AND o.destination = 'USA'`).Scan(&got)
		if s15 > s10 && got != s15-s10 {
			t.Errorf("difference MEX → USA: %v, want %v − %v", got, s15, s10)
		}
		if _, err := s.Estimate(context.Background(), EstimateRequest{Dataset: res.Dataset.ID, From: 2015, To: 2010, Method: "difference"}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("backwards years: %v", err)
		}
	})
}

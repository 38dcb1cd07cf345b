package data

import (
	"bytes"
	"context"
	"embed"
	"fmt"

	"corridor/internal/data/importers"
	"corridor/internal/db"
)

//go:embed demo/*.csv
var demoFS embed.FS

type demoFile struct {
	name     string
	format   string // the format of the full file it was cut from
	shared   []string
	fromYear int
	measure  string // only this measure, when set
}

// demoFiles are the bundled samples, cut from the real files by
// TestGenerateDemo (see demo/SOURCE.md).
var demoFiles = []demoFile{
	{"undesa-2020-totals.csv", "undesa-ims-2020-sex", []string{"undesa-ims", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"}, 0, ""},
	{"undesa-2019-bilateral.csv", "undesa-ims-2019-csv", []string{"undesa-ims", "UN_MigrantStockByOriginAndDestination_2019_clean.csv"}, 0, ""},
	{"knomad-remittances-2021.csv", "knomad-remittances-2021", []string{"worldbank-knomad", "bilateral_remittance_matrix_2021.xlsx"}, 0, ""},
	{"unhcr-population.csv", "unhcr-population", []string{"unhcr-refugees", "population.csv.gz"}, 2010, "refugees"},
	{"unhcr-flows.csv", "unhcr-flows", []string{"unhcr-refugees", "flows.csv.gz"}, 2010, ""},
}

// LoadDemo imports the bundled sample (a few countries from the real
// files) as tidy CSV datasets that keep their source's description.
func LoadDemo(ctx context.Context, d *db.DB) error {
	s := NewService(d, nil, nil)
	for _, f := range demoFiles {
		body, err := demoFS.ReadFile("demo/" + f.name)
		if err != nil {
			return err
		}
		src, _ := importers.Lookup(f.format)
		meta := src.Meta
		meta.Title += " — demo sample"
		meta.Notes = "A small sample (16 countries) cut from the full file for the demo. Each country's totals with the world (origin or destination 001) are sums over every partner country in the full file; other sums over partners cover these 16 countries only. " + meta.Notes
		if meta.Release == "" {
			meta.Release = "2010–2025 sample"
		}
		if _, err := s.Import(ctx, ImportRequest{Format: "tidy-csv", FileName: f.name, Content: bytes.NewReader(body), Size: int64(len(body)), Meta: &meta}); err != nil {
			return fmt.Errorf("data demo %s: %w", f.name, err)
		}
	}
	return nil
}

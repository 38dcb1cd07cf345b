package dataweb

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/data"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
)

func importTidy(t *testing.T, s *data.Service, name, csv string) int64 {
	t.Helper()
	res, err := s.Import(context.Background(), data.ImportRequest{Format: "tidy-csv", FileName: name, Content: strings.NewReader(csv), Size: int64(len(csv))})
	if err != nil {
		t.Fatal(err)
	}
	return res.Dataset.ID
}

func TestParseCompare(t *testing.T) {
	q, err := ParseCompare(url.Values{"countries": {"MEX,usa", "DEU", "MEX"}, "measure": {"remittances-in"}, "years": {"1990-2019"}, "datasets": {"3"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(q.Countries, ",") != "MEX,USA,DEU" || q.Measure != "remittances-in" || q.YearFrom != 1990 || q.YearTo != 2019 || len(q.Datasets) != 1 {
		t.Errorf("parsed %+v", q)
	}
	if got := permalinkQuery(q.Values()); got != "countries=MEX,USA,DEU&datasets=3&measure=remittances-in&years=1990-2019" {
		t.Errorf("permalink query %q", got)
	}
	for _, c := range []struct {
		q     url.Values
		field string
	}{
		{url.Values{"countries": {"MEX,XXZ"}}, "countries"},
		{url.Values{"countries": {"MEX,USA,DEU,FRA,ITA,ESP,CAN,BRA,IND"}}, "countries"},
		{url.Values{"countries": {"MEX"}, "measure": {"weather"}}, "measure"},
		{url.Values{"countries": {"MEX"}, "years": {"2019-1990"}}, "years"},
		{url.Values{"countries": {"MEX"}, "years": {"soon"}}, "years"},
		{url.Values{"countries": {"MEX"}, "datasets": {"a"}}, "datasets"},
		{url.Values{"countries": {"MEX"}, "sex": {"both"}}, "sex"},
	} {
		_, err := ParseCompare(c.q)
		var e *errs.Error
		if err == nil || !errors.As(err, &e) || e.Fields[c.field] == "" {
			t.Errorf("%v: %v, want an error on %s", c.q, err, c.field)
		}
	}
}

func TestBuildCompare(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		// An older table covering all three countries and a newer one
		// covering only two: the comparison uses the one that covers most.
		full := importTidy(t, s, "full.csv", "origin,destination,year,sex,measure,value\n"+
			"001,MEX,2000,total,migrant_stock,500\n001,MEX,2010,total,migrant_stock,970\n"+
			"001,USA,2000,total,migrant_stock,34800000\n001,USA,2010,total,migrant_stock,44200000\n"+
			"001,DEU,2000,total,migrant_stock,8990000\n001,DEU,2010,total,migrant_stock,..\n"+
			"001,DEU,2010,male,migrant_stock,4000000\n")
		importTidy(t, s, "partial.csv", "origin,destination,year,sex,measure,value\n001,MEX,2020,total,migrant_stock,1200\n001,USA,2020,total,migrant_stock,50600000\n")
		tr := func(k string, args ...any) string { return k }
		v, err := (&Handlers{S: s}).BuildCompare(context.Background(), CompareQuery{Countries: []string{"MEX", "USA", "DEU"}, Measure: "immigrants"}, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Sections) != 1 || len(v.Datasets) != 1 || v.Datasets[0].ID != full {
			t.Fatalf("sections %d, datasets %+v; want one chart from dataset %d", len(v.Sections), v.Datasets, full)
		}
		sec := v.Sections[0]
		if len(sec.Columns) != 4 || len(sec.Table) != 2 {
			t.Fatalf("table %v %v", sec.Columns, sec.Table)
		}
		if got := strings.Join(sec.Table[1], "|"); got != "2010|970|44,200,000|.." {
			t.Errorf("2010 row %q", got)
		}
		svg := string(sec.Chart)
		for _, want := range []string{"<svg", `role="img"`, "Mexico", "Germany", "<title"} {
			if !strings.Contains(svg, want) {
				t.Errorf("the chart lacks %q", want)
			}
		}
		if len(v.Rows) != 6 {
			t.Errorf("%d export rows, want 6 (sex total only)", len(v.Rows))
		}
		if !strings.Contains(v.Permalink, "countries=MEX,USA,DEU") || !strings.Contains(v.Permalink, "datasets=") {
			t.Errorf("permalink %q", v.Permalink)
		}
		if u := v.ExportURL("csv"); !strings.Contains(u, "format=csv") || !strings.Contains(u, "measure=immigrants") {
			t.Errorf("export URL %q", u)
		}
		// Years narrow the table.
		v, err = (&Handlers{S: s}).BuildCompare(context.Background(), CompareQuery{Countries: []string{"MEX", "USA"}, Measure: "immigrants", YearFrom: 2020, YearTo: 2020}, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Sections) != 1 || len(v.Sections[0].Table) != 1 || v.Sections[0].Table[0][2] != "50,600,000" {
			t.Errorf("2020 only: %+v", v.Sections)
		}
		// No data: no chart, no error.
		v, err = (&Handlers{S: s}).BuildCompare(context.Background(), CompareQuery{Countries: []string{"FRA"}, Measure: "refugees-hosted"}, "en", tr)
		if err != nil || len(v.Sections) != 0 {
			t.Errorf("no data: %v %d sections", err, len(v.Sections))
		}
	})
}

// The per-sex comparison: women and men as two lines per country (or one
// sex alone), from one release, with the sex in the heading and the
// permalink, and only those rows exported.
func TestBuildCompareBySex(t *testing.T) {
	dbtest.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := data.NewService(d, nil, nil)
		importTidy(t, s, "sexes.csv", "origin,destination,year,sex,measure,value\n"+
			"001,USA,2010,total,migrant_stock,44200000\n001,USA,2010,female,migrant_stock,22500000\n001,USA,2010,male,migrant_stock,21700000\n"+
			"001,USA,2020,female,migrant_stock,26200000\n001,USA,2020,male,migrant_stock,24500000\n"+
			"001,DEU,2010,female,migrant_stock,5000000\n001,DEU,2010,male,migrant_stock,4800000\n001,DEU,2020,male,migrant_stock,..\n")
		tr := func(k string, args ...any) string { return k }
		q, err := ParseCompare(url.Values{"countries": {"USA,DEU"}, "sex": {"sexes"}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := (&Handlers{S: s}).BuildCompare(context.Background(), q, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Sections) != 1 || v.Heading != "data.compare.heading_sex" {
			t.Fatalf("heading %q, %d sections", v.Heading, len(v.Sections))
		}
		sec := v.Sections[0]
		wantCols := "data.year|United States of America — data.sex.female|United States of America — data.sex.male|Germany — data.sex.female|Germany — data.sex.male"
		if got := strings.Join(sec.Columns, "|"); got != wantCols {
			t.Errorf("columns %q, want %q", got, wantCols)
		}
		want := map[string]string{"2010": "2010|22,500,000|21,700,000|5,000,000|4,800,000", "2020": "2020|26,200,000|24,500,000|–|.."}
		for _, row := range sec.Table {
			if got := strings.Join(row, "|"); got != want[row[0]] {
				t.Errorf("row %q, want %q", got, want[row[0]])
			}
		}
		if n := strings.Count(string(sec.Chart), `class="series"`); n != 4 {
			t.Errorf("%d lines on the chart, want 4", n)
		}
		for _, r := range v.Rows {
			if r.Sex == "total" {
				t.Errorf("a both-sexes row exported in the per-sex comparison: %+v", r)
			}
		}
		if !strings.Contains(v.Permalink, "sex=sexes") {
			t.Errorf("permalink %q lacks the sex", v.Permalink)
		}
		// A share is compared as given, never summed over partners.
		importTidy(t, s, "shares.csv", "origin,destination,year,sex,measure,value\n001,USA,2020,total,migrant_share,15.3\n001,DEU,2020,total,migrant_share,18.8\n"+
			"MEX,ESP,2020,total,migrant_share,0.4\nMAR,ESP,2020,total,migrant_share,1.7\n")
		v, err = (&Handlers{S: s}).BuildCompare(context.Background(), CompareQuery{Countries: []string{"USA", "DEU", "ESP"}, Measure: "migrant-share"}, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Sections) != 1 || strings.Join(v.Sections[0].Table[0], "|") != "2020|15.30|18.80|–" {
			t.Errorf("migrant share: %+v", v.Sections)
		}
		// Rows and exports carry the unit: percent here, people above.
		if len(v.Rows) == 0 || v.Rows[0].Unit != "percent" {
			t.Errorf("migrant share rows %+v, want unit percent", v.Rows)
		}
		if rec := exportRecord(v.Rows[0], "en"); rec[len(rec)-1] != "percent" || exportHeader[len(exportHeader)-1] != "unit" {
			t.Errorf("export record %v under %v", rec, exportHeader)
		}
		// Women alone: one line per country.
		v, err = (&Handlers{S: s}).BuildCompare(context.Background(), CompareQuery{Countries: []string{"USA", "DEU"}, Measure: "immigrants", Sex: "female"}, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(v.Sections[0].Columns, "|"); got != "data.year|United States of America|Germany" || v.Sections[0].Table[0][1] != "22,500,000" {
			t.Errorf("women only: %v %v", v.Sections[0].Columns, v.Sections[0].Table)
		}
	})
}

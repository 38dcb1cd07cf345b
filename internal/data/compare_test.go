package data

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/errs"
)

func importTidy(t *testing.T, s *Service, name, csv string) int64 {
	t.Helper()
	res, err := s.Import(context.Background(), ImportRequest{Format: "tidy-csv", FileName: name, Content: strings.NewReader(csv), Size: int64(len(csv))})
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
	} {
		_, err := ParseCompare(c.q)
		var e *errs.Error
		if err == nil || !errors.As(err, &e) || e.Fields[c.field] == "" {
			t.Errorf("%v: %v, want an error on %s", c.q, err, c.field)
		}
	}
}

func TestBuildCompare(t *testing.T) {
	db.ForEachEngine(t, func(t *testing.T, d *db.DB) {
		s := NewService(d, nil, nil)
		// An older table covering all three countries and a newer one
		// covering only two: the comparison uses the one that covers most.
		full := importTidy(t, s, "full.csv", "origin,destination,year,sex,measure,value\n"+
			"001,MEX,2000,total,migrant_stock,500\n001,MEX,2010,total,migrant_stock,970\n"+
			"001,USA,2000,total,migrant_stock,34800000\n001,USA,2010,total,migrant_stock,44200000\n"+
			"001,DEU,2000,total,migrant_stock,8990000\n001,DEU,2010,total,migrant_stock,..\n"+
			"001,DEU,2010,male,migrant_stock,4000000\n")
		importTidy(t, s, "partial.csv", "origin,destination,year,sex,measure,value\n001,MEX,2020,total,migrant_stock,1200\n001,USA,2020,total,migrant_stock,50600000\n")
		tr := func(k string, args ...any) string { return k }
		v, err := s.BuildCompare(context.Background(), CompareQuery{Countries: []string{"MEX", "USA", "DEU"}, Measure: "immigrants"}, "en", tr)
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
		v, err = s.BuildCompare(context.Background(), CompareQuery{Countries: []string{"MEX", "USA"}, Measure: "immigrants", YearFrom: 2020, YearTo: 2020}, "en", tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Sections) != 1 || len(v.Sections[0].Table) != 1 || v.Sections[0].Table[0][2] != "50,600,000" {
			t.Errorf("2020 only: %+v", v.Sections)
		}
		// No data: no chart, no error.
		v, err = s.BuildCompare(context.Background(), CompareQuery{Countries: []string{"FRA"}, Measure: "refugees-hosted"}, "en", tr)
		if err != nil || len(v.Sections) != 0 {
			t.Errorf("no data: %v %d sections", err, len(v.Sections))
		}
	})
}

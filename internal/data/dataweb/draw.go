package dataweb

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/data/importers"
)

// lineSection groups rows into one line per (series label) and a wide
// table: one row per year, one column per line. Lines have their own dash
// pattern and marker shape besides their colour; one year is drawn as bars,
// which read better than lone dots.
func lineSection(id, title, desc, ylabel string, rows []data.Row, label func(data.Row) string, lang string) Section {
	bySeries := map[string]map[int]data.Row{}
	years := map[int]bool{}
	var names []string
	for _, r := range rows {
		l := label(r)
		if bySeries[l] == nil {
			bySeries[l] = map[int]data.Row{}
			names = append(names, l)
		}
		bySeries[l][r.Year] = r
		years[r.Year] = true
	}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	common := chart.Common{ID: id, Title: title, Desc: desc, Lang: lang, Width: 720}
	var wide, narrow template.HTML
	if len(ys) == 1 {
		bars := chart.BarChart{Common: common, XLabel: ylabel, Labels: names, Series: []chart.BarSeries{{Name: ylabel}}}
		for _, n := range names {
			bars.Series[0].Values = append(bars.Series[0].Values, rowValue(bySeries[n][ys[0]]))
		}
		wide, narrow = barWidths(bars)
	} else {
		// Each line has its own years: a release with 2019 and one with
		// 2020 are each joined across the other's year. A line breaks
		// where the source gives no number, and where a year is missing
		// from its own cadence (gapYears): no line is drawn across it.
		lc := chart.LineChart{Common: common, YLabel: ylabel, Markers: true, Dashes: true}
		for _, n := range names {
			var own []int
			for _, y := range ys {
				if _, ok := bySeries[n][y]; ok {
					own = append(own, y)
				}
			}
			gaps := gapYears(own)
			s := chart.Series{Name: n}
			for i, y := range own {
				if i > 0 && gaps[i] {
					s.X = append(s.X, float64(own[i-1]+y)/2)
					s.Y = append(s.Y, math.NaN())
				}
				s.X = append(s.X, float64(y))
				s.Y = append(s.Y, rowValue(bySeries[n][y]))
			}
			lc.Series = append(lc.Series, s)
		}
		wide, narrow = lineWidths(lc)
	}
	sec := Section{ID: id, Title: title, Desc: desc, Chart: wide, Narrow: narrow, Columns: append([]string{""}, names...)}
	for _, y := range ys {
		row := []string{strconv.Itoa(y)}
		for _, n := range names {
			row = append(row, cellText(bySeries[n][y], lang))
		}
		sec.Table = append(sec.Table, row)
	}
	return sec
}

// gapYears marks, in a line's sorted years, each year that follows a
// gap: a step longer than the line's usual one (its most frequent step,
// the shorter on a tie). UN DESA's 1990, 1995, …, 2015, 2019 has none;
// UNHCR's 2000, 2001, 2002, 2005 has one before 2005.
func gapYears(years []int) map[int]bool {
	count := map[int]int{}
	for i := 1; i < len(years); i++ {
		count[years[i]-years[i-1]]++
	}
	usual := 0
	for step, c := range count {
		if usual == 0 || c > count[usual] || c == count[usual] && step < usual {
			usual = step
		}
	}
	gaps := map[int]bool{}
	for i := 1; i < len(years); i++ {
		if years[i]-years[i-1] > usual {
			gaps[i] = true
		}
	}
	return gaps
}

// barSection draws one bar per row, labelled with the partner's name, and
// lists name, code and value in the table.
func barSection(id, title, desc, unit string, rows []data.Row, partner func(data.Row) string, lang string) Section {
	bars := chart.BarChart{Common: chart.Common{ID: id, Title: title, Desc: desc, Lang: lang, Unit: unit, Width: 720}, Series: []chart.BarSeries{{Name: title}}}
	sec := Section{ID: id, Title: title, Desc: desc}
	for _, r := range rows {
		name := data.AreaName(partner(r), lang)
		bars.Labels = append(bars.Labels, name)
		bars.Series[0].Values = append(bars.Series[0].Values, rowValue(r))
		sec.Table = append(sec.Table, []string{name, partner(r), cellText(r, lang)})
	}
	sec.Chart, sec.Narrow = barWidths(bars)
	return sec
}

// narrowWidth is the width of a chart's phone variant: drawn for a box
// about 340 px wide, so that its 11–12 unit text is 11–12 px on a phone,
// with fewer ticks and its legend wrapped to that width.
const narrowWidth = 340

// narrowed is c for the phone variant: narrower, with ids of its own.
func narrowed(c chart.Common) chart.Common {
	c.Width = narrowWidth
	c.ID += "-narrow"
	return c
}

// lineWidths draws a line chart at the page's width and at a phone's.
func lineWidths(lc chart.LineChart) (wide, narrow template.HTML) {
	wide = template.HTML(chart.Line(lc))
	lc.Common = narrowed(lc.Common)
	if lc.Height == 0 {
		// The legend wraps to about a line a series: keep the plot tall.
		lc.Height = min(320+20*float64(len(lc.Series)), 520)
	}
	return wide, template.HTML(chart.Line(lc))
}

// barWidths draws a bar chart at the page's width and at a phone's.
func barWidths(bc chart.BarChart) (wide, narrow template.HTML) {
	wide = template.HTML(chart.Bar(bc))
	bc.Common = narrowed(bc.Common)
	return wide, template.HTML(chart.Bar(bc))
}

// rowValue is the value a chart draws for a row: NaN (a gap, "–") when
// the source gives no number; people whole, as the tables show them.
func rowValue(r data.Row) float64 {
	if r.Value == nil {
		return math.NaN()
	}
	if importers.Units[r.Measure] == importers.UnitPeople {
		return math.Round(*r.Value)
	}
	return *r.Value
}

// cellText writes a row's value for a table in lang: people whole
// (an estimate's 309.48 people is 309, rounded half away from zero, as
// the pages say), other known units with two decimals throughout, so a
// column reads at one precision.
func cellText(r data.Row, lang string) string {
	if r.Value == nil {
		if r.Flag != "" {
			return r.Flag
		}
		return "–"
	}
	switch u := importers.Units[r.Measure]; {
	case u == importers.UnitPeople:
		return tableNumber(math.Round(*r.Value), 0, lang)
	case u != "":
		return tableNumber(*r.Value, 2, lang)
	}
	return formatNumber(*r.Value, lang)
}

// tableNumber is chart.FormatNumber with the ASCII minus sign, so that a
// table copied into a spreadsheet keeps its negative numbers.
func tableNumber(v float64, decimals int, lang string) string {
	return strings.Replace(chart.FormatNumber(v, decimals, lang), "−", "-", 1)
}

// formatNumber writes v in lang's CLDR digits ("1,234,568", "1 234 568",
// "1.234.568"): whole beyond ±1000, with two decimals below when it has any.
func formatNumber(v float64, lang string) string {
	if v != math.Trunc(v) && v < 1000 && v > -1000 {
		return tableNumber(v, 2, lang)
	}
	return tableNumber(math.Round(v), 0, lang) // half away from zero, negatives too
}

// chartDecimal is lang's decimal separator.
func chartDecimal(lang string) string {
	if s := chart.FormatNumber(0.5, 1, lang); len(s) > 2 {
		return s[1 : len(s)-1]
	}
	return "."
}

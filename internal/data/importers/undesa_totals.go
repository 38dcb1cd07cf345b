package importers

import (
	"sort"
	"strconv"
	"strings"

	"corridor/internal/data/xlsx"
)

// Measures of the UN DESA totals workbooks besides the migrant stock
// (Table 1). Their units are in Units.
const (
	Population             = "population"                // Table 2, thousands
	MigrantShare           = "migrant_share"             // Table 3, % of the total population
	FemaleMigrantShare     = "female_migrant_share"      // Table 4, % of the migrant stock
	MigrantStockGrowthRate = "migrant_stock_growth_rate" // Table 5, % a year over the period
	RefugeeStock           = "refugee_stock"             // Table 6, people (asylum-seekers included)
	RefugeeShare           = "refugee_share"             // Table 6, % of the migrant stock
	RefugeeStockGrowthRate = "refugee_stock_growth_rate" // Table 6, % a year over the period
)

// undesaGroup says which column groups of a table hold a measure: a group
// whose label (the row above the years) contains every one of words. The
// sex is read from the label ("both sexes", "male(s)", "female(s)") unless
// the table has only totals.
type undesaGroup struct {
	words     []string
	measure   string
	totalOnly bool
}

// undesaTable is one sheet of a totals workbook.
type undesaTable struct {
	sheet  string
	groups []undesaGroup
}

// undesaTotalsTables are Tables 1–6 of the 2019 and 2020 totals workbooks
// (the labels differ between the two revisions: "(both sexes)" and "both
// sexes combined"; the words chosen are common to both). Within a table
// the first group that matches wins, so the more specific come first.
var undesaTotalsTables = []undesaTable{
	{"Table 1", []undesaGroup{{words: []string{"international migrant stock at mid-year"}, measure: MigrantStock}}},
	{"Table 2", []undesaGroup{{words: []string{"total", "population", "thousands"}, measure: Population}}},
	{"Table 3", []undesaGroup{{words: []string{"international migrant stock as a percentage of the total population"}, measure: MigrantShare}}},
	{"Table 4", []undesaGroup{{words: []string{"female migrants as a percentage of the international migrant stock"}, measure: FemaleMigrantShare, totalOnly: true}}},
	{"Table 5", []undesaGroup{{words: []string{"annual rate of change of the migrant stock"}, measure: MigrantStockGrowthRate}}},
	{"Table 6", []undesaGroup{
		{words: []string{"annual rate of change", "refugee"}, measure: RefugeeStockGrowthRate, totalOnly: true},
		{words: []string{"refugee", "as a percentage of the international migrant stock"}, measure: RefugeeShare, totalOnly: true},
		{words: []string{"refugee", "at mid-year"}, measure: RefugeeStock, totalOnly: true},
	}},
}

// parseUNDESATotalsWorkbook reads Tables 1–6 of a UN DESA totals workbook.
func parseUNDESATotalsWorkbook(in Input, emit func(Record) error) error {
	f, err := openXLSX(in)
	if err != nil {
		return err
	}
	for i, t := range undesaTotalsTables {
		table := t
		prog := in
		prog.Progress = func(done, total int64) { in.progress(int64(i)*total+done, int64(len(undesaTotalsTables))*total) }
		if err := parseUNDESATable(prog, f, table, emit); err != nil {
			return err
		}
	}
	return nil
}

// undesaColumn is a value column of a table: its year (a period's first
// year for rates of change) and what it holds.
type undesaColumn struct {
	index   int
	year    int
	measure string
	sex     string
}

// parseUNDESATable reads one destination table: a row of column group
// labels, a row of years (or periods such as 1990-1995), then one row per
// area with its location code. A group label that is not the table's (a
// renamed column, or the wrong sheet) is an error naming its cell.
func parseUNDESATable(in Input, f *xlsx.File, t undesaTable, emit func(Record) error) error {
	var (
		before           [][]string // the rows above the header, latest last
		beforeRows       []int
		columns          []undesaColumn
		nameCol, codeCol = -1, -1
		headerRow, rows  int
	)
	err := xlsxRows(in, f, t.sheet, func(row int, cells []string) error {
		rows++
		if headerRow == 0 {
			years := map[int]int{}
			first := -1
			for i, c := range cells {
				if y, ok := parseYearOrPeriod(c); ok && i > 1 {
					years[i] = y
					if first < 0 {
						first = i
					}
				}
			}
			if len(years) < 3 {
				before = append(before, append([]string(nil), cells...))
				beforeRows = append(beforeRows, row)
				return nil
			}
			headerRow = row
			// The group labels: the nearest row above with a label over
			// the first year column.
			var labels []string
			labelRow := 0
			for k := len(before) - 1; k >= 0; k-- {
				if cell(before[k], first) != "" {
					labels, labelRow = before[k], beforeRows[k]
					break
				}
			}
			if labels == nil {
				return errAt(Loc{File: in.Name, Sheet: t.sheet, Row: row, Column: xlsx.ColumnName(first)}, "no column group label above the years (is this the right sheet?)")
			}
			for _, r := range [][]string{cells, labels} {
				for i, c := range r {
					lc := strings.ToLower(c)
					if codeCol < 0 && strings.Contains(lc, "code") {
						codeCol = i
					}
					if nameCol < 0 && strings.Contains(lc, "country or area") {
						nameCol = i
					}
				}
			}
			if nameCol < 0 || codeCol < 0 {
				return errAt(Loc{File: in.Name, Sheet: t.sheet, Row: row}, "no \"country or area\" or \"code\" column in rows %d–%d (is this the right sheet?)", labelRow, row)
			}
			idx := make([]int, 0, len(years))
			for i := range years {
				idx = append(idx, i)
			}
			sort.Ints(idx)
			for _, i := range idx {
				at := i
				for at > 0 && cell(labels, at) == "" {
					at--
				}
				label := cell(labels, at)
				g, ok := t.group(label)
				if !ok {
					return errAt(Loc{File: in.Name, Sheet: t.sheet, Row: labelRow, Column: xlsx.ColumnName(at)}, "column group %q is not one of %s's (a renamed column, or the wrong sheet?)", clip(label), t.sheet)
				}
				sex := Total
				if !g.totalOnly {
					sex = sexOfLabel(label)
				}
				columns = append(columns, undesaColumn{index: i, year: years[i], measure: g.measure, sex: sex})
			}
			return nil
		}
		code := cell(cells, codeCol)
		if code == "" {
			return nil // a heading row such as "UN development groups"
		}
		if c, err := strconv.ParseFloat(code, 64); err == nil && c == float64(int(c)) {
			code = strconv.Itoa(int(c))
		}
		dest := Place{Name: cell(cells, nameCol), Code: code}
		for _, c := range columns {
			l := Loc{File: in.Name, Sheet: t.sheet, Row: row, Column: xlsx.ColumnName(c.index)}
			v, missing, flag, err := parseValue(cell(cells, c.index), l)
			if err != nil {
				return err
			}
			if err := emit(Record{Measure: c.measure, Origin: Place{Code: "001", Name: "World"}, Destination: dest, Year: c.year, Sex: c.sex, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
				return err
			}
		}
		if rows%20 == 0 {
			in.progress(int64(rows), 300)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if headerRow == 0 {
		return errAt(Loc{File: in.Name, Sheet: t.sheet}, "no header row of years (is this the right sheet?)")
	}
	return nil
}

// group finds the column group a label belongs to.
func (t undesaTable) group(label string) (undesaGroup, bool) {
	l := strings.ToLower(strings.Join(strings.Fields(label), " "))
	for _, g := range t.groups {
		all := true
		for _, w := range g.words {
			all = all && strings.Contains(l, w)
		}
		if all {
			return g, true
		}
	}
	return undesaGroup{}, false
}

// sexOfLabel reads the sex of a column group label.
func sexOfLabel(label string) string {
	l := strings.ToLower(label)
	switch {
	case strings.Contains(l, "female"):
		return Female
	case strings.Contains(l, "male"):
		return Male
	}
	return Total
}

// parseYearOrPeriod reads a year ("2019") or a period ("1990-1995",
// "2015–2020") as its first year.
func parseYearOrPeriod(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if y, ok := parseYear(s); ok {
		return y, true
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		return 0, false
	}
	y0, ok0 := parseYear(strings.TrimSpace(a))
	y1, ok1 := parseYear(strings.TrimSpace(b))
	if !ok0 || !ok1 || y1 <= y0 {
		return 0, false
	}
	return y0, true
}

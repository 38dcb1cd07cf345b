package importers

import (
	"strconv"
	"strings"

	"corridor/internal/data/xlsx"
)

// The UN DESA origin × destination workbooks come in two layouts:
//
//   - wide (2015, 2017, 2019): one sheet per sex ("Table 1" both sexes,
//     "Table 2" males, "Table 3" females), a header row with Year, Sort
//     order, the destination name, Notes, Code, Type of data, Total, then
//     one column per origin; the rows run in blocks by year;
//   - long (2020 and later): "Table 1" has one row per destination × origin
//     pair, with the destination's and the origin's location codes, then the
//     years for both sexes, males and females side by side.
//
// parseUNDESAOrigin recognises either from its header row.

func init() {
	register(Format{
		Name:      "undesa-ims-2019-xlsx",
		Summary:   "UN DESA International Migrant Stock 2019, origin × destination (the published XLSX: Table 1 both sexes, Tables 2–3 males and females)",
		Kind:      "xlsx",
		RepeatsOK: true,
		Meta:      undesaOriginMeta("2019", undesa2019Cite),
		Parse:     parseUNDESAOrigin,
	})
	register(Format{
		Name:      "undesa-ims-2020-od",
		Summary:   "UN DESA International Migrant Stock 2020, by sex, destination and origin (XLSX, Table 1, one row per destination × origin)",
		Kind:      "xlsx",
		RepeatsOK: true,
		Meta:      undesaOriginMeta("2020", undesa2020Cite),
		Parse:     parseUNDESAOrigin,
	})
	register(Format{
		Name:      "undesa-ims-2019",
		Summary:   "UN DESA International Migrant Stock 2019, origin × destination: the published XLSX or the clean CSV (told apart by content)",
		Kind:      "csv-or-xlsx",
		RepeatsOK: true,
		Meta:      undesaOriginMeta("2019", undesa2019Cite),
		Parse: func(in Input, emit func(Record) error) error {
			if sniff(in) == "xlsx" {
				return parseUNDESAOrigin(in, emit)
			}
			return parseUNDESAClean(in, emit)
		},
	})
}

func undesaOriginMeta(release, cite string) Meta {
	return Meta{Source: "undesa-ims", Release: release, Title: "International Migrant Stock " + release + ": by origin and destination",
		Licence: undesaLicence, URL: undesaURL, Citation: cite,
		Notes: notesUNDESAOriginDestination}
}

func sniff(in Input) string {
	head := make([]byte, 512)
	n, _ := in.R.ReadAt(head, 0)
	return xlsx.Sniff(head[:n])
}

// originLayout is what the header row of one sheet says.
type originLayout struct {
	sheet     string
	sex       string // of a wide sheet, from its title
	headerRow int
	yearCol   int           // wide: the Year column
	destName  int           // the destination's name
	destCode  int           // the destination's location code
	origins   map[int]Place // wide: origin columns; long: unused
	origName  int           // long: the origin's name
	origCode  int           // long: the origin's location code
	years     map[int]int   // long: year columns
	sexes     map[int]string
	lastYear  int // wide: the year of the current block
}

// parseUNDESAOrigin reads every "Table N" sheet of a UN DESA origin ×
// destination workbook whose header it recognises; a workbook with none is
// an error naming the sheets it has.
func parseUNDESAOrigin(in Input, emit func(Record) error) error {
	f, err := openXLSX(in)
	if err != nil {
		return err
	}
	read := 0
	var sheets []string
	for _, s := range f.Sheets() {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "table") {
			sheets = append(sheets, s)
		}
	}
	for i, sheet := range sheets {
		found, err := parseOriginSheet(in, f, sheet, emit)
		if err != nil {
			return err
		}
		if found {
			read++
		}
		in.progress(int64(i+1), int64(len(sheets)))
	}
	if read == 0 {
		return errAt(Loc{File: in.Name}, "no sheet with an origin × destination header (a row with the destination, its code and the origins or years); the workbook has %s", quoteList(f.Sheets()))
	}
	return nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func parseOriginSheet(in Input, f *xlsx.File, sheet string, emit func(Record) error) (bool, error) {
	lay := &originLayout{sheet: sheet}
	var title strings.Builder
	var groupRow []string
	err := xlsxRows(in, f, sheet, func(row int, cells []string) error {
		if lay.headerRow == 0 {
			if lay.detect(in, row, cells, groupRow) {
				lay.sex = sexOfTitle(title.String(), sheet)
				return nil
			}
			joined := strings.ToLower(strings.Join(cells, " "))
			title.WriteString(joined + " ")
			if strings.Contains(joined, "both sexes") {
				groupRow = append([]string(nil), cells...)
			}
			return nil
		}
		if lay.origins != nil {
			return lay.wideRow(in, row, cells, emit)
		}
		return lay.longRow(in, row, cells, emit)
	})
	return lay.headerRow > 0, err
}

// sexOfTitle reads the sex of a wide sheet from the text above its header
// ("... Male migrant stock ..."), falling back to the sheet's number.
func sexOfTitle(title, sheet string) string {
	switch {
	case strings.Contains(title, "female"):
		return Female
	case strings.Contains(title, "male"):
		return Male
	case strings.Contains(title, "both sexes") || strings.Contains(title, "total"):
		return Total
	}
	switch strings.TrimSpace(strings.TrimPrefix(strings.ToLower(sheet), "table")) {
	case "2":
		return Male
	case "3":
		return Female
	}
	return Total
}

// detect reads a header row; it reports whether this row is one.
func (lay *originLayout) detect(in Input, row int, cells, groupRow []string) bool {
	destName, destCode, origName, origCode, yearCol, totalCol := -1, -1, -1, -1, -1, -1
	years := map[int]int{}
	for i, c := range cells {
		lc := strings.ToLower(strings.Join(strings.Fields(c), " "))
		switch {
		case strings.Contains(lc, "code") && strings.Contains(lc, "origin"):
			origCode = i
		case strings.Contains(lc, "code") && (destCode < 0):
			destCode = i
		case strings.Contains(lc, "of origin") && origName < 0:
			origName = i
		case strings.Contains(lc, "destination") && destName < 0:
			destName = i
		case lc == "year":
			yearCol = i
		case lc == "total" && totalCol < 0:
			totalCol = i
		}
		if y, ok := parseYear(c); ok && i > 1 {
			years[i] = y
		}
	}
	if destName < 0 || destCode < 0 {
		return false
	}
	lay.headerRow, lay.destName, lay.destCode = row, destName, destCode
	if origName >= 0 && origCode >= 0 && len(years) > 0 {
		lay.origName, lay.origCode, lay.years = origName, origCode, years
		lay.sexes = sexColumns(groupRow, years)
		return true
	}
	if yearCol < 0 || totalCol < 0 {
		lay.headerRow = 0
		return false
	}
	lay.yearCol = yearCol
	lay.origins = map[int]Place{totalCol: {Code: "001", Name: "World"}}
	for i := totalCol + 1; i < len(cells); i++ {
		if name := strings.TrimSpace(cells[i]); name != "" {
			lay.origins[i] = Place{Name: name}
		}
	}
	return true
}

// sexColumns gives each year column the sex group written above it.
func sexColumns(groupRow []string, years map[int]int) map[int]string {
	out := map[int]string{}
	sex := Total
	last := 0
	for col := range years {
		last = max(last, col)
	}
	for i := 0; i <= last; i++ {
		switch g := strings.ToLower(cell(groupRow, i)); {
		case strings.Contains(g, "female"):
			sex = Female
		case strings.Contains(g, "male"):
			sex = Male
		case strings.Contains(g, "both"):
			sex = Total
		}
		if _, ok := years[i]; ok {
			out[i] = sex
		}
	}
	return out
}

func (lay *originLayout) place(cells []string, nameCol, codeCol int) Place {
	code := cell(cells, codeCol)
	if c, err := strconv.ParseFloat(code, 64); err == nil && c == float64(int(c)) {
		code = strconv.Itoa(int(c))
	}
	return Place{Name: cell(cells, nameCol), Code: code}
}

func (lay *originLayout) wideRow(in Input, row int, cells []string, emit func(Record) error) error {
	if y := cell(cells, lay.yearCol); y != "" {
		year, ok := parseYear(y)
		if !ok {
			return errAt(Loc{File: in.Name, Sheet: lay.sheet, Row: row, Column: xlsx.ColumnName(lay.yearCol)}, "%q is not a year", clip(y))
		}
		lay.lastYear = year
	}
	dest := lay.place(cells, lay.destName, lay.destCode)
	if dest.Code == "" {
		return nil // a heading or a footnote
	}
	if lay.lastYear == 0 {
		return errAt(Loc{File: in.Name, Sheet: lay.sheet, Row: row, Column: xlsx.ColumnName(lay.yearCol)}, "a data row before any year")
	}
	for col, origin := range lay.origins {
		raw := cell(cells, col)
		if raw == "" {
			continue // no estimate
		}
		l := Loc{File: in.Name, Sheet: lay.sheet, Row: row, Column: xlsx.ColumnName(col)}
		v, missing, flag, err := parseValue(raw, l)
		if err != nil {
			return err
		}
		if err := emit(Record{Measure: MigrantStock, Origin: origin, Destination: dest, Year: lay.lastYear, Sex: lay.sex, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
			return err
		}
	}
	return nil
}

func (lay *originLayout) longRow(in Input, row int, cells []string, emit func(Record) error) error {
	dest := lay.place(cells, lay.destName, lay.destCode)
	origin := lay.place(cells, lay.origName, lay.origCode)
	if dest.Code == "" || origin.Code == "" {
		return nil
	}
	for col, year := range lay.years {
		raw := cell(cells, col)
		if raw == "" {
			continue
		}
		l := Loc{File: in.Name, Sheet: lay.sheet, Row: row, Column: xlsx.ColumnName(col)}
		v, missing, flag, err := parseValue(raw, l)
		if err != nil {
			return err
		}
		if err := emit(Record{Measure: MigrantStock, Origin: origin, Destination: dest, Year: year, Sex: lay.sexes[col], Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
			return err
		}
	}
	return nil
}

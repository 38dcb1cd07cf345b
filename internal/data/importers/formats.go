package importers

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"corridor/internal/data/xlsx"
)

const (
	undesaLicence  = "CC BY 3.0 IGO"
	undesaURL      = "https://www.un.org/development/desa/pd/content/international-migrant-stock"
	undesa2019Cite = "United Nations, Department of Economic and Social Affairs, Population Division (2019). International Migrant Stock 2019 (POP/DB/MIG/Stock/Rev.2019)."
	undesa2020Cite = "United Nations, Department of Economic and Social Affairs, Population Division (2020). International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020)."
)

func init() {
	register(Format{
		Name:    "undesa-ims-2019-csv",
		Summary: "UN DESA International Migrant Stock 2019, origin × destination (the clean CSV: Year, Dest, one column per origin)",
		Kind:    "csv",
		Meta: Meta{Source: "undesa-ims", Release: "2019", Title: "International Migrant Stock 2019: by origin and destination",
			Licence: undesaLicence, URL: undesaURL, Citation: undesa2019Cite,
			Notes: notesUNDESAClean},
		Parse: parseUNDESAClean,
	})
	register(Format{
		Name:      "undesa-ims-2019-totals",
		Summary:   "UN DESA International Migrant Stock 2019, totals by destination and sex (XLSX, Tables 1–6)",
		Kind:      "xlsx",
		RepeatsOK: true,
		Meta: Meta{Source: "undesa-ims-totals", Release: "2019", Title: "International Migrant Stock 2019: by destination and sex",
			Licence: undesaLicence, URL: undesaURL, Citation: undesa2019Cite,
			Notes: notesUNDESATotals},
		Parse: parseUNDESATotalsWorkbook,
	})
	register(Format{
		Name:      "undesa-ims-2020-sex",
		Summary:   "UN DESA International Migrant Stock 2020, by destination and sex (XLSX, Tables 1–6)",
		Kind:      "xlsx",
		RepeatsOK: true,
		Meta: Meta{Source: "undesa-ims-totals", Release: "2020", Title: "International Migrant Stock 2020: by destination and sex",
			Licence: undesaLicence, URL: undesaURL, Citation: undesa2020Cite,
			Notes: notesUNDESATotals},
		Parse: parseUNDESATotalsWorkbook,
	})
	register(Format{
		Name:    "worldbank-bilateral-2013",
		Summary: "World Bank bilateral migration matrix 2013 (XLSX; origin down, destination across)",
		Kind:    "xlsx",
		Meta: Meta{Source: "worldbank-bilateral-migration", Release: "2013", Title: "Bilateral Estimates of Migrant Stocks in 2013",
			Licence: licenceNotStated, URL: "https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data",
			Citation: "World Bank, Bilateral Migration Matrix 2013 (Migration and Remittances Factbook 2016).",
			Notes:    notesWorldBankBilateral},
		Parse: matrixParser("Bilateral Migration 2013", MigrantStock, 2013),
	})
	register(Format{
		Name:    "knomad-remittances-2021",
		Summary: "KNOMAD/World Bank bilateral remittance matrix 2021 (XLSX, US$ million; sending country down, receiving across)",
		Kind:    "xlsx",
		Meta: Meta{Source: "knomad-bilateral-remittances", Release: "2021 (December 2022)", Title: "Bilateral Remittance Estimates for 2021 (US$ million)",
			Licence: licenceNotStated, URL: "https://www.knomad.org/data/remittances",
			Citation: "KNOMAD/World Bank Bilateral Remittance Matrix 2021, December 2022.",
			Notes:    notesKNOMAD2021},
		Parse: matrixParser("FINAL BRM 2021 ", Remittances, 2021),
	})
	register(Format{
		Name:    "worldbank-bilateral",
		Summary: "World Bank bilateral migration matrix, any edition (XLSX; origin down, destination across; the year from the sheet name or title)",
		Kind:    "xlsx",
		Meta: Meta{Source: "worldbank-bilateral-migration", Title: "World Bank Bilateral Migration Matrix",
			Licence: licenceNotStated, URL: "https://www.worldbank.org/en/topic/migrationremittancesdiasporaissues/brief/migration-remittances-data",
			Citation: "World Bank, Bilateral Migration Matrix.",
			Notes:    notesWorldBankBilateral},
		Parse: matrixParser("", MigrantStock, 0),
	})
	register(Format{
		Name:    "knomad-remittances",
		Summary: "KNOMAD/World Bank bilateral remittance matrix, any edition (XLSX, US$ million; sending country down, receiving across; the year from the sheet name or title)",
		Kind:    "xlsx",
		Meta: Meta{Source: "knomad-bilateral-remittances", Title: "KNOMAD/World Bank Bilateral Remittance Estimates (US$ million)",
			Licence: licenceNotStated, URL: "https://www.knomad.org/data/remittances",
			Citation: "KNOMAD/World Bank Bilateral Remittance Matrix.",
			Notes:    notesKNOMAD},
		Parse: matrixParser("", Remittances, 0),
	})
	register(Format{
		Name:    "unhcr-population",
		Summary: "UNHCR population statistics (CSV or CSV.gz: year, coo_iso, coa_iso, refugees, asylum_seekers, …)",
		Kind:    "csv",
		Meta: Meta{Source: "unhcr-population", Release: "", Title: "UNHCR Refugee Population Statistics: refugees and asylum-seekers",
			Licence: unhcrLicence, URL: "https://www.unhcr.org/refugee-statistics/",
			Citation: "UNHCR Refugee Population Statistics Database.",
			Notes:    notesUNHCRPopulation},
		Parse: unhcrParser(map[string]string{"refugees": Refugees, "asylum_seekers": AsylumSeekers}),
	})
	register(Format{
		Name:    "unhcr-flows",
		Summary: "UNHCR flows: new arrivals and asylum applications per year (CSV or CSV.gz: year, coo_iso, coa_iso, refugees, asylum_seekers, refugee_like, oip)",
		Kind:    "csv",
		Meta: Meta{Source: "unhcr-flows", Release: "", Title: "UNHCR Refugee Population Statistics: new arrivals and asylum applications",
			Licence: unhcrLicence, URL: "https://www.unhcr.org/refugee-statistics/",
			Citation: "UNHCR Refugee Population Statistics Database.",
			Notes:    notesUNHCRFlows},
		Parse: unhcrParser(map[string]string{"refugees": RefugeeArrivals, "asylum_seekers": AsylumApplications, "refugee_like": RefugeeLikeArrivals, "oip": OIPArrivals}),
	})
	register(Format{
		Name:    "tidy-csv",
		Summary: "Generic tidy CSV: header origin,destination,year,sex,measure,value[,flag] (names or codes)",
		Kind:    "csv",
		Meta:    Meta{Source: "tidy-csv", Release: "", Title: "Tidy CSV import"},
		Parse:   parseTidy,
	})
}

// parseUNDESAClean reads Year, Dest, then one column per origin.
func parseUNDESAClean(in Input, emit func(Record) error) error {
	var header []string
	var origins []Place
	checkHeader := func(h []string) error {
		header = h
		if len(header) < 3 || !strings.EqualFold(strings.TrimSpace(header[0]), "Year") || !strings.EqualFold(strings.TrimSpace(header[1]), "Dest") {
			return errAt(Loc{File: in.Name, Row: 1}, "the header must start with Year,Dest then one column per origin (found %q)", clip(strings.Join(header[:min(3, len(header))], ",")))
		}
		origins = make([]Place, len(header))
		for i := 2; i < len(header); i++ {
			if strings.TrimSpace(header[i]) == "" {
				return errAt(Loc{File: in.Name, Row: 1, Column: strconv.Itoa(i + 1)}, "empty origin name in the header")
			}
			origins[i] = Place{Name: strings.TrimSpace(header[i])}
		}
		return nil
	}
	return csvRows(in, 50, checkHeader, func(row int, rec []string) error {
		year, ok := parseYear(rec[0])
		if !ok {
			return errAt(Loc{File: in.Name, Row: row, Column: "Year"}, "%q is not a year", clip(rec[0]))
		}
		dest := Place{Name: strings.TrimSpace(rec[1])}
		if dest.Name == "" {
			return errAt(Loc{File: in.Name, Row: row, Column: "Dest"}, "empty destination")
		}
		for i := 2; i < len(rec); i++ {
			l := Loc{File: in.Name, Row: row, Column: header[i]}
			v, missing, flag, err := parseValue(rec[i], l)
			if err != nil {
				return err
			}
			if v == 0 && !missing {
				continue
			}
			if err := emit(Record{Measure: MigrantStock, Origin: origins[i], Destination: dest, Year: year, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
				return err
			}
		}
		return nil
	})
}

// matrixParser returns a parser of one sheet of a World Bank style matrix
// whose cells are measure in year. An empty sheet means the workbook's
// first sheet with a matrix header; year 0 means the year its sheet name or
// title says (other editions of the matrices: 2010, 2017, 2019, …).
func matrixParser(sheet, measure string, year int) func(Input, func(Record) error) error {
	return func(in Input, emit func(Record) error) error { return parseMatrix(in, sheet, measure, year, emit) }
}

// errNoMatrixHeader marks a sheet without the "… (across)" header row.
var errNoMatrixHeader = errors.New("no matrix header")

// parseMatrix reads a World Bank style square matrix: a header row whose
// first cell says which way is across, origins down the first column.
func parseMatrix(in Input, sheet, measure string, year int, emit func(Record) error) error {
	f, err := openXLSX(in)
	if err != nil {
		return err
	}
	if sheet != "" {
		err := parseMatrixSheet(in, f, sheet, measure, year, emit)
		if errors.Is(err, errNoMatrixHeader) {
			return errAt(Loc{File: in.Name, Sheet: sheet}, "no header row whose first cell says \"… (across)\" (is this the right file or sheet?)")
		}
		return err
	}
	for _, name := range f.Sheets() {
		err := parseMatrixSheet(in, f, name, measure, year, emit)
		if !errors.Is(err, errNoMatrixHeader) {
			return err
		}
	}
	return errAt(Loc{File: in.Name}, "no sheet with a header row whose first cell says \"… (across)\" (the workbook has %s)", quoteList(f.Sheets()))
}

// yearIn finds a plausible year (1950–2100) in a sheet name or title.
func yearIn(s string) int {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if y, err := strconv.Atoi(w); err == nil && len(w) == 4 && y >= 1950 && y <= 2100 {
			return y
		}
	}
	return 0
}

func parseMatrixSheet(in Input, f *xlsx.File, sheet, measure string, year int, emit func(Record) error) error {
	var dests []Place
	headerRow, rows := 0, 0
	ended := false
	if year == 0 {
		year = yearIn(sheet)
	}
	err := xlsxRows(in, f, sheet, func(row int, cells []string) error {
		rows++
		if ended {
			return nil
		}
		first := cell(cells, 0)
		if headerRow == 0 {
			if strings.Contains(strings.ToLower(first), "(across)") {
				headerRow = row
				dests = make([]Place, len(cells))
				for i := 1; i < len(cells); i++ {
					dests[i] = Place{Name: strings.TrimSpace(cells[i])}
				}
				if year == 0 {
					return errAt(Loc{File: in.Name, Sheet: sheet, Row: row}, "cannot tell the matrix's year: neither the sheet name nor the title above the header names one")
				}
			} else if year == 0 {
				year = yearIn(strings.Join(cells, " "))
			}
			return nil
		}
		lf := strings.ToLower(first)
		if first == "" || strings.HasPrefix(lf, "note") || strings.HasPrefix(lf, "when using") || strings.HasPrefix(lf, "source") {
			ended = true
			return nil
		}
		origin := Place{Name: first}
		for i := 1; i < len(cells) && i < len(dests); i++ {
			if dests[i].Name == "" {
				if strings.TrimSpace(cells[i]) != "" {
					return errAt(Loc{File: in.Name, Sheet: sheet, Row: row, Column: xlsx.ColumnName(i)}, "a value under an empty header cell")
				}
				continue
			}
			l := Loc{File: in.Name, Sheet: sheet, Row: row, Column: xlsx.ColumnName(i)}
			v, missing, flag, err := parseValue(cells[i], l)
			if err != nil {
				return err
			}
			if missing && flag == "" {
				continue
			}
			if err := emit(Record{Measure: measure, Origin: origin, Destination: dests[i], Year: year, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
				return err
			}
		}
		if rows%20 == 0 {
			in.progress(int64(rows), 240)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if headerRow == 0 {
		return errNoMatrixHeader
	}
	return nil
}

// unhcrParser returns a parser of a data set of the refugees package
// (population or flows): year, country of origin and of asylum (names and
// ISO codes), then value columns, each stored as its measure (columns maps
// the file's column to the measure). An empty cell is "not reported" and is
// not stored.
func unhcrParser(columns map[string]string) func(Input, func(Record) error) error {
	cols := make([]string, 0, len(columns))
	for c := range columns {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	return func(in Input, emit func(Record) error) error {
		var idx map[string]int
		checkHeader := func(header []string) error {
			idx = headerIndex(header)
			return requireColumns(in, idx, append([]string{"year", "coo_name", "coo_iso", "coa_name", "coa_iso"}, cols...)...)
		}
		return csvRows(in, 500, checkHeader, func(row int, rec []string) error {
			year, ok := parseYear(rec[idx["year"]])
			if !ok {
				return errAt(Loc{File: in.Name, Row: row, Column: "year"}, "%q is not a year", clip(rec[idx["year"]]))
			}
			origin := Place{Name: strings.TrimSpace(rec[idx["coo_name"]]), Code: strings.TrimSpace(rec[idx["coo_iso"]])}
			dest := Place{Name: strings.TrimSpace(rec[idx["coa_name"]]), Code: strings.TrimSpace(rec[idx["coa_iso"]])}
			for _, c := range cols {
				l := Loc{File: in.Name, Row: row, Column: c}
				v, missing, flag, err := parseValue(rec[idx[c]], l)
				if err != nil {
					return err
				}
				if missing && flag == "" {
					continue
				}
				if err := emit(Record{Measure: columns[c], Origin: origin, Destination: dest, Year: year, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// TidyHeader is the documented header of the generic tidy CSV.
var TidyHeader = []string{"origin", "destination", "year", "sex", "measure", "value", "flag"}

// parseTidy reads the generic tidy CSV.
func parseTidy(in Input, emit func(Record) error) error {
	var idx map[string]int
	checkHeader := func(header []string) error {
		idx = headerIndex(header)
		return requireColumns(in, idx, "origin", "destination", "year", "measure", "value")
	}
	get := func(rec []string, name string) string {
		if i, ok := idx[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	return csvRows(in, 500, checkHeader, func(row int, rec []string) error {
		year, ok := parseYear(get(rec, "year"))
		if !ok {
			return errAt(Loc{File: in.Name, Row: row, Column: "year"}, "%q is not a year", clip(get(rec, "year")))
		}
		sex := strings.ToLower(get(rec, "sex"))
		switch sex {
		case "", "total", "both", "both sexes", "t":
			sex = Total
		case "male", "m", "males":
			sex = Male
		case "female", "f", "females":
			sex = Female
		default:
			return errAt(Loc{File: in.Name, Row: row, Column: "sex"}, "%q is not total, male or female", clip(sex))
		}
		measure := strings.ToLower(get(rec, "measure"))
		if !validMeasure(measure) {
			return errAt(Loc{File: in.Name, Row: row, Column: "measure"}, "%q is not a measure name (letters, digits and _)", clip(measure))
		}
		l := Loc{File: in.Name, Row: row, Column: "value"}
		v, missing, flag, err := parseValue(get(rec, "value"), l)
		if err != nil {
			return err
		}
		if f := get(rec, "flag"); f != "" {
			flag = f
		}
		o, d := get(rec, "origin"), get(rec, "destination")
		if o == "" || d == "" {
			return errAt(Loc{File: in.Name, Row: row}, "empty origin or destination")
		}
		return emit(Record{Measure: measure, Origin: placeOf(o), Destination: placeOf(d), Year: year, Sex: sex, Value: v, Missing: missing, Flag: flag, Loc: l})
	})
}

// placeOf reads a tidy cell: a code when it looks like one, else a name.
func placeOf(s string) Place {
	if len(s) <= 4 && strings.ToUpper(s) == s {
		return Place{Code: s, Name: s}
	}
	return Place{Name: s}
}

func validMeasure(m string) bool {
	if m == "" || len(m) > 40 {
		return false
	}
	for _, r := range m {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

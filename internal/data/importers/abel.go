package importers

import (
	"io"
	"strconv"
	"strings"

	"corridor/internal/data/xlsx"
)

const (
	abelURL = "https://github.com/guyabel/migest"

	abelSander2014Cite = "Abel, G. J. and Sander, N. (2014). Quantifying global international migration flows. Science 343(6178), 1520–1522."
)

func init() {
	register(Format{
		Name:    "abel-2018-region-flows",
		Summary: "Abel (2018, IMR) regional flows, CSV: year0,orig_reg,dest_reg,flow (5-year periods)",
		Kind:    "csv",
		Meta: Meta{Source: "abel-2018-region-flows", Release: "2018", Title: "Estimates of global bilateral migration flows by region, 1960–2015",
			Licence: abelLicence, URL: abelURL,
			Citation: "Abel, G. J. (2018). Estimates of global bilateral migration flows by gender between 1960 and 2015. International Migration Review 52(3), 809–852.",
			Notes:    notesAbelRegionFlows},
		Parse: parseAbelRegionFlows,
	})
	register(Format{
		Name:    "abel-sander-2014-regions",
		Summary: "Abel & Sander (2014, Science) regional flows 2005–10, Circos table (TSV: order, colour, name, one column per destination)",
		Kind:    "csv",
		Meta: Meta{Source: "abel-sander-2014-regions", Release: "2014", Title: "Global migration flows between regions, 2005–2010",
			Licence: abelLicence, URL: abelURL,
			Citation: abelSander2014Cite,
			Notes:    notesAbelSanderRegions},
		Parse: parseCircosRegions,
	})
	register(Format{
		Name:    "abel-sander-2014-countries",
		Summary: "Abel & Sander (2014, Science) flows 2005–10 between 25 selected countries, Circos table (TSV)",
		Kind:    "csv",
		Meta: Meta{Source: "abel-sander-2014-countries", Release: "2014", Title: "Global migration flows between 25 selected countries, 2005–2010",
			Licence: abelLicence, URL: abelURL,
			Citation: abelSander2014Cite,
			Notes:    notesAbelSanderCountries},
		Parse: parseCircosCountries,
	})
	register(Format{
		Name:    "worldbank-remittance-inflows-2023",
		Summary: "World Bank/KNOMAD inward remittance flows, December 2023 (XLSX, US$ million, 2000–2022)",
		Kind:    "xlsx",
		Meta: Meta{Source: "worldbank-remittance-inflows", Release: "December 2023", Title: "Remittance inflows (US$ million)",
			Licence: licenceNotStated, URL: "https://www.knomad.org/data/remittances",
			Citation: "World Bank-KNOMAD, December 2023.",
			Notes:    notesRemittanceInflows},
		Parse: parseRemittanceInflows,
	})
}

// parseAbelRegionFlows reads year0,orig_reg,dest_reg,flow.
func parseAbelRegionFlows(in Input, emit func(Record) error) error {
	var idx map[string]int
	checkHeader := func(header []string) error {
		idx = headerIndex(header)
		return requireColumns(in, idx, "year0", "orig_reg", "dest_reg", "flow")
	}
	return csvRows(in, 100, checkHeader, func(row int, rec []string) error {
		year, ok := parseYear(rec[idx["year0"]])
		if !ok {
			return errAt(Loc{File: in.Name, Row: row, Column: "year0"}, "%q is not a year", clip(rec[idx["year0"]]))
		}
		o, d := strings.TrimSpace(rec[idx["orig_reg"]]), strings.TrimSpace(rec[idx["dest_reg"]])
		if o == "" {
			return errAt(Loc{File: in.Name, Row: row, Column: "orig_reg"}, "empty origin")
		}
		if d == "" {
			return errAt(Loc{File: in.Name, Row: row, Column: "dest_reg"}, "empty destination")
		}
		l := Loc{File: in.Name, Row: row, Column: "flow"}
		v, missing, flag, err := parseValue(rec[idx["flow"]], l)
		if err != nil {
			return err
		}
		if missing && flag == "" {
			return errAt(l, "empty flow")
		}
		return emit(Record{Measure: Flow, Origin: Place{Name: o}, Destination: Place{Name: d}, Year: year, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l})
	})
}

// CircosYear is the year Abel & Sander's 2005–10 flows are stored at.
const CircosYear = 2005

// circosName turns "Saudi_Arabia" into "Saudi Arabia".
func circosName(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "_", " ")) }

// parseCircosRegions reads the regional Circos table, keeping every cell.
func parseCircosRegions(in Input, emit func(Record) error) error { return parseCircos(in, false, emit) }

// parseCircosCountries reads the country Circos table, leaving out cells of 1.
func parseCircosCountries(in Input, emit func(Record) error) error {
	return parseCircos(in, true, emit)
}

// parseCircos reads a Circos "table viewer" file: a row of plot orders and
// a row of names (each after three "-" cells), then one row per origin:
// order, R,G,B colour, name, then one flow per destination. Rows of tabs
// only are padding. skipOnes leaves out cells of exactly 1 (the placeholder
// for a zero or negligible flow in the country table).
func parseCircos(in Input, skipOnes bool, emit func(Record) error) error {
	cr, _, err := csvReader(in)
	if err != nil {
		return err
	}
	cr.Comma = '\t'
	cr.LazyQuotes = true
	var dests []string
	row, origins := 0, 0
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		row++
		if err == io.EOF {
			break
		}
		if err != nil {
			return readCSVErr(in, row, err)
		}
		if err := checkCells(in, "", row, rec, csvColumn(nil)); err != nil {
			return err
		}
		blank := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if row <= 2 {
			if len(rec) < 4 || strings.TrimSpace(rec[0]) != "-" || strings.TrimSpace(rec[1]) != "-" || strings.TrimSpace(rec[2]) != "-" {
				return errAt(Loc{File: in.Name, Row: row, Column: "1"}, "not a Circos table: row %d must start with three \"-\" cells", row)
			}
			if row == 2 {
				dests = make([]string, len(rec))
				for i := 3; i < len(rec); i++ {
					dests[i] = circosName(rec[i])
					if dests[i] == "" {
						return errAt(Loc{File: in.Name, Row: row, Column: strconv.Itoa(i + 1)}, "empty destination name in the header")
					}
				}
			}
			continue
		}
		if len(rec) != len(dests) {
			return errAt(Loc{File: in.Name, Row: row}, "%d fields, the header has %d", len(rec), len(dests))
		}
		name := circosName(rec[2])
		if name == "" {
			return errAt(Loc{File: in.Name, Row: row, Column: "3"}, "empty origin name")
		}
		if prev, dup := seen[name]; dup {
			return errAt(Loc{File: in.Name, Row: row, Column: "3"}, "origin %q is already given in row %d", clip(name), prev)
		}
		seen[name] = row
		origins++
		for i := 3; i < len(rec); i++ {
			l := Loc{File: in.Name, Row: row, Column: strconv.Itoa(i+1) + " (" + dests[i] + ")"}
			v, missing, flag, err := parseValue(rec[i], l)
			if err != nil {
				return err
			}
			if missing && flag == "" {
				return errAt(l, "empty flow")
			}
			if skipOnes && !missing && v == 1 {
				continue
			}
			if err := emit(Record{Measure: Flow, Origin: Place{Name: name}, Destination: Place{Name: dests[i]}, Year: CircosYear, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
				return err
			}
		}
	}
	if dests == nil {
		return errAt(Loc{File: in.Name}, "not a Circos table: no header rows")
	}
	if origins == 0 {
		return errAt(Loc{File: in.Name}, "no data rows under the header")
	}
	return nil
}

// RemittanceInflowsSheet is the sheet of the inward remittance file.
const RemittanceInflowsSheet = "Inward remittance flows"

// parseRemittanceInflows reads one row per receiving country: its name,
// then one column per year (header row 1).
func parseRemittanceInflows(in Input, emit func(Record) error) error {
	f, err := openXLSX(in)
	if err != nil {
		return err
	}
	sheet := RemittanceInflowsSheet
	type yearCol struct{ col, year int }
	var yearCols []yearCol
	headerRow, rows := 0, 0
	ended := false
	seen := map[string]int{}
	err = xlsxRows(in, f, sheet, func(row int, cells []string) error {
		rows++
		if ended {
			return nil
		}
		first := cell(cells, 0)
		if headerRow == 0 {
			if strings.Contains(strings.ToLower(first), "remittance inflows") {
				headerRow = row
				for i := 1; i < len(cells); i++ {
					if y, ok := parseYear(cells[i]); ok {
						yearCols = append(yearCols, yearCol{i, y})
					}
				}
				if len(yearCols) < 3 {
					return errAt(Loc{File: in.Name, Sheet: sheet, Row: row}, "the header row has %d year columns, want one per year", len(yearCols))
				}
			}
			return nil
		}
		lf := strings.ToLower(first)
		if first == "" || strings.HasPrefix(lf, "note") {
			ended = true
			return nil
		}
		first = dropRemark(first)
		if prev, dup := seen[first]; dup {
			return errAt(Loc{File: in.Name, Sheet: sheet, Row: row, Column: "A"}, "%q is already given in row %d", clip(first), prev)
		}
		seen[first] = row
		dest := Place{Name: first}
		for _, yc := range yearCols {
			col, year := yc.col, yc.year
			l := Loc{File: in.Name, Sheet: sheet, Row: row, Column: xlsx.ColumnName(col)}
			v, missing, flag, err := parseValue(cell(cells, col), l)
			if err != nil {
				return err
			}
			if missing && flag == "" {
				continue
			}
			if err := emit(Record{Measure: Remittances, Origin: Place{Code: "001", Name: "World"}, Destination: dest, Year: year, Sex: Total, Value: v, Missing: missing, Flag: flag, Loc: l}); err != nil {
				return err
			}
		}
		if rows%20 == 0 {
			in.progress(int64(rows), 230)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if headerRow == 0 {
		return errAt(Loc{File: in.Name, Sheet: sheet}, "no header row starting \"Remittance inflows\" (is this the right file or sheet?)")
	}
	return nil
}

// remarkWords mark a parenthesis that is a compiler's remark, not part of
// the name: "Zimbabwe (using CB data for 2021 & 2022)", "Spain (adjsuting
// for BOP ratio estimates)". "Sint Maarten (Dutch part)" keeps its own.
var remarkWords = []string{"using ", "data", "revising", "adjsut", "adjust", "estimate"}

func dropRemark(name string) string {
	i := strings.Index(name, " (")
	if i <= 0 {
		return name
	}
	rest := strings.ToLower(name[i:])
	for _, w := range remarkWords {
		if strings.Contains(rest, w) {
			return strings.TrimSpace(name[:i])
		}
	}
	return name
}

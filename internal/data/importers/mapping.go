package importers

import (
	"io"
	"strconv"
	"strings"

	"corridor/internal/data/xlsx"
)

func init() {
	register(Format{
		Name:    "tidy-xlsx",
		Summary: "Generic tidy XLSX: first sheet, header origin,destination,year,sex,measure,value[,flag] (names or codes)",
		Kind:    "xlsx",
		Meta:    Meta{Source: "tidy-csv", Release: "", Title: "Tidy XLSX import"},
		Parse:   func(in Input, emit func(Record) error) error { return parseMapped(in, "xlsx", nil, emit) },
	})
}

// IsTidy tells the generic tidy formats, whose columns a curator maps.
func IsTidy(format string) bool { return format == "tidy-csv" || format == "tidy-xlsx" }

// Mapping says which column of a tidy file holds what. Columns are 0-based;
// -1 is "not in the file". Sex and measure may instead be a constant for
// every row.
type Mapping struct {
	Sheet        string `json:"sheet,omitempty"` // XLSX: "" is the first sheet
	Origin       int    `json:"origin"`
	Destination  int    `json:"destination"`
	Year         int    `json:"year"`
	Sex          int    `json:"sex"`
	Measure      int    `json:"measure"`
	Value        int    `json:"value"`
	Flag         int    `json:"flag"`
	SexConst     string `json:"sex_const,omitempty"`
	MeasureConst string `json:"measure_const,omitempty"`
}

// MapTargets are the mapping's targets, in form order.
var MapTargets = []string{"origin", "destination", "year", "sex", "measure", "value", "flag"}

// Column returns the column of a target.
func (m *Mapping) Column(target string) int {
	switch target {
	case "origin":
		return m.Origin
	case "destination":
		return m.Destination
	case "year":
		return m.Year
	case "sex":
		return m.Sex
	case "measure":
		return m.Measure
	case "value":
		return m.Value
	case "flag":
		return m.Flag
	}
	return -1
}

// SetColumn sets the column of a target.
func (m *Mapping) SetColumn(target string, col int) {
	switch target {
	case "origin":
		m.Origin = col
	case "destination":
		m.Destination = col
	case "year":
		m.Year = col
	case "sex":
		m.Sex = col
	case "measure":
		m.Measure = col
	case "value":
		m.Value = col
	case "flag":
		m.Flag = col
	}
}

// synonyms are header names recognised for each target (lower case).
var synonyms = map[string][]string{
	"origin":      {"origin", "orig", "from", "origin_country", "country of origin", "coo", "orig_reg", "place of birth", "country of birth", "birthplace", "born in"},
	"destination": {"destination", "dest", "to", "destination_country", "country of destination", "coa", "dest_reg", "residence"},
	"year":        {"year", "year0", "period", "time"},
	"sex":         {"sex", "gender"},
	"measure":     {"measure", "indicator", "variable"},
	"value":       {"value", "flow", "stock", "count", "obs_value", "number", "persons"},
	"flag":        {"flag", "flags", "note", "obs_status"},
}

// DetectMapping guesses the mapping from a header row: each target takes
// the first column whose name is one of its synonyms. Sex defaults to the
// constant "total" when no column is found.
func DetectMapping(header []string) Mapping {
	m := Mapping{Origin: -1, Destination: -1, Year: -1, Sex: -1, Measure: -1, Value: -1, Flag: -1}
	used := map[int]bool{}
	for _, t := range MapTargets {
		for i, h := range header {
			h = strings.ToLower(strings.TrimSpace(h))
			if used[i] {
				continue
			}
			for _, s := range synonyms[t] {
				if h == s {
					m.SetColumn(t, i)
					used[i] = true
					break
				}
			}
			if m.Column(t) >= 0 {
				break
			}
		}
	}
	if m.Sex < 0 {
		m.SexConst = Total
	}
	return m
}

// Validate checks m against a file of ncols columns. It returns, per form
// field ("map_origin", "const_sex", …), a message key; empty when valid.
func (m *Mapping) Validate(ncols int) map[string]string {
	errs := map[string]string{}
	by := map[int]string{}
	for _, t := range MapTargets {
		c := m.Column(t)
		if c < -1 || c >= ncols {
			errs["map_"+t] = "data.error.map_column"
			continue
		}
		if c < 0 {
			continue
		}
		if prev, dup := by[c]; dup {
			errs["map_"+t] = "data.error.map_twice"
			if _, set := errs["map_"+prev]; !set {
				errs["map_"+prev] = "data.error.map_twice"
			}
			continue
		}
		by[c] = t
	}
	for _, t := range []string{"origin", "destination", "year", "value"} {
		if m.Column(t) < 0 {
			if _, set := errs["map_"+t]; !set {
				errs["map_"+t] = "data.error.map_required"
			}
		}
	}
	switch {
	case m.Sex >= 0 && m.SexConst != "":
		errs["const_sex"] = "data.error.map_both"
	case m.Sex < 0 && m.SexConst == "":
		errs["const_sex"] = "data.error.map_sex"
	case m.Sex < 0:
		if _, ok := normSex(m.SexConst); !ok {
			errs["const_sex"] = "data.error.map_sex"
		}
	}
	switch {
	case m.Measure >= 0 && m.MeasureConst != "":
		errs["const_measure"] = "data.error.map_both"
	case m.Measure < 0 && m.MeasureConst == "":
		errs["const_measure"] = "data.error.map_measure"
	case m.Measure < 0 && !validMeasure(m.MeasureConst):
		errs["const_measure"] = "data.error.map_measure"
	}
	return errs
}

// normSex reads a sex cell: total, male or female and their usual spellings.
func normSex(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "total", "both", "both sexes", "t", "_t":
		return Total, true
	case "male", "m", "males", "men":
		return Male, true
	case "female", "f", "females", "women":
		return Female, true
	}
	return "", false
}

// tableRows calls fn for each row of a CSV or XLSX file (the sheet, or the
// first one), with its 1-based row number and a column namer for errors.
func tableRows(in Input, kind, sheet string, fn func(row int, cells []string) error) (colName func(int, []string) string, usedSheet string, sheets []string, err error) {
	if kind == "xlsx" {
		f, err := openXLSX(in)
		if err != nil {
			return nil, "", nil, err
		}
		sheets = f.Sheets()
		if sheet == "" && len(sheets) > 0 {
			sheet = sheets[0]
		}
		namer := func(i int, _ []string) string { return xlsx.ColumnName(i) }
		return namer, sheet, sheets, xlsxRows(in, f, sheet, fn)
	}
	cr, done, err := csvReader(in)
	if err != nil {
		return nil, "", nil, err
	}
	namer := func(i int, header []string) string {
		if i < len(header) && strings.TrimSpace(header[i]) != "" {
			return strings.TrimSpace(header[i])
		}
		return strconv.Itoa(i + 1)
	}
	row := 0
	var header []string // the first non-blank record, to name columns
	for {
		rec, err := cr.Read()
		row++
		if err == io.EOF {
			return namer, "", nil, nil
		}
		if err != nil {
			return nil, "", nil, readCSVErr(in, row, err)
		}
		line, _ := cr.FieldPos(0) // the file's line: blank lines are skipped
		if err := checkCells(in, "", line, rec, csvColumn(header)); err != nil {
			return nil, "", nil, err
		}
		if header == nil && !blankRow(rec) {
			header = append([]string(nil), rec...)
		}
		if err := fn(line, rec); err != nil {
			return nil, "", nil, err
		}
		if row%500 == 0 {
			in.progress(done(), in.Size)
		}
	}
}

// Preview is the start of a tidy file: its header, first rows and sheets.
type Preview struct {
	Sheet   string
	Sheets  []string
	Header  []string
	Rows    [][]string
	Columns int
}

// ReadPreview reads the header and up to n rows of a tidy file.
func ReadPreview(in Input, kind, sheet string, n int) (*Preview, error) {
	p := &Preview{}
	stop := &Error{Msg: "stop"} // an *Error passes through the XLSX reader as is
	_, used, sheets, err := tableRows(in, kind, sheet, func(row int, cells []string) error {
		if p.Header == nil {
			if blankRow(cells) {
				return nil
			}
			p.Header = append([]string(nil), cells...)
			return nil
		}
		if blankRow(cells) {
			return nil
		}
		if len(p.Rows) >= n {
			return stop
		}
		p.Rows = append(p.Rows, append([]string(nil), cells...))
		return nil
	})
	if err != nil && err != stop {
		return nil, err
	}
	p.Sheet, p.Sheets = used, sheets
	p.Columns = len(p.Header)
	for _, r := range p.Rows {
		p.Columns = max(p.Columns, len(r))
	}
	for len(p.Header) < p.Columns {
		p.Header = append(p.Header, "")
	}
	if p.Header == nil {
		l := Loc{File: in.Name, Sheet: used}
		return nil, errAt(l, "the file has no header row")
	}
	return p, nil
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// WithMapping returns the tidy format f reading columns as m says.
func WithMapping(f Format, m Mapping) Format {
	kind := f.Kind
	f.Parse = checkedParse(func(in Input, emit func(Record) error) error { return parseMapped(in, kind, &m, emit) })
	return f
}

// parseMapped reads a tidy CSV or XLSX whose first non-blank row is the
// header. With m nil the header must use the documented names.
func parseMapped(in Input, kind string, m *Mapping, emit func(Record) error) error {
	var header []string
	sheet := ""
	if m != nil {
		sheet = m.Sheet
	}
	if kind == "xlsx" {
		f, err := openXLSX(in)
		if err != nil {
			return err
		}
		if sheet == "" {
			if ss := f.Sheets(); len(ss) > 0 {
				sheet = ss[0]
			}
		}
	}
	col := func(i int) string {
		if kind == "xlsx" {
			return xlsx.ColumnName(i)
		}
		if i >= 0 && i < len(header) && strings.TrimSpace(header[i]) != "" {
			return strings.TrimSpace(header[i])
		}
		return strconv.Itoa(i + 1)
	}
	var mp Mapping
	_, _, _, err := tableRows(in, kind, sheet, func(row int, cells []string) error {
		if header == nil {
			if blankRow(cells) {
				return nil
			}
			header = append([]string(nil), cells...)
			if m != nil {
				mp = *m
			} else {
				idx := headerIndex(header)
				if err := requireColumns(in, idx, "origin", "destination", "year", "measure", "value"); err != nil {
					return err
				}
				mp = Mapping{Origin: idx["origin"], Destination: idx["destination"], Year: idx["year"], Measure: idx["measure"], Value: idx["value"], Sex: -1, Flag: -1}
				if i, ok := idx["sex"]; ok {
					mp.Sex = i
				} else {
					mp.SexConst = Total
				}
				if i, ok := idx["flag"]; ok {
					mp.Flag = i
				}
			}
			if errs := mp.Validate(max(len(header), 1+max(mp.Origin, mp.Destination, mp.Year, mp.Sex, mp.Measure, mp.Value, mp.Flag))); len(errs) > 0 {
				return errAt(Loc{File: in.Name, Sheet: sheet, Row: row}, "the column mapping is not valid (%s)", strings.Join(sortedKeys(errs), ", "))
			}
			return nil
		}
		if blankRow(cells) {
			return nil
		}
		get := func(i int) string {
			if i < 0 || i >= len(cells) {
				return ""
			}
			return strings.TrimSpace(cells[i])
		}
		loc := func(i int) Loc { return Loc{File: in.Name, Sheet: sheet, Row: row, Column: col(i)} }
		if kind == "csv" && m == nil && len(cells) != len(header) {
			return errAt(Loc{File: in.Name, Row: row}, "%d fields, the header has %d", len(cells), len(header))
		}
		year, ok := parseYear(get(mp.Year))
		if !ok {
			return errAt(loc(mp.Year), "%q is not a year", clip(get(mp.Year)))
		}
		sex := mp.SexConst
		if mp.Sex >= 0 {
			sex = get(mp.Sex)
		}
		sex, ok = normSex(sex)
		if !ok {
			return errAt(loc(mp.Sex), "%q is not total, male or female", clip(get(mp.Sex)))
		}
		measure := mp.MeasureConst
		if mp.Measure >= 0 {
			measure = strings.ToLower(get(mp.Measure))
			if !validMeasure(measure) {
				return errAt(loc(mp.Measure), "%q is not a measure name (letters, digits and _)", clip(measure))
			}
		}
		l := loc(mp.Value)
		v, missing, flag, err := parseValue(get(mp.Value), l)
		if err != nil {
			return err
		}
		if f := get(mp.Flag); f != "" {
			flag = f
		}
		o, d := get(mp.Origin), get(mp.Destination)
		if o == "" {
			return errAt(loc(mp.Origin), "empty origin")
		}
		if d == "" {
			return errAt(loc(mp.Destination), "empty destination")
		}
		return emit(Record{Measure: measure, Origin: placeOf(o), Destination: placeOf(d), Year: year, Sex: sex, Value: v, Missing: missing, Flag: flag, Loc: l})
	})
	if err != nil {
		return err
	}
	if header == nil {
		return errAt(Loc{File: in.Name, Sheet: sheet}, "the file has no header row")
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for _, t := range MapTargets {
		for _, k := range []string{"map_" + t, "const_" + t} {
			if _, ok := m[k]; ok {
				out = append(out, k)
			}
		}
	}
	return out
}

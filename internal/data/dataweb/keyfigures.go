package dataweb

import (
	"corridor/internal/data"
	"corridor/internal/data/importers"
)

// KeyFigure is one of the figures a page opens with: the latest value of
// a series, with its year and source, formatted in the reader's language.
type KeyFigure struct {
	ID     string
	Label  string
	Value  string
	Unit   string
	Year   int
	Source string
	// Section is the id of the section with the series behind it.
	Section string
}

// latestRow is the row a key figure shows: the latest year with a number
// for both sexes; in a tie the publisher's own total before a sum over
// partners, then the newest dataset.
func latestRow(rows []data.Row) (data.Row, bool) {
	var best data.Row
	found := false
	for _, r := range rows {
		if r.Sex != "total" || r.Value == nil {
			continue
		}
		if !found || better(r, best) {
			best, found = r, true
		}
	}
	return best, found
}

func better(r, than data.Row) bool {
	if r.Year != than.Year {
		return r.Year > than.Year
	}
	if (r.Flag == "sum") != (than.Flag == "sum") {
		return than.Flag == "sum"
	}
	return r.Dataset > than.Dataset
}

// addKeyFigure adds to v the key figure id from rows, if any has a value.
func addKeyFigure(v *View, id, section, unit string, rows []data.Row, dm map[int64]data.Dataset, lang string, t tr) {
	r, ok := latestRow(rows)
	if !ok {
		return
	}
	value := cellText(r, lang)
	if importers.Units[r.Measure] == importers.UnitPercent {
		value = percentText(value, lang)
	}
	v.KeyFigures = append(v.KeyFigures, KeyFigure{ID: id, Label: t("data.key." + id), Value: value, Unit: unit,
		Year: r.Year, Source: dm[r.Dataset].Short(), Section: section})
}

// keyUnit is the unit written after a key figure: none for people (the
// label says who), the unit's name otherwise; shares carry their per cent
// sign in the value (percentText).
func keyUnit(unitKey string, t tr) string {
	switch unitKey {
	case "data.unit.people", "data.unit.percent":
		return ""
	}
	return t(unitKey)
}

// percentText writes a share as CLDR's percent pattern does in lang:
// "12.35%", "12,35 %" (narrow no-break space), "12,35 %" (no-break space).
func percentText(number, lang string) string {
	switch lang {
	case "fr":
		return number + "\u202f%"
	case "es":
		return number + "\u00a0%"
	}
	return number + "%"
}

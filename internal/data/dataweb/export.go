package dataweb

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/cellsafe"
	"corridor/internal/data"
	"corridor/internal/data/xlsx"
	"corridor/internal/errs"
	"corridor/internal/web"
)

var exportHeader = []string{"dataset_id", "release", "measure", "origin", "origin_name", "destination", "destination_name", "year", "sex", "value", "flag", "unit"}

// exportRecord is a row as the exports write it: codes and values for
// programs, the places' names in lang for people.
func exportRecord(r data.Row, lang string) []string {
	v := ""
	if r.Value != nil {
		v = strconv.FormatFloat(*r.Value, 'f', -1, 64)
	}
	return []string{strconv.FormatInt(r.Dataset, 10), r.Release, r.Measure, r.Origin, data.AreaName(r.Origin, lang), r.Destination, data.AreaName(r.Destination, lang), strconv.Itoa(r.Year), r.Sex, v, r.Flag, r.Unit}
}

// viewJSON is a view as the JSON export and the API give it: what it shows,
// from which releases, how to cite it and its tidy rows.
func viewJSON(v *View) map[string]any {
	rows := v.Rows
	if rows == nil {
		rows = []data.Row{}
	}
	doc := map[string]any{"view": v.Kind, "title": v.Heading, "permalink": v.Permalink, "cite": v.Cite, "datasets": v.Datasets, "rows": rows}
	if v.HasHook {
		instruments := v.Instruments
		if instruments == nil {
			instruments = []data.Link{}
		}
		doc["instruments"] = instruments
	}
	return doc
}

// writeExport answers a view in format csv, json, xlsx or svg (one chart).
// It reports false when format is empty (render the HTML page).
// The CSV keeps the column names programs read (exportHeader); the XLSX,
// read by people, has them in the reader's language above them.
func writeExport(w http.ResponseWriter, r *http.Request, v *View, name string, t tr) (bool, error) {
	format := r.URL.Query().Get("format")
	lang := web.LangFrom(r.Context())
	switch format {
	case "":
		return false, nil
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		cw := cellsafe.NewCSVWriter(w)
		cw.Write([]string{"# " + oneLine(v.Cite) + " Permalink: " + v.Permalink})
		cw.Write(exportHeader)
		for _, row := range v.Rows {
			cw.Write(exportRecord(row, lang))
		}
		cw.Flush()
		return true, cw.Error()
	case "json":
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return true, enc.Encode(viewJSON(v))
	case "xlsx":
		cells := [][]xlsx.Cell{{xlsx.Text(v.Heading)}, {xlsx.Text(v.Cite)}, {xlsx.Text("Permalink: " + v.Permalink)}, {}}
		var human, head []xlsx.Cell
		for _, h := range exportHeader {
			human = append(human, xlsx.Text(t("data.export.col."+h)))
			head = append(head, xlsx.Text(h))
		}
		cells = append(cells, human, head)
		for _, row := range v.Rows {
			rec := exportRecord(row, lang)
			var line []xlsx.Cell
			for i, c := range rec {
				switch {
				case i == 0 || i == 7:
					n, _ := strconv.ParseFloat(c, 64)
					line = append(line, xlsx.Num(n))
				case i == 9 && row.Value != nil:
					line = append(line, xlsx.Num(*row.Value))
				default:
					line = append(line, xlsx.Text(c))
				}
			}
			cells = append(cells, line)
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return true, xlsx.Write(w, "data", cells)
	case "svg":
		id := r.URL.Query().Get("chart")
		for _, sec := range v.Sections {
			if sec.ID == id {
				w.Header().Set("Content-Type", "image/svg+xml")
				w.Header().Set("Content-Disposition", `attachment; filename="`+name+"-"+id+`.svg"`)
				_, err := w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + string(sec.Chart)))
				return true, err
			}
		}
		return true, errs.New(errs.NotFound, "data.error.no_chart")
	}
	return true, &errs.Error{Kind: errs.Invalid, Message: "data.error.format", Fields: map[string]string{"format": "data.error.format"}}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

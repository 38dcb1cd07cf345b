package dataweb

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/data"
	"corridor/internal/data/indices"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// yearParam reads ?year= (0 when absent).
func yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1800 || y > 2200 {
		return 0, &errs.Error{Kind: errs.Invalid, Message: "data.error.year", Fields: map[string]string{"year": "data.error.year"}}
	}
	return y, nil
}

// indicesSections lays out a report as two table sections: the regions
// (named in lang) and the matrix-level indices, each with what it
// measures (translated), its formula and source.
func indicesSections(rep *indices.Report, idPrefix, note, lang string, t tr) []Section {
	regions := Section{ID: idPrefix + "-regions", Title: t("data.indices.regions_title"), Desc: t("data.indices.regions_desc"), Note: note,
		Columns: []string{t("data.indices.region")}}
	keys := indices.RegionColumnKeys(rep)
	for _, k := range keys {
		regions.Columns = append(regions.Columns, t("data.indices.col."+k))
	}
	for _, r := range rep.Regions {
		row := []string{data.AreaName(r.Region, lang)}
		for i, v := range indices.RegionValues(rep, r) {
			if keys[i] == "effectiveness" {
				row = append(row, indexText(v, lang))
			} else {
				row = append(row, countText(v, lang))
			}
		}
		regions.Table = append(regions.Table, row)
	}
	matrix := Section{ID: idPrefix + "-matrix", Title: t("data.indices.matrix_title"), Desc: t("data.indices.matrix_desc"), Note: note,
		Columns: []string{t("data.indices.index"), t("data.value"), t("data.indices.measures"), t("data.indices.formula"), t("data.indices.source")}}
	for _, iv := range rep.MatrixIndices() {
		v := indexText(iv.Value, lang)
		if iv.Key == "total" || iv.Key == "regions" {
			v = countText(iv.Value, lang)
		}
		matrix.Table = append(matrix.Table, []string{t("data.indices." + iv.Key + ".name"), v, t("data.indices." + iv.Key + ".desc"), iv.Formula, iv.Source})
	}
	return []Section{regions, matrix}
}

// countText writes a count as formatNumber does ("–" when undefined).
func countText(v indices.Num, lang string) string {
	if !v.Defined() {
		return "–"
	}
	return formatNumber(float64(v), lang)
}

// indexText writes an index with four significant digits, in lang's
// digits.
func indexText(v indices.Num, lang string) string {
	if !v.Defined() {
		return "–"
	}
	if math.Abs(float64(v)) >= 1000 {
		return formatNumber(float64(v), lang)
	}
	g := strconv.FormatFloat(float64(v), 'g', 4, 64)
	if strings.ContainsAny(g, "e") {
		return g
	}
	if sep := chartDecimal(lang); sep != "." {
		g = strings.Replace(g, ".", sep, 1)
	}
	return g
}

// indicesJSON is the API's (and the JSON export's) document: the dataset,
// the year and the years on offer, each region with its name, the indices
// and their definitions.
func indicesJSON(fi *data.FlowIndices, lang string) map[string]any {
	type region struct {
		indices.RegionReport
		Name string `json:"name"`
	}
	regions := make([]region, len(fi.Report.Regions))
	for i, r := range fi.Report.Regions {
		regions[i] = region{RegionReport: r, Name: data.AreaName(r.Region, lang)}
	}
	type definition struct {
		Key     string `json:"key"`
		Name    string `json:"name"`
		Formula string `json:"formula"`
		Source  string `json:"source"`
	}
	var defs []definition
	for _, iv := range fi.Report.MatrixIndices() {
		defs = append(defs, definition{iv.Key, iv.Name, iv.Formula, iv.Source})
	}
	doc := map[string]any{"dataset": fi.Dataset, "measure": "flow", "year": fi.Year, "years": fi.Years,
		"regions": regions, "indices": fi.Report.Indices, "definitions": defs, "cite": fi.Dataset.Cite()}
	if fi.Population != nil {
		doc["population"] = fi.Population
		doc["k"] = fi.Report.K
	}
	return doc
}

func (h *Handlers) apiIndices(w http.ResponseWriter, r *http.Request) error {
	fi, err := h.requestIndices(r)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, indicesJSON(fi, web.LangFrom(r.Context())))
}

func (h *Handlers) requestIndices(r *http.Request) (*data.FlowIndices, error) {
	id, err := pathDataset(r)
	if err != nil {
		return nil, err
	}
	year, err := yearParam(r)
	if err != nil {
		return nil, err
	}
	return h.S.FlowIndices(r.Context(), id, year)
}

// writeIndicesExport answers ?format=indices-csv or indices-json on a
// dataset page; false for any other format.
func writeIndicesExport(w http.ResponseWriter, r *http.Request, fi *data.FlowIndices) (bool, error) {
	name := "corridor-indices-" + strconv.FormatInt(fi.Dataset.ID, 10) + "-" + strconv.Itoa(fi.Year)
	switch r.URL.Query().Get("format") {
	case "indices-csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		return true, indices.WriteReportCSV(w, fi.Report)
	case "indices-json":
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		return true, web.WriteJSON(w, http.StatusOK, indicesJSON(fi, web.LangFrom(r.Context())))
	}
	return false, nil
}

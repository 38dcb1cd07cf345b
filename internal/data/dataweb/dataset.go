package dataweb

import (
	"net/http"
	"strconv"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/data/importers"
	"corridor/internal/errs"
	"corridor/internal/web"
)

type datasetData struct {
	Dataset   *data.Dataset
	View      *View
	Unmatched []data.Unmatched
	Measures  []data.DatasetMeasure
	Coverage  data.DatasetCoverage
	// Licence and Notes are the dataset's, in the reader's language when
	// they are still an importer's text (importers.Translate).
	Licence, Notes string
	// Values is the number of stored values, in the reader's digits.
	Values string
	// Sample is the first rows as a reader reads them: places by name,
	// numbers in the reader's digits.
	Sample  []sampleRow
	Curator bool
	// FileSize is the source file's size for curators ("1.1 MB").
	FileSize string
	lang     string
	// Indices are the migration indices of the chosen year of a flow
	// dataset; IndicesView holds them as table sections.
	Indices     *data.FlowIndices
	IndicesView *View
	// Comparison is, for curators on an estimate's page, the estimate
	// beside the published one of the same table and years.
	Comparison *comparisonData
}

func (h *Handlers) dataset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	ds, err := h.visibleDataset(r, id)
	if err != nil {
		return err
	}
	v := &View{Kind: "dataset", Heading: ds.Label(), Datasets: []data.Dataset{*ds}, Cite: ds.Cite()}
	v.Path = "/data/datasets/" + strconv.FormatInt(id, 10)
	v.Permalink = v.Path
	limit := 50
	if r.URL.Query().Get("format") != "" {
		limit = 0
	}
	obs, err := h.S.Observations(r.Context(), data.Filter{Datasets: []int64{id}, Limit: limit, Drafts: !ds.Public()})
	if err != nil {
		return err
	}
	for _, o := range obs {
		v.Rows = append(v.Rows, data.Row{Dataset: id, Release: ds.Release, Measure: o.Measure, Origin: o.Origin, Destination: o.Destination, Year: o.Year, Sex: o.Sex, Value: o.Value, Flag: o.Flag, Unit: o.Unit})
	}
	fi, err := h.requestIndices(r)
	if errs.KindOf(err) == errs.NotFound {
		fi, err = nil, nil // no flows: no indices
	}
	if err != nil {
		return err
	}
	if fi != nil {
		if done, err := writeIndicesExport(w, r, fi); done || err != nil {
			return err
		}
	}
	if done, err := writeExport(w, r, v, "corridor-dataset-"+strconv.FormatInt(id, 10), h.t(r)); done || err != nil {
		return err
	}
	un, err := h.S.Unmatched(r.Context(), id)
	if err != nil {
		return err
	}
	measures, err := h.S.Measures(r.Context(), id)
	if err != nil {
		return err
	}
	cov, err := h.S.Coverage(r.Context(), id)
	if err != nil {
		return err
	}
	lang := web.LangFrom(r.Context())
	d := datasetData{Dataset: ds, View: v, Unmatched: un, Measures: measures, Coverage: cov, Values: formatNumber(float64(ds.Observations), lang),
		FileSize: fileSize(ds.Size, lang), lang: lang,
		Licence: importers.Translate(ds.Licence, lang), Notes: importers.Translate(ds.Notes, lang)}
	t := h.t(r)
	for _, row := range v.Rows {
		d.Sample = append(d.Sample, sampleRow{Measure: t("data.measure." + row.Measure), From: data.AreaName(row.Origin, lang), To: data.AreaName(row.Destination, lang),
			Year: row.Year, Sex: t("data.sex." + row.Sex), Value: cellText(row, lang), Flag: row.Flag})
	}
	if fi != nil {
		d.Indices = fi
		d.IndicesView = &View{Path: v.Path, Sections: indicesSections(fi.Report, "indices", "", web.LangFrom(r.Context()), h.t(r))}
	}
	d.Curator = isCurator(r)
	if ds.Source == "estimate" && d.Curator {
		c, err := h.S.CompareEstimate(r.Context(), id, 15)
		if err != nil {
			return err
		}
		d.Comparison = comparisonView(c, lang)
	}
	h.Web.Render(w, r, "data_dataset", web.Page{Title: ds.Label(), Data: d})
	return nil
}

// Count writes a count in the reader's digits.
func (d datasetData) Count(n int64) string { return formatNumber(float64(n), d.lang) }

// fileSize writes a size in bytes as a reader reads it: "812 B",
// "1.1 MB" ("1,1 MB" in French and Spanish).
func fileSize(n int64, lang string) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000*1000:
		return chart.FormatNumber(float64(n)/1e3, 1, lang) + " kB"
	}
	return chart.FormatNumber(float64(n)/1e6, 1, lang) + " MB"
}

// sampleRow is one of a dataset page's first rows, ready to read.
type sampleRow struct {
	Measure, From, To string
	Year              int
	Sex, Value, Flag  string
}

func (h *Handlers) apiDatasets(w http.ResponseWriter, r *http.Request) error {
	after, limit, err := web.ListParams(r)
	if err != nil {
		return err
	}
	items, err := h.S.DatasetsAfter(r.Context(), after, limit+1, isCurator(r))
	if err != nil {
		return err
	}
	var page web.ListPage[data.Dataset]
	page.Items, page.NextCursor = web.TrimPage(items, limit, func(d data.Dataset) int64 { return d.ID })
	return web.WriteJSON(w, http.StatusOK, page)
}

func (h *Handlers) apiDataset(w http.ResponseWriter, r *http.Request) error {
	id, err := pathDataset(r)
	if err != nil {
		return err
	}
	ds, err := h.visibleDataset(r, id)
	if err != nil {
		return err
	}
	un, err := h.S.Unmatched(r.Context(), id)
	if err != nil {
		return err
	}
	if un == nil {
		un = []data.Unmatched{}
	}
	measures, err := h.S.Measures(r.Context(), id)
	if err != nil {
		return err
	}
	cov, err := h.S.Coverage(r.Context(), id)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, map[string]any{"dataset": ds, "unmatched": un, "measures": measures, "coverage": cov})
}

package lawweb

import (
	"html/template"
	"net/http"

	svgchart "corridor/internal/chart"
	"corridor/internal/geo"
	"corridor/internal/law/treaty"
	"corridor/internal/web"
)

// mapClass is one class of the status map with its colour, for the
// legend beside the map.
type mapClass struct {
	Status, Color string
	Code          int
}

// statusClasses are the map's classes: the value each status gets and its
// colour (Okabe–Ito, colour-blind safe), lightest first as the chart wants.
var statusClasses = []mapClass{
	{Status: string(treaty.StatusWithdrawn), Code: 1, Color: "#E69F00"},
	{Status: string(treaty.StatusSignatory), Code: 2, Color: "#56B4E9"},
	{Status: string(treaty.StatusParty), Code: 3, Color: "#0072B2"},
}

// statusMap draws the world map of States' status on a date with
// internal/chart: parties, signatories and withdrawn States as classes
// 3, 2 and 1 (ISO numeric codes from internal/geo); others have no data.
func (h *Handler) statusMap(r *http.Request, on string, ss []treaty.StateStatus, counts map[string]int) (template.HTML, []mapClass) {
	lang := web.LangFrom(r.Context())
	values := map[string]float64{}
	names := map[string]string{}
	for _, s := range ss {
		code := 0
		for _, c := range statusClasses {
			if c.Status == string(s.Status) {
				code = c.Code
			}
		}
		c, ok := geo.ByCode(s.State)
		if code == 0 || !ok || c.Numeric == "" {
			continue
		}
		values[c.Numeric] = float64(code)
		names[c.Numeric] = c.LocalName(lang)
	}
	if len(values) == 0 {
		return "", nil
	}
	colors := make([]string, len(statusClasses))
	labels := make([]string, len(statusClasses))
	for i, c := range statusClasses {
		colors[i] = c.Color
		labels[i] = h.Web.T(r, "law.status."+c.Status)
	}
	svg := svgchart.Choropleth(svgchart.MapChart{
		Common: svgchart.Common{Title: h.Web.T(r, "law.status.map_title", on), Lang: lang, ID: "law-status-map",
			Desc: h.Web.T(r, "law.status.summary", on, counts["party"], counts["signatory"], counts["withdrawn"])},
		Values: values, Names: names, Breaks: []float64{1.5, 2.5}, Colors: colors, OmitAntarctica: true,
		LegendTitle: h.Web.T(r, "law.status.map_legend"), ClassLabels: labels,
	})
	return template.HTML(svg), statusClasses
}

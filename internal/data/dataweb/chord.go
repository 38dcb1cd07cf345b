package dataweb

import (
	"context"
	"html/template"
	"strconv"

	"corridor/internal/chart"
	"corridor/internal/data"
	"corridor/internal/geo"
)

// chordSection draws the movements between the parts of an aggregate (see
// Service.RegionFlows) as a circular plot. When it draws flows, the
// migration indices of that matrix follow it (two table sections).
func (h *Handlers) chordSection(ctx context.Context, reg geo.Region, datasets []int64, dm map[int64]data.Dataset, lang string, t tr) ([]Section, []data.Row, error) {
	s := h.S
	rf, err := s.RegionFlows(ctx, reg, datasets)
	if err != nil || rf == nil {
		return nil, nil, err
	}
	names := make([]string, len(rf.Parts))
	for i, g := range rf.Parts {
		names[i] = geo.RegionNameIn(g.Code, g.Name, lang)
	}
	source := dm[rf.Dataset].Label()
	title := t("data.chart.chord_"+rf.Measure, geo.RegionNameIn(reg.Code, reg.Name, lang), rf.Year)
	desc := t("data.chart.chord_desc", title, source)
	sec := Section{ID: "chord", Title: title, Desc: desc, Note: source,
		Chart: template.HTML(chart.Chord(chart.ChordChart{Common: chart.Common{ID: "chord", Title: title, Desc: desc, Lang: lang},
			Names: names, Flows: rf.Matrix, Within: true, MinShare: 0.002}))}
	sec.Columns = append([]string{t("data.chart.chord_from_to")}, names...)
	var out []data.Row
	for i := range rf.Parts {
		line := []string{names[i]}
		for j := range rf.Parts {
			v := rf.Matrix[i][j]
			line = append(line, formatNumber(v, lang))
			out = append(out, data.Row{Dataset: rf.Dataset, Measure: rf.Measure, Origin: rf.Parts[i].Code, Destination: rf.Parts[j].Code, Year: rf.Year, Sex: "total", Value: &v, Flag: "sum"})
		}
		sec.Table = append(sec.Table, line)
	}
	secs := []Section{sec}
	if rf.Indices != nil {
		secs = append(secs, indicesSections(rf.Indices, "indices", source+", "+strconv.Itoa(rf.Year), lang, t)...)
	}
	return secs, out, nil
}

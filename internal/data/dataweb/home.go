package dataweb

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"

	"corridor/internal/data"
	"corridor/internal/web"
)

// homeBlock is the data pillar's block on the home page: the world map of
// migrant stock and the headline numbers (migrants, refugees, remittances
// worldwide), each with its year and source.
func (h *Handlers) homeBlock(ctx context.Context, lang string, t web.Translator) (*web.HomeBlock, error) {
	dm, err := h.S.DatasetMap(ctx)
	if err != nil {
		return nil, err
	}
	b := &web.HomeBlock{Title: t("data.home.title"), More: web.HomeLink{Label: t("data.home.more"), Href: "/data"}}
	var used []int64
	note := func(r data.Row) string {
		used = append(used, r.Dataset)
		n := strconv.Itoa(r.Year) + " · " + dm[r.Dataset].Short()
		if r.Flag == "sum" {
			n += " · " + t("data.home.sum_of", r.Parts)
		}
		return n
	}
	world := "/data/regions/" + data.World
	stock, err := h.S.Totals(ctx, "migrant_stock", "destination", data.World, nil)
	if err != nil {
		return nil, err
	}
	if r, ok := latestRow(stock); ok && r.Flag != "sum" {
		b.Figures = append(b.Figures, web.HomeFigure{Label: t("data.home.migrants"), Value: cellText(r, lang), Note: note(r), Href: world})
	}
	if r, ok, err := h.S.WorldSum(ctx, "refugees", "destination"); err != nil {
		return nil, err
	} else if ok {
		b.Figures = append(b.Figures, web.HomeFigure{Label: t("data.home.refugees"), Value: cellText(r, lang), Note: note(r), Href: "/data/datasets/" + strconv.FormatInt(r.Dataset, 10)})
	}
	remit, err := h.S.Totals(ctx, "remittances", "destination", data.World, nil)
	if err != nil {
		return nil, err
	}
	if r, ok := latestRow(remit); ok && r.Flag != "sum" {
		value := tableNumber(math.Round(*r.Value), 0, lang) + "\u00a0" + t("data.unit.usd_million")
		b.Figures = append(b.Figures, web.HomeFigure{Label: t("data.home.remittances"), Value: value, Note: note(r), Href: world})
	}
	sec, rows, err := h.mapSection(ctx, nil, dm, lang, t)
	if err != nil {
		return nil, err
	}
	if sec != nil {
		b.Figure, b.FigureNarrow, b.FigureHref = sec.Chart, sec.Narrow, world+"#map"
		for _, r := range rows {
			used = append(used, r.Dataset)
		}
	}
	if len(b.Figures) == 0 && b.Figure == "" {
		return nil, nil
	}
	slices.Sort(used)
	var sources []string
	for _, id := range slices.Compact(used) {
		sources = append(sources, dm[id].Label())
	}
	b.Source = t("data.home.sources", strings.Join(sources, "; "))
	return b, nil
}

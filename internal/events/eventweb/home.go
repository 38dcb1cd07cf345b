package eventweb

import (
	"context"
	"strconv"
	"strings"

	"corridor/internal/events"
	"corridor/internal/i18n"
	"corridor/internal/web"
)

// homeBlock is the events pillar's block on the home page: what comes
// next, soonest first, with its day in the event's own time zone.
func (h *Handler) homeBlock(ctx context.Context, lang string, t web.Translator) (*web.HomeBlock, error) {
	evs, err := h.Svc.List(ctx, events.Filter{Limit: 8})
	if err != nil {
		return nil, err
	}
	b := &web.HomeBlock{Title: t("events.home.title"), More: web.HomeLink{Label: t("events.home.more"), Href: "/events"}}
	for _, e := range evs {
		if e.Cancelled() {
			continue
		}
		meta := []string{t("events.kind." + e.Kind)}
		if e.Venue != "" {
			meta = append(meta, e.Venue)
		}
		b.Items = append(b.Items, web.HomeItem{Title: e.TitleIn(lang), Href: "/events/" + strconv.FormatInt(e.ID, 10),
			Date: i18n.LongDate(lang, e.Starts.In(e.Location())), Meta: strings.Join(meta, " · ")})
		if len(b.Items) == 4 {
			break
		}
	}
	if len(b.Items) == 0 {
		return nil, nil
	}
	return b, nil
}

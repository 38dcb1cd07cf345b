package lawweb

import (
	"context"
	"net/url"
	"strings"
	"time"

	"corridor/internal/geo"
	"corridor/internal/i18n"
	"corridor/internal/web"
)

// homeBlock is the law pillar's block on the home page: the newest treaty
// actions and versions the database records, with the date of the newest,
// so that an old snapshot is never read as today's news.
func (h *Handler) homeBlock(ctx context.Context, lang string, t web.Translator) (*web.HomeBlock, error) {
	changes, err := h.Store.LatestChanges(ctx, time.Now().UTC().Format(time.DateOnly), 3)
	if err != nil || len(changes) == 0 {
		return nil, err
	}
	b := &web.HomeBlock{Title: t("law.home.title"), More: web.HomeLink{Label: t("law.home.more"), Href: "/law"}}
	for _, c := range changes {
		it := web.HomeItem{Title: web.Shorten(c.Title, 110), Href: "/law/instruments/" + url.PathEscape(c.Instrument), Date: longDate(lang, c.Date)}
		switch c.Kind {
		case "action":
			state := c.StateName
			if g, ok := geo.ByCode(c.State); ok {
				state = g.NameIn(lang)
			}
			it.Meta = state + " · " + t("law.kind."+c.Action)
			it.Href += "/status"
		default:
			it.Meta = t("law.home.version") + " · " + strings.ToUpper(c.Language)
		}
		b.Items = append(b.Items, it)
	}
	b.Source = t("law.home.source", longDate(lang, changes[0].Date))
	return b, nil
}

// longDate writes a YYYY-MM-DD date as lang reads it; other text as it is.
func longDate(lang, date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return i18n.LongDate(lang, d)
}

package pubweb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"corridor/internal/i18n"
	"corridor/internal/publishing"
	"corridor/internal/web"
)

// homeBlock is the publishing pillar's block on the home page: the newest
// publications the public can read, with authors, series and date.
func (h *Handler) homeBlock(ctx context.Context, lang string, t web.Translator) (*web.HomeBlock, error) {
	res, err := h.Svc.Search(ctx, publishing.Filter{PerPage: 4}, publishing.Public)
	if err != nil || len(res.Items) == 0 {
		return nil, err
	}
	b := &web.HomeBlock{Title: t("pub.home.title"), More: web.HomeLink{Label: t("pub.home.more"), Href: "/publications"}}
	for _, it := range res.Items {
		m := it.Meta
		meta := []string{t("pub.type." + string(m.Type))}
		if it.Series != nil {
			s := it.Series.Title(lang)
			if m.Number != "" {
				s += " " + t("pub.number") + " " + m.Number
			}
			meta = append(meta, s)
		}
		if len(m.Authors) > 0 {
			a := m.Authors[0].Name()
			if len(m.Authors) > 1 {
				a += " " + t("pub.home.et_al")
			}
			meta = append(meta, a)
		}
		b.Items = append(b.Items, web.HomeItem{Title: m.Title(lang), Href: "/publications/" + strconv.FormatInt(it.ID, 10),
			Date: pubDate(lang, m.Date), Meta: strings.Join(meta, " · ")})
	}
	return b, nil
}

// pubDate writes a publication date (YYYY, YYYY-MM or YYYY-MM-DD) as lang
// reads a full date; a year or month stays as given.
func pubDate(lang, date string) string {
	if d, err := time.Parse(time.DateOnly, date); err == nil {
		return i18n.LongDate(lang, d)
	}
	return date
}

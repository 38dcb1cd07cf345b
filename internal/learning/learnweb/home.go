package learnweb

import (
	"context"
	"strconv"
	"time"

	"corridor/internal/i18n"
	"corridor/internal/web"
)

// homeBlock is the learning pillar's block on the home page: the next
// training sessions, then courses open in the reader's language.
func (h *Handler) homeBlock(ctx context.Context, lang string, t web.Translator) (*web.HomeBlock, error) {
	b := &web.HomeBlock{Title: t("learning.home.title"), More: web.HomeLink{Label: t("learning.home.more"), Href: "/learning"}}
	sessions, err := h.Svc.Sessions(ctx, false, 2)
	if err != nil {
		return nil, err
	}
	for _, s := range sessions {
		where := s.Venue
		if s.Online {
			where = t("learning.session.online")
		}
		starts := s.Starts
		if loc, err := time.LoadLocation(s.TZ); err == nil {
			starts = starts.In(loc)
		}
		b.Items = append(b.Items, web.HomeItem{Title: s.Title, Href: "/training/sessions/" + strconv.FormatInt(s.ID, 10),
			Date: i18n.LongDate(lang, starts), Meta: t("learning.home.session") + " · " + where})
	}
	courses, err := h.Svc.Catalogue(ctx, lang, false)
	if err != nil {
		return nil, err
	}
	for _, c := range courses {
		if len(b.Items) == 5 {
			break
		}
		b.Items = append(b.Items, web.HomeItem{Title: c.Title, Href: "/learning/courses/" + strconv.FormatInt(c.ID, 10),
			Meta: t("learning.home.course") + " · " + t("learning.pacing."+c.Pacing)})
	}
	if len(b.Items) == 0 {
		return nil, nil
	}
	return b, nil
}

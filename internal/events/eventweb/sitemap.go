package eventweb

import (
	"context"
	"strconv"
	"strings"

	"corridor/internal/events"
	"corridor/internal/textsearch"
	"corridor/internal/web"
)

// Sitemap lists the events list and every event's page, dated by its
// last change.
func Sitemap(svc *events.Service) web.SitemapSource {
	return func(ctx context.Context) ([]web.SitemapEntry, error) {
		list, err := svc.List(ctx, events.Filter{All: true})
		if err != nil {
			return nil, err
		}
		out := []web.SitemapEntry{{Path: "/events"}}
		for _, e := range list {
			out = append(out, web.SitemapEntry{Path: "/events/" + strconv.FormatInt(e.ID, 10), Modified: e.Updated})
		}
		return out, nil
	}
}

// SearchEvents is the events' part of the one search box: events whose
// title, in any of its languages, holds every word of the query,
// upcoming first.
func SearchEvents(svc *events.Service) web.SearchSource {
	return web.SearchSource{
		Kind: "search.kind.events",
		Find: func(ctx context.Context, q, lang string, limit int) ([]web.SearchHit, error) {
			var out []web.SearchHit
			for _, past := range []bool{false, true} {
				list, err := svc.List(ctx, events.Filter{Past: past})
				if err != nil {
					return nil, err
				}
				for _, e := range list {
					var text strings.Builder
					for _, t := range e.Title {
						text.WriteString(t + " ")
					}
					if !textsearch.ContainsWords(text.String(), q) || len(out) >= limit {
						continue
					}
					out = append(out, web.SearchHit{Title: e.TitleIn(lang), URL: "/events/" + strconv.FormatInt(e.ID, 10),
						Detail: e.Starts.In(e.Location()).Format("2006-01-02")})
				}
			}
			return out, nil
		},
		More: func(string) string { return "/events" },
	}
}

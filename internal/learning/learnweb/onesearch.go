package learnweb

import (
	"context"
	"strconv"

	"corridor/internal/learning"
	"corridor/internal/textsearch"
	"corridor/internal/web"
)

// Sitemap lists the catalogue and every published course's page.
func Sitemap(svc *learning.Service) web.SitemapSource {
	return func(ctx context.Context) ([]web.SitemapEntry, error) {
		courses, err := svc.Catalogue(ctx, "en", false)
		if err != nil {
			return nil, err
		}
		out := []web.SitemapEntry{{Path: "/learning"}, {Path: "/training/sessions"}}
		for _, c := range courses {
			out = append(out, web.SitemapEntry{Path: "/learning/courses/" + strconv.FormatInt(c.ID, 10)})
		}
		return out, nil
	}
}

// SearchCourses is learning's part of the one search box: published
// courses whose title or summary holds every word of the query, in the
// reader's language where the course has it.
func SearchCourses(svc *learning.Service) web.SearchSource {
	return web.SearchSource{
		Kind: "search.kind.courses",
		Find: func(ctx context.Context, q, lang string, limit int) ([]web.SearchHit, error) {
			courses, err := svc.Catalogue(ctx, lang, false)
			if err != nil {
				return nil, err
			}
			var out []web.SearchHit
			for _, c := range courses {
				if textsearch.ContainsWords(c.Title+" "+c.Summary, q) && len(out) < limit {
					out = append(out, web.SearchHit{Title: c.Title, URL: "/learning/courses/" + strconv.FormatInt(c.ID, 10)})
				}
			}
			return out, nil
		},
		More: func(string) string { return "/learning" },
	}
}

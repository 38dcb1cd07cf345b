package dataweb

import (
	"context"

	"corridor/internal/geo"
	"corridor/internal/web"
)

// Sitemap lists the research data pages search engines should find: the
// data index, every country's and every region's page.
func Sitemap() web.SitemapSource {
	return func(context.Context) ([]web.SitemapEntry, error) {
		out := []web.SitemapEntry{{Path: "/data"}}
		for _, c := range geo.All() {
			out = append(out, web.SitemapEntry{Path: "/data/countries/" + c.Alpha3})
		}
		for _, r := range geo.Regions() {
			out = append(out, web.SitemapEntry{Path: "/data/regions/" + r.Code})
		}
		return out, nil
	}
}

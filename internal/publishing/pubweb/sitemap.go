package pubweb

import (
	"context"
	"strconv"

	"corridor/internal/publishing"
	"corridor/internal/web"
)

// Sitemap lists every public publication's landing page (dated by its
// last change, as OAI-PMH dates it) and every series page.
func Sitemap(svc *publishing.Service) web.SitemapSource {
	return func(ctx context.Context) ([]web.SitemapEntry, error) {
		out := []web.SitemapEntry{{Path: "/series"}}
		series, err := svc.AllSeries(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range series {
			out = append(out, web.SitemapEntry{Path: "/series/" + strconv.FormatInt(s.ID, 10)})
		}
		err = svc.Each(ctx, publishing.Filter{}, publishing.Public, func(p *publishing.Publication) error {
			out = append(out, web.SitemapEntry{Path: "/publications/" + strconv.FormatInt(p.ID, 10), Modified: p.Datestamp})
			return nil
		})
		return out, err
	}
}

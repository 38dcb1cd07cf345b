package lawweb

import (
	"context"

	"corridor/internal/law/lawdb"
	"corridor/internal/web"
)

// Sitemap lists the law pages search engines should find: every
// instrument's page, and the status page of those with treaty status.
func Sitemap(store *lawdb.Store) web.SitemapSource {
	return func(ctx context.Context) ([]web.SitemapEntry, error) {
		list, _, err := store.List(ctx, lawdb.Filter{})
		if err != nil {
			return nil, err
		}
		out := []web.SitemapEntry{{Path: "/law"}}
		for _, in := range list {
			out = append(out, web.SitemapEntry{Path: "/law/instruments/" + in.Slug})
		}
		return out, nil
	}
}

package pubweb

import (
	"context"
	"net/url"
	"strconv"

	"corridor/internal/publishing"
	"corridor/internal/web"
)

// SearchPublications is publishing's part of the one search box: the
// public publications matching the query, metadata and full text.
func SearchPublications(svc *publishing.Service) web.SearchSource {
	return web.SearchSource{
		Kind: "search.kind.publications",
		Find: func(ctx context.Context, q, lang string, limit int) ([]web.SearchHit, error) {
			res, err := svc.Search(ctx, publishing.Filter{Q: q, PerPage: limit, Page: 1}, publishing.Public)
			if err != nil {
				return nil, err
			}
			out := []web.SearchHit{}
			for _, s := range res.Items {
				hit := web.SearchHit{Title: s.Meta.Title(lang), URL: "/publications/" + strconv.FormatInt(s.ID, 10), Snippet: s.Snippet}
				if s.Series != nil {
					hit.Detail = s.Series.Title(lang)
				}
				out = append(out, hit)
			}
			return out, nil
		},
		More: func(q string) string { return "/publications?" + url.Values{"q": {q}}.Encode() },
	}
}

package lawweb

import (
	"context"
	"net/url"

	"corridor/internal/law/lawdb"
	"corridor/internal/links"
	"corridor/internal/web"
)

// SearchProvisions is the law's part of the one search box: the
// provisions matching the query in any language, each titled with its
// instrument and article, linked to the provision.
func SearchProvisions(store *lawdb.Store) web.SearchSource {
	return web.SearchSource{
		Kind: "search.kind.law",
		Find: func(ctx context.Context, q, lang string, limit int) ([]web.SearchHit, error) {
			query, err := lawdb.ParseQuery(q, lang)
			if err != nil {
				return nil, err
			}
			res, err := store.Search(ctx, query, lawdb.SearchFilter{}, limit)
			if err != nil {
				return nil, err
			}
			out := []web.SearchHit{}
			for _, h := range res.Hits {
				eid := h.ArticleEID
				if eid == "" {
					eid = h.EID
				}
				title, path := h.Title, "/law/instruments/"+url.PathEscape(h.Slug)
				if eid != "" {
					title += ", " + links.PartLabel(eid)
					path += "/" + url.PathEscape(eid) + "?" + url.Values{"lang": {h.Language}}.Encode() + "#" + h.EID
				}
				out = append(out, web.SearchHit{Title: title, URL: path, Detail: h.Jurisdiction, Snippet: h.Snippet})
				if len(out) >= limit {
					break
				}
			}
			return out, nil
		},
		More: func(q string) string { return "/law/search?" + url.Values{"q": {q}}.Encode() },
	}
}

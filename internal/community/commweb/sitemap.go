package commweb

import (
	"context"
	"strconv"

	"corridor/internal/community"
	"corridor/internal/web"
)

// Sitemap lists the public community pages: people, partners, projects
// and opportunities, and each person, project and call.
func Sitemap(svc *community.Service) web.SitemapSource {
	return func(ctx context.Context) ([]web.SitemapEntry, error) {
		out := []web.SitemapEntry{{Path: "/people"}, {Path: "/partners"}, {Path: "/projects"}, {Path: "/opportunities"}}
		people, err := svc.People(ctx, community.PeopleFilter{})
		if err != nil {
			return nil, err
		}
		for _, p := range people {
			out = append(out, web.SitemapEntry{Path: "/people/" + strconv.FormatInt(p.ID, 10)})
		}
		projects, err := svc.Projects(ctx)
		if err != nil {
			return nil, err
		}
		for _, p := range projects {
			out = append(out, web.SitemapEntry{Path: "/projects/" + strconv.FormatInt(p.ID, 10)})
		}
		calls, err := svc.Calls(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range calls {
			out = append(out, web.SitemapEntry{Path: "/opportunities/" + strconv.FormatInt(c.ID, 10)})
		}
		return out, nil
	}
}

package app

import (
	"context"
	"time"

	"corridor/internal/community"
	"corridor/internal/community/commweb"
	"corridor/internal/demo"
)

// communityRetentionEvery is how often decided applications past the
// retention period are deleted.
const communityRetentionEvery = 6 * time.Hour

func openCommunity(s *Services) *community.Service {
	return community.New(s.DB, s.Blobs, s.Links, s.Config.BaseURL)
}

// mountCommunity mounts people, partners, projects and opportunities, and
// the periodic deletion of applications past their retention period.
func mountCommunity(a *App) error {
	if _, err := commweb.Mount(a.Web, a.Community, a.Links); err != nil {
		return err
	}
	a.Web.AddSitemap(commweb.Sitemap(a.Community))
	a.Jobs.Handle(community.RetentionJob, a.Community.SweepHandler(communityRetentionEvery))
	_, err := a.Community.ScheduleSweep(context.Background(), communityRetentionEvery)
	return err
}

// communityDemoLoaders load the sample people, partners, projects (linked
// to the publishing demo's papers) and the internship call (see
// internal/community/demo.go).
func (s *Services) communityDemoLoaders() []demo.Loader {
	return []demo.Loader{s.Community.LoadDemo(s.Links)}
}

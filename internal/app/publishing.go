package app

import (
	"context"
	"time"

	"corridor/internal/jobs"
	"corridor/internal/publishing/pubweb"
)

// publishingOAIPageSize is the records per OAI-PMH list response: small
// enough that the demo's sample series already spans several pages.
const publishingOAIPageSize = 25

// reindexDueJob opens the text of files whose embargo ended to the
// public's search, once a day.
const reindexDueJob = "publishing.reindex-due"

// mountPublishing mounts the research publishing repository: its pages,
// API, OAI-PMH at /oai, the PDF text job and the daily embargo reindex.
func mountPublishing(a *App) error {
	_, err := pubweb.Mount(a.Publishing, a.Web, a.Jobs, pubweb.Hooks{
		Links:       a.Links,
		BaseURL:     a.Config.BaseURL,
		OAIPageSize: publishingOAIPageSize,
		AdminEmails: []string{a.Config.MailFrom},
	})
	if err != nil {
		return err
	}
	a.Web.AddSitemap(pubweb.Sitemap(a.Publishing))
	a.Web.AddSearch(pubweb.SearchPublications(a.Publishing))
	a.Web.CachePages("GET /publications", "GET /publications/{publication}", "GET /series/{series}")
	next := func() time.Time { return time.Now().UTC().Truncate(24 * time.Hour).Add(24*time.Hour + 5*time.Minute) }
	a.Jobs.Handle(reindexDueJob, func(ctx context.Context, _ *jobs.Job, _ func(done, total int64)) error {
		if _, err := a.Publishing.ReindexDue(ctx); err != nil {
			return err
		}
		_, err := jobs.ScheduleOnce(ctx, a.DB, reindexDueJob, nil, next())
		return err
	})
	_, err = jobs.ScheduleOnce(context.Background(), a.DB, reindexDueJob, nil, next())
	return err
}

package app

import (
	"context"

	"corridor/internal/accounts"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawweb"
)

// mountLaw mounts the law & policy domain: its routes and templates, the
// follow digest job and its schedule, the demo load job.
func mountLaw(a *App) error {
	store := a.Law
	if _, err := lawweb.Mount(a.Web, store, lawweb.Hooks{Evidence: a.Links}); err != nil {
		return err
	}
	a.Web.AddSitemap(lawweb.Sitemap(store))
	a.Web.AddSearch(lawweb.SearchProvisions(store))
	a.Web.CachePages("GET /law", "GET /law/search", "GET /law/instruments/{instrument}", "GET /law/instruments/{instrument}/status")
	every := a.Config.LawDigestEvery
	recipients := func(ctx context.Context, userID int64) (lawdb.Recipient, error) {
		u, err := a.Accounts.ByID(ctx, userID)
		if err != nil {
			return lawdb.Recipient{}, err
		}
		return lawdb.Recipient{Email: u.Email, Lang: u.Lang, Active: u.Status == accounts.StatusActive}, nil
	}
	a.Jobs.Handle(lawdb.DigestJob, store.DigestHandler(a.Config.BaseURL, recipients, every))
	a.Jobs.Handle(lawdb.JobDemoLoad, store.HandleDemoLoadJob)
	// the home page's demo progress covers the data and the law loads
	dataLoading := a.Web.DemoLoading
	a.Web.DemoLoading = func(ctx context.Context) (int, bool) {
		percent, loading := 0, false
		if dataLoading != nil {
			percent, loading = dataLoading(ctx)
		}
		lp, lawLoading, err := lawdb.DemoLoadState(ctx, store.DB)
		if err != nil {
			a.Logger.Warn("law: demo load state", "err", err)
		}
		switch {
		case lawLoading && loading:
			return (percent + lp) / 2, true
		case lawLoading:
			return lp, true
		}
		return percent, loading
	}
	if err := store.ScheduleDigest(context.Background(), every); err != nil {
		return err
	}
	return nil
}

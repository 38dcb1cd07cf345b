package app

import (
	"context"

	"corridor/internal/accounts"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawweb"
)

// mountLaw mounts the law & policy domain: its routes and templates, the
// follow digest job and its schedule.
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
	if err := store.ScheduleDigest(context.Background(), every); err != nil {
		return err
	}
	return nil
}

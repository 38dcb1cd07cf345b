package app

import (
	"context"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawweb"
)

// mountLaw mounts the law & policy domain: its routes and templates, the
// follow digest job and its schedule.
func mountLaw(a *App) error {
	store := a.Law
	if _, err := lawweb.Mount(a.Web, store); err != nil {
		return err
	}
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
	a.Data.Instruments = corridorInstruments(store)
	a.Data.LawCountryURL = func(code string) string { return "/law/countries/" + code }
	return nil
}

// corridorInstruments fills the data pillar's corridor pages with the
// instruments that govern the corridor today.
func corridorInstruments(store *lawdb.Store) func(ctx context.Context, from, to string) ([]data.Link, error) {
	return func(ctx context.Context, from, to string) ([]data.Link, error) {
		found, err := store.CorridorInstruments(ctx, from, to, time.Now().UTC())
		if err != nil {
			return nil, err
		}
		links := make([]data.Link, len(found))
		for i, ci := range found {
			links[i] = data.Link{Label: ci.Title, URL: "/law/instruments/" + ci.Slug, Why: ci.Cover}
		}
		return links, nil
	}
}

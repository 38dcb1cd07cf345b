package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/data"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawweb"
)

// lawDigestEvery is how often the follow digest is sent:
// CORRIDOR_LAW_DIGEST_EVERY (a Go duration such as 24h or 168h; 0 turns
// the schedule off, admins can still send it), one day by default.
func lawDigestEvery() (time.Duration, error) {
	v := os.Getenv("CORRIDOR_LAW_DIGEST_EVERY")
	if v == "" {
		return 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || (d > 0 && d < time.Minute) {
		return 0, fmt.Errorf("CORRIDOR_LAW_DIGEST_EVERY=%q: want a duration of at least 1m, or 0", v)
	}
	return d, nil
}

// mountLaw mounts the law & policy domain: its routes and templates, the
// follow digest job and its schedule. The store is kept in a.Law
// (*lawdb.Store).
func mountLaw(a *App) error {
	store := lawdb.New(a.DB)
	if _, err := lawweb.Mount(a.Web, store); err != nil {
		return err
	}
	every, err := lawDigestEvery()
	if err != nil {
		return err
	}
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
	a.Law = store
	if err := store.RegisterLinks(a.Links, func() time.Time { return time.Now().UTC() }); err != nil {
		return err
	}
	if svc, ok := a.Data.(*data.Service); ok {
		svc.LawCountryURL = func(code string) string { return "/law/countries/" + code }
	}
	return nil
}

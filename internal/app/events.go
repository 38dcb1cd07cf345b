package app

import (
	"context"
	"fmt"
	"time"

	"corridor/internal/db"
	"corridor/internal/demo"
	"corridor/internal/events"
	"corridor/internal/events/eventweb"
	"corridor/internal/review"
)

// mountEvents mounts the events domain: the public list, event and talk
// pages, registration, the editors' forms, the iCalendar feeds and the
// API. Registrations are seats of the shared seats engine.
func mountEvents(a *App) error {
	if _, err := eventweb.Mount(a.Web, a.Events, a.Links, a.Config.BaseURL); err != nil {
		return err
	}
	a.Web.AddSitemap(eventweb.Sitemap(a.Events))
	a.Web.AddSearch(eventweb.SearchEvents(a.Events))
	return nil
}

// eventsDemoLoaders load the sample events (see events.LoadDemo) and an
// open call for abstracts for the upcoming symposium, through the review
// engine as every call is.
func (s *Services) eventsDemoLoaders() []demo.Loader {
	return []demo.Loader{events.LoadDemo, s.abstractsCallDemo}
}

func (s *Services) abstractsCallDemo(ctx context.Context, _ *db.DB) error {
	list, err := s.Events.List(ctx, events.Filter{})
	if err != nil {
		return err
	}
	for _, e := range list {
		if e.Kind != "symposium" || e.AbstractsDue.IsZero() {
			continue
		}
		editor, err := s.Accounts.ByEmail(ctx, "editor@corridor.test")
		if err != nil {
			return fmt.Errorf("events demo: call for abstracts: %w", err)
		}
		now := time.Now().UTC()
		_, err = s.Review.CreateCall(ctx, review.Actor{UserID: editor.ID, Name: editor.Name, Editor: true}, review.NewCall{
			Title: "[Sample] Call for abstracts: " + e.TitleIn("en"),
			Scope: "Sample content for trying Corridor. Abstracts of 300 words for the sample symposium's two tracks; " +
				"accepted abstracts join its timetable with their authors as speakers.",
			Target: events.EventKey(e.ID).String(), Opens: now.AddDate(0, 0, -3).Format(time.DateOnly),
			Closes: e.AbstractsDue.UTC().Format(time.DateOnly), Mode: review.ModeDouble})
		if err != nil {
			return fmt.Errorf("events demo: call for abstracts: %w", err)
		}
		return nil
	}
	return nil
}

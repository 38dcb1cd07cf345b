package app

import (
	"corridor/internal/demo"
	"corridor/internal/events"
	"corridor/internal/events/eventweb"
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

// eventsDemoLoaders load the sample events (see events.LoadDemo).
func eventsDemoLoaders() []demo.Loader { return []demo.Loader{events.LoadDemo} }

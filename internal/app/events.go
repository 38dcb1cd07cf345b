package app

import (
	"corridor/internal/demo"
	"corridor/internal/events"
	"corridor/internal/events/eventweb"
)

// mountEvents mounts the events domain: the public list, event and talk
// pages, registration, the editors' forms, the iCalendar feeds and the
// API. Registration goes through the shared seats engine once it is wired
// (events.Service.Seats); until then it answers "unavailable".
func mountEvents(a *App) error {
	_, err := eventweb.Mount(a.Web, a.Events, a.Links, a.Config.BaseURL)
	return err
}

// eventsDemoLoaders load the sample events (see events.LoadDemo).
func eventsDemoLoaders() []demo.Loader { return []demo.Loader{events.LoadDemo} }

package app

import (
	"corridor/internal/links/linksweb"
)

// mountLinks mounts the typed links' JSON API (the registry itself is
// built with the services, where every domain registers its kinds).
func mountLinks(a *App) error {
	linksweb.Mount(a.Web, a.Links)
	return nil
}

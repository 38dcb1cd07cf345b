package app

import (
	"corridor/internal/links"
	"corridor/internal/links/linksweb"
)

// mountLinks mounts the typed links between things: the registry the
// domains mounted after it register their kinds and derivers with, and
// its JSON API.
func mountLinks(a *App) error {
	a.Links = links.New(a.DB)
	linksweb.Mount(a.Web, a.Links)
	return nil
}

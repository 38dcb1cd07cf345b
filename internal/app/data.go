package app

import "corridor/internal/data"

// mountData mounts the research data & analytics domain: its routes,
// templates, job handlers.
func mountData(a *App) error {
	return data.Mount(a.Data, a.Web, a.Jobs)
}

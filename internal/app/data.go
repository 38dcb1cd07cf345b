package app

import "corridor/internal/data"

// mountData mounts the research data & analytics domain: its routes,
// templates, job handlers.
func mountData(a *App) error {
	svc := data.NewService(a.DB, a.Blobs, a.Logger)
	a.Data = svc
	return data.Mount(svc, a.Web, a.Jobs)
}

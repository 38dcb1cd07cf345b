package app

import "corridor/internal/data"

// mountData mounts the research data & analytics domain: its routes,
// templates, job handlers.
func mountData(a *App) error {
	svc := data.NewService(a.DB, a.Blobs, a.Logger)
	a.Data = svc
	if err := svc.RegisterLinks(a.Links); err != nil {
		return err
	}
	svc.Evidence = a.Links
	return data.Mount(svc, a.Web, a.Jobs)
}

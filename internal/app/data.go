package app

// mountData mounts the research data & analytics domain: its routes,
// templates, job handlers. (Filled in by the data pillar.)
func mountData(a *App) error { return nil }

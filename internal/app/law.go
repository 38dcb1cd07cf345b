package app

// mountLaw mounts the law & policy domain: its routes, templates, job
// handlers. (Filled in by the law pillar.)
func mountLaw(a *App) error { return nil }

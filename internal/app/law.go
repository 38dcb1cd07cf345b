package app

import (
	"corridor/internal/law/lawdb"
	"corridor/internal/law/lawweb"
)

// mountLaw mounts the law & policy domain: its routes and templates. The
// store is kept in a.Law (*lawdb.Store).
func mountLaw(a *App) error {
	store := lawdb.New(a.DB)
	if _, err := lawweb.Mount(a.Web, store); err != nil {
		return err
	}
	a.Law = store
	return nil
}

package app

import "corridor/internal/data/dataweb"

// mountData mounts the research data & analytics domain: its routes,
// templates, job handlers.
func mountData(a *App) error {
	a.Web.AddSitemap(dataweb.Sitemap())
	a.Web.AddSearch(dataweb.SearchPlaces())
	a.Web.CachePages("GET /data", "GET /data/countries/{code}", "GET /data/corridors/{from}/{to}", "GET /data/regions/{code}",
		"GET /data/datasets/{dataset}")
	return dataweb.Mount(a.Data, a.Web, a.Jobs, dataweb.Hooks{
		Evidence:      a.Links,
		LawCountryURL: func(code string) string { return "/law/countries/" + code },
	})
}

package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"corridor/internal/errs"
	"corridor/internal/i18n"
)

// Search engines find the public pages through robots.txt and the
// sitemap (sitemaps.org protocol 0.9): every domain gives the pages it
// publishes, each listed once with its addresses in the three languages
// (xhtml:link hreflang, as Google reads them).

// SitemapEntry is a public page: its path and when it last changed (zero
// when unknown).
type SitemapEntry struct {
	Path     string
	Modified time.Time
}

// SitemapSource lists a domain's public pages.
type SitemapSource func(ctx context.Context) ([]SitemapEntry, error)

// maxSitemapURLs is the protocol's limit per file; more pages make the
// sitemap an index of numbered files.
const maxSitemapURLs = 50000

// AddSitemap adds a domain's pages to the sitemap.
func (s *Server) AddSitemap(src SitemapSource) { s.sitemaps = append(s.sitemaps, src) }

func (s *Server) sitemapEntries(ctx context.Context) ([]SitemapEntry, error) {
	out := []SitemapEntry{{Path: "/"}}
	for _, sec := range Sections {
		out = append(out, SitemapEntry{Path: sec.Href})
	}
	for _, src := range s.sitemaps {
		e, err := src(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, e...)
	}
	return out, nil
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "User-agent: *\nDisallow: /admin\nDisallow: /account\nDisallow: /api/\nDisallow: /login\nDisallow: /signup\nDisallow: /password/\n\nSitemap: %s/sitemap.xml\n",
		strings.TrimRight(s.Config.BaseURL, "/"))
	return nil
}

type sitemapURL struct {
	Loc     string        `xml:"loc"`
	LastMod string        `xml:"lastmod,omitempty"`
	Links   []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	entries, err := s.sitemapEntries(r.Context())
	if err != nil {
		return err
	}
	base := strings.TrimRight(s.Config.BaseURL, "/")
	pages := (len(entries) + maxSitemapURLs - 1) / maxSitemapURLs
	page := 0
	if v := r.URL.Query().Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 || page > pages {
			return &errs.Error{Kind: errs.NotFound, Message: "error.page_not_found"}
		}
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	if page == 0 && pages > 1 {
		// An index of the numbered files.
		fmt.Fprintln(w, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 1; i <= pages; i++ {
			fmt.Fprintf(w, "<sitemap><loc>%s/sitemap.xml?page=%d</loc></sitemap>\n", base, i)
		}
		_, err := fmt.Fprintln(w, `</sitemapindex>`)
		return err
	}
	if page > 0 {
		entries = entries[(page-1)*maxSitemapURLs : min(page*maxSitemapURLs, len(entries))]
	}
	fmt.Fprintln(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">`)
	enc := xml.NewEncoder(w)
	for _, e := range entries {
		u := sitemapURL{Loc: base + e.Path}
		if !e.Modified.IsZero() {
			u.LastMod = e.Modified.UTC().Format("2006-01-02")
		}
		for _, l := range i18n.Languages {
			u.Links = append(u.Links, sitemapLink{Rel: "alternate", HrefLang: l, Href: base + "/" + l + e.Path})
		}
		if err := enc.EncodeElement(u, xml.StartElement{Name: xml.Name{Local: "url"}}); err != nil {
			return err
		}
		w.Write([]byte("\n"))
	}
	_, err = fmt.Fprintln(w, `</urlset>`)
	return err
}

package web

import (
	"context"
	"html/template"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"corridor/internal/audit"
)

// The home page shows what is inside: each domain adds a panel (the data
// pillar its world map and headline numbers, law its latest treaty
// actions, publishing its newest papers, events what comes next), the way
// it adds a search source. A panel that fails is left out and logged, so
// one domain's trouble never takes the front door down.

// HomePanel is a domain's block on the home page.
type HomePanel struct {
	// ID names the panel in the page (an HTML id) and in logs.
	ID string
	// Order places the panel: lower first.
	Order int
	// Build returns the panel for a reader of lang, whose catalog t
	// reads; nil when there is nothing to show yet.
	Build func(ctx context.Context, lang string, t Translator) (*HomeBlock, error)
}

// Translator reads a catalog key in one language.
type Translator func(key string, args ...any) string

// HomeBlock is what a panel shows. Every text is plain text, escaped by
// the template; only Figure is markup.
type HomeBlock struct {
	Title string
	// Figure is a drawing made by internal/chart, whose labels it escapes
	// itself; never text taken from data.
	Figure template.HTML
	// FigureNarrow, when set, is Figure drawn for a phone's width and
	// shown instead of it on narrow screens.
	FigureNarrow template.HTML
	FigureHref   string
	Figures      []HomeFigure
	Items        []HomeItem
	// Source says where the panel's content comes from and as of when.
	Source string
	More   HomeLink
}

// HomeFigure is a headline number with its year and source.
type HomeFigure struct {
	Label, Value, Note, Href string
}

// HomeItem is one entry of a panel's list: a title, a date and a line
// saying what it is.
type HomeItem struct {
	Title, Href, Date, Meta string
}

// HomeLink is a panel's "more" link.
type HomeLink struct {
	Label, Href string
}

// AddHomePanel adds a domain's panel to the home page.
func (s *Server) AddHomePanel(p HomePanel) {
	s.homePanels = append(s.homePanels, p)
	sort.SliceStable(s.homePanels, func(i, j int) bool { return s.homePanels[i].Order < s.homePanels[j].Order })
}

// homePanel is a built panel with its id.
type homePanel struct {
	ID string
	*HomeBlock
}

// homePanelCache keeps the built panels per language, content version
// and day: they show what the public sees, the same for every reader, and
// the data panel's sums read every country's latest figures.
type homePanelCache struct {
	mu      sync.Mutex
	entries map[string]homePanelsBuilt
}

type homePanelsBuilt struct {
	version int64
	built   time.Time
	panels  []homePanel
}

// buildHomePanels returns every panel for lang, in order, built once per
// content version (audit.ContentVersion), language and day.
func (s *Server) buildHomePanels(ctx context.Context, lang string) []homePanel {
	version, err := audit.ContentVersion(ctx, s.DB)
	if err != nil {
		panels, _ := s.buildHomePanelsNow(ctx, lang)
		return panels
	}
	now := time.Now()
	key := lang + "\x00" + now.UTC().Format("2006-01-02")
	c := &s.homeCache
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.version == version && now.Sub(e.built) < pageCacheTTL {
		return e.panels
	}
	panels, complete := s.buildHomePanelsNow(ctx, lang)
	if !complete {
		return panels // tried again next time
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) > 3*8 { // other days' panels go
		c.entries = map[string]homePanelsBuilt{}
	}
	c.entries[key] = homePanelsBuilt{version: version, built: now, panels: panels}
	c.mu.Unlock()
	return panels
}

// buildHomePanelsNow builds the panels; complete is false when one failed.
func (s *Server) buildHomePanelsNow(ctx context.Context, lang string) (out []homePanel, complete bool) {
	complete = true
	for _, p := range s.homePanels {
		b, err := p.Build(ctx, lang, func(key string, args ...any) string { return s.Catalog.T(lang, key, args...) })
		if err != nil {
			if ctx.Err() == nil {
				slog.Error("web: home page panel", "panel", p.ID, "err", err)
			}
			complete = false
			continue
		}
		if b != nil {
			out = append(out, homePanel{ID: p.ID, HomeBlock: b})
		}
	}
	return out, complete
}

// Shorten cuts s to at most n characters at a word boundary, with an
// ellipsis, for a list where a long title (a Dutch amending act names the
// directives it implements) would push everything else away.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:(") + "…"
}

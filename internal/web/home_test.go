package web

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"corridor/internal/audit"
	"corridor/internal/db/dbtest"
)

// The home page shows each domain's panel in order, escapes their text,
// leaves out a panel that fails (and tries it again next time), and builds
// the panels once per content version and language.
func TestHomePanels(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			env := newTestEnv(t, dbtest.OpenTest(t, engine))
			var builds, failures atomic.Int64
			env.srv.AddHomePanel(HomePanel{ID: "second", Order: 20, Build: func(ctx context.Context, lang string, _ Translator) (*HomeBlock, error) {
				builds.Add(1)
				return &HomeBlock{Title: "Second " + lang, Items: []HomeItem{{Title: "<script>alert(1)</script>", Href: "/x", Date: "1 March 2025", Meta: "a · b"}},
					Source: "As of 2025", More: HomeLink{Label: "More", Href: "/more"}}, nil
			}})
			env.srv.AddHomePanel(HomePanel{ID: "first", Order: 10, Build: func(ctx context.Context, lang string, _ Translator) (*HomeBlock, error) {
				return &HomeBlock{Title: "First", Figures: []HomeFigure{{Label: "Migrants", Value: "281,000,000", Note: "2020 · UN DESA"}}}, nil
			}})
			env.srv.AddHomePanel(HomePanel{ID: "broken", Order: 15, Build: func(ctx context.Context, lang string, _ Translator) (*HomeBlock, error) {
				if failures.Add(1) == 1 {
					return nil, errors.New("database away")
				}
				return &HomeBlock{Title: "Back again"}, nil
			}})
			env.srv.AddHomePanel(HomePanel{ID: "empty", Order: 5, Build: func(ctx context.Context, lang string, _ Translator) (*HomeBlock, error) { return nil, nil }})

			c := env.client()
			_, body := c.Get("/")
			first, second := strings.Index(body, `id="home-first"`), strings.Index(body, `id="home-second"`)
			if first < 0 || second < 0 || first > second {
				t.Fatalf("panels missing or out of order: first at %d, second at %d", first, second)
			}
			if strings.Contains(body, "<script>alert(1)</script>") || !strings.Contains(body, "&lt;script&gt;") {
				t.Error("a panel's text must be escaped")
			}
			for _, want := range []string{"281,000,000", "2020 · UN DESA", "As of 2025", `href="/more"`, "Second en"} {
				if !strings.Contains(body, want) {
					t.Errorf("home page lacks %q", want)
				}
			}
			if strings.Contains(body, `id="home-broken"`) || strings.Contains(body, `id="home-empty"`) {
				t.Error("a failing or empty panel must be left out")
			}
			_, body = c.Get("/")
			if !strings.Contains(body, "Back again") {
				t.Error("a panel that failed must be tried again on the next request")
			}
			n := builds.Load()
			c.Get("/")
			if builds.Load() != n {
				t.Error("panels must be built once per content version")
			}
			if err := audit.Record(context.Background(), env.db, "test.write", "thing", 1, nil, map[string]int{"n": 1}); err != nil {
				t.Fatal(err)
			}
			c.Get("/")
			if builds.Load() != n+1 {
				t.Errorf("after a write the panels must be built again: %d builds, want %d", builds.Load(), n+1)
			}
			_, fr := c.Get("/fr/")
			if !strings.Contains(fr, "Second fr") {
				t.Error("panels are built in the reader's language")
			}
		})
	}
}

func TestShorten(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Aliens Act 2000", 40, "Aliens Act 2000"},
		{"Wet van 8 juli 2015 tot wijziging van de Vreemdelingenwet", 30, "Wet van 8 juli 2015 tot…"},
		{"Überschrift ñandú écrit", 12, "Überschrift…"},
		{"abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"},
	} {
		if got := Shorten(c.in, c.n); got != c.want || len([]rune(got)) > c.n {
			t.Errorf("Shorten(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

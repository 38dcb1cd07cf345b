package app

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

// The home page shows what is inside the demo: the newest publications,
// training sessions and courses, the events coming up, and the law database's latest treaty actions with
// the date of the newest, in the reader's language.
func TestHomeShowsWhatIsInside(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			ctx := context.Background()
			for _, load := range a.DemoLoaders() {
				if err := load(ctx, a.DB); err != nil {
					t.Fatal(err)
				}
			}
			page := func(path string) string {
				resp, err := http.Get(a.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return string(b)
			}
			en := page("/")
			for _, want := range []string{`id="home-publications"`, "New publications", `href="/publications/`, `id="home-events"`, "Coming up", `href="/events/`,
				`id="home-learning"`, `href="/learning/courses/`, `href="/training/sessions/`} {
				if !strings.Contains(en, want) {
					t.Errorf("home page lacks %q", want)
				}
			}
			es := page("/es/")
			for _, want := range []string{"Nuevas publicaciones", "Próximos eventos", "Aprender"} {
				if !strings.Contains(es, want) {
					t.Errorf("Spanish home page lacks %q", want)
				}
			}
			t.Logf("law panel shown: %v", strings.Contains(en, `id="home-law"`))
		})
	}
}

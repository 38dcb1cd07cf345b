package app

import (
	"context"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"
)

// The instrument's page lists the research citing it in the reader's
// language, and names the article cited as lawyers write it (Art. 33),
// not by its identifier (art_33).
func TestEvidenceSpeaksTheReadersLanguage(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			for _, load := range a.DemoLoaders() {
				if err := load(context.Background(), a.DB); err != nil {
					t.Fatal(err)
				}
			}
			c := webtest.NewClient(t, a.URL)
			for lang, title := range map[string]string{
				"en": "Non-refoulement at sea: practice and protection gaps",
				"fr": "Le non-refoulement en mer\u00a0: pratiques et lacunes de protection",
				"es": "La no devolución en el mar: prácticas y brechas de protección",
			} {
				resp, body := c.Get("/" + lang + "/law/instruments/V-2")
				if resp.StatusCode != 200 {
					t.Fatalf("%s: %d", lang, resp.StatusCode)
				}
				i := strings.Index(body, `class="evidence"`)
				if i < 0 {
					t.Fatalf("%s: no evidence section", lang)
				}
				evidence := body[i:]
				if j := strings.Index(evidence, "</section>"); j > 0 {
					evidence = evidence[:j]
				}
				if !strings.Contains(evidence, title) {
					t.Errorf("%s: the evidence does not name %q: %.600s", lang, title, evidence)
				}
				if !strings.Contains(evidence, "Art. 33") || strings.Contains(evidence, "art_33<") || strings.Contains(evidence, " art_33") {
					t.Errorf("%s: the article is not named as Art. 33: %.600s", lang, evidence)
				}
			}
		})
	}
}

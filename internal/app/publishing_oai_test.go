package app

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"corridor/internal/db/dbtest"
)

// OAI-PMH lets harvesters send any request as a form-encoded POST
// (OAI-PMH 2.0, 3.1.1.2): the site answers it without asking a CSRF token,
// as it answers the GET.
func TestOAIAcceptsPOST(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a := openTestApp(t, engine)
			resp, err := http.Post(a.URL+"/oai", "application/x-www-form-urlencoded", strings.NewReader(url.Values{"verb": {"Identify"}}.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || !strings.Contains(string(body), "<Identify>") || !strings.Contains(string(body), `verb="Identify"`) {
				t.Errorf("POST /oai verb=Identify: %d %.400s", resp.StatusCode, body)
			}
		})
	}
}

package lawweb_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"corridor/internal/app"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/law/lawdb"
	"corridor/internal/law/treaty"
)

func openSite(t *testing.T, engine db.Engine) (*app.App, string) {
	t.Helper()
	a, base := openSiteWith(t, engine)
	if err := lawdb.LoadDemoNow(context.Background(), a.DB, nil); err != nil {
		t.Fatal(err)
	}
	store := a.Law
	for _, doc := range []string{convFR, convES} {
		if _, err := store.ImportAKN(context.Background(), strings.NewReader(doc), "conv.xml"); err != nil {
			t.Fatal(err)
		}
	}
	return a, base
}

// openSiteWith is a site with no law data yet.
func openSiteWith(t *testing.T, engine db.Engine) (*app.App, string) {
	t.Helper()
	cfg := app.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), SignupMode: "approval", BlobStore: "dir", LogFormat: "text", MaxBody: 1 << 20, BaseURL: "http://corridor.test"}
	if engine == db.Postgres {
		cfg.DatabaseURL = dbtest.TestDSN(t, db.Postgres)
	}
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Web.Handler())
	t.Cleanup(srv.Close)
	return a, srv.URL
}

func get(t *testing.T, url, lang string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var rawKey = regexp.MustCompile(`>[^<]*\blaw\.[a-z_]+\.[a-z_.-]+`)

func TestPagesAndAPI(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			a, base := openSite(t, engine)
			store := a.Law

			// every page, in every language, without untranslated keys
			pages := []string{"/law", "/law?level=international&type=protocol", "/law/instruments/V-5", "/law/instruments/5-5/art_I",
				"/law/instruments/V-2/art_33?lang=fr", "/law/instruments/BWBR0007149?on=2014-02-01", "/law/instruments/BWBR0007149/diff",
				"/law/instruments/V-2/status?on=1960-01-01", "/law/countries/FRA?on=1990-01-01", "/law/search?q=r%C3%A9fugi%C3%A9s",
				"/law/search?q=trabajador*&lang=es", "/law/policy", "/law/policy/NLD", "/law/policy/NLD?area=integration&target=all-workers",
				"/law/search?q=refugee&topic=refugees-statelessness&jurisdiction=UN", "/law/instruments/V-5?on=1900-01-01"}
			for _, lang := range []string{"en", "fr", "es"} {
				for _, p := range pages {
					resp, body := get(t, base+p, lang)
					if resp.StatusCode != 200 {
						t.Errorf("%s (%s): %d", p, lang, resp.StatusCode)
					}
					if m := rawKey.FindString(body); m != "" {
						t.Errorf("%s (%s): untranslated %q", p, lang, m)
					}
				}
			}

			// language switch at the same article
			_, body := get(t, base+"/law/instruments/V-2/art_33?lang=fr", "en")
			if !strings.Contains(body, `href="/law/instruments/V-2/art_33?lang=es#art_33"`) {
				t.Errorf("no Spanish link to the same article")
			}
			if !strings.Contains(body, "réfugiés") {
				t.Errorf("French text not shown")
			}

			// the status table lists States by name in the page's language
			for lang, order := range map[string][]string{"en": {"Australia", "Austria", "Germany", "Switzerland"}, "fr": {"Allemagne", "Australie", "Autriche", "Suisse"}} {
				_, body := get(t, base+"/law/instruments/V-2/status?on=1960-01-01", lang)
				last := -1
				for _, name := range order {
					i := strings.Index(body, ">"+name+"</a>")
					if i < 0 || i < last {
						t.Errorf("%s status table: %q missing or out of alphabetical order %v", lang, name, order)
					}
					last = i
				}
			}

			// JSON-LD
			_, body = get(t, base+"/law/instruments/V-5", "en")
			if !strings.Contains(body, `<script type="application/ld+json">{"@context":"https://schema.org"`) || !strings.Contains(body, `"@type":"Legislation"`) {
				t.Errorf("no schema.org Legislation JSON-LD")
			}

			// the API status is exactly the store's (treaty.StateStatus JSON
			// with each State's statements)
			day, _ := treaty.ParseDay("1960-01-01")
			want, err := store.StatusWithStatements(context.Background(), "V-2", day)
			if err != nil {
				t.Fatal(err)
			}
			wj, _ := json.Marshal(want.Rows)
			for _, ref := range []string{"V-2", "5-2"} {
				resp, body := get(t, base+"/api/v1/law/instruments/"+ref+"/status?on=1960-01-01", "")
				var got []map[string]any
				if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &got) != nil {
					t.Fatalf("status API %s: %d %s", ref, resp.StatusCode, body)
				}
				gj, _ := json.Marshal(got)
				var wantAny []map[string]any
				json.Unmarshal(wj, &wantAny)
				wj2, _ := json.Marshal(wantAny)
				if string(gj) != string(wj2) || len(got) < 20 {
					t.Errorf("status API %s differs from the store (%d rows)", ref, len(got))
				}
				for _, k := range []string{"state", "name", "status", "action", "action_date", "effective_date", "statements"} {
					if _, ok := got[0][k]; !ok {
						t.Errorf("status JSON lacks %q", k)
					}
				}
			}

			// bad input: clear errors, never a 500
			for _, c := range []struct {
				path string
				code int
				want string
			}{
				{"/api/v1/law/instruments/V-999/status", 404, "No instrument has this identifier"},
				{"/api/v1/law/instruments/V-2/status?on=1960-02-30", 422, "YYYY-MM-DD"},
				{"/api/v1/law/search?q=%22open", 422, "quotation"},
				{"/api/v1/law/search?q=*", 422, "prefix"},
				{"/api/v1/law/search?q=x&lang=de", 422, "English, French or Spanish"},
				{"/law/instruments/V-5/art_XCIX", 404, ""},
				{"/law/instruments/V-5/diff?from=abc&to=1", 422, ""},
				{"/law/instruments/V-5/akn?version=999999", 404, ""},
				{"/law/countries/XYZ", 404, ""},
			} {
				resp, body := get(t, base+c.path, "en")
				if resp.StatusCode != c.code {
					t.Errorf("%s: %d, want %d: %.200s", c.path, resp.StatusCode, c.code, body)
				}
				if c.want != "" && !strings.Contains(body, c.want) && !strings.Contains(body, strings.TrimPrefix(c.want, "law.error.")) {
					t.Errorf("%s: body lacks %q: %.300s", c.path, c.want, body)
				}
			}

			// search API: stemmed French and Spanish words with highlights
			for _, c := range []struct{ q, word string }{{"réfugié", "réfugiés"}, {"trabajador", "trabajadores"}} {
				resp, body := get(t, base+"/api/v1/law/search?q="+c.q, "")
				var res struct {
					Items []struct {
						URL, Snippet string
						Highlights   []int
					}
				}
				if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &res) != nil || len(res.Items) == 0 {
					t.Fatalf("search %s: %d %.300s", c.q, resp.StatusCode, body)
				}
				h, found := res.Items[0].Highlights, false
				for i := 0; i+1 < len(h); i += 2 {
					found = found || res.Items[0].Snippet[h[i]:h[i+1]] == c.word
				}
				if !found {
					t.Errorf("search %s: %q not highlighted (%v) in %q", c.q, c.word, h, res.Items[0].Snippet)
				}
				if !strings.Contains(res.Items[0].URL, "/law/instruments/V-2/art_33") {
					t.Errorf("search %s: link %s", c.q, res.Items[0].URL)
				}
			}

			// AKN export is XML, never HTML
			resp, body := get(t, base+"/law/instruments/V-5/akn", "")
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/akn+xml") || !strings.HasPrefix(body, "<?xml") {
				t.Errorf("AKN export: %s %.50s", ct, body)
			}
			_ = time.Now
		})
	}
}

const convFR = `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="convention"><meta><identification source="#x">
<FRBRWork><FRBRthis value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees/!main"/><FRBRuri value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees"/><FRBRalias value="V-2" name="MTDSG"/><FRBRdate date="1951-07-28" name="adoption"/><FRBRauthor href="#x"/><FRBRcountry value="aa-un"/><FRBRnumber value="status-of-refugees"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees/fra@1951-07-28/!main"/><FRBRuri value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees/fra@1951-07-28"/><FRBRdate date="1951-07-28" name="adoption"/><FRBRauthor href="#x"/><FRBRlanguage language="fra"/></FRBRExpression>
<FRBRManifestation><FRBRthis value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees/fra@1951-07-28/!main.xml"/><FRBRuri value="/akn/aa-un/act/convention/1951-07-28/status-of-refugees/fra@1951-07-28.akn"/><FRBRdate date="2026-01-01" name="transform"/><FRBRauthor href="#x"/></FRBRManifestation>
</identification></meta><body><article eId="art_33"><num>Article 33</num><heading>Défense d'expulsion et de refoulement</heading><content><p>Aucun des États contractants n'expulsera ou ne refoulera, de quelque manière que ce soit, un réfugié sur les frontières des territoires où sa vie ou sa liberté serait menacée. Les réfugiés ne peuvent être expulsés.</p></content></article></body></act></akomaNtoso>`

var convES = strings.NewReplacer("fra@", "spa@", `language="fra"`, `language="spa"`,
	"Défense d'expulsion et de refoulement", "Prohibición de expulsión y de devolución",
	"Aucun des États contractants n'expulsera ou ne refoulera, de quelque manière que ce soit, un réfugié sur les frontières des territoires où sa vie ou sa liberté serait menacée. Les réfugiés ne peuvent être expulsés.",
	"Ningún Estado Contratante podrá, por expulsión o devolución, poner en modo alguno a un refugiado en las fronteras de los territorios donde su vida o su libertad peligre. Los trabajadores refugiados tendrán igualdad de trato.").Replace(convFR)

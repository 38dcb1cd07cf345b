package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/audit"

	"corridor/internal/db/dbtest"
	"corridor/internal/errs"
	"corridor/internal/web/webtest"
)

// A cached public page is rendered once per content version: every
// anonymous reader gets it with their own CSRF token, an audited write
// renders it anew, signed-in readers and failed pages are never cached.
func TestPublicPagesCachedUntilAWrite(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			env := newTestEnv(t, dbtest.OpenTest(t, engine))
			var renders, fails atomic.Int64
			env.srv.AddRoutes(
				Route{Method: "GET", Pattern: "/test/cached", Perm: accounts.PermPublic, Handler: func(w http.ResponseWriter, r *http.Request) error {
					renders.Add(1)
					env.srv.render(w, r, "section", pageData{Title: "section.data.title", Data: Sections[0]})
					return nil
				}},
				Route{Method: "GET", Pattern: "/test/missing", Perm: accounts.PermPublic, Handler: func(w http.ResponseWriter, r *http.Request) error {
					fails.Add(1)
					return errs.New(errs.NotFound, "error.page_not_found")
				}},
			)
			env.srv.CachePages("GET /test/cached", "GET /test/missing")
			srv := httptest.NewServer(env.srv.Handler())
			t.Cleanup(srv.Close)
			token := regexp.MustCompile(`name="csrf_token" value="([0-9a-f]{32})"`)

			alice, bob := webtest.NewClient(t, srv.URL), webtest.NewClient(t, srv.URL)
			alice.Get("/")
			bob.Get("/") // each gets a CSRF cookie
			_, a := alice.Get("/test/cached")
			respB, b := bob.Get("/test/cached")
			if n := renders.Load(); n != 1 {
				t.Fatalf("two anonymous readers: %d renders, want 1", n)
			}
			ta, tb := token.FindStringSubmatch(a), token.FindStringSubmatch(b)
			if ta == nil || tb == nil || ta[1] == tb[1] || strings.Contains(a+b, csrfPlaceholder) {
				t.Fatalf("each reader must get their own token: %v %v", ta, tb)
			}
			if ta[1] != alice.CSRF || tb[1] != bob.CSRF {
				t.Error("a cached page carries a token that is not its reader's")
			}
			// Revalidation: the same reader, the same page: 304.
			req, _ := http.NewRequest("GET", srv.URL+"/test/cached", nil)
			req.Header.Set("If-None-Match", respB.Header.Get("ETag"))
			if resp, _ := bob.Do(req); resp.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
			}
			// An audited write moves the content version.
			if err := audit.Record(context.Background(), env.db, "test.write", "thing", 1, nil, map[string]int{"n": 1}); err != nil {
				t.Fatal(err)
			}
			alice.Get("/test/cached")
			if n := renders.Load(); n != 2 {
				t.Errorf("after a write: %d renders, want 2", n)
			}
			// A signed-in reader's page is their own.
			webtest.SignedIn(t, srv.URL, env.acc, env.users[accounts.RoleMember]).Get("/test/cached")
			if n := renders.Load(); n != 3 {
				t.Errorf("signed in: %d renders, want 3", n)
			}
			for range 2 {
				if resp, _ := alice.Get("/test/missing"); resp.StatusCode != 404 {
					t.Errorf("missing page: %d", resp.StatusCode)
				}
			}
			if n := fails.Load(); n != 2 {
				t.Errorf("a failed page was cached (%d calls)", n)
			}
		})
	}
}

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"corridor/internal/app"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/demo"
)

const (
	// testTimeout bounds one scenario on one engine, browser start and the
	// scenario's own data loading included: generous, so that a slow or
	// busy machine never fails a test (a scenario takes 5–30 s when quiet).
	testTimeout = 240 * time.Second
	// viewportW and viewportH are the browser's viewport (a laptop screen).
	viewportW, viewportH = 1280, 800
	// outputDir holds the screenshots, relative to the package directory
	// (where go test runs); it is ignored by git.
	outputDir = "testoutput"
)

// Demo accounts (internal/demo).
const (
	memberEmail    = "member@corridor.test"
	memberPassword = "corridor-demo-member"
	memberName     = "Sam Okafor"
	adminName      = "Demo Administrator"
)

// ---------------------------------------------------------------------------
// The browser binary

var browserPath = sync.OnceValue(func() string {
	if p := os.Getenv("CORRIDOR_E2E_BROWSER"); p != "" {
		if full, err := exec.LookPath(p); err == nil {
			return full
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if full, err := exec.LookPath(name); err == nil {
			return full
		}
	}
	return ""
})

// requireBrowser returns the browser to run, or skips the test loudly, or
// fails it when CORRIDOR_E2E_REQUIRED=1 (CI), so a missing browser can never
// turn the end-to-end suite silently green there.
func requireBrowser(t *testing.T) string {
	t.Helper()
	if p := browserPath(); p != "" {
		return p
	}
	msg := "*** END-TO-END TESTS NOT RUN: no chromium, chromium-browser or google-chrome in PATH " +
		"(install one, e.g. `apt-get install chromium`, or set CORRIDOR_E2E_BROWSER to its path) ***"
	if p := os.Getenv("CORRIDOR_E2E_BROWSER"); p != "" {
		msg = fmt.Sprintf("*** END-TO-END TESTS NOT RUN: CORRIDOR_E2E_BROWSER=%q is not an executable ***", p)
	}
	if os.Getenv("CORRIDOR_E2E_REQUIRED") == "1" {
		t.Fatal(msg + " — CORRIDOR_E2E_REQUIRED=1, so this is a failure")
	}
	t.Skip(msg)
	return ""
}

// ---------------------------------------------------------------------------
// Corridor in-process

// site is one running Corridor with the demo accounts, on a fresh database.
type site struct {
	engine db.Engine
	base   string // http://127.0.0.1:port
	app    *app.App
}

// lockedBuffer collects the server's log; it is printed when a test fails.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startSite opens Corridor on a fresh database of the engine, loads the demo
// accounts and serves it on a free local port until the test ends.
func startSite(t *testing.T, engine db.Engine) *site {
	t.Helper()
	cfg := app.Config{
		Addr:       "127.0.0.1:0",
		DataDir:    t.TempDir(),
		SignupMode: "approval",
		BlobStore:  "dir",
		LogFormat:  "text",
		MaxBody:    1 << 20,
	}
	if engine == db.Postgres {
		cfg.DatabaseURL = dbtest.TestDSN(t, db.Postgres)
	}
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
	ctx := context.Background()
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		t.Fatalf("open corridor on %s: %v", engine, err)
	}
	if _, err := demo.Load(ctx, a.DB, a.Accounts); err != nil {
		a.Close()
		t.Fatalf("load demo data: %v", err)
	}
	serveCtx, stop := context.WithCancel(ctx)
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(serveCtx, func(addr string) { addrc <- addr }) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		a.Close()
		if t.Failed() {
			t.Logf("server log:\n%s", tail(logs.String(), 60))
		}
	})
	select {
	case addr := <-addrc:
		return &site{engine: engine, base: "http://" + addr, app: a}
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("corridor did not start listening within 15 s")
	}
	return nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// forEachEngine runs fn as a subtest on SQLite, and on PostgreSQL too when
// CORRIDOR_TEST_POSTGRES is set, each with its own server and browser.
func forEachEngine(t *testing.T, fn func(t *testing.T, b *browser)) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) {
			path := requireBrowser(t)
			s := startSite(t, engine)
			fn(t, newBrowser(t, s, path))
		})
	}
}

// ---------------------------------------------------------------------------
// The browser

// browser is one headless Chromium with a fresh profile, looking at a site.
// Its methods fail the test on any error, so scenarios read as steps.
type browser struct {
	t    *testing.T
	ctx  context.Context
	site *site
}

func newBrowser(t *testing.T, s *site, execPath string) *browser {
	t.Helper()
	profile := t.TempDir() // before the cleanups below: removed after the browser exits
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US,en"),
		chromedp.WindowSize(viewportW, viewportH),
		chromedp.UserDataDir(profile),
	)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancel()
	})
	b := &browser{t: t, ctx: tabCtx, site: s}
	// The first action starts the browser.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(viewportW, viewportH)); err != nil {
		t.Fatalf("start %s: %v", execPath, err)
	}
	failShot := "FAIL-" + strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".png"
	os.Remove(filepath.Join(outputDir, string(s.engine), failShot)) // from an earlier run
	t.Cleanup(func() {
		if !t.Failed() || tabCtx.Err() != nil {
			return
		}
		if png, err := chromedp.Run(tabCtx, chromedp.FullScreenshot(100)); err == nil {
			t.Logf("the page at failure (%s) is in %s", b.location(), b.save(failShot, png))
		}
	})
	return b
}

// fail reports a broken step with where the browser was.
func (b *browser) fail(format string, args ...any) {
	b.t.Helper()
	b.t.Fatalf("%s (page: %s)", fmt.Sprintf(format, args...), b.location())
}

// location is the current URL, or a note why it is unknown; never fails.
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "unknown: " + err.Error()
	}
	return strings.TrimPrefix(loc, b.site.base)
}

// open loads path and returns the HTTP status of the final document.
func (b *browser) open(path string) int {
	b.t.Helper()
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(b.site.base+path))
	if err != nil {
		b.fail("open %s: %v", path, err)
	}
	return int(resp.Status)
}

// click clicks the element, waits for the page it leads to and returns that
// document's HTTP status (after redirects).
func (b *browser) click(sel string) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.fail("click %s: %v", sel, err)
	}
	return int(resp.Status)
}

// typeInto types text into a field with key events, as a person would.
func (b *browser) typeInto(sel, text string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.CSS(sel), text)); err != nil {
		b.fail("type into %s: %v", sel, err)
	}
}

// press sends keys (see the kb package) to the focused element.
func (b *browser) press(keys string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.KeyEvent(keys)); err != nil {
		b.fail("press %q: %v", keys, err)
	}
}

// eval runs a JavaScript expression in the page and decodes its result.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		if len(js) > 100 {
			js = js[:100] + "…"
		}
		b.fail("evaluate %s: %v", js, err)
	}
	return v
}

// exec runs JavaScript in the page for its effect.
func (b *browser) exec(js string) {
	b.t.Helper()
	eval[chromedp.Void](b, js)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// query is a JavaScript expression for the first element matching sel; it
// throws when there is none, so a missing element fails with its selector.
func query(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%s); if (!e) throw new Error("no element matches " + %[1]s); return e })()`, jsString(sel))
}

// text is the element's text with white space collapsed.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, query(sel)+`.textContent.replace(/\s+/g, " ").trim()`)
}

// value is a form field's current value.
func (b *browser) value(sel string) string {
	b.t.Helper()
	return eval[string](b, query(sel)+`.value`)
}

// attr is an element's attribute, "" when absent.
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`%s.getAttribute(%s) ?? ""`, query(sel), jsString(name)))
}

// count is the number of elements matching sel.
func (b *browser) count(sel string) int {
	b.t.Helper()
	return eval[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, jsString(sel)))
}

// path is the current path and query.
func (b *browser) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// cookies are the names of the cookies the browser holds for the site.
func (b *browser) cookies() []string {
	b.t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.site.base + "/"}})
	if err != nil {
		b.fail("get cookies: %v", err)
	}
	var names []string
	for _, c := range res.Cookies {
		names = append(names, c.Name)
	}
	return names
}

// expect fails unless got equals want.
func (b *browser) expect(what, got, want string) {
	b.t.Helper()
	if got != want {
		b.fail("%s = %q, want %q", what, got, want)
	}
}

// expectStatus fails unless the page answered with the status.
func (b *browser) expectStatus(what string, got, want int) {
	b.t.Helper()
	if got != want {
		b.fail("%s: HTTP status %d, want %d", what, got, want)
	}
}

// viewport resizes the page's viewport.
func (b *browser) viewport(w, h int64) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(w, h)); err != nil {
		b.fail("set the viewport to %dx%d: %v", w, h, err)
	}
}

// shot saves a full-page PNG screenshot as testoutput/<engine>/name.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.fail("screenshot %s: %v", name, err)
	}
	b.save(name, png)
}

// viewShot saves a PNG of the viewport only (what fits the screen).
func (b *browser) viewShot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.fail("screenshot %s: %v", name, err)
	}
	b.save(name, png)
}

func (b *browser) save(name string, png []byte) string {
	b.t.Helper()
	dir := filepath.Join(outputDir, string(b.site.engine))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	file := filepath.Join(dir, name)
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return file
}

// ---------------------------------------------------------------------------
// Steps shared by scenarios

// Selectors from internal/web/templates.
const (
	selLoginLink     = `header.site a[href="/login"]`
	selSignupLink    = `header.site a[href="/signup"]`
	selAccountLink   = `header.site a[href="/account"]`
	selLogoutButton  = `header.site form[action="/logout"] button[type="submit"]`
	selFlash         = `main p.flash`
	selAlert         = `main .alert`
	selLoginSubmit   = `main form[action="/login"] button[type="submit"]`
	selSignupSubmit  = `main form[action="/signup"] button[type="submit"]`
	selLangButtonFmt = `header.site form[action="/lang"] button[name="lang"][value=%q]`
)

// login fills in and submits the login form; it returns the status of the
// page the browser lands on.
func (b *browser) login(email, password string) int {
	b.t.Helper()
	b.expectStatus("GET /login", b.open("/login"), 200)
	b.typeInto("#f-email", email)
	b.typeInto("#f-password", password)
	return b.click(selLoginSubmit)
}

// logout presses the header's log-out button and checks that the browser is
// logged out.
func (b *browser) logout() {
	b.t.Helper()
	b.expectStatus("log out", b.click(selLogoutButton), 200)
	if n := b.count(selLoginLink); n != 1 {
		b.fail("after logging out, %d log-in links in the header, want 1", n)
	}
}

// ---------------------------------------------------------------------------
// Message catalogs

var catalogs sync.Map // lang → map[string]json.RawMessage

// msg is a message of internal/i18n/catalogs/<lang>.json, read from the file
// at test time so the tests follow the catalogs.
func msg(t *testing.T, lang, key string) string {
	t.Helper()
	c, ok := catalogs.Load(lang)
	if !ok {
		raw, err := os.ReadFile(filepath.Join("..", "internal", "i18n", "catalogs", lang+".json"))
		if err != nil {
			t.Fatalf("read catalog: %v", err)
		}
		m := map[string]json.RawMessage{}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatalf("catalog %s: %v", lang, err)
		}
		c, _ = catalogs.LoadOrStore(lang, m)
	}
	raw, ok := c.(map[string]json.RawMessage)[key]
	if !ok {
		t.Fatalf("catalog %s has no key %s", lang, key)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("catalog %s key %s is not a plain message: %v", lang, key, err)
	}
	return s
}

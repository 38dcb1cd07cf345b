// Package web is Corridor's HTTP layer: server-rendered pages, the JSON API
// under /api/v1, and the middleware every request passes through (request
// ids, logs, metrics, security headers, size limits, sessions, CSRF,
// language, and the central authorization check).
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/blob"
	"corridor/internal/db"
	"corridor/internal/errs"
	"corridor/internal/i18n"
	"corridor/internal/links"
)

// Config is the web layer's configuration.
type Config struct {
	// BaseURL is the public address; an https:// URL turns on Secure cookies.
	BaseURL string
	// MaxBodyBytes caps request bodies (uploads have their own limit).
	MaxBodyBytes int64
	// TrustProxy takes the client IP from X-Forwarded-For.
	TrustProxy bool
	// MetricsElsewhere says /metrics is served on a listener of its own
	// (MetricsHandler); the main listener then answers 404 to everyone.
	MetricsElsewhere bool
}

// Server holds what the handlers need.
type Server struct {
	Config   Config
	DB       *db.DB
	Accounts *accounts.Service
	Blobs    blob.Store
	Catalog  *i18n.Catalog
	Logger   *slog.Logger
	Version  string
	// DemoLoading, when set, tells the home page whether the demo's data
	// is still loading in the background and how far it is (0–100).
	DemoLoading func(ctx context.Context) (percent int, loading bool)

	metricSet   *metrics
	pages       pageSet
	langPages   sync.Map // page name and language → template speaking it (pageIn)
	extraRoutes []Route
	sitemaps    []SitemapSource
	searches    []SearchSource
	homePanels  []HomePanel
	homeCache   homePanelCache
	pageCache   *pageCache
	crossOrigin *http.CrossOriginProtection
}

// New returns a server.
func New(cfg Config, d *db.DB, acc *accounts.Service, blobs blob.Store, logger *slog.Logger, version string) (*Server, error) {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	openAPIDoc() // a broken OpenAPI part fails here, at start, not on a request
	i18n.Default.Keys("en")
	s := &Server{Config: cfg, DB: d, Accounts: acc, Blobs: blobs, Catalog: i18n.Default, Logger: logger, Version: version,
		metricSet: newMetrics(), crossOrigin: http.NewCrossOriginProtection(), pageCache: newPageCache()}
	s.crossOrigin.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, isAPI(r.URL.Path), errs.New(errs.Forbidden, "error.csrf"))
	}))
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// AddRoutes lets a domain mount its routes (they join the authz matrix).
func (s *Server) AddRoutes(routes ...Route) { s.extraRoutes = append(s.extraRoutes, routes...) }

func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// Handler returns the server's root handler.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	known := map[string]bool{}
	for _, rt := range s.Routes() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
		known[rt.Method+" "+rt.Pattern] = true
	}
	for p := range s.pageCache.patterns {
		if !known[p] {
			panic("web: CachePages names " + p + ", which is no route")
		}
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, isAPI(r.URL.Path), errs.New(errs.NotFound, "error.page_not_found"))
	})
	var h http.Handler = mux
	h = s.identify(h)
	h = s.langPrefix(h)
	h = s.crossOriginCheck(h)
	h = s.securityHeaders(h)
	h = s.observe(h)
	return compress(h)
}

// guard is the central authorization check, then the handler.
func (s *Server) guard(rt Route) http.Handler {
	pattern := rt.Method + " " + rt.Pattern
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sw, ok := w.(*statusWriter); ok {
			sw.pattern = pattern
		}
		u := UserFrom(r.Context())
		role := accounts.RoleAnonymous
		if u != nil {
			role = u.Role
		}
		if !accounts.Can(role, rt.Perm) && rt.Hidden() {
			s.fail(w, r, rt.API, errs.New(errs.NotFound, "error.page_not_found"))
			return
		}
		if !accounts.Can(role, rt.Perm) {
			// Says the central policy refused, as opposed to a handler's
			// own 401/403 (wrong password, last admin, ...).
			w.Header().Set("X-Corridor-Authz", "denied")
			if u == nil && !rt.API && r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if u == nil {
				s.fail(w, r, rt.API, errs.New(errs.Unauthorized, "error.sign_in_required"))
				return
			}
			s.fail(w, r, rt.API, errs.New(errs.Forbidden, "error.forbidden"))
			return
		}
		if !s.limitBody(w, r, rt.MaxBody) {
			s.fail(w, r, rt.API, errs.New(errs.TooLarge, "error.body_too_large"))
			return
		}
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			// Go drops malformed parameters silently; say so instead.
			s.fail(w, r, rt.API, &errs.Error{Kind: errs.Invalid, Message: "error.query_invalid", Fields: map[string]string{"query": "error.query_invalid"}})
			return
		}
		if rt.Safe && u != nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, (*accounts.User)(nil)))
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !rt.Safe && !s.csrfOK(r) {
			s.fail(w, r, rt.API, errs.New(errs.Forbidden, "error.csrf"))
			return
		}
		if s.cacheable(r, pattern) && s.servePageCached(w, r, rt.Handler, func(err error) { s.fail(w, r, rt.API, err) }) {
			return
		}
		if err := rt.Handler(w, r); err != nil {
			s.fail(w, r, rt.API, err)
		}
	})
}

type ctxKey int

const (
	userKey ctxKey = iota
	langKey
	requestIDKey
	csrfKey
	viaTokenKey
)

func UserFrom(ctx context.Context) *accounts.User {
	u, _ := ctx.Value(userKey).(*accounts.User)
	return u
}

func LangFrom(ctx context.Context) string {
	if l, ok := ctx.Value(langKey).(string); ok {
		return l
	}
	return i18n.Languages[0]
}

// LinkReader is who reads typed links in this request: the signed-in user
// (or the public) and the page's language, so linked things are titled in
// it.
func LinkReader(ctx context.Context) links.Reader {
	r := links.ReaderOf(UserFrom(ctx))
	r.Lang = LangFrom(ctx)
	return r
}

func requestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Cookie names.
const (
	sessionCookie = "corridor_session"
	csrfCookie    = "corridor_csrf"
	langCookie    = "corridor_lang"
	flashCookie   = "corridor_flash"
)

func (s *Server) secureCookies() bool { return strings.HasPrefix(s.Config.BaseURL, "https://") }

func (s *Server) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secureCookies(), SameSite: http.SameSiteLaxMode})
}

// identify loads the user (session cookie or bearer API token), the CSRF
// token and the language, and puts the audit actor in the context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var u *accounts.User
		if authz := r.Header.Get("Authorization"); authz != "" {
			token, ok := strings.CutPrefix(authz, "Bearer ")
			if !ok {
				s.fail(w, r, true, errs.New(errs.Unauthorized, "error.token_invalid"))
				return
			}
			var err error
			if u, err = s.Accounts.UserByAPIToken(ctx, strings.TrimSpace(token)); err != nil {
				s.fail(w, r, true, err)
				return
			}
			ctx = context.WithValue(ctx, viaTokenKey, true)
		} else if c, err := r.Cookie(sessionCookie); err == nil {
			if u, err = s.Accounts.UserBySession(ctx, c.Value); err != nil {
				u = nil
				s.clearCookie(w, sessionCookie) // expired, revoked or forged
			}
		}
		if u != nil {
			ctx = context.WithValue(ctx, userKey, u)
		}
		csrf := ""
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 32 && isHex(c.Value) {
			csrf = c.Value
		} else {
			csrf = s.newCSRF(w)
		}
		ctx = context.WithValue(ctx, csrfKey, csrf)
		ctx = context.WithValue(ctx, langKey, s.pickLang(r, u))
		actor := audit.Actor{IP: s.clientIP(r), RequestID: requestIDFrom(ctx), Label: "anonymous"}
		if u != nil {
			actor.ID, actor.Label = u.ID, u.Email
		}
		ctx = audit.WithActor(ctx, actor)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// newCSRF sets a new CSRF token cookie and returns the token.
func (s *Server) newCSRF(w http.ResponseWriter) string {
	b := make([]byte, 16)
	rand.Read(b)
	csrf := hex.EncodeToString(b)
	s.setCookie(w, csrfCookie, csrf, 365*24*time.Hour)
	return csrf
}

// noStorePrefixes are the paths whose answers are about the signed-in
// account or other accounts: no cache, shared or the browser's, keeps them.
var noStorePrefixes = []string{"/account", "/api/v1/me", "/admin", "/api/v1/users", "/api/v1/audit"}

func noStore(path string) bool {
	for _, p := range noStorePrefixes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

// pickLang: the language cookie (set by the switcher), then the account's
// preference, then Accept-Language. Unknown values are ignored.
func (s *Server) pickLang(r *http.Request, u *accounts.User) string {
	// A page's address in one language (/fr/…) wins over the reader's
	// settings, so shared links and search results open in their language.
	if l := prefixedLang(r.Context()); l != "" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	if u != nil && i18n.Supported(u.Lang) {
		return u.Lang
	}
	return s.Catalog.Negotiate(r.Header.Get("Accept-Language"))
}

// csrfOK checks the synchronizer token of a state-changing request: the
// form field or X-CSRF-Token header must equal the CSRF cookie. Requests
// authenticated by an API token carry no cookies and need none.
func (s *Server) csrfOK(r *http.Request) bool {
	if via, _ := r.Context().Value(viaTokenKey).(bool); via {
		return true
	}
	want, _ := r.Context().Value(csrfKey).(string)
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value != want {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf_token")
	}
	return got != "" && constantTimeEqual(got, want)
}

func (s *Server) crossOriginCheck(next http.Handler) http.Handler {
	return s.crossOrigin.Handler(next)
}

// clientIP is the address rate limits and the audit log see. Behind a
// trusted proxy it is the last X-Forwarded-For entry, the one the proxy
// appended: the entries before it come from the client, which could put a
// new address there on every request and escape the per-address limits.
func (s *Server) clientIP(r *http.Request) string {
	if s.Config.TrustProxy {
		values := r.Header.Values("X-Forwarded-For")
		if len(values) > 0 {
			hops := strings.Split(values[len(values)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); last != "" {
				return last
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limitBody caps a request's body so an oversized one fails cleanly: the
// server's limit, or the route's own (uploads).
func (s *Server) limitBody(w http.ResponseWriter, r *http.Request, limit int64) bool {
	if limit == 0 {
		limit = s.Config.MaxBodyBytes
	}
	if r.ContentLength > limit {
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	return true
}

// securityHeaders: no inline scripts, no framing, no sniffing; HTTPS only
// (HSTS) when the public address is https; account answers never cached.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.secureCookies() {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if noStore(r.URL.Path) {
			h.Set("Cache-Control", "no-store")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status  int
	bytes   int
	pattern string // the matched route, set by guard
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id, logs it, counts it and recovers panics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-ID")
		if id == "" || len(id) > 64 {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-ID", id)
		sw := &statusWriter{ResponseWriter: w}
		ctx := context.WithValue(r.Context(), requestIDKey, id)
		r = r.WithContext(ctx)
		defer func() {
			if p := recover(); p != nil {
				s.Logger.Error("panic", "request_id", id, "panic", fmt.Sprint(p))
				if sw.status == 0 {
					s.fail(sw, r, isAPI(r.URL.Path), fmt.Errorf("panic: %v", p))
				}
			}
			pattern := sw.pattern
			if pattern == "" {
				pattern = "unmatched"
			}
			d := time.Since(start)
			s.metricSet.observe(pattern, sw.status, d)
			s.Logger.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.bytes, "duration_ms", d.Milliseconds(), "ip", s.clientIP(r))
		}()
		next.ServeHTTP(sw, r)
	})
}

// fail answers an error: a problem-details document for the API, a page
// for people. Internal errors are logged and shown without detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, api bool, err error) {
	if sw, ok := w.(*statusWriter); ok && sw.status != 0 {
		// The answer was already under way (a reader who went away mid
		// download, most often): there is no status left to change.
		s.Logger.Warn("response cut short", "request_id", requestIDFrom(r.Context()), "status", sw.status, "bytes", sw.bytes, "err", err)
		return
	}
	status := statusOf(err)
	lang := LangFrom(r.Context())
	e, ok := errs.As(err)
	detail := s.Catalog.T(lang, "error.internal")
	var fields map[string]string
	if status == http.StatusInternalServerError || !ok {
		s.Logger.Error("internal error", "request_id", requestIDFrom(r.Context()), "err", err)
	} else {
		detail = s.Catalog.T(lang, e.Message)
		fields = map[string]string{}
		for k, v := range e.Fields {
			fields[k] = s.Catalog.T(lang, v)
		}
	}
	if api {
		writeProblem(w, r, status, detail, fields)
		return
	}
	w.WriteHeader(status)
	s.render(w, r, "error", pageData{Title: statusTitleKey(status), Data: map[string]any{"Status": status, "Detail": detail, "Fields": fields}})
}

// statusTitleKey is the catalog key of an HTTP status's title.
func statusTitleKey(status int) string { return "status_title." + strconv.Itoa(status) }

// kindStatus is the HTTP status of each error kind.
var kindStatus = map[errs.Kind]int{
	errs.Invalid:            http.StatusUnprocessableEntity,
	errs.NotFound:           http.StatusNotFound,
	errs.Conflict:           http.StatusConflict,
	errs.Unauthorized:       http.StatusUnauthorized,
	errs.Forbidden:          http.StatusForbidden,
	errs.TooMany:            http.StatusTooManyRequests,
	errs.TooLarge:           http.StatusRequestEntityTooLarge,
	errs.PreconditionFailed: http.StatusPreconditionFailed,
}

func statusOf(err error) int {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return http.StatusRequestEntityTooLarge
	}
	if status, ok := kindStatus[errs.KindOf(err)]; ok {
		return status
	}
	return http.StatusInternalServerError
}

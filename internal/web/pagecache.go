package web

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"corridor/internal/audit"
)

// The public's pages are the same for every anonymous reader in a
// language, so the heavy ones (a country's charts and tables) are
// rendered once per content version and served from memory after that.
// The version (audit.ContentVersion) moves with every audited write, in
// the write's own transaction, so a page is never served after the data
// it shows has changed — in this process or any other sharing the
// database. The one thing personal to an anonymous page, its CSRF token,
// is rendered as a placeholder and filled in for each reader.

const (
	// pageCacheBytes bounds the memory the cache holds; the least
	// recently used pages go first.
	pageCacheBytes = 64 << 20
	// pageCacheMaxPage is the largest page kept.
	pageCacheMaxPage = 4 << 20
	// pageCacheTTL bounds a page's life even when no audited write moves
	// the version (a write made outside the services).
	pageCacheTTL = 10 * time.Minute
)

// csrfPlaceholder stands for the reader's CSRF token in a cached page.
const csrfPlaceholder = "00000000csrf-placeholder00000000"

type cachedPage struct {
	key      string
	version  int64
	stored   time.Time
	header   http.Header
	parts    [][]byte // the page cut where the reader's token goes
	size     int
	bodyHash string
}

type pageCache struct {
	mu       sync.Mutex
	patterns map[string]bool // "GET /data/countries/{code}"
	entries  map[string]*list.Element
	lru      *list.List
	bytes    int
}

func newPageCache() *pageCache {
	return &pageCache{patterns: map[string]bool{}, entries: map[string]*list.Element{}, lru: list.New()}
}

// CachePages marks public pages (method and pattern, as in Route) whose
// rendering for anonymous readers may be cached.
func (s *Server) CachePages(patterns ...string) {
	for _, p := range patterns {
		s.pageCache.patterns[p] = true
	}
}

func (c *pageCache) get(key string, version int64, now time.Time) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return nil
	}
	p := el.Value.(*cachedPage)
	if p.version != version || now.Sub(p.stored) > pageCacheTTL {
		c.remove(el)
		return nil
	}
	c.lru.MoveToFront(el)
	return p
}

func (c *pageCache) put(p *cachedPage) {
	if p.size > pageCacheMaxPage {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[p.key]; ok {
		c.remove(el)
	}
	c.entries[p.key] = c.lru.PushFront(p)
	c.bytes += p.size
	for c.bytes > pageCacheBytes {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(el *list.Element) {
	p := c.lru.Remove(el).(*cachedPage)
	delete(c.entries, p.key)
	c.bytes -= p.size
}

// cacheable says whether the cache may answer this request: a GET by an
// anonymous reader with no flash message waiting, on a marked page.
func (s *Server) cacheable(r *http.Request, pattern string) bool {
	if r.Method != http.MethodGet || !s.pageCache.patterns[pattern] || UserFrom(r.Context()) != nil {
		return false
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		return false
	}
	return true
}

// servePageCached answers from the cache, or runs the handler with the
// placeholder token and keeps a 200 answer. It reports false when the
// cache cannot be used (the version unreadable): the caller runs the
// handler as usual.
func (s *Server) servePageCached(w http.ResponseWriter, r *http.Request, handler func(http.ResponseWriter, *http.Request) error, onErr func(error)) bool {
	ctx := r.Context()
	version, err := audit.ContentVersion(ctx, s.DB)
	if err != nil {
		return false
	}
	token, _ := ctx.Value(csrfKey).(string)
	now := time.Now()
	// The day is part of the key: a page may show what holds today (a
	// treaty's status, an embargo that ends at midnight).
	key := r.URL.RequestURI() + "\x00" + LangFrom(ctx) + "\x00" + now.UTC().Format("2006-01-02")
	if p := s.pageCache.get(key, version, now); p != nil {
		s.writeCached(w, r, p, token)
		return true
	}
	rec := &pageRecorder{header: http.Header{}}
	if err := handler(rec, r.WithContext(contextWithCSRF(ctx, csrfPlaceholder))); err != nil {
		onErr(err)
		return true
	}
	body := rec.body.Bytes()
	p := &cachedPage{key: key, version: version, stored: now, header: rec.header, parts: bytes.Split(body, []byte(csrfPlaceholder)), size: len(body)}
	if (rec.status == 0 || rec.status == http.StatusOK) && rec.header.Get("Set-Cookie") == "" {
		sum := sha256.Sum256(body)
		p.bodyHash = hex.EncodeToString(sum[:8])
		s.pageCache.put(p)
		s.writeCached(w, r, p, token)
		return true
	}
	// Not a page to keep: answer it as rendered.
	copyHeader(w.Header(), rec.header)
	w.WriteHeader(rec.status)
	p.writeBody(w, token)
	return true
}

// writeCached answers with a kept page: its headers, an ETag naming the
// page and the reader's token, 304 when the reader has it already.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, p *cachedPage, token string) {
	h := w.Header()
	copyHeader(h, p.header)
	reader := sha256.Sum256([]byte(token))
	tag := `W/"p` + p.bodyHash + hex.EncodeToString(reader[:4]) + `"`
	h.Set("ETag", tag)
	h.Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, tag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(p.size+(len(p.parts)-1)*(len(token)-len(csrfPlaceholder))))
	p.writeBody(w, token)
}

// writeBody writes the page with the reader's token in its places.
func (p *cachedPage) writeBody(w http.ResponseWriter, token string) {
	for i, part := range p.parts {
		if i > 0 {
			w.Write([]byte(token))
		}
		w.Write(part)
	}
}

func contextWithCSRF(ctx context.Context, token string) context.Context {
	return context.WithValue(ctx, csrfKey, token)
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = append([]string(nil), v...)
	}
}

// pageRecorder keeps what a handler writes.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *pageRecorder) Header() http.Header { return r.header }
func (r *pageRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}
func (r *pageRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

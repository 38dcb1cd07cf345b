package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"corridor/internal/errs"
)

// Stylesheets, scripts and images are addressed with a hash of their
// content (?v=…), so browsers may keep them for a year: a new build
// changes the address of whatever changed. Pages ask for the address with
// the template function asset.

// asset is a file served under a fixed path.
type asset struct {
	body        []byte
	contentType string
	hash        string // first 12 hex digits of the SHA-256
}

// assets holds every asset served, by path: the platform's /static/ files
// (read on first use) and those the domains register with AssetHandler.
var assets sync.Map

func newAsset(name string, body []byte) *asset {
	sum := sha256.Sum256(body)
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return &asset{body: body, contentType: ct, hash: hex.EncodeToString(sum[:])[:12]}
}

// lookupAsset finds the asset at urlPath.
func lookupAsset(urlPath string) (*asset, bool) {
	if a, ok := assets.Load(urlPath); ok {
		return a.(*asset), true
	}
	rel, ok := strings.CutPrefix(urlPath, "/static/")
	if !ok {
		return nil, false
	}
	name := path.Clean("static/" + rel)
	if !strings.HasPrefix(name, "static/") {
		return nil, false
	}
	b, err := fs.ReadFile(staticFiles, name)
	if err != nil {
		return nil, false
	}
	a, _ := assets.LoadOrStore(urlPath, newAsset(name, b))
	return a.(*asset), true
}

// assetURL is urlPath with its content hash, for templates; an unknown
// path is returned as it is.
func assetURL(urlPath string) string {
	if a, ok := lookupAsset(urlPath); ok {
		return urlPath + "?v=" + a.hash
	}
	return urlPath
}

// AssetHandler registers body as the asset at urlPath (a domain's
// stylesheet) and returns the handler that serves it.
func AssetHandler(urlPath string, body []byte) func(http.ResponseWriter, *http.Request) error {
	a := newAsset(urlPath, body)
	assets.Store(urlPath, a)
	return func(w http.ResponseWriter, r *http.Request) error {
		serveAsset(w, r, a)
		return nil
	}
}

// serveAsset answers with the asset: cached for a year when asked for by
// its current hash, revalidated otherwise, 304 when unchanged.
func serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", `"`+a.hash+`"`)
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300, must-revalidate")
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" && strings.Contains(inm, `"`+a.hash+`"`) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(a.body)
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	a, ok := lookupAsset("/static/" + r.PathValue("path"))
	if !ok {
		return errs.New(errs.NotFound, "error.page_not_found")
	}
	serveAsset(w, r, a)
	return nil
}

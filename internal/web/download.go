package web

import (
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
)

// Download is an uploaded file to send back.
type Download struct {
	Name        string // the file name offered to the browser
	ContentType string // the sniffed type stored at upload, never the browser's
	ModTime     time.Time
	Body        io.ReadSeeker
}

// ServeDownload sends an uploaded file safely: PDFs inline under a CSP that
// allows no scripts, plugins, forms or frames around them, anything else as
// an attachment; never as HTML, whatever the stored type says. It answers
// Range and If-Modified-Since requests.
func ServeDownload(w http.ResponseWriter, r *http.Request, d Download) {
	ct := d.ContentType
	if ct == "" || strings.Contains(ct, "html") || strings.Contains(ct, "xml") || strings.Contains(ct, "javascript") {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("X-Content-Type-Options", "nosniff")
	disposition := "attachment"
	if ct == "application/pdf" {
		disposition = "inline"
		h.Set("Content-Security-Policy", "default-src 'none'; object-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox")
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": d.Name}))
	http.ServeContent(w, r, "", d.ModTime, d.Body)
}

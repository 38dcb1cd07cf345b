package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func serveDownload(t *testing.T, d Download, header map[string]string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("GET", "/files/1", nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	ServeDownload(rec, req, d)
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestServeDownloadShowsPDFInlineInASandbox(t *testing.T) {
	const pdf = "%PDF-1.7\n...\n%%EOF\n"
	resp, body := serveDownload(t, Download{Name: "Müller 2024.pdf", ContentType: "application/pdf", ModTime: time.Unix(1700000000, 0), Body: strings.NewReader(pdf)}, nil)
	if resp.StatusCode != 200 || body != pdf {
		t.Fatalf("%d %q", resp.StatusCode, body)
	}
	h := resp.Header
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("type %q, nosniff %q", h.Get("Content-Type"), h.Get("X-Content-Type-Options"))
	}
	if cd := h.Get("Content-Disposition"); cd != `inline; filename*=utf-8''M%C3%BCller%202024.pdf` {
		t.Errorf("disposition %q", cd)
	}
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"sandbox", "default-src 'none'", "script-src 'none'", "object-src 'none'", "frame-ancestors 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("CSP %q lacks %q", csp, d)
		}
	}
}

// Whatever type was stored, markup is never served as markup: an HTML or
// SVG file (or a stored type a bug let through) comes as a download.
func TestServeDownloadNeverServesMarkup(t *testing.T) {
	for _, ct := range []string{"text/html", "text/html; charset=utf-8", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/javascript", ""} {
		resp, _ := serveDownload(t, Download{Name: "page.html", ContentType: ct, Body: strings.NewReader("<script>alert(1)</script>")}, nil)
		h := resp.Header
		if h.Get("Content-Type") != "application/octet-stream" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment;") || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("stored %q: served as %q, %q, nosniff %q", ct, h.Get("Content-Type"), h.Get("Content-Disposition"), h.Get("X-Content-Type-Options"))
		}
	}
	// Other documents are attachments too, and a hostile name cannot add
	// a header.
	resp, _ := serveDownload(t, Download{Name: "a\r\nSet-Cookie: x=1.docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Body: strings.NewReader("PK")}, nil)
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || strings.ContainsAny(cd, "\r\n") || resp.Header.Get("Set-Cookie") != "" {
		t.Errorf("disposition %q, cookie %q", cd, resp.Header.Get("Set-Cookie"))
	}
}

func TestServeDownloadAnswersRanges(t *testing.T) {
	const content = "0123456789abcdef"
	mod := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	d := func() Download {
		return Download{Name: "r.pdf", ContentType: "application/pdf", ModTime: mod, Body: strings.NewReader(content)}
	}
	resp, body := serveDownload(t, d(), map[string]string{"Range": "bytes=10-13"})
	if resp.StatusCode != http.StatusPartialContent || body != "abcd" || resp.Header.Get("Content-Range") != "bytes 10-13/16" {
		t.Errorf("range: %d %q %q", resp.StatusCode, body, resp.Header.Get("Content-Range"))
	}
	resp, _ = serveDownload(t, d(), map[string]string{"Range": "bytes=99-"})
	if resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("range past the end: %d", resp.StatusCode)
	}
	resp, _ = serveDownload(t, d(), map[string]string{"If-Modified-Since": mod.Format(http.TimeFormat)})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", resp.StatusCode)
	}
}

package reviewweb

import (
	"bytes"
	"io"
	"net/http"
	"time"

	"corridor/internal/errs"
	"corridor/internal/web"
)

// asFields returns the field messages of an input error, to rename them.
func asFields(err error) (map[string]string, bool) {
	e, ok := errs.As(err)
	if !ok || e.Fields == nil {
		return nil, false
	}
	return e.Fields, true
}

// serveBlob sends a stored file under name with web.ServeDownload.
func (h *Handler) serveBlob(w http.ResponseWriter, r *http.Request, key, name, contentType string) error {
	rc, info, err := h.Web.Blobs.Get(r.Context(), key)
	if err != nil {
		return errs.New(errs.NotFound, "review.error.no_file")
	}
	defer rc.Close()
	body, ok := rc.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		body = bytesReader(data)
	}
	_ = info
	web.ServeDownload(w, r, web.Download{Name: name, ContentType: contentType, ModTime: time.Time{}, Body: body})
	return nil
}

func bytesReader(b []byte) io.ReadSeeker { return bytes.NewReader(b) }

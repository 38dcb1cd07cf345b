package pubweb

import (
	"io"
	"net/http"
	"time"

	"corridor/internal/publishing"
	"corridor/internal/web"
)

// download serves a file to those who may read it: an embargoed file is
// refused until its date (except to editors), a restricted one to the
// public, with 403 and a message naming why.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "publication")
	if err != nil {
		return err
	}
	fid, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, rc, err := h.Svc.OpenFile(r.Context(), id, fid, audience(r))
	if err != nil {
		return err
	}
	defer rc.Close()
	body, ok := rc.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(io.LimitReader(rc, h.Svc.MaxFileBytes+1))
		if err != nil {
			return err
		}
		body = bytesReader(b)
	}
	if f.Access != publishing.Open {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	web.ServeDownload(w, r, web.Download{Name: f.Name, ContentType: f.ContentType, ModTime: time.Unix(f.CreatedAt, 0), Body: body})
	return nil
}

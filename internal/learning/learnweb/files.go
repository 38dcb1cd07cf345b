package learnweb

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"corridor/internal/docfile"
	"corridor/internal/errs"
	"corridor/internal/learning"
	"corridor/internal/web"
)

// upload stores an image or attachment for a course's lessons: the type is
// sniffed from the content (docfile.Sniff), never taken from the browser,
// and the Markdown to paste into a lesson is shown back.
func (h *Handler) upload(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := h.Svc.Course(r.Context(), id); err != nil {
		return err
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return errs.Fields{"file": "learning.error.file_missing"}.Err()
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return errs.Fields{"file": "learning.error.file_missing"}.Err()
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload+1))
	if err != nil {
		return err
	}
	if len(data) > maxUpload {
		return errs.New(errs.TooLarge, "error.body_too_large")
	}
	name := cleanName(hdr.Filename)
	ct, err := docfile.Sniff(name, data[:min(len(data), 512)])
	if err != nil {
		return &errs.Error{Kind: errs.Invalid, Message: err.Error(), Fields: map[string]string{"file": "learning.error.file_type"}}
	}
	var rnd [12]byte
	rand.Read(rnd[:])
	key := fmt.Sprintf("learning/%d/%s", id, hex.EncodeToString(rnd[:]))
	if _, err := h.Blobs.Put(r.Context(), key, ct, bytes.NewReader(data)); err != nil {
		return err
	}
	f, err := h.Svc.AddFile(r.Context(), learning.File{CourseID: id, BlobKey: key, Name: name, ContentType: ct, Size: int64(len(data))})
	if err != nil {
		h.Blobs.Delete(r.Context(), key)
		return err
	}
	h.Web.Redirect(w, r, fmt.Sprintf("/learning/courses/%d/edit#file-%d", id, f.ID), "learning.flash.uploaded")
	return nil
}

// cleanName keeps a file name's base, letters, digits, dot, dash and
// underscore, for URLs and the download's name.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	out := b.String()
	if len(out) > 100 {
		out = out[len(out)-100:]
	}
	if out == "" || out[0] == '.' {
		out = "file" + out
	}
	return out
}

// file sends an upload to a learner of its course (or a trainer).
func (h *Handler) file(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, err := h.Svc.File(r.Context(), id)
	if err != nil || f.Name != r.PathValue("name") {
		return learning.ErrNotFound
	}
	c, err := h.Svc.Course(r.Context(), f.CourseID)
	if err != nil {
		return err
	}
	if err := h.mayStudy(r, c.Family); err != nil {
		return err
	}
	rc, _, err := h.Blobs.Get(r.Context(), f.BlobKey)
	if err != nil {
		return err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxUpload+1))
	if err != nil {
		return err
	}
	web.ServeDownload(w, r, web.Download{Name: f.Name, ContentType: f.ContentType, ModTime: time.Unix(f.CreatedAt, 0), Body: bytes.NewReader(data)})
	return nil
}

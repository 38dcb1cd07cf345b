package community

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	_ "image/png" // photos may arrive as PNG
	"io"

	"golang.org/x/image/draw"

	"corridor/internal/docfile"
	"corridor/internal/errs"
)

// Photo limits: the upload, its pixels, and the longest side kept.
const (
	MaxPhotoBytes  = 8 << 20
	MaxPhotoPixels = 40_000_000
	PhotoSide      = 480
)

// CleanPhoto checks an uploaded photo (its type sniffed from the content,
// never the browser's word; JPEG or PNG only; bounded size and pixels) and
// returns it decoded, scaled to at most PhotoSide pixels and re-encoded as
// JPEG: nothing of the original file (EXIF location, camera, author)
// survives.
func CleanPhoto(name string, b []byte) ([]byte, error) {
	bad := func(msg string) error {
		return &errs.Error{Kind: errs.Invalid, Message: "community.error.photo", Fields: map[string]string{"photo": msg}}
	}
	if len(b) > MaxPhotoBytes {
		return nil, bad("community.error.photo_large")
	}
	ct, err := docfile.Sniff(name, b[:min(len(b), 512)])
	if err != nil {
		return nil, bad(err.Error())
	}
	if ct != docfile.JPEG && ct != docfile.PNG {
		return nil, bad("community.error.photo_type")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, bad(fmt.Sprintf("%s cannot be read as an image: %v", name, err))
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		return nil, bad("community.error.photo_large")
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, bad(fmt.Sprintf("%s cannot be read as an image: %v", name, err))
	}
	w, h := cfg.Width, cfg.Height
	if w > PhotoSide || h > PhotoSide {
		if w >= h {
			w, h = PhotoSide, max(1, h*PhotoSide/w)
		} else {
			w, h = max(1, w*PhotoSide/h), PhotoSide
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Over, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// readBlob reads a stored file whole.
func (s *Service) readBlob(r io.ReadCloser, limit int64) ([]byte, error) {
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, limit))
}

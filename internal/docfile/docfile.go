// Package docfile checks, cleans and reads the documents people upload
// (papers, review copies, slides): what a file really is, whether a PDF is
// a PDF, its text for search, and a copy without its author metadata for
// anonymous review. No web, no database.
package docfile

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
)

// Media types the platform accepts for documents.
const (
	PDF       = "application/pdf"
	DOCX      = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	ODT       = "application/vnd.oasis.opendocument.text"
	CSV       = "text/csv"
	PlainText = "text/plain"
	ZIP       = "application/zip"
	XLSX      = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PNG       = "image/png"
	JPEG      = "image/jpeg"
)

// ErrEmpty is returned for a 0-byte file.
var ErrEmpty = errors.New("the file is empty")

// byExt is the media type each accepted extension claims.
var byExt = map[string]string{
	".pdf": PDF, ".docx": DOCX, ".odt": ODT, ".csv": CSV, ".txt": PlainText,
	".zip": ZIP, ".xlsx": XLSX, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG,
}

// Sniff returns the media type of an upload named name whose first bytes
// are head (512 are enough), or an error naming what is wrong: an empty
// file, an extension that is not accepted, or content that is not what the
// name claims (a ".pdf" that is not a PDF, HTML or SVG under any name).
// The result never depends on the browser's Content-Type.
func Sniff(name string, head []byte) (string, error) {
	if len(head) == 0 {
		return "", ErrEmpty
	}
	ext := strings.ToLower(path.Ext(name))
	claimed, ok := byExt[ext]
	if !ok {
		return "", fmt.Errorf("files of type %q are not accepted (accepted: PDF, DOCX, ODT, CSV, TXT, ZIP, XLSX, PNG, JPEG)", ext)
	}
	detected := http.DetectContentType(head)
	if strings.HasPrefix(detected, "text/html") || strings.HasPrefix(detected, "text/xml") || bytes.Contains(bytes.ToLower(head), []byte("<svg")) {
		return "", fmt.Errorf("%s looks like a web page or image markup, which is never accepted", name)
	}
	switch claimed {
	case PDF:
		if !bytes.HasPrefix(bytes.TrimLeft(head, "\x00\t\r\n "), []byte("%PDF-")) {
			return "", fmt.Errorf("%s is named .pdf but is not a PDF (it does not start with %%PDF-)", name)
		}
	case DOCX, ODT, ZIP, XLSX:
		if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
			return "", fmt.Errorf("%s is named %s but is not a ZIP-based document", name, ext)
		}
	case PNG, JPEG:
		if detected != claimed {
			return "", fmt.Errorf("%s is named %s but its content is %s", name, ext, detected)
		}
	case CSV, PlainText:
		if !strings.HasPrefix(detected, "text/plain") {
			return "", fmt.Errorf("%s is named %s but its content is %s", name, ext, detected)
		}
	}
	return claimed, nil
}

// CheckPDF refuses a file that is not a whole, readable PDF: wrong header,
// no end-of-file marker, or a structure the reader cannot open.
func CheckPDF(b []byte) error {
	if len(b) == 0 {
		return ErrEmpty
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		return errors.New("not a PDF: it does not start with %PDF-")
	}
	tail := b
	if len(tail) > 2048 {
		tail = tail[len(tail)-2048:]
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return errors.New("not a whole PDF: no %%EOF marker at its end (truncated?)")
	}
	return readable(b)
}

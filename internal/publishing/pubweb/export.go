package pubweb

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"corridor/internal/publishing"
	"corridor/internal/publishing/cite"
)

// citeWriter is one of cite's streaming writers.
type citeWriter interface {
	Write(*cite.Work) error
}

// startExport sets the headers of a citation file and returns its writer
// and the call that ends it.
func startExport(w http.ResponseWriter, format, name string) (citeWriter, func() error) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	switch format {
	case "bib":
		h.Set("Content-Type", "application/x-bibtex; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.bib"`)
		bw := cite.NewBibTeXWriter(w)
		return bw, bw.Flush
	case "ris":
		h.Set("Content-Type", "application/x-research-info-systems; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.ris"`)
		rw := cite.NewRISWriter(w)
		return rw, rw.Flush
	default:
		h.Set("Content-Type", "application/vnd.citationstyles.csl+json; charset=utf-8")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		cw := cite.NewCSLWriter(w)
		return cw, cw.Close
	}
}

// oneExport answers /publications/{id}/cite.bib|ris|json.
func (h *Handler) oneExport(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "publication")
		if err != nil {
			return err
		}
		p, err := h.Svc.Get(r.Context(), id, 0)
		if err != nil {
			return err
		}
		work := p.Cite(h.base(), lang(r))
		if err := work.Validate(); err != nil {
			return err
		}
		cw, end := startExport(w, format, "publication-"+strconv.FormatInt(id, 10))
		if err := cw.Write(&work); err != nil {
			return err
		}
		return end()
	}
}

// listExport answers /publications/cite.bib|ris|json?… with every
// publication the browse filters select (any page size ignored), streamed
// one entry at a time.
func (h *Handler) listExport(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := filterFrom(r.URL.Query())
		if err != nil {
			return err
		}
		var cw citeWriter
		var end func() error
		started := false
		err = h.Svc.Each(r.Context(), f, audience(r), func(p *publishing.Publication) error {
			if !started {
				cw, end = startExport(w, format, "publications")
				started = true
			}
			work := p.Cite(h.base(), lang(r))
			if err := work.Validate(); err != nil {
				return nil // a record cite cannot write is left out, not the whole list
			}
			return cw.Write(&work)
		})
		if err != nil && !started {
			return err
		}
		if err != nil {
			h.Web.Logger.Error("publications export cut short", "err", err)
			return nil
		}
		if !started {
			cw, end = startExport(w, format, "publications")
		}
		_ = cw
		return end()
	}
}

var errNoAccess = publishing.ErrNoAccess

func isNoAccess(err error) bool { return errors.Is(err, errNoAccess) }

func bytesReader(b []byte) io.ReadSeeker { return bytes.NewReader(b) }

package lawweb

// The bulk export of instruments, treaty actions and policy changes.

import (
	"net/http"
	"strings"

	"corridor/internal/errs"
	"corridor/internal/law/lawexport"
)

// export serves /law/export/{what}.{format}: instruments, actions or
// policy as json or csv.
func (h *Handler) export(w http.ResponseWriter, r *http.Request) error {
	what, format, ok := strings.Cut(r.PathValue("export"), ".")
	if !ok || lawexport.Check(what, format) != nil {
		return &errs.Error{Kind: errs.NotFound, Message: "law.error.bad_export"}
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="corridor-law-`+what+"."+format+`"`)
	return lawexport.Write(r.Context(), h.Store, w, what, format)
}

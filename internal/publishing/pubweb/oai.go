package pubweb

import (
	"context"
	"fmt"
	"net/http"

	"corridor/internal/publishing/oai"
)

// oaiHandler builds the OAI-PMH handler over the repository, its tokens
// signed with the key kept in the database.
func (h *Handler) oaiHandler(ctx context.Context) (http.Handler, error) {
	key, err := h.Svc.OAIKey(ctx)
	if err != nil {
		return nil, err
	}
	repo := h.Svc.OAI(h.Hooks.BaseURL, "Corridor publications", h.Hooks.AdminEmails)
	return oai.Handler(repo, oai.Options{Key: key, PageSize: h.Hooks.OAIPageSize, Logf: func(format string, args ...any) {
		h.Web.Logger.Error("oai repository failure", "err", fmt.Sprintf(format, args...))
	}}), nil
}

func (h *Handler) serveOAI(w http.ResponseWriter, r *http.Request) error {
	h.oai.ServeHTTP(w, r)
	return nil
}

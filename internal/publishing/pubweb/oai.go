package pubweb

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"corridor/internal/publishing/oai"
)

// oaiHandler builds the OAI-PMH handler over the repository, its tokens
// signed with the key kept in the database.
func (h *Handler) oaiHandler(ctx context.Context) (http.Handler, error) {
	key, err := h.Svc.OAIKey(ctx)
	if err != nil {
		return nil, err
	}
	repo := h.Svc.OAI(h.Hooks.BaseURL, "Corridor publications", adminEmails(h.Hooks.AdminEmails, h.Hooks.BaseURL))
	return oai.Handler(repo, oai.Options{Key: key, PageSize: h.Hooks.OAIPageSize, Logf: func(format string, args ...any) {
		h.Web.Logger.Error("oai repository failure", "err", fmt.Sprintf(format, args...))
	}}), nil
}

func (h *Handler) serveOAI(w http.ResponseWriter, r *http.Request) error {
	h.oai.ServeHTTP(w, r)
	return nil
}

// emailForm is what OAI-PMH's schema accepts as an adminEmail.
var emailForm = regexp.MustCompile(`^\S+@(\S+\.)+\S+$`)

// adminEmails keeps the addresses the schema accepts; with none left
// (a development setup mailing from corridor@localhost) it names the
// repository at its host, so that Identify stays valid.
func adminEmails(in []string, base string) []string {
	var out []string
	for _, e := range in {
		if emailForm.MatchString(e) {
			out = append(out, e)
		}
	}
	if len(out) > 0 {
		return out
	}
	host := "localhost"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if !strings.Contains(host, ".") {
		host += ".invalid"
	}
	return []string{"repository@" + host}
}

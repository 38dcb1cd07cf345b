package app

import (
	"corridor/internal/publishing/pubweb"
)

// publishingOAIPageSize is the records per OAI-PMH list response: small
// enough that the demo's sample series already spans several pages.
const publishingOAIPageSize = 25

// mountPublishing mounts the research publishing repository: its pages,
// API, OAI-PMH at /oai and the PDF text job.
func mountPublishing(a *App) error {
	_, err := pubweb.Mount(a.Publishing, a.Web, a.Jobs, pubweb.Hooks{
		Links:       a.Links,
		BaseURL:     a.Config.BaseURL,
		OAIPageSize: publishingOAIPageSize,
		AdminEmails: []string{a.Config.MailFrom},
	})
	return err
}

// Package credweb serves the credentials domain: the public verification
// of a certificate by its code (page, JSON, the Open Badges credential and
// its VC-JWT), the issuer's JWK Set, a learner's certificates with their
// PDF, and the JSON API for programmes, issuing and revoking.
//
// verify.go holds the public pages, mine.go the learner's, api.go the API.
package credweb

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets/credentials.css
var credentialsCSS []byte

// Limiter counts a verification lookup against a client address
// (accounts.Service.Take).
type Limiter interface {
	Take(ctx context.Context, l accounts.Limit, subject string) error
}

// VerifyPerAddress bounds lookups of certificate codes from one address:
// plenty for people and checkers, too few to walk the code space.
var VerifyPerAddress = accounts.Limit{Name: "verify-address", Max: 120, Window: time.Minute, Message: "error.too_many_requests"}

// Hooks is what the domain needs from the app.
type Hooks struct {
	BaseURL string
	Limiter Limiter
	// Learners finds an account by e-mail address for the issue API.
	Learners interface {
		ByEmail(ctx context.Context, email string) (*accounts.User, error)
	}
	// Choices lists the courses and training sessions the programme form
	// offers.
	Choices Choices
}

// Handler serves the credentials pages and API.
type Handler struct {
	Web   *web.Server
	Svc   *credentials.Service
	Hooks Hooks
}

// Mount adds the templates and routes.
func Mount(srv *web.Server, svc *credentials.Service, hooks Hooks) (*Handler, error) {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil, err
	}
	if err := srv.AddTemplates(sub); err != nil {
		return nil, err
	}
	h := &Handler{Web: srv, Svc: svc, Hooks: hooks}
	srv.AddRoutes(h.Routes()...)
	return h, nil
}

// Routes are the credentials routes with their permissions.
func (h *Handler) Routes() []web.Route {
	pub, in, teach := accounts.PermPublic, accounts.PermSignedIn, accounts.PermTeach
	return []web.Route{
		{Method: "GET", Pattern: "/credentials/assets/credentials.css", Perm: pub, Handler: web.AssetHandler("/credentials/assets/credentials.css", credentialsCSS)},
		{Method: "GET", Pattern: "/verify", Perm: pub, Handler: h.verifyForm},
		{Method: "GET", Pattern: "/verify/{cert}", Perm: pub, Handler: h.verify},
		{Method: "GET", Pattern: "/verify/{cert}/credential.json", Perm: pub, Handler: h.credentialJSON, API: true},
		{Method: "GET", Pattern: "/verify/{cert}/credential.jwt", Perm: pub, Handler: h.credentialJWT, API: true},
		{Method: "GET", Pattern: "/.well-known/jwks.json", Perm: pub, Handler: h.jwks, API: true},
		{Method: "GET", Pattern: "/certificates", Perm: in, Handler: h.mine},
		{Method: "GET", Pattern: "/certificates/{cert}/pdf", Perm: in, Handler: h.pdf},
		{Method: "POST", Pattern: "/certificates/{cert}/revoke", Perm: teach, Handler: h.revoke},
		{Method: "GET", Pattern: "/programmes", Perm: teach, Handler: h.programmes},
		{Method: "GET", Pattern: "/programmes/new", Perm: teach, Handler: h.newProgramme},
		{Method: "POST", Pattern: "/programmes", Perm: teach, Handler: h.createProgramme},
		{Method: "GET", Pattern: "/programmes/{programme}", Perm: teach, Handler: h.editProgramme},
		{Method: "POST", Pattern: "/programmes/{programme}", Perm: teach, Handler: h.updateProgramme},
		{Method: "POST", Pattern: "/programmes/{programme}/issue", Perm: teach, Handler: h.issueProgramme},

		{Method: "GET", Pattern: "/api/v1/programmes", Perm: pub, Handler: h.apiProgrammes, API: true},
		{Method: "GET", Pattern: "/api/v1/programmes/{programme}", Perm: pub, Handler: h.apiProgramme, API: true},
		{Method: "POST", Pattern: "/api/v1/programmes", Perm: teach, Handler: h.apiCreateProgramme, API: true},
		{Method: "POST", Pattern: "/api/v1/certificates", Perm: teach, Handler: h.apiIssue, API: true},
		{Method: "GET", Pattern: "/api/v1/certificates/{cert}", Perm: pub, Handler: h.apiCertificate, API: true},
		{Method: "POST", Pattern: "/api/v1/certificates/{cert}/revoke", Perm: teach, Handler: h.apiRevoke, API: true},
	}
}

func canTeach(r *http.Request) bool {
	u := web.UserFrom(r.Context())
	return u != nil && accounts.Can(u.Role, accounts.PermTeach)
}

func userID(r *http.Request) int64 {
	if u := web.UserFrom(r.Context()); u != nil {
		return u.ID
	}
	return 0
}

// verifyURL is the public address of a certificate, the one its QR holds.
func (h *Handler) verifyURL(code string) string {
	return strings.TrimRight(h.Hooks.BaseURL, "/") + "/verify/" + code
}

// lookup reads a certificate for a public request, counting the lookup
// against the client's address first.
func (h *Handler) lookup(r *http.Request, code string) (credentials.Certificate, error) {
	if h.Hooks.Limiter != nil {
		if err := h.Hooks.Limiter.Take(r.Context(), VerifyPerAddress, h.Web.ClientIP(r)); err != nil {
			return credentials.Certificate{}, err
		}
	}
	return h.Svc.ByCode(r.Context(), code)
}

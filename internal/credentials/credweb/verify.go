package credweb

import (
	"errors"
	"net/http"
	"strings"

	"corridor/internal/credentials"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// Verification answers, documented in docs/credentials.md: an unknown or
// mistyped code is 404 everywhere; a revoked certificate's page is 200
// (it shows "revoked" and the reason) while its JSON and its credential
// are 410 Gone; an expired one is 200 with status "expired".

// Verification is what the public learns of a certificate.
type Verification struct {
	Code      string `json:"code"`
	Status    string `json:"status"` // valid, expired, revoked
	Learner   string `json:"learner"`
	Programme string `json:"programme"` // the title issued, the record
	// ProgrammeTitle is the programme's title in the reader's language
	// where it has one, else the title issued.
	ProgrammeTitle string `json:"programme_title"`
	ProgrammeID    int64  `json:"programme_id"`
	Issuer         string `json:"issuer"`
	CompletedAt    int64  `json:"completed_at"`
	IssuedAt       int64  `json:"issued_at"`
	ExpiresAt      int64  `json:"expires_at,omitempty"`
	RevokedAt      int64  `json:"revoked_at,omitempty"`
	RevokeReason   string `json:"revoke_reason,omitempty"`
	URL            string `json:"url"`
	Credential     string `json:"credential"`
	CredentialJWT  string `json:"credential_jwt"`
	CanRevoke      bool   `json:"-"`
}

func (h *Handler) verification(r *http.Request, c credentials.Certificate) Verification {
	u := h.verifyURL(c.Code)
	return Verification{Code: c.Code, Status: c.StatusAt(h.Svc.Now().Unix()), Learner: c.LearnerName, Programme: c.ProgrammeTitle,
		ProgrammeTitle: h.Svc.TitleIn(r.Context(), c, web.LangFrom(r.Context())),
		ProgrammeID:    c.ProgrammeID, Issuer: h.Svc.Issuer, CompletedAt: c.CompletedAt, IssuedAt: c.IssuedAt, ExpiresAt: c.ExpiresAt,
		RevokedAt: c.RevokedAt, RevokeReason: c.RevokeReason, URL: u, Credential: u + "/credential.json", CredentialJWT: u + "/credential.jwt",
		CanRevoke: canTeach(r) && c.RevokedAt == 0}
}

type verifyData struct {
	V     *Verification
	Typed string
}

// verifyForm is where a code read from paper is typed.
func (h *Handler) verifyForm(w http.ResponseWriter, r *http.Request) error {
	if typed := strings.TrimSpace(r.URL.Query().Get("code")); typed != "" {
		if code := credentials.NormalizeCode(typed); code != "" {
			h.Web.Redirect(w, r, "/verify/"+code, "")
			return nil
		}
		w.WriteHeader(http.StatusNotFound)
		h.Web.Render(w, r, "credentials_verify", web.Page{Title: "credentials.verify.title", Data: verifyData{Typed: typed}})
		return nil
	}
	h.Web.Render(w, r, "credentials_verify", web.Page{Title: "credentials.verify.title", Data: verifyData{}})
	return nil
}

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func (h *Handler) verify(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("cert")
	asJSON := wantsJSON(r)
	if c, ok := strings.CutSuffix(code, ".json"); ok {
		code, asJSON = c, true
	}
	c, err := h.lookup(r, code)
	if asJSON {
		if err != nil {
			return problemOf(w, err)
		}
		v := h.verification(r, c)
		status := http.StatusOK
		if v.Status == credentials.Revoked {
			status = http.StatusGone
		}
		w.Header().Set("Vary", "Accept")
		return web.WriteJSON(w, status, v)
	}
	if errors.Is(err, credentials.ErrNotFound) {
		w.WriteHeader(http.StatusNotFound)
		h.Web.Render(w, r, "credentials_verify", web.Page{Title: "credentials.verify.title", Data: verifyData{Typed: code}})
		return nil
	}
	if err != nil {
		return err
	}
	v := h.verification(r, c)
	w.Header().Set("Vary", "Accept")
	h.Web.Render(w, r, "credentials_verify", web.Page{Title: "credentials.verify.title", Data: verifyData{V: &v}})
	return nil
}

// problemOf answers a lookup's failure as problem details: this route
// serves pages too, so the server's own JSON errors do not apply.
func problemOf(w http.ResponseWriter, err error) error {
	e, ok := errs.As(err)
	if !ok {
		return err
	}
	status := map[errs.Kind]int{errs.NotFound: http.StatusNotFound, errs.TooMany: http.StatusTooManyRequests}[e.Kind]
	if status == 0 {
		return err
	}
	w.Header().Set("Content-Type", "application/problem+json")
	return web.WriteJSON(w, status, map[string]any{"type": "about:blank", "title": http.StatusText(status), "status": status, "detail": e.Message})
}

// gone answers a revoked certificate's credential with 410 problem details.
func gone(w http.ResponseWriter, c credentials.Certificate) error {
	w.Header().Set("Content-Type", "application/problem+json")
	return web.WriteJSON(w, http.StatusGone, map[string]any{"type": "about:blank", "title": "Gone", "status": http.StatusGone,
		"detail": "certificate " + c.Code + " was revoked: " + c.RevokeReason})
}

func (h *Handler) credential(r *http.Request) (credentials.Certificate, map[string]any, error) {
	c, err := h.lookup(r, r.PathValue("cert"))
	if err != nil {
		return c, nil, err
	}
	if c.RevokedAt != 0 {
		return c, nil, nil
	}
	cred, err := h.Svc.Badge(r.Context(), c, h.Hooks.BaseURL)
	return c, cred, err
}

func (h *Handler) credentialJSON(w http.ResponseWriter, r *http.Request) error {
	c, cred, err := h.credential(r)
	if err != nil {
		return err
	}
	if cred == nil {
		return gone(w, c)
	}
	w.Header().Set("Content-Disposition", `inline; filename="`+c.Code+`.json"`)
	return web.WriteJSON(w, http.StatusOK, cred)
}

func (h *Handler) credentialJWT(w http.ResponseWriter, r *http.Request) error {
	c, cred, err := h.credential(r)
	if err != nil {
		return err
	}
	if cred == nil {
		return gone(w, c)
	}
	jwt, err := h.Svc.SignJWT(r.Context(), cred)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vc+jwt")
	w.Header().Set("Content-Disposition", `attachment; filename="`+c.Code+`.jwt"`)
	_, err = w.Write([]byte(jwt))
	return err
}

func (h *Handler) jwks(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Svc.ActiveKey(r.Context()); err != nil {
		return err
	}
	keys, err := h.Svc.JWKS(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	return web.WriteJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

package credweb

import (
	"errors"
	"net/http"
	"strings"

	"corridor/internal/credentials"
	"corridor/internal/errs"
	"corridor/internal/web"
)

func (h *Handler) apiProgrammes(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Programmes(r.Context(), web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, ps)
}

func (h *Handler) apiProgramme(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathInt(r, "programme")
	if err != nil || id <= 0 {
		return credentials.ErrNotFound
	}
	p, err := h.Svc.Programme(r.Context(), id, web.LangFrom(r.Context()))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, p)
}

type programmeIn struct {
	Titles         map[string]string `json:"titles"`
	Descriptions   map[string]string `json:"descriptions"`
	Items          []string          `json:"items"`
	Rule           string            `json:"rule"`
	RuleN          int               `json:"rule_n"`
	MinGrade       float64           `json:"min_grade"`
	PeriodFrom     int64             `json:"period_from"`
	PeriodTo       int64             `json:"period_to"`
	ValidityMonths int               `json:"validity_months"`
	Auto           *bool             `json:"auto"`
}

func (h *Handler) apiCreateProgramme(w http.ResponseWriter, r *http.Request) error {
	var in programmeIn
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.Items) > 200 {
		return errs.Fields{"items": "credentials.error.too_many_items"}.Err()
	}
	p, err := h.Svc.CreateProgramme(r.Context(), credentials.Programme{Titles: in.Titles, Descriptions: in.Descriptions, Items: in.Items,
		Rule: in.Rule, RuleN: in.RuleN, MinGrade: in.MinGrade, PeriodFrom: in.PeriodFrom, PeriodTo: in.PeriodTo,
		ValidityMonths: in.ValidityMonths, Auto: in.Auto == nil || *in.Auto}, userID(r))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, p)
}

// apiIssue issues a certificate by hand: {"learner":"EMAIL","programme":ID}.
func (h *Handler) apiIssue(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Learner   string `json:"learner"`
		Programme int64  `json:"programme"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	bad := errs.Fields{}
	email := strings.TrimSpace(in.Learner)
	if email == "" {
		bad.Add("learner", "credentials.error.no_learner")
	}
	if in.Programme <= 0 {
		bad.Add("programme", "credentials.error.no_programme")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	c, err := h.issueTo(r, email, in.Programme)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, h.verification(r, c))
}

// issueTo issues a certificate of a programme by hand to the account with
// an e-mail address; an unknown address or programme is a field error.
func (h *Handler) issueTo(r *http.Request, email string, programme int64) (credentials.Certificate, error) {
	u, err := h.Hooks.Learners.ByEmail(r.Context(), email)
	if err != nil || u == nil {
		var e *errs.Error
		if err == nil || (errors.As(err, &e) && e.Kind == errs.NotFound) {
			return credentials.Certificate{}, errs.Fields{"learner": "credentials.error.no_learner"}.Err()
		}
		return credentials.Certificate{}, err
	}
	if _, err := h.Svc.Programme(r.Context(), programme, "en"); errors.Is(err, credentials.ErrNotFound) {
		return credentials.Certificate{}, errs.Fields{"programme": "credentials.error.no_programme"}.Err()
	}
	return h.Svc.IssueManual(r.Context(), programme, u.ID)
}

func (h *Handler) apiCertificate(w http.ResponseWriter, r *http.Request) error {
	c, err := h.lookup(r, r.PathValue("cert"))
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, h.verification(r, c))
}

func (h *Handler) apiRevoke(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	c, err := h.Svc.Revoke(r.Context(), r.PathValue("cert"), in.Reason)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusOK, h.verification(r, c))
}

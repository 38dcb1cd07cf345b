package commweb

import (
	"net/http"
	"strconv"

	"corridor/internal/community"
	"corridor/internal/web"
)

// partnerView is a partner with its country's name in the reader's
// language and its agreements with their state as of today.
type partnerView struct {
	community.Partner
	CountryName string
	Agreements  []agreementView
}

type agreementView struct {
	community.Agreement
	Status string
}

func (h *Handler) partners(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.Svc.Partners(r.Context())
	if err != nil {
		return err
	}
	agreements, err := h.Svc.Agreements(r.Context())
	if err != nil {
		return err
	}
	today := h.Svc.Now().Format("2006-01-02")
	var views []partnerView
	for _, p := range ps {
		v := partnerView{Partner: p}
		if p.Country != "" {
			v.CountryName = countryViews([]string{p.Country}, lang(r))[0].Name
		}
		for _, a := range agreements[p.ID] {
			v.Agreements = append(v.Agreements, agreementView{Agreement: a, Status: a.Status(today)})
		}
		views = append(views, v)
	}
	h.Web.Render(w, r, "comm_partners", web.Page{Title: "community.partners.title", Data: map[string]any{"Partners": views, "CanEdit": canEdit(r)}})
	return nil
}

var agreementFields = []string{"title", "kind", "signed", "from", "until", "note"}

type agreementFormData struct {
	Partner community.Partner
	Kinds   []string
}

func (h *Handler) agreementPartner(r *http.Request) (community.Partner, error) {
	id, err := pathID(r, "partner")
	if err != nil {
		return community.Partner{}, err
	}
	return h.Svc.Partner(r.Context(), id)
}

func (h *Handler) newAgreementForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.agreementPartner(r)
	if err != nil {
		return err
	}
	h.Web.Render(w, r, "comm_agreement_form", web.Page{Title: "community.agreement.new", Form: web.NewForm(), Data: agreementFormData{Partner: p, Kinds: community.AgreementKinds}})
	return nil
}

func (h *Handler) createAgreement(w http.ResponseWriter, r *http.Request) error {
	p, err := h.agreementPartner(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(r); err != nil {
		return err
	}
	f := web.FormFrom(r, agreementFields...)
	_, err = h.Svc.AddAgreement(r.Context(), community.Agreement{PartnerID: p.ID, Title: f.Value("title"), Kind: f.Value("kind"),
		Signed: f.Value("signed"), From: f.Value("from"), Until: f.Value("until"), Note: f.Value("note")})
	if err != nil {
		return h.formFail(w, r, "comm_agreement_form", "community.agreement.new", f, agreementFormData{Partner: p, Kinds: community.AgreementKinds}, err)
	}
	h.Web.Redirect(w, r, "/partners#partner-"+strconv.FormatInt(p.ID, 10), "community.flash.saved")
	return nil
}

func (h *Handler) deleteAgreement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "agreement")
	if err != nil {
		return err
	}
	if err := h.Svc.DeleteAgreement(r.Context(), id); err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/partners", "community.flash.agreement_deleted")
	return nil
}

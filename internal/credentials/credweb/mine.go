package credweb

import (
	"bytes"
	"net/http"
	"time"

	"corridor/internal/credentials"
	"corridor/internal/web"
)

type mineData struct {
	Certificates []Verification
}

// mine lists the signed-in learner's certificates with their downloads.
func (h *Handler) mine(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.Svc.ForUser(r.Context(), userID(r))
	if err != nil {
		return err
	}
	d := mineData{}
	for _, c := range cs {
		d.Certificates = append(d.Certificates, h.verification(r, c))
	}
	h.Web.Render(w, r, "credentials_mine", web.Page{Title: "credentials.mine.title", Data: d})
	return nil
}

// pdf sends a certificate's PDF to its learner, or to a trainer.
func (h *Handler) pdf(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.ByCode(r.Context(), r.PathValue("cert"))
	if err != nil {
		return err
	}
	if c.UserID != userID(r) && !canTeach(r) {
		return credentials.ErrNotFound
	}
	// The PDF names the programme in the reader's language; the code and
	// the verification page keep the title issued.
	shown := c
	shown.ProgrammeTitle = h.Svc.TitleIn(r.Context(), c, web.LangFrom(r.Context()))
	b, err := h.Svc.PDF(shown, h.verifyURL(c.Code), h.pdfText(r))
	if err != nil {
		return err
	}
	web.ServeDownload(w, r, web.Download{Name: "certificate-" + c.Code + ".pdf", ContentType: "application/pdf",
		ModTime: time.Unix(c.IssuedAt, 0), Body: bytes.NewReader(b)})
	return nil
}

// pdfText is the certificate's wording in the request's language.
func (h *Handler) pdfText(r *http.Request) credentials.PDFText {
	t := func(k string) string { return h.Web.T(r, "credentials.pdf."+k) }
	return credentials.PDFText{Heading: t("heading"), Certifies: t("certifies"), Completed: t("completed"), Issued: t("issued"),
		Expires: t("expires"), Code: t("code"), Verify: t("verify"), DateFmt: t("date_format")}
}

// revoke is the trainers' form on the verification page.
func (h *Handler) revoke(w http.ResponseWriter, r *http.Request) error {
	c, err := h.Svc.Revoke(r.Context(), r.PathValue("cert"), r.PostFormValue("reason"))
	if err != nil {
		return err
	}
	h.Web.Redirect(w, r, "/verify/"+c.Code, "credentials.flash.revoked")
	return nil
}

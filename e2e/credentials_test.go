package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
)

// A learner holding a certificate finds it under "My certificates"; an
// anonymous visitor opens the verification address printed beside the
// certificate's QR code (read back from the PDF) and sees it valid; a
// trainer revokes it on that page, and the visitor then sees it revoked
// with the reason. Screenshots at 1366 and 390 px wide.
func TestCertificateVerification(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		a := b.site.app
		p, err := a.Credentials.CreateProgramme(ctx, credentials.Programme{Titles: map[string]string{"en": "Certificate in Migration Management", "fr": "Certificat en gestion des migrations"},
			Items: []string{"learning:course:1"}, ValidityMonths: 36}, 0)
		if err != nil {
			t.Fatal(err)
		}
		u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "minh@corridor.test", Name: "Nguyễn Thị Minh Khai", Password: "corridor-demo-learner", Role: accounts.RoleMember}, accounts.StatusActive)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := a.Credentials.IssueManual(ctx, p.ID, u.ID)
		if err != nil {
			t.Fatal(err)
		}

		b.viewport(1366, 900)
		b.expectStatus("log in", b.login("minh@corridor.test", "corridor-demo-learner"), 200)
		b.expectStatus("my certificates", b.open("/certificates"), 200)
		b.expect("programme", b.text("main section h2"), "Certificate in Migration Management")
		b.shot("credentials-mine-en-1366.png")
		b.logout()

		// The address the QR code holds, as the PDF prints it beside the code.
		verifyURL := a.Config.BaseURL + "/verify/" + cert.Code
		pdf, err := a.Credentials.PDF(cert, verifyURL, credentials.EnglishPDFText)
		if err != nil {
			t.Fatal(err)
		}
		printed := pdfURL(t, pdf)
		if printed != verifyURL {
			t.Fatalf("the PDF prints %q, want %q", printed, verifyURL)
		}
		u2, _ := url.Parse(printed)
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.expectStatus("verify", b.open(u2.Path), 200)
			b.expect("status", b.text("#cred-status"), "Valid")
			b.expect("learner", b.text("#cred-learner"), "Nguyễn Thị Minh Khai")
			b.shot("credentials-verify-valid-" + itoa(w) + ".png")
		}
		b.viewport(1366, 900)
		b.expectStatus("forged", b.open("/verify/ZZZZ-ZZZZ-ZZZZ"), 404)
		b.shot("credentials-verify-unknown-1366.png")

		b.expectStatus("trainer logs in", b.login("trainer@corridor.test", "corridor-demo-trainer"), 200)
		b.expectStatus("verify as trainer", b.open(u2.Path), 200)
		b.typeInto("#reason", "Issued to the wrong cohort")
		b.expectStatus("revoke", b.click("#revoke"), 200)
		b.logout()
		for _, w := range []int64{1366, 390} {
			b.viewport(w, 900)
			b.expectStatus("verify revoked", b.open(u2.Path), 200)
			b.expect("status", b.text("#cred-status"), "Revoked")
			b.expect("reason", b.text("#cred-reason"), "This certificate was revoked: Issued to the wrong cohort")
			b.shot("credentials-verify-revoked-" + itoa(w) + ".png")
		}
		for _, lang := range []string{"fr", "es"} {
			b.viewport(390, 900)
			b.expectStatus("switch to "+lang, b.click(fmt.Sprintf(selLangButtonFmt, lang)), 200)
			b.expect("status in "+lang, b.text("#cred-status"), learnMsg(lang, "credentials.status.revoked"))
			b.shot("credentials-verify-revoked-" + lang + "-390.png")
		}
	})
}

func itoa(n int64) string { return map[int64]string{1366: "1366", 390: "390"}[n] }

// pdfURL reads the verification address printed on a certificate with
// poppler's pdftotext.
func pdfURL(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	path := filepath.Join(t.TempDir(), "certificate.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`https?://\S+/verify/[0-9A-Z-]+`).FindString(string(out))
	if m == "" {
		t.Fatalf("no verification address in the PDF's text:\n%s", out)
	}
	return m
}

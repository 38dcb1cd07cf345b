package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"corridor/internal/accounts"
	"corridor/internal/credentials"
	"corridor/internal/credentials/credweb"
	"corridor/internal/db"
	"corridor/internal/db/dbtest"
	"corridor/internal/web/webtest"

	"github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ob3Schema compiles the vendored 1EdTech Open Badges 3.0
// AchievementCredential schema (JSON Schema 2019-09), offline.
func ob3Schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../credentials/testdata/ob3/achievementcredential.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const id = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json"
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestOpenBadgeCredential: the credential validates against the 1EdTech
// schema, its VC-JWT verifies with go-jose against the key fetched from
// /.well-known/jwks.json over HTTP, the JWS payload is that credential,
// and after a key rotation the old JWT still verifies under its kid.
func TestOpenBadgeCredential(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) { testOpenBadgeCredential(t, engine) })
	}
}

func issueFixture(t *testing.T, a *testApp) credentials.Certificate {
	t.Helper()
	ctx := context.Background()
	p, err := a.Credentials.CreateProgramme(ctx, credentials.Programme{Titles: map[string]string{"en": "Migration law", "es": "Derecho migratorio"},
		Descriptions: map[string]string{"en": "International migration law for policy-makers."}, Items: []string{"learning:course:1"}, ValidityMonths: 24}, 0)
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.Accounts.Create(ctx, accounts.NewUser{Email: "nunez@corridor.test", Name: "María Ñúñez Müller", Password: "a-long-password-1", Role: accounts.RoleMember}, accounts.StatusActive)
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Credentials.IssueManual(ctx, p.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testOpenBadgeCredential(t *testing.T, engine db.Engine) {
	a := openTestApp(t, engine)
	cert := issueFixture(t, a)
	anon := webtest.NewClient(t, a.URL)
	resp, body := anon.Get("/verify/" + cert.Code + "/credential.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("credential.json: %d %s", resp.StatusCode, body)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	schema := ob3Schema(t)
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("the credential does not validate against the OB 3.0 schema: %v\n%s", err, body)
	}
	// The schema must reject what is not a credential, or the check above proves nothing.
	broken := strings.Replace(body, `"OpenBadgeCredential"`, `"SomethingElse"`, 1)
	if bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(broken)); schema.Validate(bad) == nil {
		t.Fatal("the schema accepted a credential without the OpenBadgeCredential type")
	}

	verify := func(jwt string) (string, []byte) {
		t.Helper()
		_, jwksBody := anon.Get("/.well-known/jwks.json")
		var set jose.JSONWebKeySet
		if err := json.Unmarshal([]byte(jwksBody), &set); err != nil {
			t.Fatalf("jwks: %v %s", err, jwksBody)
		}
		jws, err := jose.ParseSigned(jwt, []jose.SignatureAlgorithm{jose.EdDSA})
		if err != nil {
			t.Fatal(err)
		}
		kid := jws.Signatures[0].Header.KeyID
		keys := set.Key(kid)
		if len(keys) != 1 {
			t.Fatalf("kid %q is not in the JWK Set %s", kid, jwksBody)
		}
		payload, err := jws.Verify(keys[0])
		if err != nil {
			t.Fatalf("signature does not verify: %v", err)
		}
		return kid, payload
	}
	resp, jwt := anon.Get("/verify/" + cert.Code + "/credential.jwt")
	if resp.StatusCode != http.StatusOK || strings.Count(jwt, ".") != 2 {
		t.Fatalf("credential.jwt: %d %q", resp.StatusCode, jwt)
	}
	kid1, payload := verify(jwt)
	var fromJWT, fromJSON map[string]any
	json.Unmarshal(payload, &fromJWT)
	json.Unmarshal([]byte(body), &fromJSON)
	if fmt.Sprint(fromJWT) != fmt.Sprint(fromJSON) {
		t.Errorf("JWS payload differs from credential.json:\n%s\n%s", payload, body)
	}
	subject := fromJSON["credentialSubject"].(map[string]any)
	if subject["name"] != "María Ñúñez Müller" || fromJSON["id"] != a.Config.BaseURL+"/verify/"+cert.Code {
		t.Errorf("credential names %v, id %v", subject["name"], fromJSON["id"])
	}
	tampered := strings.Split(jwt, ".")
	tampered[1] = strings.TrimRight(tampered[1], "A") + "B"
	if jws, err := jose.ParseSigned(strings.Join(tampered, "."), []jose.SignatureAlgorithm{jose.EdDSA}); err == nil {
		_, jwksBody := anon.Get("/.well-known/jwks.json")
		var set jose.JSONWebKeySet
		json.Unmarshal([]byte(jwksBody), &set)
		if _, err := jws.Verify(set.Key(kid1)[0]); err == nil {
			t.Error("a tampered payload verified")
		}
	}

	if _, err := a.Credentials.RotateKey(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, jwt2 := anon.Get("/verify/" + cert.Code + "/credential.jwt")
	kid2, _ := verify(jwt2)
	if kid2 == kid1 {
		t.Error("rotation kept the same key")
	}
	if kid, _ := verify(jwt); kid != kid1 {
		t.Error("the old credential no longer verifies")
	}
}

// TestVerification: the public page and JSON for valid, unknown and
// revoked codes, and the per-address limit on lookups.
func TestVerification(t *testing.T) {
	for _, engine := range dbtest.TestEngines() {
		t.Run(string(engine), func(t *testing.T) { testVerification(t, engine) })
	}
}

func testVerification(t *testing.T, engine db.Engine) {
	a := openTestApp(t, engine)
	cert := issueFixture(t, a)
	anon := webtest.NewClient(t, a.URL)
	status := func(path, accept string) (int, string) {
		req, _ := http.NewRequest("GET", a.URL+path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, body := anon.Do(req)
		return resp.StatusCode, body
	}
	if code, body := status("/verify/"+cert.Code, ""); code != 200 || !strings.Contains(body, "María Ñúñez Müller") || !strings.Contains(body, `id="cred-status"`) {
		t.Fatalf("page: %d", code)
	}
	code, body := status("/verify/"+strings.ToLower(cert.Code), "application/json")
	var v credweb.Verification
	json.Unmarshal([]byte(body), &v)
	if code != 200 || v.Status != "valid" || v.Code != cert.Code {
		t.Fatalf("JSON by Accept: %d %s", code, body)
	}
	for _, forged := range []string{"ZZZZ-ZZZZ-ZZZZ", "not-a-code", strings.Repeat("9", 300)} {
		if code, body := status("/verify/"+forged, ""); code != 404 || !strings.Contains(body, `id="cred-unknown"`) {
			t.Errorf("forged %q: %d", forged, code)
		}
		if code, _ := status("/verify/"+forged+".json", ""); code != 404 {
			t.Errorf("forged %q JSON: %d", forged, code)
		}
	}
	trainer := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
	if resp, body := trainer.API("POST", "/api/v1/certificates/"+cert.Code+"/revoke", `{"reason":"Issued in error"}`); resp.StatusCode != 200 {
		t.Fatalf("revoke: %d %s", resp.StatusCode, body)
	}
	if resp, _ := trainer.API("POST", "/api/v1/certificates/"+cert.Code+"/revoke", `{"reason":"again"}`); resp.StatusCode != http.StatusConflict {
		t.Errorf("second revoke: %d", resp.StatusCode)
	}
	if code, body := status("/verify/"+cert.Code, ""); code != 200 || !strings.Contains(body, "Issued in error") || !strings.Contains(body, "cred-revoked") {
		t.Errorf("revoked page: %d", code)
	}
	code, body = status("/verify/"+cert.Code+".json", "")
	json.Unmarshal([]byte(body), &v)
	if code != http.StatusGone || v.Status != "revoked" || v.RevokeReason != "Issued in error" {
		t.Errorf("revoked JSON: %d %s", code, body)
	}
	for _, p := range []string{"/credential.json", "/credential.jwt"} {
		if code, _ := status("/verify/"+cert.Code+p, ""); code != http.StatusGone {
			t.Errorf("revoked %s: %d", p, code)
		}
	}
	limited := false
	for range credweb.VerifyPerAddress.Max + 1 {
		if code, _ := status("/verify/ZZZZ-ZZZZ-ZZZ1.json", ""); code == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Error("lookups are not rate-limited")
	}
}

// TestIssueAPI: the fixed shapes of the programmes and certificates API,
// and a second issue of the same completion refused with nothing changed.
func TestIssueAPI(t *testing.T) {
	a := openTestApp(t, dbtest.TestEngines()[0])
	trainer := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleTrainer])
	resp, body := trainer.API("POST", "/api/v1/programmes", `{"titles":{"en":"Law","fr":"Droit"},"items":["learning:course:1","learning:session:2"],"rule":"n","rule_n":1}`)
	var p struct{ ID int64 }
	json.Unmarshal([]byte(body), &p)
	if resp.StatusCode != 201 || p.ID == 0 {
		t.Fatalf("create programme: %d %s", resp.StatusCode, body)
	}
	_, body = webtest.NewClient(t, a.URL).Get("/api/v1/programmes")
	var list []map[string]any
	if json.Unmarshal([]byte(body), &list); len(list) != 1 || list[0]["title"] != "Law" || list[0]["id"] == nil {
		t.Errorf("programmes: %s", body)
	}
	email := a.Users[accounts.RoleMember].Email
	resp, body = trainer.API("POST", "/api/v1/certificates", fmt.Sprintf(`{"learner":%q,"programme":%d}`, email, p.ID))
	var c map[string]any
	json.Unmarshal([]byte(body), &c)
	if resp.StatusCode != 201 || c["code"] == nil || c["status"] != "valid" {
		t.Fatalf("issue: %d %s", resp.StatusCode, body)
	}
	resp, body = trainer.API("POST", "/api/v1/certificates", fmt.Sprintf(`{"learner":%q,"programme":%d}`, email, p.ID))
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already") {
		t.Errorf("second issue: %d %s", resp.StatusCode, body)
	}
	var n int
	a.DB.QueryRow(`SELECT COUNT(*) FROM credential_certificates`).Scan(&n)
	if n != 1 {
		t.Errorf("%d certificates after a refused second issue", n)
	}
	for _, bad := range []string{`{"learner":"nobody@corridor.test","programme":1}`, fmt.Sprintf(`{"learner":%q,"programme":999}`, email), `{}`} {
		if resp, body := trainer.API("POST", "/api/v1/certificates", bad); resp.StatusCode != 422 {
			t.Errorf("%s: %d %s", bad, resp.StatusCode, body)
		}
	}
	member := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleMember])
	resp, pdf := member.Get("/certificates/" + c["code"].(string) + "/pdf")
	if resp.StatusCode != 200 || !strings.HasPrefix(pdf, "%PDF-") {
		t.Errorf("learner's PDF: %d", resp.StatusCode)
	}
	other := webtest.SignedIn(t, a.URL, a.Accounts, a.Users[accounts.RoleEditor])
	if resp, _ := other.Get("/certificates/" + c["code"].(string) + "/pdf"); resp.StatusCode != 404 {
		t.Errorf("someone else's PDF: %d", resp.StatusCode)
	}
}

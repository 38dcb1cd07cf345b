package credentials

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The Open Badges 3.0 credential of a certificate: an OpenBadgeCredential
// in the W3C Verifiable Credentials Data Model 2.0, secured as a VC-JWT in
// the VC-JOSE-COSE way: the JWS payload is the credential itself, the
// header names alg EdDSA, typ vc+jwt and the kid of a key in the issuer's
// JWK Set (/.well-known/jwks.json).

// Contexts of an OB 3.0 credential in VCDM 2.0.
var badgeContexts = []string{"https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}

// ob3Schema is the schema a credential names for validators.
const ob3Schema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"

// Badge builds a certificate's credential. baseURL is Corridor's public
// address; the learner's e-mail address appears only as a salted hash.
func (s *Service) Badge(ctx context.Context, c Certificate, baseURL string) (map[string]any, error) {
	p, err := s.Programme(ctx, c.ProgrammeID, "en")
	if err != nil {
		return nil, err
	}
	var email string
	if err := s.DB.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, c.UserID).Scan(&email); err != nil {
		return nil, fmt.Errorf("credentials: badge %s: learner: %w", c.Code, err)
	}
	base := strings.TrimRight(baseURL, "/")
	salt := c.Code
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email)) + salt))
	desc := p.Description
	if desc == "" {
		desc = p.Title
	}
	criteria := fmt.Sprintf("Complete %s of the programme's %d courses and training sessions", ruleWord(p), len(p.Items))
	if p.MinGrade > 0 {
		criteria += fmt.Sprintf(", each course with a grade of at least %.0f%%", p.MinGrade)
	}
	cred := map[string]any{
		"@context": badgeContexts,
		"id":       base + "/verify/" + c.Code,
		"type":     []string{"VerifiableCredential", "OpenBadgeCredential"},
		"name":     c.ProgrammeTitle,
		"issuer": map[string]any{
			"id":   base + "/",
			"type": []string{"Profile"},
			"name": s.Issuer,
			"url":  base + "/",
		},
		"validFrom":   rfc3339(c.IssuedAt),
		"awardedDate": rfc3339(c.IssuedAt),
		"credentialSubject": map[string]any{
			"type": []string{"AchievementSubject"},
			"name": c.LearnerName,
			"identifier": []map[string]any{{
				"type":         "IdentityObject",
				"identityHash": "sha256$" + hex.EncodeToString(sum[:]),
				"identityType": "emailAddress",
				"hashed":       true,
				"salt":         salt,
			}},
			"achievement": map[string]any{
				"id":              base + "/api/v1/programmes/" + fmt.Sprint(p.ID),
				"type":            []string{"Achievement"},
				"achievementType": "Certificate",
				"name":            p.Title,
				"description":     desc,
				"humanCode":       c.Code,
				"criteria":        map[string]any{"narrative": criteria},
				"creator":         map[string]any{"id": base + "/", "type": []string{"Profile"}, "name": s.Issuer},
			},
		},
		"credentialSchema": []map[string]any{{"id": ob3Schema, "type": "1EdTechJsonSchemaValidator2019"}},
	}
	if c.ExpiresAt != 0 {
		cred["validUntil"] = rfc3339(c.ExpiresAt)
	}
	return cred, nil
}

func ruleWord(p Programme) string {
	if p.Rule == RuleN {
		return fmt.Sprintf("%d", p.RuleN)
	}
	return "all"
}

func rfc3339(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }

// SignJWT signs a credential as a compact JWS (EdDSA) with the active key.
func (s *Service) SignJWT(ctx context.Context, cred map[string]any) (string, error) {
	k, err := s.ActiveKey(ctx)
	if err != nil {
		return "", err
	}
	return signCompact(k, cred)
}

func signCompact(k SigningKey, payload any) (string, error) {
	h, err := json.Marshal(map[string]string{"alg": "EdDSA", "kid": k.KID, "typ": "vc+jwt", "cty": "vc"})
	if err != nil {
		return "", err
	}
	p, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("credentials: sign: %w", err)
	}
	input := b64.EncodeToString(h) + "." + b64.EncodeToString(p)
	return input + "." + b64.EncodeToString(ed25519.Sign(k.Private, []byte(input))), nil
}

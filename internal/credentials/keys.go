package credentials

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"

	"corridor/internal/audit"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// The issuer's keys are Ed25519 key pairs kept in the database (the seed,
// base64): a backup of the database restores them with the certificates
// they sign. Rotation adds a key and retires the old one, which stays in
// the JWK Set so credentials it signed still verify.

// SigningKey is a key pair with its key id.
type SigningKey struct {
	KID     string
	Private ed25519.PrivateKey
	Retired bool
}

// JWK is one public key of the JWK Set (RFC 7517, OKP/Ed25519 per RFC 8037).
type JWK struct {
	KTY string `json:"kty"`
	CRV string `json:"crv"`
	X   string `json:"x"`
	KID string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
}

var b64 = base64.RawURLEncoding

// kidOf is the RFC 7638 thumbprint of the public key: stable and derived
// from the key alone.
func kidOf(pub ed25519.PublicKey) string {
	sum := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + b64.EncodeToString(pub) + `"}`))
	return b64.EncodeToString(sum[:])
}

// ActiveKey is the key that signs now; the first call makes one.
func (s *Service) ActiveKey(ctx context.Context) (_ SigningKey, err error) {
	defer errs.Wrap(&err, "credentials: signing key")
	k, err := s.activeKey(ctx, s.DB)
	if errors.Is(err, sql.ErrNoRows) {
		return s.RotateKey(ctx)
	}
	return k, err
}

func (s *Service) activeKey(ctx context.Context, q db.Querier) (SigningKey, error) {
	var kid, seed string
	if err := q.QueryRowContext(ctx, `SELECT kid, seed FROM credential_keys WHERE retired_at = 0 ORDER BY id DESC LIMIT 1`).Scan(&kid, &seed); err != nil {
		return SigningKey{}, err
	}
	return keyFrom(kid, seed, false)
}

func keyFrom(kid, seed string, retired bool) (SigningKey, error) {
	raw, err := base64.StdEncoding.DecodeString(seed)
	if err != nil || len(raw) != ed25519.SeedSize {
		return SigningKey{}, fmt.Errorf("key %s: bad seed", kid)
	}
	return SigningKey{KID: kid, Private: ed25519.NewKeyFromSeed(raw), Retired: retired}, nil
}

// RotateKey makes a new signing key and retires the others (they stay
// published for verification).
func (s *Service) RotateKey(ctx context.Context) (_ SigningKey, err error) {
	defer errs.Wrap(&err, "credentials: rotate key")
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return SigningKey{}, err
	}
	k := SigningKey{Private: ed25519.NewKeyFromSeed(seed)}
	k.KID = kidOf(k.Private.Public().(ed25519.PublicKey))
	now := s.now()
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE credential_keys SET retired_at = $1 WHERE retired_at = 0`, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO credential_keys (kid, seed, created_at) VALUES ($1, $2, $3)`, k.KID, base64.StdEncoding.EncodeToString(seed), now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "credentials.key.rotate", "credential_key", k.KID, nil, map[string]string{"kid": k.KID})
	})
	if err != nil {
		return SigningKey{}, err
	}
	return k, nil
}

// JWKS is the public half of every key, newest first.
func (s *Service) JWKS(ctx context.Context) (_ []JWK, err error) {
	defer errs.Wrap(&err, "credentials: jwks")
	rows, err := s.DB.QueryContext(ctx, `SELECT kid, seed, retired_at FROM credential_keys ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []JWK{}
	for rows.Next() {
		var kid, seed string
		var retired int64
		if err := rows.Scan(&kid, &seed, &retired); err != nil {
			return nil, err
		}
		k, err := keyFrom(kid, seed, retired != 0)
		if err != nil {
			return nil, err
		}
		out = append(out, JWK{KTY: "OKP", CRV: "Ed25519", X: b64.EncodeToString(k.Private.Public().(ed25519.PublicKey)), KID: kid, Use: "sig", Alg: "EdDSA"})
	}
	return out, rows.Err()
}

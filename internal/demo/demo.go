// Package demo loads Corridor's bundled demo data: a demo administrator and
// a few accounts, one per role, so every part of the site can be tried.
// Domains add their own samples through Loaders.
package demo

import (
	"context"
	"fmt"

	"corridor/internal/accounts"
	"corridor/internal/db"
)

// AdminEmail and AdminPassword are the demo administrator's login. They are
// public on purpose: --demo is for trying Corridor, never for production.
const (
	AdminEmail    = "admin@corridor.test"
	AdminPassword = "corridor-demo-admin"
)

// Loader adds one domain's sample data.
type Loader func(ctx context.Context, d *db.DB) error

// People are the demo accounts, one per role; serve --demo prints their
// logins so each role can be tried.
var People = []accounts.NewUser{
	{Email: AdminEmail, Name: "Demo Administrator", Password: AdminPassword, Role: accounts.RoleAdmin},
	{Email: "editor@corridor.test", Name: "Amina Diallo", Password: "corridor-demo-editor", Role: accounts.RoleEditor},
	{Email: "legal@corridor.test", Name: "Lucía Fernández", Password: "corridor-demo-legal", Role: accounts.RoleLegalOfficer},
	{Email: "data@corridor.test", Name: "Jonas Weber", Password: "corridor-demo-data", Role: accounts.RoleDataCurator},
	{Email: "reviewer@corridor.test", Name: "Priya Raman", Password: "corridor-demo-reviewer", Role: accounts.RoleReviewer},
	{Email: "trainer@corridor.test", Name: "Marc Dubois", Password: "corridor-demo-trainer", Role: accounts.RoleTrainer},
	{Email: "member@corridor.test", Name: "Sam Okafor", Password: "corridor-demo-member", Role: accounts.RoleMember},
}

// Load seeds the demo data once: it does nothing when users exist already.
// It reports whether it loaded anything.
func Load(ctx context.Context, d *db.DB, acc *accounts.Service, loaders ...Loader) (bool, error) {
	n, err := acc.Count(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		return false, nil
	}
	for _, p := range People {
		if _, err := acc.Create(ctx, p, accounts.StatusActive); err != nil {
			return false, fmt.Errorf("demo: %s: %w", p.Email, err)
		}
	}
	for _, load := range loaders {
		if err := load(ctx, d); err != nil {
			return false, err
		}
	}
	return true, nil
}

package review

import (
	"context"

	"corridor/internal/accounts"
)

// Accounts is the Directory of Corridor's accounts.
func Accounts(acc *accounts.Service) Directory { return accountsDirectory{acc} }

type accountsDirectory struct{ acc *accounts.Service }

func person(u *accounts.User) Person {
	return Person{ID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang, Active: u.Status == accounts.StatusActive}
}

func (d accountsDirectory) PersonByEmail(ctx context.Context, email string) (Person, error) {
	u, err := d.acc.ByEmail(ctx, accounts.NormalizeEmail(email))
	if err != nil {
		return Person{}, err
	}
	return person(u), nil
}

func (d accountsDirectory) PersonByID(ctx context.Context, id int64) (Person, error) {
	u, err := d.acc.ByID(ctx, id)
	if err != nil {
		return Person{}, err
	}
	return person(u), nil
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"corridor/internal/accounts"
	"corridor/internal/audit"
	"corridor/internal/errs"
)

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, ok, err := subcommand(args, `Usage: corridor user <add|list|set-role|disable|enable|set-password|token> [flags]

  add -email E -name N [-role R] [-password-stdin]   create an active account
  list [-status S] [-role R]                          list accounts
  set-role -email E -role R                           change a role
  disable -email E / enable -email E                  block or unblock an account
  set-password -email E [-password-stdin]             set a password
  token -email E [-name N]                            print a new API token for the account

Roles: admin, editor, legal_officer, data_curator, reviewer, trainer, member.
Without -password-stdin the password is read from CORRIDOR_PASSWORD.`, nil, stderr)
	if !ok {
		return err
	}
	var email, name, role, status *string
	var fromStdin *bool
	a, _, err := openServices(ctx, "user "+sub, "user "+sub+" [flags]", rest, stderr, func(fs *flag.FlagSet) {
		email = fs.String("email", "", "account e-mail address")
		name = fs.String("name", "", "full name (add), or the token's name (token; default \"cli\")")
		role = fs.String("role", "", "role")
		status = fs.String("status", "", "status filter (list): pending, unconfirmed, active, disabled")
		fromStdin = fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	password := func() (string, error) {
		if *fromStdin {
			line, err := bufio.NewReader(os.Stdin).ReadString('\n')
			if err != nil && err != io.EOF {
				return "", err
			}
			return strings.TrimRight(line, "\r\n"), nil
		}
		if p := os.Getenv("CORRIDOR_PASSWORD"); p != "" {
			return p, nil
		}
		return "", errors.New("give the password with -password-stdin or CORRIDOR_PASSWORD")
	}
	ctx = audit.WithActor(ctx, audit.Actor{Label: "cli:" + osUser()})
	acc := a.Accounts
	byEmail := func() (*accounts.User, error) {
		if *email == "" {
			return nil, errors.New("-email is required")
		}
		return acc.ByEmail(ctx, *email)
	}
	switch sub {
	case "add":
		pw, err := password()
		if err != nil {
			return err
		}
		u, err := acc.Create(ctx, accounts.NewUser{Email: *email, Name: *name, Password: pw, Role: accounts.Role(*role)}, accounts.StatusActive)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Created %s (%s), id %d.\n", u.Email, u.Role, u.ID)
	case "list":
		users, err := acc.List(ctx, accounts.UserFilter{Status: *status, Role: *role, Limit: 500})
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tSTATUS")
		for _, u := range users {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.Status)
		}
		return tw.Flush()
	case "token":
		// Scripts (and the checks that drive the API) need a token for an
		// account without a browser; the secret is printed once, alone on
		// its line, and the creation is audited like one made in the UI.
		u, err := byEmail()
		if errs.KindOf(err) == errs.NotFound {
			return fmt.Errorf("no account has the e-mail %q (create it with: corridor user add)", *email)
		}
		if err != nil {
			return err
		}
		if u.Status != accounts.StatusActive {
			return fmt.Errorf("the account %s is %s; an API token works only for an active account", u.Email, u.Status)
		}
		tokenName := *name
		if tokenName == "" {
			tokenName = "cli"
		}
		_, secret, err := acc.CreateAPIToken(ctx, u.ID, tokenName)
		if err != nil {
			return fmt.Errorf("API token for %s: %w", u.Email, err)
		}
		fmt.Fprintln(stdout, secret)
	case "set-role", "disable", "enable", "set-password":
		u, err := byEmail()
		if err != nil {
			return err
		}
		switch sub {
		case "set-role":
			_, err = acc.SetRole(ctx, u.ID, accounts.Role(*role))
		case "disable":
			_, err = acc.Disable(ctx, u.ID)
		case "enable":
			_, err = acc.Enable(ctx, u.ID)
		case "set-password":
			var pw string
			if pw, err = password(); err == nil {
				err = acc.SetPassword(ctx, u.ID, pw)
			}
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: done (%s).\n", u.Email, sub)
	default:
		return fmt.Errorf("unknown subcommand %q (add, list, set-role, disable, enable, set-password, token)", sub)
	}
	return nil
}

func osUser() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

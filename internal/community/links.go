package community

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"corridor/internal/accounts"
	"corridor/internal/links"
)

// PersonKey is the links key of a person (community:person:4): events'
// speakers and publications' authors link to it.
func PersonKey(id int64) links.Key {
	return links.Key{Domain: "community", Kind: "person", ID: strconv.FormatInt(id, 10)}
}

// PartnerKey is the links key of a partner (community:partner:2).
func PartnerKey(id int64) links.Key {
	return links.Key{Domain: "community", Kind: "partner", ID: strconv.FormatInt(id, 10)}
}

// ProjectKey is the links key of a project (community:project:1): its
// outputs link to it with produced-by.
func ProjectKey(id int64) links.Key {
	return links.Key{Domain: "community", Kind: "project", ID: strconv.FormatInt(id, 10)}
}

// CallKey is the links key of an opportunity (community:call:3).
func CallKey(id int64) links.Key {
	return links.Key{Domain: "community", Kind: "call", ID: strconv.FormatInt(id, 10)}
}

func canonID(id string) (string, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return "", fmt.Errorf("%q is not a number", id)
	}
	return strconv.FormatInt(n, 10), nil
}

// RegisterLinks tells the links service about people, partners, projects
// and calls, all public, so that other pages list them and the links API
// accepts them. Applications are never things links can name.
func (s *Service) RegisterLinks(reg *links.Service) error {
	resolver := func(read func(context.Context, int64) (string, string, error)) func(context.Context, links.Key, links.Reader) (*links.Thing, error) {
		return func(ctx context.Context, k links.Key, _ links.Reader) (*links.Thing, error) {
			id, err := strconv.ParseInt(k.ID, 10, 64)
			if err != nil {
				return nil, nil
			}
			title, url, err := read(ctx, id)
			if errors.Is(err, ErrNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return &links.Thing{Key: k, Title: title, URL: url}, nil
		}
	}
	edit := accounts.PermEditCommunity
	for _, k := range []links.Kind{
		{Domain: "community", Name: "person", Edit: edit, Canon: canonID, Resolve: resolver(func(ctx context.Context, id int64) (string, string, error) {
			p, err := s.Person(ctx, id)
			return p.Name, fmt.Sprintf("/people/%d", id), err
		})},
		{Domain: "community", Name: "partner", Edit: edit, Canon: canonID, Resolve: resolver(func(ctx context.Context, id int64) (string, string, error) {
			p, err := s.Partner(ctx, id)
			return p.Name, fmt.Sprintf("/partners#partner-%d", id), err
		})},
		{Domain: "community", Name: "project", Edit: edit, Canon: canonID, Resolve: resolver(func(ctx context.Context, id int64) (string, string, error) {
			p, err := s.Project(ctx, id)
			return p.Title, fmt.Sprintf("/projects/%d", id), err
		})},
		{Domain: "community", Name: "call", Edit: edit, Canon: canonID, Resolve: resolver(func(ctx context.Context, id int64) (string, string, error) {
			c, err := s.Call(ctx, id)
			return c.Title, fmt.Sprintf("/opportunities/%d", id), err
		})},
	} {
		if err := reg.Register(k); err != nil {
			return err
		}
	}
	return nil
}

package data

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"corridor/internal/accounts"
	"corridor/internal/errs"
	"corridor/internal/geo"
	"corridor/internal/links"
)

// Evidence answers what links to a thing (the links service); corridor
// pages list the instruments that govern the corridor through it, never
// through the law pillar's store.
type Evidence interface {
	To(ctx context.Context, k links.Key, r links.Reader) (links.Groups, error)
}

// CorridorKey is the links key of the corridor from → to
// (data:corridor:MEX-USA).
func CorridorKey(from, to string) links.Key {
	return links.Key{Domain: "data", Kind: "corridor", ID: from + "-" + to}
}

// RegisterLinks tells the links service about the data pillar's things:
// datasets (data:dataset:17), corridors (data:corridor:MEX-USA, between
// any two areas of the explore pages) and countries (geo:country:FRA,
// shown by their profile pages). All of them are public.
func (s *Service) RegisterLinks(reg *links.Service) error {
	curate := accounts.PermCurateData
	kinds := []links.Kind{
		{Domain: "data", Name: "dataset", Edit: curate, Canon: canonDatasetID, Resolve: s.resolveDataset},
		{Domain: "data", Name: "corridor", Edit: curate, Canon: canonCorridorID, Resolve: resolveCorridor},
		{Domain: "geo", Name: "country", Edit: curate, Canon: canonCountryID, Resolve: resolveCountry},
	}
	for _, k := range kinds {
		if err := reg.Register(k); err != nil {
			return err
		}
	}
	return nil
}

func canonDatasetID(id string) (string, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return "", fmt.Errorf("dataset id %q: want a positive number", id)
	}
	return strconv.FormatInt(n, 10), nil
}

func (s *Service) resolveDataset(ctx context.Context, k links.Key, rd links.Reader) (*links.Thing, error) {
	id, _ := strconv.ParseInt(k.ID, 10, 64)
	d, err := s.Dataset(ctx, id)
	if errs.KindOf(err) == errs.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !d.Public() && !accounts.Can(rd.Role, accounts.PermCurateData) {
		return nil, nil // a draft estimate is for curators
	}
	return &links.Thing{Title: d.Title, URL: "/data/datasets/" + k.ID}, nil
}

// canonCorridorID checks both areas of FROM-TO and spells them as the
// corridor pages do.
func canonCorridorID(id string) (string, error) {
	from, to, ok := strings.Cut(id, "-")
	if !ok {
		return "", errors.New("corridor id: want FROM-TO, two area codes")
	}
	a, okA := LookupArea(from, "en")
	b, okB := LookupArea(to, "en")
	if !okA || !okB || a.Code == b.Code {
		return "", fmt.Errorf("corridor id %q: want two different known area codes", id)
	}
	return a.Code + "-" + b.Code, nil
}

func resolveCorridor(_ context.Context, k links.Key, rd links.Reader) (*links.Thing, error) {
	from, to, _ := strings.Cut(k.ID, "-")
	a, okA := LookupArea(from, rd.Lang) // titled in the reader's language
	b, okB := LookupArea(to, rd.Lang)
	if !okA || !okB {
		return nil, nil
	}
	return &links.Thing{Title: a.Name + " → " + b.Name, URL: "/data/corridors/" + a.Code + "/" + b.Code}, nil
}

func canonCountryID(id string) (string, error) {
	c, ok := geo.ByCode(strings.ToUpper(id))
	if !ok {
		return "", fmt.Errorf("country id %q: want an ISO 3166 code", id)
	}
	return c.Alpha3, nil
}

func resolveCountry(_ context.Context, k links.Key, _ links.Reader) (*links.Thing, error) {
	c, ok := geo.ByCode(k.ID)
	if !ok {
		return nil, nil
	}
	return &links.Thing{Title: c.Name, URL: "/data/countries/" + c.Alpha3}, nil
}
